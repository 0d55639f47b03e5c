"""Engine tests that need PostgreSQL's row locks run only when the suite runs on PostgreSQL."""

from __future__ import annotations

import os


def pytest_collection_modifyitems(config, items):
    if (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgres"):
        return
    keep = [item for item in items if "postgres" not in item.keywords]
    dropped = [item for item in items if "postgres" in item.keywords]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
