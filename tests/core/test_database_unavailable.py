"""When the database goes away (restart, failover, a dropped connection), a respondent gets
an error they can retry, and sending again stores the answers once. bench/load_faults.py does
the same under load with a real PostgreSQL restart."""

import os
import re

import pytest
from sqlalchemy import create_engine, func, select, text

from consult import create_app
from consult.consultation.models import Draft, Response
from consult.extensions import db
from tests.conftest import csrf_token_from
from tests.consultation.helpers import age_drafts, channel
from tests.consultation.test_respond import _answer_as_parent

# Nothing listens on port 1: connecting fails at once, as while PostgreSQL restarts.
UNREACHABLE_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:1/consult?connect_timeout=2"


def _app_on(database_url: str):
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PUBLIC_BASE_URL": "http://testserver.example",
            "RATELIMIT_ENABLED": False,
        }
    )


def _same_phone(client, other):
    """The other client carries the first one's cookies, as one phone would."""
    for name, path in (("session", "/"), ("consult_draft", "/r/"), ("consult_device", "/r/")):
        cookie = client.get_cookie(name, path=path)
        if cookie is not None:
            other.set_cookie(name, cookie.value, path=path)
    return other


def test_a_final_send_while_the_database_is_away_can_be_sent_again(
    client, demo_territory, app_context
):
    gate = channel()
    last_url = _answer_as_parent(client, gate.token, send=False)
    age_drafts()
    page = client.get(last_url).get_data(as_text=True)
    offline = _same_phone(client, _app_on(UNREACHABLE_DATABASE).test_client())
    submission = re.search(r'name="submission" type="hidden" value="([^"]+)"', page).group(1)
    form = {"csrf_token": csrf_token_from(page), "submission": submission}

    refused = offline.post(last_url, data=form)

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "5"
    assert "Le service est momentanément indisponible" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Response.id))) == 0
    assert db.session.scalars(select(Draft)).one().answers, "the answers wait in the draft"

    again = client.post(last_url, data=form)
    assert again.headers["Location"].endswith(f"/r/{gate.token}/thanks")
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_the_error_page_speaks_the_respondents_language(client, demo_territory, app_context):
    gate = channel()
    offline = _app_on(UNREACHABLE_DATABASE).test_client()
    page = offline.get(f"/r/{gate.token}/", headers={"Accept-Language": "ar"})
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert 'lang="ar"' in html
    assert "الخدمة غير متاحة" in html


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="ends a PostgreSQL connection from outside"
)
def test_a_connection_lost_after_the_page_was_made_still_serves_the_page(app, demo_territory):
    """PostgreSQL restarts between building the page and ending the request's transaction:
    the page is served, and the next request gets a new connection."""
    gate = channel()
    other = _app_on(app.config["SQLALCHEMY_DATABASE_URI"])
    killer = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])

    @other.after_request
    def end_the_connection(response):
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        with killer.begin() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        return response

    try:
        page = other.test_client().get(f"/r/{gate.token}/")
    finally:
        killer.dispose()
        with other.app_context():
            db.engine.dispose()
    assert page.status_code == 200
    assert "respondent_kind" in page.get_data(as_text=True)


def test_a_logged_in_coordinator_gets_the_retry_page_too(as_role, demo_territory):
    from consult.accounts.roles import Role

    coordinator = as_role(Role.COORDINATOR)
    offline = _same_phone(coordinator, _app_on(UNREACHABLE_DATABASE).test_client())
    for path in ("/admin/demo/", "/admin/", "/"):
        page = offline.get(path)
        assert page.status_code == 503, path
        assert page.headers["Retry-After"] == "5"
