"""Forecasts: what a journey will do before it goes live, from the engine run in a sandbox.

``service.forecast_version`` is the entry point; ``views`` serves it at
``POST /api/journeys/<key>/forecast`` and ``cli`` as ``flask journeys forecast KEY``.
"""
