"""Redeeming from other processes: each builds its own app on the test database and posts
its redemptions to the member API, all processes starting at one barrier."""

from __future__ import annotations

import multiprocessing
from datetime import datetime

Attempt = tuple[int, str, str]  # member id, reward key, idempotency key


def _redeem_in_process(url: str, now: datetime, attempts: list[Attempt], barrier) -> list:
    from app import create_app
    from app.engine.clock import VirtualClock
    from app.messaging.signing import member_token

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SCHEDULER_ENABLED": False})
    app.extensions["clock"] = VirtualClock(now)
    client = app.test_client()
    with app.app_context():
        tokens = {m: member_token(m) for m, _, _ in attempts}
    barrier.wait()
    out = []
    for member_id, reward_key, key in attempts:
        response = client.post(
            f"/api/member/rewards/{reward_key}/redeem",
            json={"idempotency_key": key},
            headers={"X-Member-Token": tokens[member_id]},
        )
        body = response.get_json()
        out.append((member_id, key, response.status_code, body.get("error"), body))
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()
    return out


def redeem_in_processes(url: str, now: datetime, shares: list[list[Attempt]]) -> list:
    """Run each share of attempts in its own process, concurrently; every answer, flattened."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(len(shares))
        with context.Pool(len(shares)) as pool:
            results = pool.starmap(
                _redeem_in_process, [(url, now, share, barrier) for share in shares]
            )
    return [answer for share in results for answer in share]
