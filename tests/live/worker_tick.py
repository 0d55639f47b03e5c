"""A separate engine worker process for the Redis test: advance the journey, then exit.

Usage: python -m tests.live.worker_tick <database url> <redis url> <ISO time>
"""

from __future__ import annotations

import sys
from datetime import datetime

from app import create_app, live
from app.engine.clock import VirtualClock
from app.engine.ticker import tick


def main(database_url: str, redis_url: str, at: str) -> None:
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "REDIS_URL": redis_url, "TESTING": True}
    )
    with app.app_context():
        reports = tick(VirtualClock(datetime.fromisoformat(at)))
        assert live.emitter().wait_idle(timeout=30), "live updates were not sent"
    print(sum(r.member_steps for r in reports))


if __name__ == "__main__":
    main(*sys.argv[1:4])
