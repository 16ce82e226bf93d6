"""Complete parent paths per second through gunicorn, beside a bare Flask endpoint doing the
same inserts. Run: .venv/bin/python bench/submit_throughput.py [seconds] [threads]"""

import http.client
import json
import platform
import re
import statistics
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import gunicorn

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission" type="hidden" value="([^"]+)"')
FIELD = re.compile(
    r'name="(q\d+)" (?:type="radio"|[^>]*type="checkbox")? ?value="(\d+)"|name="(q\d+)"'
)


class Browser:
    """Just enough of a browser: one connection, cookies, no JavaScript."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        from urllib.parse import urlencode

        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), text


def parent_path(base: str, token: str) -> float:
    """One parent answering every screen; returns the seconds the final send took."""
    browser = Browser(base)
    status, location, _ = browser.request("GET", f"/q/{token}")
    _, _, page = browser.request("GET", f"/r/{token}/")
    status, location, _ = browser.request(
        "POST",
        f"/r/{token}/",
        {"csrf_token": CSRF.search(page).group(1), "respondent_kind": "parent"},
    )
    send_seconds = 0.0
    while location and "/thanks" not in location:
        path = urlsplit(location).path
        _, _, page = browser.request("GET", path)
        form = {"csrf_token": CSRF.search(page).group(1)}
        submission = SUBMISSION.search(page)
        if submission:
            form["submission"] = submission.group(1)
        names = list(dict.fromkeys(m.group(1) or m.group(3) for m in FIELD.finditer(page)))
        for name in names:
            values = re.findall(rf'name="{name}"[^>]*value="(\d+)"', page)
            form[name] = values[-1] if values else "Les ateliers du mercredi sont très bien."
        started = time.perf_counter()
        status, location, _ = browser.request("POST", path, form)
        if status != 302:
            raise RuntimeError(f"{path} answered {status}")
        send_seconds = time.perf_counter() - started
    return send_seconds


def run(worker, seconds: float, threads: int):
    latencies, errors = [], []
    deadline = time.monotonic() + seconds

    def loop():
        while time.monotonic() < deadline:
            try:
                latencies.append(worker())
            except Exception as error:  # counted, not hidden
                errors.append(repr(error))

    pool = [threading.Thread(target=loop) for _ in range(threads)]
    started = time.monotonic()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "completed": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else None,
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
    }


def ids(env) -> dict:
    import subprocess

    code = (
        "import json\nfrom consult import create_app\nfrom consult.extensions import db\n"
        "from consult.consultation.models import Channel, Question\napp = create_app()\n"
        "with app.app_context():\n"
        "    channel = db.session.scalars(db.select(Channel).filter_by(kind='school_gate')).one()\n"
        "    qs = db.session.scalars(db.select(Question).filter_by(audience='parent')).all()\n"
        "    print(json.dumps({'token': channel.token, 'channel_id': channel.id,"
        " 'consultation_id': channel.consultation_id,"
        " 'priorities': [[q.id, q.orientation_id] for q in qs if q.purpose == 'priority'],"
        " 'texts': [[q.id, q.quadrant] for q in qs if q.purpose == 'swot']}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 15
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    results = {}
    import os

    os.environ["MINIMUM_FILL_SECONDS"] = "0"
    os.environ["RATELIMIT_ENABLED"] = "false"
    with gunicorn() as (base, env):
        known = ids(env)
        results["app_full_parent_path"] = run(
            lambda: parent_path(base, known["token"]), seconds, threads
        )

    with gunicorn(app="bench.minimal_app:app") as (base, env):
        known = ids(env)
        answers = [
            {"purpose": "priority", "question_id": q, "orientation_id": o, "priority": 2}
            for q, o in known["priorities"]
        ] + [
            {
                "purpose": "swot",
                "question_id": q,
                "quadrant": quadrant,
                "text": "Très bien.",
                "moderation": "pending",
            }
            for q, quadrant in known["texts"][:2]
        ]
        parts = urlsplit(base)

        def minimal_submit():
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            body = json.dumps({**known, "token": uuid.uuid4().hex, "answers": answers})
            started = time.perf_counter()
            connection.request(
                "POST", "/submit", body=body, headers={"Content-Type": "application/json"}
            )
            response = connection.getresponse()
            response.read()
            if response.status != 201:
                raise RuntimeError(response.status)
            return time.perf_counter() - started

        results["minimal_flask_insert"] = run(minimal_submit, seconds, threads)
    print(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": platform.platform(),
                "cpus": __import__("os").cpu_count(),
                "threads": threads,
                "seconds": seconds,
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
