"""Ingestion: members, orders and events from systems (API) and files (CSV import).

Every path validates a whole batch before it writes anything and then writes it in one
transaction with set-based statements, so a batch is stored completely or not at all.
"""
