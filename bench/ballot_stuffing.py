"""Can one laptop stuff the families' count? A scripted flood and a school gate, in one run.

- The flood: from one address (127.0.0.2), a fresh cookie per answer, as many complete
  answers as the form lets through, sent by several workers at once for FLOOD seconds.
- The school gate: 40 phones behind one other address (127.0.0.3, the school's Wi-Fi), each
  answering at a person's pace, all within the same minutes.

Both walk the real path over HTTP (bench/respondent.py) against the app served on loopback,
with its rate limits and flood signals on, on a throwaway SQLite database. Afterwards the
database is read: what the flood got counted, what the crowd got counted, and whether every
acknowledged answer was stored. Budgets (docs/benchmarks.md): at least 99 % of the flood held
or refused, 100 % of the crowd counted, 0 answers lost. The script exits non-zero otherwise.

    .venv/bin/python bench/ballot_stuffing.py           # 60 s flood, 40 phones
    .venv/bin/python bench/ballot_stuffing.py --smoke   # 8 s, 6 phones, paces scaled down
"""

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("SECRET_KEY", "bench-secret-not-for-production-0123456789")

from flask_migrate import upgrade
from respondent import answer_parent_path
from sqlalchemy import func, select
from werkzeug.serving import make_server

from consult import create_app
from consult.consultation.demo import load_demo_consultation
from consult.consultation.models import Channel, Response
from consult.diagnostic.demo import load_demo_territory
from consult.extensions import db

FLOOD_ADDRESS = "127.0.0.2"
SCHOOL_ADDRESS = "127.0.0.3"


def _serve(app) -> tuple[str, object]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def _flood(base, token, seconds, workers, pause) -> list:
    """Each worker sends complete answers back to back, each from a fresh phone (cookie)."""
    outcomes, timings, started = [], [], time.perf_counter()
    lock = threading.Lock()

    def worker():
        while time.perf_counter() - started < seconds:
            outcome = answer_parent_path(
                base, token, timings, started, source=FLOOD_ADDRESS, pause=pause
            )
            with lock:
                outcomes.append(outcome)

    with ThreadPoolExecutor(workers) as pool:
        for _ in range(workers):
            pool.submit(worker)
    return outcomes


def _school_gate(base, token, phones, spread, pace) -> list:
    """`phones` parents arriving over `spread` seconds, each `pace` seconds per screen."""
    timings, started = [], time.perf_counter()
    rng = random.Random(2021)

    def parent(delay, pause):
        time.sleep(delay)
        return answer_parent_path(base, token, timings, started, source=SCHOOL_ADDRESS, pause=pause)

    with ThreadPoolExecutor(phones) as pool:
        futures = [
            pool.submit(parent, rng.uniform(0, spread), rng.uniform(pace, 2 * pace))
            for _ in range(phones)
        ]
        return [future.result() for future in futures]


def _stored(app, outcomes) -> dict:
    """Of these acknowledged answers, how many are stored, and with which standing."""
    tokens = [o.client_token for o in outcomes if o.acknowledged and o.client_token]
    with app.app_context():
        rows = db.session.execute(
            select(Response.standing, func.count(Response.id))
            .where(Response.client_token.in_(tokens))
            .group_by(Response.standing)
        ).all()
    standings = dict(rows)
    return {
        "sent": len(outcomes),
        "acknowledged": sum(o.acknowledged for o in outcomes),
        "refused_or_failed": sum(not o.acknowledged for o in outcomes),
        "stored": sum(standings.values()),
        "counted": standings.get("counted", 0),
        "held": standings.get("held", 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few seconds, to check it runs")
    options = parser.parse_args()
    # A person needs FLOOD_SECONDS_PER_SCREEN per screen at least; the smoke run scales the
    # signal and the paces down together, so it checks the same thing in seconds.
    scale = 0.25 if options.smoke else 1.0
    flood_seconds, phones, workers = (8, 6, 3) if options.smoke else (60, 40, 6)
    minimum_fill = 3 * scale

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/stuffing.db",
                "RATELIMIT_ENABLED": True,
                "RATELIMIT_STORAGE_URI": "memory://",
                "MINIMUM_FILL_SECONDS": minimum_fill,
                "FLOOD_SECONDS_PER_SCREEN": 4 * scale,
            }
        )
        with app.app_context():
            upgrade()
            territory, _ = load_demo_territory()
            load_demo_consultation(territory)
            db.session.commit()
            token = db.session.scalar(select(Channel.token).filter_by(kind="school_gate"))
        base, server = _serve(app)
        started = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            # The script waits only what the form demands: the minimum fill time, over 4 sends.
            flood = pool.submit(_flood, base, token, flood_seconds, workers, minimum_fill / 4)
            crowd = pool.submit(_school_gate, base, token, phones, flood_seconds * 0.6, 6 * scale)
            flood_outcomes, crowd_outcomes = flood.result(), crowd.result()
        elapsed = round(time.perf_counter() - started, 1)
        server.shutdown()
        flood_figures = _stored(app, flood_outcomes)
        crowd_figures = _stored(app, crowd_outcomes)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()

    flood_stopped = flood_figures["sent"] - flood_figures["counted"]
    results = {
        "date": date.today().isoformat(),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "mode": "smoke" if options.smoke else "full",
        "seconds": elapsed,
        "flood": flood_figures,
        "flood_held_or_refused_share": round(flood_stopped / max(flood_figures["sent"], 1), 4),
        "school_gate": crowd_figures,
        "school_gate_counted_share": round(crowd_figures["counted"] / phones, 4),
        "lost": (flood_figures["acknowledged"] - flood_figures["stored"])
        + (crowd_figures["acknowledged"] - crowd_figures["stored"]),
    }
    print(json.dumps(results, indent=2))
    problems = []
    if flood_figures["sent"] < 10:
        problems.append("the flood sent almost nothing: nothing was measured")
    if results["flood_held_or_refused_share"] < 0.99:
        problems.append("less than 99 % of the flood was held or refused")
    if crowd_figures["counted"] != phones:
        problems.append("the school gate was not counted in full")
    if results["lost"]:
        problems.append("acknowledged answers were lost")
    if problems:
        raise SystemExit("; ".join(problems))


if __name__ == "__main__":
    main()
