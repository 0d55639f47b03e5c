"""Members page load time in Chromium against a database of members (1,000,000 by default).

Serves the real app (built frontend) on a free port, signs in as an admin through the page,
then measures: opening /members until the first rows show, paging to the next page, a
name search (two characters, 王伟) until its results show, substring searches (an email
domain, a phone suffix, a given name) until their first matching rows show, and a
two-character name nobody has until the page says no member matches, in the page and at
the API.
Prints the median of several runs in milliseconds.

    .venv/bin/python bench/members_page_load.py --database-url sqlite:////tmp/lcbig/big.db
    (without --database-url it seeds 1,000,000 demo members into a temporary SQLite file)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: ``--code DIR`` serves the app in DIR (an export of an earlier commit, ``git archive REV |
#: tar -x -C DIR``) with this tree's built frontend, for a baseline in the same sitting.
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else ROOT
sys.path.insert(0, str(CODE))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from bench.seed import prepare  # noqa: E402

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]
PASSWORD = "benchmark password"


def serve(database_url: str) -> tuple[str, object]:
    from app import create_app
    from app.auth.cli import ensure_user

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SCHEDULER_ENABLED": False,
            "FRONTEND_DIST": str(ROOT / "frontend" / "dist"),
        }
    )
    with app.app_context():
        ensure_user("bench@example.com", "admin", PASSWORD)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


#: (what is measured, what is typed): any part of a field, through the trigram index.
SUBSTRINGS = [
    ("substring: email domain", "gmail"),
    ("substring: phone suffix", "5678"),
    ("substring: given name pinyin", "xiaoming"),
]
#: Two characters no member's name, email, phone or id holds: answered from the index of
#: pairs of characters, or by reading every member without it.
NOBODY = ("two characters, nobody", "芳王")


def measure(base: str, runs: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {"open": [], "next page": [], "search": []}
    for name, _typed in [*SUBSTRINGS, NOBODY]:
        results[name] = []
        results[f"{name} (API)"] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(base_url=base, viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("Email").fill("bench@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: not url.endswith("/login"))
        rows = page.locator(".ant-table-tbody tr.ant-table-row")
        for _ in range(runs):
            started = time.perf_counter()
            page.goto("/members")
            rows.first.wait_for()
            results["open"].append((time.perf_counter() - started) * 1000)

            first_id = rows.first.inner_text()
            started = time.perf_counter()
            page.get_by_role("button", name="Next page").click()
            page.wait_for_function(
                "first => document.querySelector('.ant-table-tbody tr.ant-table-row')?.innerText !== first",
                arg=first_id,
            )
            results["next page"].append((time.perf_counter() - started) * 1000)

            started = time.perf_counter()
            page.get_by_placeholder("Search name, phone, email or member ID").fill("王伟")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.ant-table-tbody tr.ant-table-row')]"
                ".some(r => r.innerText.includes('王伟'))"
            )
            results["search"].append((time.perf_counter() - started) * 1000)

            for name, typed in SUBSTRINGS:
                box = page.get_by_placeholder("Search name, phone, email or member ID")
                box.fill("")
                started = time.perf_counter()
                with page.expect_response(lambda r: "/api/members?" in r.url and "q=" in r.url):
                    box.fill(typed)
                rows.first.wait_for()
                results[name].append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                answer = page.request.get("/api/members", params={"q": typed})
                assert answer.ok and answer.json()["members"], typed
                results[f"{name} (API)"].append((time.perf_counter() - started) * 1000)

            name, typed = NOBODY
            box = page.get_by_placeholder("Search name, phone, email or member ID")
            box.fill("")
            rows.first.wait_for()
            started = time.perf_counter()
            box.fill(typed)
            page.get_by_text("No member matches").wait_for()
            results[name].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            answer = page.request.get("/api/members", params={"q": typed})
            assert answer.ok and answer.json()["members"] == [], typed
            results[f"{name} (API)"].append((time.perf_counter() - started) * 1000)
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--code", help="Serve the app in this directory instead.")
    args = parser.parse_args()
    if args.database_url:
        url = args.database_url
    else:
        import tempfile

        url = f"sqlite:///{tempfile.mkdtemp(prefix='lc-members-')}/members.db"
        prepare(url, args.members)
    base, server = serve(url)
    try:
        results = measure(base, args.runs)
    finally:
        server.shutdown()
    print(f"code in {CODE}; load:", Path("/proc/loadavg").read_text().strip())
    for name, values in results.items():
        print(f"{name}: median {statistics.median(values):.0f} ms (of {len(values)})")


if __name__ == "__main__":
    main()
