"""How long each export takes, end to end through the app, at a given number of responses.

The budget (docs/benchmarks.md): 100,000 responses as CSV in 10 s at most and everything as
JSON in 20 s at most, under gunicorn's 60 s worker timeout with room to spare. The database is
built here, in a temporary folder (SQLite) or in the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first; nothing of the developer's instance is touched.

    .venv/bin/python bench/export_speed.py                  # 100,000 responses
    .venv/bin/python bench/export_speed.py --responses 20000
    .venv/bin/python bench/export_speed.py --smoke          # 300 responses: checks it runs
    .venv/bin/python bench/export_speed.py --analyze        # statistics gathered once filled
    BENCH_DATABASE_URL=postgresql://... .venv/bin/python bench/export_speed.py --reuse
                                      # the database an earlier run filled: measured again
    BENCH_DATABASE_URL=postgresql://... .venv/bin/python bench/export_speed.py
"""

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SECRET_KEY", "bench-secret-not-for-production-0123456789")

from flask_migrate import upgrade
from machine import describe
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from consult import create_app
from consult.accounts import operations as accounts
from consult.consultation.demo import load_demo_consultation
from consult.consultation.models import Answer, Consultation, Response
from consult.diagnostic.demo import load_demo_territory
from consult.extensions import db
from consult.review.synthetic import generate

# Each export is timed with the load average read just before it, beside a baseline of the
# same run (reading every answer's row, nothing written), on a machine others may share.

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


def _counts(app) -> dict | None:
    """What an earlier run left in BENCH_DATABASE_URL, when it holds the bench's login."""
    with app.app_context():
        try:
            if accounts.find_by_email(EMAIL) is None:
                return None
            return {
                "responses": db.session.scalar(select(func.count(Response.id))),
                "answers": db.session.scalar(select(func.count(Answer.id))),
            }
        except SQLAlchemyError:
            return None
        finally:
            db.session.remove()


def _time_export(client, path: str) -> dict:
    load = os.getloadavg()[0]
    started = time.perf_counter()
    response = client.get(f"/admin/demo/review/exports/{path}", buffered=False)
    size = 0
    first_byte = None
    for chunk in response.iter_encoded():
        size += len(chunk)
        if first_byte is None and chunk:
            first_byte = time.perf_counter() - started
    response.close()
    seconds = time.perf_counter() - started
    if response.status_code != 200 or size < 100:
        raise SystemExit(f"{path}: status {response.status_code}, {size} bytes")
    return {
        "seconds": round(seconds, 2),
        "first_byte_seconds": round(first_byte or seconds, 2),
        "megabytes": round(size / 1e6, 1),
        "load_1min": round(load, 2),
    }


def _time_reading_answers(app) -> dict:
    """The baseline of the same run: the answers' columns that answers.csv holds, read from
    the database in batches as the export reads them, nothing converted nor written."""
    load = os.getloadavg()[0]
    with app.app_context():
        columns = (
            Answer.id,
            Answer.response_id,
            Answer.purpose,
            Answer.orientation_id,
            Answer.axis_id,
            Answer.quadrant,
            Answer.priority,
            Answer.action_id,
            Answer.text,
            Answer.french_text,
            Answer.moderation,
            Answer.swot_item_id,
        )
        statement = select(*columns).order_by(Answer.id).execution_options(yield_per=1000)
        started = time.perf_counter()
        rows = sum(len(batch) for batch in db.session.execute(statement).partitions())
        seconds = time.perf_counter() - started
        db.session.remove()
    return {"seconds": round(seconds, 2), "rows": rows, "load_1min": round(load, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true", help="300 responses, to check it runs")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again the database BENCH_DATABASE_URL names, filled by an earlier run",
    )
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="gather the planner's statistics after filling, as autovacuum would",
    )
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
        started = time.perf_counter()
        counts = _counts(app) if options.reuse else None
        if counts is None or counts["responses"] != responses:
            _empty(app)
            counts = _fill(app, responses)
        filled = round(time.perf_counter() - started, 1)
        if options.analyze:
            with app.app_context(), db.engine.connect() as connection:
                # What autovacuum does on a server after a large load: statistics and the
                # visibility map the planner relies on.
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("VACUUM ANALYZE" if url.startswith("postgresql") else "ANALYZE")
                )
        client = app.test_client()
        client.post("/login", data={"email": EMAIL, "password": PASSWORD})
        about = describe(app)
        load_at_start = [round(value, 2) for value in os.getloadavg()]
        baseline = _time_reading_answers(app)
        results = {name: _time_export(client, path) for name, path in EXPORTS.items()}
        baseline_after = _time_reading_answers(app)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    print(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": about,
                "load_average_at_start": load_at_start,
                "load_average_at_end": [round(value, 2) for value in os.getloadavg()],
                "data": counts,
                "filled_in_seconds": filled,
                "baseline: reading every answer, before": baseline,
                "results": results,
                "baseline: reading every answer, after": baseline_after,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
