"""The back office with a 100,000-response consultation: page times, export memory, PDF time.

Run on a database filled by:
    DATABASE_URL=sqlite:////tmp/scale.db flask db upgrade
    DATABASE_URL=sqlite:////tmp/scale.db flask consult load-demo
    DATABASE_URL=sqlite:////tmp/scale.db flask consult generate-synthetic --responses 100000
then: DATABASE_URL=sqlite:////tmp/scale.db .venv/bin/python bench/review_scale.py"""

import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SECRET_KEY", "bench-secret")

from sqlalchemy import func, select

from consult import create_app
from consult.accounts import operations as accounts
from consult.consultation.models import Answer, Consultation, Response
from consult.diagnostic.models import Territory
from consult.extensions import db

RUNS = 5


def timed(client, url: str) -> dict:
    client.get(url)  # warm the caches, as a coordinator's second click would
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}


def streamed_peak(client, url: str) -> dict:
    tracemalloc.start()
    started = time.perf_counter()
    size = 0
    response = client.get(url, buffered=False)
    for chunk in response.iter_encoded():
        size += len(chunk)
    response.close()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "bytes": size,
        "seconds": round(time.perf_counter() - started, 1),
        "peak_python_memory_mb": round(peak / 1e6, 1),
    }


def main() -> None:
    app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        territory = db.session.scalar(select(Territory).filter_by(slug="demo"))
        consultation = db.session.scalar(select(Consultation).filter_by(territory_id=territory.id))
        counts = {
            "responses": db.session.scalar(select(func.count(Response.id))),
            "answers": db.session.scalar(select(func.count(Answer.id))),
            "written_answers": db.session.scalar(
                select(func.count(Answer.id)).filter_by(purpose="swot")
            ),
        }
        email = "bench@example.org"
        user = accounts.find_by_email(email)
        if user is None:
            accounts.save_user(
                None,
                email=email,
                display_name="Bench",
                role="coordinator",
                territories=[territory],
                password="bench-password-long",
            )
            db.session.commit()
        consultation_id = consultation.id
    client = app.test_client()
    client.post("/login", data={"email": email, "password": "bench-password-long"})
    base = "/admin/demo/review"
    pages = {
        "moderation queue": f"{base}/",
        "moderation queue, filtered (Arabic, flagged)": f"{base}/?language=ar&status=",
        "SWOT board, both voices": f"{base}/swot/axis-2",
        "SWOT board, blind-spot lens": f"{base}/swot/axis-2?lens=blind_spots",
        "orientation results": f"{base}/results/{consultation_id}",
        "participation dashboard": f"{base}/participation/{consultation_id}",
    }
    results = {name: timed(client, url) for name, url in pages.items()}
    results["export answers.csv (streamed)"] = streamed_peak(client, f"{base}/exports/answers.csv")
    results["export all.json (streamed)"] = streamed_peak(client, f"{base}/exports/all.json")
    started = time.perf_counter()
    pdf = client.get(f"{base}/report/{consultation_id}.pdf")
    results["report PDF"] = {
        "seconds": round(time.perf_counter() - started, 2),
        "bytes": len(pdf.data),
    }
    print(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": platform.platform(),
                "cpus": os.cpu_count(),
                "database": app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0],
                "data": counts,
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
