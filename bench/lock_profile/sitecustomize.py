"""How long each SQLite transaction held the write lock, for ``bench/load.py --lock-profile``.

Python imports ``sitecustomize`` at start-up from the path; ``bench/load.py`` puts this
folder on ``PYTHONPATH`` of the server and the worker it starts, with ``LOCK_PROFILE`` naming
a folder. Every SQLite transaction that wrote is then written there as one JSON line: who
(the request, or the thread of a job), how long its first write waited for the lock, how long
it held the lock from then to its commit, and how much of that was SQL.
"""

import os

if os.environ.get("LOCK_PROFILE"):
    import json
    import threading
    import time

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    _out = open(f"{os.environ['LOCK_PROFILE']}/{os.getpid()}.jsonl", "a", buffering=1)  # noqa: SIM115
    _write = threading.Lock()
    _open: dict[int, dict] = {}
    _WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN IMMEDIATE")

    def _who() -> str:
        from flask import has_request_context, request

        if has_request_context():
            return f"{request.method} {request.url_rule or request.path}"
        return threading.current_thread().name.split("_")[0].rstrip("-0123456789")

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(conn, _cursor, statement, *_):
        if conn.dialect.name != "sqlite":
            return
        key = id(conn.connection.dbapi_connection)
        record = _open.get(key)
        if record is None and statement.lstrip()[:15].upper().startswith(_WRITES):
            record = _open[key] = {"who": _who(), "locked": None, "sql": 0.0}
        if record is not None:
            record["started"] = time.perf_counter()

    @event.listens_for(Engine, "after_cursor_execute")
    def _after(conn, *_):
        if conn.dialect.name != "sqlite":
            return
        record = _open.get(id(conn.connection.dbapi_connection))
        if record is None or "started" not in record:
            return
        now = time.perf_counter()
        took = now - record.pop("started")
        if record["locked"] is None:  # the first write: its time is mostly the wait
            record["wait"], record["locked"] = took, now
        else:
            record["sql"] += took

    def _end(conn):
        if conn.dialect.name != "sqlite":
            return
        record = _open.pop(id(conn.connection.dbapi_connection), None)
        if record is None or record["locked"] is None:
            return
        line = {
            "who": record["who"],
            "wait": record["wait"],
            "hold": time.perf_counter() - record["locked"],
            "sql": record["sql"],
        }
        with _write:
            _out.write(json.dumps(line) + "\n")

    event.listen(Engine, "commit", _end)
    event.listen(Engine, "rollback", _end)
