from sqlalchemy import select

from consult.accounts.models import User
from consult.accounts.roles import Role
from consult.extensions import db
from tests.accounts.helpers import change_password
from tests.conftest import PASSWORD, login, submit


def test_wrong_password_gets_a_clear_message(client, make_user):
    user = make_user()
    response = submit(client, "/login", {"email": user.email, "password": "not-the-password"})
    assert response.status_code == 401
    assert "incorrect" in response.get_data(as_text=True)


def test_login_is_case_insensitive_on_email_and_lands_in_the_territory(
    client, make_user, demo_territory
):
    user = make_user(territories=[demo_territory])
    response = submit(client, "/login", {"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/demo/")


def test_inactive_account_cannot_log_in(client, make_user):
    user = make_user()
    user.is_active = False
    db.session.commit()
    response = submit(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 401


def test_next_parameter_never_leaves_the_site(client, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    page = client.get("/login")
    from tests.conftest import csrf_token_from

    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"].endswith("/admin/demo/")


def test_anonymous_visitor_is_sent_to_login(client, demo_territory):
    response = client.get("/admin/demo/swot/axis-1")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_logout_ends_the_session(client, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    login(client, user)
    assert client.get("/admin/demo/").status_code == 200
    submit(client, "/logout", {}, page_url="/admin/demo/")
    assert client.get("/admin/demo/").status_code == 302


def test_admin_creates_an_account_that_can_log_in(client, make_user, demo_territory, app_context):
    admin = make_user(role=Role.ADMIN, territories=[demo_territory])
    login(client, admin)
    response = submit(
        client,
        "/admin/users/new",
        {
            "email": "Animatrice@Example.org",
            "display_name": "Samia",
            "role": "facilitator",
            "territory_ids": [demo_territory.id],
            "is_active": "y",
            "password": "a-long-enough-password",
        },
    )
    assert response.status_code == 302
    created = db.session.scalars(select(User).filter_by(email="animatrice@example.org")).one()
    assert created.role == "facilitator"
    assert created.password_hash != "a-long-enough-password"
    fresh = client.application.test_client()
    login(fresh, created, "a-long-enough-password")


def test_short_password_and_duplicate_email_are_refused(client, make_user, demo_territory):
    admin = make_user(role=Role.ADMIN, territories=[demo_territory])
    login(client, admin)
    short = submit(
        client,
        "/admin/users/new",
        {"email": "x@example.org", "display_name": "X", "role": "coordinator", "password": "short"},
    )
    assert short.status_code == 422
    duplicate = submit(
        client,
        "/admin/users/new",
        {
            "email": admin.email,
            "display_name": "X",
            "role": "coordinator",
            "password": "long-enough-pass",
        },
    )
    assert duplicate.status_code == 422
    assert "existe déjà" in duplicate.get_data(as_text=True)


def test_the_last_admin_cannot_demote_themselves(client, make_user, demo_territory, app_context):
    admin = make_user(role=Role.ADMIN, territories=[demo_territory])
    login(client, admin)
    response = submit(
        client,
        f"/admin/users/{admin.id}/edit",
        {"email": admin.email, "display_name": "Moi", "role": "coordinator", "is_active": "y"},
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin"


def test_change_own_password(client, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    login(client, user)
    response = change_password(client, "another-long-password")
    assert response.status_code == 302
    fresh = client.application.test_client()
    login(fresh, user, "another-long-password")


def test_create_user_command(runner, demo_territory, app_context):
    result = runner.invoke(
        args=[
            "consult",
            "create-user",
            "--email",
            "Coord@Example.org",
            "--name",
            "Coord",
            "--role",
            "coordinator",
            "--territory",
            "demo",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output
    user = db.session.scalars(select(User).filter_by(email="coord@example.org")).one()
    assert [t.slug for t in user.territories] == ["demo"]
    again = runner.invoke(
        args=[
            "consult",
            "create-user",
            "--email",
            "coord@example.org",
            "--name",
            "C",
            "--role",
            "admin",
        ]
    )
    assert again.exit_code != 0
