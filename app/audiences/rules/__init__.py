"""Audience rule trees: validation, the condition registry and the SQL compiler.

The grammar is documented in ``docs/audience-rules.md``.
"""
