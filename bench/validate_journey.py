"""How long validate() takes on a valid 500-node journey (the size limit).

    .venv/bin/python bench/validate_journey.py [--runs 30]

Prints the median milliseconds over the runs, with references checked against a catalog.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.journeys.catalog import ReferenceCatalog  # noqa: E402
from app.journeys.validation import validate  # noqa: E402

CATALOG = ReferenceCatalog(
    audiences=frozenset({"members", "vips"}),
    coupon_templates=frozenset({"ten-off"}),
    message_templates={"daily-sms": "sms", "note": "inapp"},
    channels=frozenset({"sms", "inapp"}),
)


def build(size: int = 500) -> dict:
    """A valid journey of ``size`` nodes: repeated split / action / wait / send segments."""
    nodes = [{"id": "start", "type": "entry.audience", "config": {"audience": "members"}}]
    edges = []

    def add(node_type, config, *incoming):
        node_id = f"n{len(nodes)}"
        nodes.append({"id": node_id, "type": node_type, "config": config})
        for source, branch in incoming:
            edges.append(
                {"id": f"e{len(edges)}", "source": source, "target": node_id, "branch": branch}
            )
        return node_id

    last = ("start", "next")
    while len(nodes) < size - 6:
        split = add("split.condition", {"audience": "vips"}, last)
        tag = add("action.tag", {"tag": "vip"}, (split, "yes"))
        coupon = add("action.coupon", {"coupon_template": "ten-off"}, (split, "no"))
        ab = add(
            "split.random",
            {"variants": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]},
            (tag, "next"),
            (coupon, "granted"),
            (coupon, "out_of_stock"),
        )
        points = add("action.points", {"points": 10, "reason": "bench"}, (ab, "a"))
        wait = add("wait.duration", {"days": 1}, (points, "next"), (ab, "b"))
        send = add("action.send", {"channel": "sms", "template": "daily-sms"}, (wait, "next"))
        last = (send, "next")
    while len(nodes) < size - 1:
        last = (add("action.send", {"channel": "inapp", "template": "note"}, last), "next")
    add("exit", {}, last)
    return {"schema_version": 1, "key": "bench", "name": "Bench", "nodes": nodes, "edges": edges}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    document = build()
    violations = validate(document, CATALOG)
    if violations:
        raise SystemExit(f"the bench journey should be valid: {violations[:3]}")
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        validate(document, CATALOG)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"validate(): {len(document['nodes'])} nodes, {len(document['edges'])} edges, "
        f"median {statistics.median(timings):.1f} ms over {args.runs} runs "
        f"(min {min(timings):.1f}, max {max(timings):.1f})"
    )


if __name__ == "__main__":
    main()
