"""The back office with a 100,000-response consultation: page times, export memory, PDF time.

Run on a database filled by (SQLite or PostgreSQL alike):
    DATABASE_URL=sqlite:////tmp/scale.db flask db upgrade
    DATABASE_URL=sqlite:////tmp/scale.db flask consult load-demo
    DATABASE_URL=sqlite:////tmp/scale.db flask consult generate-synthetic --responses 100000
then: DATABASE_URL=sqlite:////tmp/scale.db .venv/bin/python bench/review_scale.py
      DATABASE_URL=postgresql://user@host/db .venv/bin/python bench/review_scale.py --pages-only
DATABASE_URL is required: the bench adds its own login, never to the developer's demo database.

Every page is compared with the pending moderation queue timed just before it, in the same
run, and the load average is read before each page: on a machine shared with other work the
milliseconds move with the load, the ratio much less. --only NAME re-runs the pages whose
name holds NAME (a figure taken while the load was high).

--smoke: a throwaway database with 300 synthetic responses, each page once (seconds; CI).
Exits non-zero when a page, an export or the PDF comes back empty."""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SECRET_KEY", "bench-secret")
from machine import describe
from server import ROOT, VENV_BIN, throwaway_database
from sqlalchemy import func, select

from consult import create_app
from consult.accounts import operations as accounts
from consult.consultation.models import Answer, Consultation, Response
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.review.models import AnswerAdditionalItem

SMOKE_RESPONSES = 300


REFERENCE = "moderation queue (pending), reference"


def timings(client, url: str, runs: int) -> list[float]:
    client.get(url)  # warm the caches, as a coordinator's second click would
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        assert len(response.data) > 500, (url, "an empty page")
    return times


def timed(client, url: str, runs: int, reference_url: str) -> dict:
    """The page's times beside the reference page's, timed just before under the same load."""
    load = os.getloadavg()[0]
    reference = statistics.median(timings(client, reference_url, max(runs - 2, 1)))
    times = timings(client, url, runs)
    median = statistics.median(times)
    return {
        "median_ms": round(median, 1),
        "max_ms": round(max(times), 1),
        "reference_ms": round(reference, 1),
        "ratio_to_reference": round(median / reference, 2),
        "load_1min": round(load, 2),
    }


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


@contextlib.contextmanager
def database(smoke: bool):
    """The smoke run's own small database, else the one DATABASE_URL names; either way an
    instance folder of the bench's own."""
    if smoke:
        with throwaway_database() as env:
            generate = ["consult", "generate-synthetic", "--responses", str(SMOKE_RESPONSES)]
            subprocess.run(
                [str(VENV_BIN / "flask"), *generate],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
            os.environ.update(
                DATABASE_URL=env["DATABASE_URL"],
                CONSULT_INSTANCE_PATH=env["CONSULT_INSTANCE_PATH"],
            )
            yield
        return
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the database filled for the bench (see the docstring).")
    with tempfile.TemporaryDirectory(prefix="consult-bench.") as instance:
        os.environ["CONSULT_INSTANCE_PATH"] = instance
        yield


def problems(results: dict) -> list[str]:
    found = [
        f"{name}: nothing streamed"
        for name, result in results.items()
        if "bytes" in result and not result["bytes"]
    ]
    if "report PDF" in results and not results["report PDF"].get("is_pdf"):
        found.append("report PDF: not a PDF")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help=f"{SMOKE_RESPONSES} responses")
    parser.add_argument(
        "--pages-only", action="store_true", help="the pages, not the exports nor the PDF"
    )
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="pages whose name holds NAME"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed requests per page")
    options = parser.parse_args()
    with database(options.smoke):
        return measure(
            runs=1 if options.smoke else options.runs,
            pages_only=options.pages_only or bool(options.only),
            only=options.only,
        )


def measure(runs: int, pages_only: bool = False, only: list[str] = ()) -> int:
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
            "approved_not_yet_coded": db.session.scalar(
                select(func.count(Answer.id)).where(
                    Answer.purpose == "swot",
                    Answer.moderation.in_(("approved", "redacted")),
                    Answer.coded_at.is_(None),
                )
            ),
            "coded_into_an_item": db.session.scalar(
                select(func.count(Answer.id)).where(Answer.swot_item_id.is_not(None))
            ),
            "further_items": db.session.scalar(
                select(func.count()).select_from(AnswerAdditionalItem)
            ),
        }
        email = "review-scale@example.org"
        # A new one each run, so the password rules of the day always accept it.
        password = accounts.generate_password()
        user = accounts.find_by_email(email)
        if user is None:
            accounts.save_user(
                None,
                email=email,
                display_name="Bench",
                role="coordinator",
                territories=[territory],
                password=password,
            )
        else:
            user.set_password(password)
        db.session.commit()
        consultation_id = consultation.id
        # The first answer of the coding workspace: the page a coordinator opens from it.
        to_code = db.session.scalar(
            select(func.min(Answer.id)).where(
                Answer.consultation_id == consultation_id,
                Answer.purpose == "swot",
                Answer.moderation.in_(("approved", "redacted")),
                Answer.coded_at.is_(None),
            )
        )
    client = app.test_client()
    logged_in = client.post("/login", data={"email": email, "password": password})
    assert logged_in.status_code == 302, "the bench's login was refused"
    base = "/admin/demo/review"
    reference_url = f"{base}/"
    pages = {
        "trivial page (the exports' choices)": f"{base}/exports",
        REFERENCE: reference_url,
        "moderation queue, filtered (Arabic, every status)": f"{base}/?language=ar&status=all",
        "moderation queue, filtered (flagged e-mail, every status)": (
            f"{base}/?flag=email&status=all"
        ),
        "SWOT board, both voices (axis 2)": f"{base}/swot/axis-2",
        "SWOT board, convergence lens": f"{base}/swot/axis-2?lens=convergences",
        "SWOT board, blind-spot lens": f"{base}/swot/axis-2?lens=blind_spots",
        "SWOT board, parents only": f"{base}/swot/axis-2?audience=parent",
        "SWOT board, parents' paper answers": f"{base}/swot/axis-2?way=paper&audience=parent",
        "coding workspace (approved, not yet coded)": f"{base}/?status=to_code",
        "coding workspace, item search": f"{base}/?status=to_code&item_q=enseignant",
        "one answer with its suggestions, next and previous": (
            f"{base}/answers/{to_code}?status=to_code"
        ),
        "orientation results": f"{base}/results/{consultation_id}",
        "participation dashboard": f"{base}/participation/{consultation_id}",
    }
    if only:
        pages = {
            name: url
            for name, url in pages.items()
            if any(part.lower() in name.lower() for part in only)
        }
    about = describe(app)
    results = {name: timed(client, url, runs, reference_url) for name, url in pages.items()}
    if not pages_only:
        results["export answers.csv (streamed)"] = streamed_peak(
            client, f"{base}/exports/answers.csv"
        )
        results["export all.json (streamed)"] = streamed_peak(client, f"{base}/exports/all.json")
    if not pages_only:
        started = time.perf_counter()
        pdf = client.get(f"{base}/report/{consultation_id}.pdf")
        results["report PDF"] = {
            "seconds": round(time.perf_counter() - started, 2),
            "bytes": len(pdf.data),
            "is_pdf": pdf.status_code == 200 and pdf.data.startswith(b"%PDF"),
        }
    found = problems(results)
    print(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": about,
                "load_average_at_end": [round(value, 2) for value in os.getloadavg()],
                "data": counts,
                "results": results,
                "problems": found,
            },
            indent=2,
        )
    )
    with app.app_context():
        db.engine.dispose()
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
