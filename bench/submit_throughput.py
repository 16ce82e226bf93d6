"""Complete parent paths per second through gunicorn, beside a bare Flask endpoint doing the
same inserts. Run: .venv/bin/python bench/submit_throughput.py [seconds] [threads] [--smoke]
Exits non-zero when a side errs, stores nothing, or the two sides store different rows."""

import argparse
import http.client
import json
import math
import os
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
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from server import serve, throwaway_database
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from consult.config import normalise_database_url
from consult.consultation.models import Answer, Channel, Question, Response
from consult.diagnostic.models import Action

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
        "p95_ms": round(latencies[math.ceil(len(latencies) * 0.95) - 1] * 1000, 1)
        if latencies
        else None,
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
    }


def ids(session: Session) -> dict:
    channel = session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    questions = session.scalars(select(Question).filter_by(audience="parent")).all()
    choice = next(q for q in questions if q.purpose == "action_choice")
    action = session.scalars(
        select(Action).filter_by(orientation_id=choice.orientation_id).order_by(Action.position)
    ).all()[-1]
    return {
        "token": channel.token,
        "channel_id": channel.id,
        "consultation_id": channel.consultation_id,
        "priorities": [[q.id, q.orientation_id] for q in questions if q.purpose == "priority"],
        "choice": [choice.id, action.id],
        "texts": [[q.id, q.quadrant] for q in questions if q.purpose == "swot"],
    }


def stored(session: Session) -> tuple[int, int]:
    """Responses and answers in the database: proof the requests did insert, and what."""
    session.rollback()
    return (
        session.scalar(select(func.count(Response.id))),
        session.scalar(select(func.count(Answer.id))),
    )


def minimal_answers(known: dict) -> list[dict]:
    """The rows one app path stores: a priority per orientation, the chosen action, the text
    boxes; with what the app copies from the response (consultation, audience, weight)."""
    common = {"consultation_id": known["consultation_id"], "audience": "parent", "weight": 1}
    question, action = known["choice"]
    return (
        [
            {**common, "purpose": "priority", "question_id": q, "orientation_id": o, "priority": 3}
            for q, o in known["priorities"]
        ]
        + [{**common, "purpose": "action_choice", "question_id": question, "action_id": action}]
        + [
            {
                **common,
                "purpose": "swot",
                "question_id": q,
                "quadrant": quadrant,
                "text": "Les ateliers du mercredi sont très bien.",
                "moderation": "pending",
            }
            for q, quadrant in known["texts"]
        ]
    )


def minimal_submitter(base: str, known: dict):
    """One JSON POST to the bare endpoint, with the rows of one app path; returns its seconds."""
    answers = minimal_answers(known)
    parts = urlsplit(base)

    def submit() -> float:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        body = json.dumps({**known, "token": uuid.uuid4().hex, "answers": answers})
        started = time.perf_counter()
        connection.request(
            "POST", "/submit", body=body, headers={"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 201:
            raise RuntimeError(response.status)
        return time.perf_counter() - started

    return submit


def measured(worker, session: Session, seconds: float, threads: int) -> dict:
    responses_before, answers_before = stored(session)
    result = run(worker, seconds, threads)
    responses, answers = stored(session)
    result["stored_responses"] = responses - responses_before
    result["answers_per_response"] = (
        round((answers - answers_before) / result["stored_responses"], 2)
        if result["stored_responses"]
        else None
    )
    return result


def problems(results: dict) -> list[str]:
    """Why the run measured nothing worth keeping (empty when it did)."""
    found = []
    for side, result in results.items():
        if result["errors"]:
            found.append(f"{side}: {result['errors']} errors, first {result['first_error']}")
        if not result["completed"]:
            found.append(f"{side}: nothing completed")
        if result["stored_responses"] < result["completed"]:
            found.append(f"{side}: {result['completed']} sent, {result['stored_responses']} stored")
    per_response = {result["answers_per_response"] for result in results.values()}
    # The app's path rotates its action questions, so its responses hold one or two answers
    # more or less than the fixed insert; beyond that the two sides do not do the same work.
    if max(per_response) - min(per_response) > 2:
        found.append(f"the two sides do not store the same rows: {per_response} answers each")
    return found


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", nargs="?", type=float, default=15, help="per side")
    parser.add_argument("threads", nargs="?", type=int, default=8, help="client threads")
    parser.add_argument(
        "--smoke", action="store_true", help="2 s with 2 threads: still runs, still measures (CI)"
    )
    options = parser.parse_args()
    if options.smoke:
        options.seconds, options.threads = 2.0, 2
    return options


def main() -> int:
    options = arguments()
    seconds, threads = options.seconds, options.threads
    results = {}
    # One throwaway database for both sides, each side counted by what it added.
    with throwaway_database(MINIMUM_FILL_SECONDS="0", RATELIMIT_ENABLED="false") as env:
        engine = create_engine(normalise_database_url(env["DATABASE_URL"]))
        with Session(engine) as session:
            known = ids(session)
            with serve(env) as base:
                results["app_full_parent_path"] = measured(
                    lambda: parent_path(base, known["token"]), session, seconds, threads
                )
            with serve(env, app="bench.minimal_app:app") as base:
                results["minimal_flask_insert"] = measured(
                    minimal_submitter(base, known), session, seconds, threads
                )
        engine.dispose()
    found = problems(results)
    print(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": platform.platform(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "threads": threads,
                "seconds": seconds,
                "results": results,
                "problems": found,
            },
            indent=2,
        )
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
