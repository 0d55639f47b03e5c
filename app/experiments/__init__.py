"""Experiments: what an experiment node measures and how it decides (``docs/experiments.md``).

- :mod:`app.experiments.metrics`: what each metric means and needs;
- :mod:`app.experiments.decision`: the decision rule, a pure function of per-member values;
- :mod:`app.experiments.outcomes`: each sample member's value of a metric, from the tables.

The engine's ``split.experiment`` executor calls :func:`app.experiments.outcomes.decide`.
"""
