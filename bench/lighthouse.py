"""Lighthouse (mobile, its default) on the first screen a QR code opens, in French and Arabic.

Needs Node and Lighthouse 12 from npm, and Debian's Chromium:
    npm install --prefix /tmp/lh lighthouse@12
    LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse .venv/bin/python bench/lighthouse.py
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import demo_channel_token, gunicorn

LIGHTHOUSE = os.environ.get("LIGHTHOUSE", "lighthouse")
CATEGORIES = "performance,accessibility,best-practices,seo"


def audit(url: str, language: str, output: Path) -> dict:
    subprocess.run(
        [
            LIGHTHOUSE,
            url,
            "--chrome-flags=--headless --no-sandbox",
            f"--extra-headers={json.dumps({'Accept-Language': language})}",
            f"--only-categories={CATEGORIES}",
            "--output=json",
            f"--output-path={output}",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        check=True,
        timeout=300,
    )
    report = json.loads(output.read_text())
    return {
        "lighthouse": report["lighthouseVersion"],
        "redirected": report["finalDisplayedUrl"] != url,
        "scores": {name: round(c["score"] * 100) for name, c in report["categories"].items()},
    }


def main() -> None:
    results = {}
    with gunicorn() as (base, env), tempfile.TemporaryDirectory() as tmp:
        url = f"{base}/q/{demo_channel_token(env)}"
        # A first request warms the worker up, as a running server is.
        subprocess.run(["curl", "-s", "-o", "/dev/null", url], check=False)
        for language in ("fr", "ar"):
            results[language] = audit(url, language, Path(tmp) / f"{language}.json")
    print(
        json.dumps(
            {"date": date.today().isoformat(), "machine": platform.platform(), "results": results},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
