"""A grant process for the parallel pool test: grants a template to a range of member ids
in batches, one transaction each, and prints what it granted.

python -m tests.code_pools.grant_worker DATABASE_URL TEMPLATE FIRST_ID COUNT BATCH
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

from app import create_app
from app.coupons.grants import grant_coupons
from app.extensions import db

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


def main() -> None:
    url, template, first, count, batch = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False})
    granted, out_of_stock = [], 0
    with app.app_context():
        ids = list(range(first, first + count))
        for start in range(0, len(ids), batch):
            result = grant_coupons(db.session, template, ids[start : start + batch], NOW)
            db.session.commit()
            granted += result.granted.values()
            out_of_stock += len(result.out_of_stock)
        db.engine.dispose()
    print(json.dumps({"granted": granted, "out_of_stock": out_of_stock}), flush=True)


if __name__ == "__main__":
    main()
