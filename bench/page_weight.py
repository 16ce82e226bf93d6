"""Bytes a fresh phone downloads, compressed as on the wire: the first form page (from the QR
code, served without a redirect), and the whole parent path. Budgets: first page <= 12 KB,
whole path <= 40 KB, in French and Arabic. Run: .venv/bin/python bench/page_weight.py [--smoke]
--smoke: French only (seconds; CI). Exits non-zero when a path did not complete, weighed
nothing, or reached a third party."""

import argparse
import json
import platform
import sys
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import demo_channel_token, gunicorn

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


FIRST_PAGE_BUDGET = 12 * 1024
PATH_BUDGET = 40 * 1024


def transferred(requests) -> int:
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["requestHeadersSize"] + sizes["responseHeadersSize"]
        total += sizes["responseBodySize"]
    return total


def problems(results: dict) -> list[str]:
    found = []
    for lang, result in results.items():
        if not result["first_page_bytes"] or not result["path_bytes"]:
            found.append(f"{lang}: nothing weighed")
        if result["third_party_requests"]:
            found.append(f"{lang}: {result['third_party_requests']} third-party requests")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="French only")
    languages = ("fr-FR",) if parser.parse_args().smoke else ("fr-FR", "ar")
    results = {}
    with gunicorn() as (base, env), sync_playwright() as playwright:
        token = demo_channel_token(env)
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for lang in languages:
            context = browser.new_context(**playwright.devices["Pixel 5"], locale=lang)
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request, sink=finished: sink.append(request))
            page.goto(f"{base}/q/{token}")
            page.wait_for_load_state("networkidle")
            first = list(finished)
            first_bytes = transferred(first)
            first_detail = [
                {
                    "url": request.url.removeprefix(base).split("?")[0],
                    "encoding": (request.response().headers.get("content-encoding") or "none"),
                    "bytes": transferred([request]),
                }
                for request in first
            ]
            page.locator("input[value=parent]").check(force=True)
            page.locator("button.button--primary").click()
            page.wait_for_url("**/r/*/2")
            page.locator("fieldset.question--priority").nth(0).locator("label").nth(2).click()
            page.locator("button.button--primary").click()
            page.wait_for_url("**/r/*/3")
            page.locator("fieldset.question--action_choice label").nth(0).click()
            page.locator("button.button--primary").click()
            page.wait_for_url("**/r/*/4")
            page.locator("textarea").nth(0).fill("Le périscolaire est bien organisé.")
            page.wait_for_timeout(3100)
            page.locator("button.button--primary").click()
            page.wait_for_url("**/thanks")
            page.wait_for_load_state("networkidle")
            path_bytes = transferred(finished)
            results[lang] = {
                "first_page_requests": len(first),
                "first_page_bytes": first_bytes,
                "first_page": first_detail,
                "path_requests": len(finished),
                "path_bytes": path_bytes,
                "third_party_requests": sum(1 for r in finished if not r.url.startswith(base)),
                "within_budgets": first_bytes <= FIRST_PAGE_BUDGET and path_bytes <= PATH_BUDGET,
            }
            context.close()
        browser.close()
    print(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": platform.platform(),
                "python": platform.python_version(),
                "results": results,
                "problems": (found := problems(results)),
            },
            indent=2,
        )
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
