"""The journey engine: a set-based, durable interpreter of published journeys.

Each member's place in a journey is a ``journey_members`` row. The ticker claims due rows in
batches and advances them node by node; a node executes for all the members at it at once
(``app.engine.steps``), and a batch's effects, state changes and step log are written in one
transaction, keyed so a retry can neither grant nor send twice.
"""
