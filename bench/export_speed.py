"""How long each export takes, end to end through the app, at a given number of responses.

The budget (docs/benchmarks.md): 100,000 responses as CSV in 10 s at most and everything as
JSON in 20 s at most, under gunicorn's 60 s worker timeout with room to spare. The database is
built here, in a temporary folder (SQLite) or in the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first; nothing of the developer's instance is touched.

    .venv/bin/python bench/export_speed.py                  # 100,000 responses
    .venv/bin/python bench/export_speed.py --responses 20000
    .venv/bin/python bench/export_speed.py --smoke          # 300 responses: checks it runs
    BENCH_DATABASE_URL=postgresql://... .venv/bin/python bench/export_speed.py
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SECRET_KEY", "bench-secret-not-for-production-0123456789")

from flask_migrate import upgrade
from sqlalchemy import func, select, text

from consult import create_app
from consult.accounts import operations as accounts
from consult.consultation.demo import load_demo_consultation
from consult.consultation.models import Answer, Consultation, Response
from consult.diagnostic.demo import load_demo_territory
from consult.extensions import db
from consult.review.synthetic import generate

EXPORTS = {
    "responses.csv (R / Python)": "responses.csv?flavour=plain",
    "responses.csv (French Excel)": "responses.csv?flavour=excel",
    "answers.csv (R / Python)": "answers.csv?flavour=plain",
    "answers.csv (French Excel)": "answers.csv?flavour=excel",
    "all.json": "all.json",
    "all.xlsx": "all.xlsx",
}
EMAIL = "bench-exports@example.org"
PASSWORD = "quiet-harbour-lantern-77"


def _empty(app) -> None:
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()


def _fill(app, responses: int) -> dict:
    with app.app_context():
        territory, _ = load_demo_territory()
        load_demo_consultation(territory)
        consultation = db.session.scalar(select(Consultation).filter_by(territory_id=territory.id))
        generate(consultation, responses)
        accounts.save_user(
            None,
            email=EMAIL,
            display_name="Bench",
            role="coordinator",
            territories=[territory],
            password=PASSWORD,
        )
        db.session.commit()
        return {
            "responses": db.session.scalar(select(func.count(Response.id))),
            "answers": db.session.scalar(select(func.count(Answer.id))),
        }


def _time_export(client, path: str) -> dict:
    started = time.perf_counter()
    response = client.get(f"/admin/demo/review/exports/{path}", buffered=False)
    size = sum(len(chunk) for chunk in response.iter_encoded())
    response.close()
    seconds = time.perf_counter() - started
    if response.status_code != 200 or size < 100:
        raise SystemExit(f"{path}: status {response.status_code}, {size} bytes")
    return {"seconds": round(seconds, 2), "megabytes": round(size / 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true", help="300 responses, to check it runs")
    options = parser.parse_args()
    responses = 300 if options.smoke else options.responses

    with tempfile.TemporaryDirectory() as folder:
        # The bench's own instance folder: the developer's is not even created.
        os.environ["CONSULT_INSTANCE_PATH"] = folder
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/exports.db"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "RATELIMIT_ENABLED": False,
                "WTF_CSRF_ENABLED": False,
            }
        )
        _empty(app)
        started = time.perf_counter()
        counts = _fill(app, responses)
        filled = round(time.perf_counter() - started, 1)
        client = app.test_client()
        client.post("/login", data={"email": EMAIL, "password": PASSWORD})
        results = {name: _time_export(client, path) for name, path in EXPORTS.items()}
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    print(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": platform.platform(),
                "cpus": os.cpu_count(),
                "database": url.split(":")[0],
                "data": counts,
                "filled_in_seconds": filled,
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
