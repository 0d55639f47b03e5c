"""Benchmark the journey canvas: load-to-interactive and panning of a 300-node journey in Chromium.

Builds a fresh, migrated SQLite database in a temporary directory with a valid 300-node
journey (the segments of bench/validate_journey.py, laid out left to right), serves the app
and the built frontend (``npm --prefix frontend run build`` first) on a free port, signs in
with Playwright and Debian's Chromium, and for each of ``--runs`` page loads measures:

- load-to-interactive: from navigation start until the canvas shows nodes and the editor
  is ready (toolbar and save state rendered), from ``performance.now()`` in the page;
- select latency: a click on a node until its config panel shows;
- panning: frame times while the canvas is dragged across 60 mouse moves and zoomed;
- auto layout: a click on "Auto layout" until the laid-out canvas is painted.

Prints medians over the runs (after one warm-up load).

    .venv/bin/python bench/canvas_load.py [--nodes 300] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from flask_migrate import upgrade  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from validate_journey import build  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.cli import ensure_user  # noqa: E402
from app.journeys import drafts  # noqa: E402
from app.journeys.service import find_journey  # noqa: E402

EMAIL, PASSWORD = "canvas-bench@example.com", "benchmark password"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]

FRAME_RECORDER = """() => {
  window.__frames = [];
  let last = performance.now();
  const step = (now) => { window.__frames.push(now - last); last = now; if (window.__recording) requestAnimationFrame(step); };
  window.__recording = true;
  requestAnimationFrame(step);
}"""


# From the click on "Auto layout" until the laid-out canvas is painted (the layout and the
# render run in the click's handler; two animation frames later the browser has painted).
AUTO_LAYOUT = """async () => {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent.includes('Auto layout'));
  const started = performance.now();
  button.click();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - started;
}"""


def laid_out(size: int) -> dict:
    """The bench journey with positions: a column per depth, a row per node in that column."""
    document = build(size)
    document["key"], document["name"] = "canvas-bench", f"Canvas bench ({size} nodes)"
    depth = {"start": 0}
    incoming = defaultdict(list)
    for edge in document["edges"]:
        incoming[edge["target"]].append(edge["source"])
    rows: dict[int, int] = defaultdict(int)
    for node in document["nodes"]:
        d = max((depth[s] + 1 for s in incoming[node["id"]]), default=0)
        depth[node["id"]] = d
        node["position"] = {"x": d * 300, "y": rows[d] * 140}
        rows[d] += 1
    return document


def prepare(directory: Path, size: int):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'bench.db'}",
            "SCHEDULER_ENABLED": False,
            "FRONTEND_DIST": str(ROOT / "frontend" / "dist"),
        }
    )
    with app.app_context():
        upgrade()
        ensure_user(EMAIL, "admin", PASSWORD)
        drafts.create_journey("canvas-bench", "Canvas bench", "", None)
        saved = drafts.save_draft(find_journey("canvas-bench"), laid_out(size), None)
        print(
            f"journey: {len(saved.version.document['nodes'])} nodes, "
            f"{len(saved.version.document['edges'])} edges, {len(saved.violations)} violation(s)"
        )
    return app


def measure(page) -> dict:
    started = time.perf_counter()
    page.goto("/journeys/canvas-bench")
    ready = page.wait_for_function(
        """() => document.querySelectorAll('.react-flow__node').length > 0
              && document.querySelector('[data-testid=save-state]')
              && document.querySelector('.react-flow__viewport')
              ? performance.now() : null""",
        polling="raf",
        timeout=60_000,
    ).json_value()
    wall = (time.perf_counter() - started) * 1000
    rendered = page.locator(".react-flow__node").count()

    node_id = page.evaluate(
        """() => {
          const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
          const inside = [...document.querySelectorAll('.react-flow__node')].find((n) => {
            const r = n.getBoundingClientRect();
            return r.left > pane.left && r.right < pane.right && r.top > pane.top && r.bottom < pane.bottom;
          });
          return inside && inside.dataset.id;
        }"""
    )
    target = page.locator(f'.react-flow__node[data-id="{node_id}"]')
    clicked = time.perf_counter()
    target.click()
    page.get_by_test_id("config-panel").filter(has_text=node_id).wait_for()
    select_ms = (time.perf_counter() - clicked) * 1000

    pane = page.locator(".react-flow__pane").bounding_box()
    cx, cy = pane["x"] + pane["width"] / 2, pane["y"] + pane["height"] / 2
    page.evaluate(FRAME_RECORDER)
    page.mouse.move(cx, cy)
    page.mouse.down()
    for i in range(60):
        page.mouse.move(cx - i * 12, cy - (i % 20) * 4)
    page.mouse.up()
    for _ in range(10):
        page.mouse.wheel(0, -120)
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    frames = page.evaluate("() => { window.__recording = false; return window.__frames.slice(1); }")
    frames.sort()
    layout_ms = page.evaluate(AUTO_LAYOUT)
    return {
        "interactive_ms": ready,
        "wall_ms": wall,
        "rendered": rendered,
        "select_ms": select_ms,
        "frame_median_ms": statistics.median(frames),
        "frame_p95_ms": frames[int(len(frames) * 0.95) - 1],
        "frames": len(frames),
        "layout_ms": layout_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not (ROOT / "frontend" / "dist" / "index.html").is_file():
        raise SystemExit("frontend/dist is missing: run npm --prefix frontend run build")
    with tempfile.TemporaryDirectory() as tmp:
        app = prepare(Path(tmp), args.nodes)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
                )
                page = browser.new_page(base_url=base, viewport={"width": 1440, "height": 900})
                page.goto("/login")
                page.get_by_label("Email").fill(EMAIL)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.get_by_test_id("user-menu").wait_for()
                measure(page)  # warm-up: caches, JIT
                results = [measure(page) for _ in range(args.runs)]
                browser.close()
        finally:
            server.shutdown()
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    print(
        f"{args.nodes}-node journey, median of {args.runs} loads: "
        f"load-to-interactive {med['interactive_ms']:.0f} ms (wall {med['wall_ms']:.0f} ms), "
        f"{med['rendered']:.0f} nodes on screen, select {med['select_ms']:.0f} ms; "
        f"panning frame time median {med['frame_median_ms']:.1f} ms, "
        f"p95 {med['frame_p95_ms']:.1f} ms ({med['frames']:.0f} frames); "
        f"auto layout {med['layout_ms']:.0f} ms"
    )


if __name__ == "__main__":
    main()
