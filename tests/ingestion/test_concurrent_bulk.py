"""Identical bulk posts sent at the same moment report what each really created: together,
each member and order once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from app.extensions import db
from app.models import Member, Order

POSTS = 4
RECORDS = 500


def _serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _post_together(url: str, headers: dict, body: dict) -> list[dict]:
    start = threading.Barrier(POSTS)

    def post(_):
        start.wait()
        response = requests.post(url, json=body, headers=headers, timeout=120)
        assert response.status_code == 200, response.text
        return response.json()

    with ThreadPoolExecutor(POSTS) as pool:
        return list(pool.map(post, range(POSTS)))


def test_identical_bulk_posts_together_create_each_record_once(app, token_headers):
    headers = token_headers("members:write", "orders:write")
    db.session.commit()
    server, thread = _serve(app)
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        members = {"records": [{"external_id": f"M-{i}", "name": f"m{i}"} for i in range(RECORDS)]}
        answers = _post_together(f"{base}/api/members/bulk", headers, members)
        assert sum(a["created"] for a in answers) == RECORDS, answers
        assert sum(a["created"] + a["unchanged"] + a["updated"] for a in answers) == RECORDS * POSTS

        orders = {
            "records": [
                {
                    "external_id": f"O-{i}",
                    "member_external_id": f"M-{i}",
                    "amount": "10.00",
                    "paid_at": "2026-01-02T03:04:05Z",
                }
                for i in range(RECORDS)
            ]
        }
        answers = _post_together(f"{base}/api/orders/bulk", headers, orders)
        assert sum(a["created"] for a in answers) == RECORDS, answers
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Member)) == RECORDS
    assert db.session.scalar(select(func.count()).select_from(Order)) == RECORDS
