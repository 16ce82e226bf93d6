"""A coordinator manages their own territory's team, and nothing beyond it."""

import re

import pytest
from sqlalchemy import select

from consult.accounts.models import User
from consult.accounts.roles import Role
from consult.audit.queries import staff_events
from consult.extensions import db
from tests.accounts.helpers import client_from
from tests.conftest import PASSWORD, login, submit

NEW_PASSWORD = "un-long-chemin-vers-la-mer"


@pytest.fixture
def nord(make_territory):
    return make_territory(slug="nord", name="Cité éducative du Nord")


@pytest.fixture
def sud(make_territory):
    return make_territory(slug="sud", name="Cité éducative du Sud")


@pytest.fixture
def coordinator(make_user, nord):
    return make_user(role=Role.COORDINATOR, territories=[nord], email="coord@nord.example")


def _logged_in(app, user, address="192.0.2.10"):
    client = client_from(app, address)
    login(client, user)
    return client


def _post(client, url, data=None, page="/admin/nord/team/"):
    return submit(client, url, data or {}, page_url=page)


def _events(territory, prefix="account."):
    return [
        (event.action, event.target, event.actor_label, event.detail)
        for event in staff_events(territory_id=territory.id, action_prefix=prefix)
    ]


def test_a_coordinator_adds_a_facilitator_who_can_log_in(app, coordinator, nord):
    client = _logged_in(app, coordinator)
    response = _post(
        client,
        "/admin/nord/team/new",
        {
            "email": "Lea@Nord.example",
            "display_name": "Léa Martin",
            "role": "facilitator",
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).filter_by(email="lea@nord.example"))
    assert (user.role, [t.slug for t in user.territories]) == ("facilitator", ["nord"])
    assert _events(nord) == [
        (
            "account.create",
            "lea@nord.example",
            "coord@nord.example",
            "role: facilitator; territories: nord",
        )
    ]
    newcomer = client_from(app, "192.0.2.20")
    landing = submit(newcomer, "/login", {"email": user.email, "password": NEW_PASSWORD})
    assert landing.headers["Location"].endswith("/admin/nord/")


def test_a_left_empty_password_is_generated_and_shown_once(app, coordinator, nord):
    client = _logged_in(app, coordinator)
    response = _post(
        client,
        "/admin/nord/team/new",
        {"email": "sam@nord.example", "display_name": "Sam", "role": "coordinator"},
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = re.search(r'<code id="new-password">([^<]+)</code>', response.get_data(as_text=True))
    newcomer = client_from(app, "192.0.2.21")
    login(
        newcomer,
        db.session.scalar(select(User).filter_by(email="sam@nord.example")),
        password.group(1),
    )
    # Nowhere to read it again: not in the trail, not on the member's page.
    sam = db.session.scalar(select(User).filter_by(email="sam@nord.example"))
    page = client.get(f"/admin/nord/team/{sam.id}/edit").get_data(as_text=True)
    assert password.group(1) not in page
    assert all(password.group(1) not in str(event) for event in _events(nord))


def test_nobody_is_made_an_administrator_from_the_team_page(app, coordinator, nord, make_user):
    client = _logged_in(app, coordinator)
    response = _post(
        client,
        "/admin/nord/team/new",
        {
            "email": "boss@nord.example",
            "display_name": "Boss",
            "role": "admin",
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 422
    assert db.session.scalar(select(User).filter_by(email="boss@nord.example")) is None
    member = make_user(role=Role.FACILITATOR, territories=[nord])
    response = _post(
        client,
        f"/admin/nord/team/{member.id}/edit",
        {"display_name": "Promu", "role": "admin"},
        page=f"/admin/nord/team/{member.id}/edit",
    )
    assert response.status_code == 422
    assert db.session.get(User, member.id).role == "facilitator"


def test_a_facilitator_becomes_a_coordinator_and_the_trail_says_who_did_it(
    app, coordinator, nord, make_user
):
    member = make_user(role=Role.FACILITATOR, territories=[nord], email="fa@nord.example")
    client = _logged_in(app, coordinator)
    page = f"/admin/nord/team/{member.id}/edit"
    response = _post(client, page, {"display_name": "Fatou", "role": "coordinator"}, page=page)
    assert response.status_code == 302
    assert db.session.get(User, member.id).role == "coordinator"
    assert (
        "account.role",
        "fa@nord.example",
        "coord@nord.example",
        "facilitator -> coordinator",
    ) in _events(nord)


def test_out_of_reach_accounts_cannot_be_touched(app, coordinator, nord, sud, make_user):
    """Another territory's, a shared one, an administrator's, one's own: never changed."""
    other = make_user(role=Role.FACILITATOR, territories=[sud])
    shared = make_user(role=Role.FACILITATOR, territories=[nord, sud])
    admin = make_user(role=Role.ADMIN, territories=[nord])
    client = _logged_in(app, coordinator)
    before = {
        user.id: (user.password_hash, user.role, user.is_active, user.display_name)
        for user in db.session.scalars(select(User))
    }
    for user, refused in ((other, 404), (admin, 404), (shared, 403), (coordinator, 403)):
        for action in ("password", "deactivate", "two-step/reset"):
            response = _post(client, f"/admin/nord/team/{user.id}/{action}")
            assert response.status_code in (302, refused), (user.email, action)
            if response.status_code == 302:
                assert client.get(response.headers["Location"]).status_code == 200
        response = _post(
            client, f"/admin/nord/team/{user.id}/edit", {"display_name": "X", "role": "facilitator"}
        )
        assert response.status_code == refused, user.email
        # Through the other territory's address too.
        assert _post(client, f"/admin/sud/team/{user.id}/deactivate").status_code == 404
    db.session.expire_all()
    after = {
        user.id: (user.password_hash, user.role, user.is_active, user.display_name)
        for user in db.session.scalars(select(User))
    }
    assert after == before
    assert _events(nord) == [] and _events(sud) == []
    listing = client.get("/admin/nord/team/").get_data(as_text=True)
    assert other.email not in listing and admin.email not in listing
    assert shared.email in listing


def test_deactivation_ends_the_member_s_session_and_reactivation_lets_them_back(
    app, coordinator, nord, make_user
):
    member = make_user(role=Role.FACILITATOR, territories=[nord], email="dee@nord.example")
    member_client = _logged_in(app, member, "192.0.2.30")
    assert member_client.get("/admin/nord/").status_code == 200
    client = _logged_in(app, coordinator)
    assert _post(client, f"/admin/nord/team/{member.id}/deactivate").status_code == 302
    assert member_client.get("/admin/nord/").status_code == 302
    refused = submit(
        client_from(app, "192.0.2.31"), "/login", {"email": member.email, "password": PASSWORD}
    )
    assert refused.status_code == 401
    assert _post(client, f"/admin/nord/team/{member.id}/reactivate").status_code == 302
    login(client_from(app, "192.0.2.32"), member)
    assert [event[0] for event in _events(nord)] == ["account.reactivate", "account.deactivate"]


def test_a_password_reset_ends_the_old_password_and_its_sessions(app, coordinator, nord, make_user):
    member = make_user(role=Role.FACILITATOR, territories=[nord], email="rita@nord.example")
    member_client = _logged_in(app, member, "192.0.2.40")
    client = _logged_in(app, coordinator)
    response = _post(client, f"/admin/nord/team/{member.id}/password")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = re.search(
        r'<code id="new-password">([^<]+)</code>', response.get_data(as_text=True)
    ).group(1)
    assert member_client.get("/admin/nord/").status_code == 302
    old = submit(
        client_from(app, "192.0.2.41"), "/login", {"email": member.email, "password": PASSWORD}
    )
    assert old.status_code == 401
    login(client_from(app, "192.0.2.42"), member, password)
    assert _events(nord) == [
        ("account.password_reset", "rita@nord.example", "coord@nord.example", "")
    ]


def test_a_lost_phone_s_two_step_login_is_reset_by_the_coordinator(
    app, coordinator, nord, make_user
):
    member = make_user(role=Role.COORDINATOR, territories=[nord], email="tom@nord.example")
    member.totp_secret = "JBSWY3DPEHPK3PXP"
    db.session.commit()
    client = _logged_in(app, coordinator)
    page = client.get(f"/admin/nord/team/{member.id}/edit").get_data(as_text=True)
    assert "two-step/reset" in page
    assert _post(client, f"/admin/nord/team/{member.id}/two-step/reset").status_code == 302
    assert db.session.get(User, member.id).totp_secret is None
    assert [event[0] for event in _events(nord)] == ["account.two_step_reset"]


def test_facilitators_have_no_team_pages(app, nord, make_user):
    client = _logged_in(app, make_user(role=Role.FACILITATOR, territories=[nord]))
    assert client.get("/admin/nord/team/").status_code == 403
    assert client.get("/admin/nord/team/new").status_code == 403
    assert client.get("/admin/nord/audit/").status_code == 403
