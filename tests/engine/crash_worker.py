"""A ticker process for the crash test: advances every due run at a fixed virtual time.

python -m tests.engine.crash_worker DATABASE_URL ISO_TIME
"""

from __future__ import annotations

import sys
from datetime import datetime

from app import create_app
from app.engine.clock import VirtualClock
from app.engine.ticker import tick


def main() -> None:
    url, moment = sys.argv[1], datetime.fromisoformat(sys.argv[2])
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False})
    clock = VirtualClock(moment)
    print("ready", flush=True)
    with app.app_context():
        while tick(clock, batch_size=200, max_seconds=60):
            pass
    print("idle", flush=True)


if __name__ == "__main__":
    main()
