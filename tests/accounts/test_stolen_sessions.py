"""What a session someone else got hold of can still do: nothing once the password changes,
no guessing the current password, no tying the account to another phone without it, and
nothing left behind at logout."""

from concurrent.futures import ThreadPoolExecutor

from consult.accounts.roles import Role
from consult.accounts.session_lifetime import ENROLMENT_SECRET
from tests.accounts.helpers import change_password, client_from
from tests.conftest import login, submit


def test_a_new_password_ends_every_other_session_but_this_one(client, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    elsewhere = client.application.test_client()
    login(elsewhere, user)
    login(client, user)
    assert change_password(client, "another-long-password").status_code == 302
    assert client.get("/admin/demo/").status_code == 200
    ended = elsewhere.get("/admin/demo/")
    assert ended.status_code == 302 and "/login" in ended.headers["Location"]


def _set_password_on_the_accounts_page(client, user, role, territory):
    """An administrator gives ``user`` a new password, the rest of the account unchanged."""
    return submit(
        client,
        f"/admin/users/{user.id}/edit",
        {
            "email": user.email,
            "display_name": user.display_name,
            "role": role,
            "territory_ids": [territory.id],
            "is_active": "y",
            "password": "a-brand-new-long-password",
        },
    )


def test_an_administrators_reset_ends_the_accounts_sessions(client, make_user, demo_territory):
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    theirs = client.application.test_client()
    login(theirs, user)
    login(client, make_user(role=Role.ADMIN, territories=[demo_territory]))
    response = _set_password_on_the_accounts_page(client, user, "facilitator", demo_territory)
    assert response.status_code == 302
    assert theirs.get("/admin/demo/").status_code == 302


def test_guessing_the_current_password_is_throttled(limited_app, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    client = client_from(limited_app, "10.3.0.1")
    login(client, user)
    for _ in range(5):
        page = submit(
            client,
            "/admin/password?lang=en",
            {
                "current_password": "guess-number-one",
                "new_password": "another-long-password",
                "confirm": "another-long-password",
            },
        )
        assert page.status_code == 422
    # Five wrong guesses: the right one is now refused too.
    refused = change_password(client, "another-long-password", language="en")
    assert refused.status_code == 429
    assert "Too many attempts for this account." in refused.get_data(as_text=True)


def test_attempts_sent_all_at_once_cannot_slip_past_the_limit(
    limited_app, make_user, demo_territory
):
    email = make_user(territories=[demo_territory]).email

    def attempt(number):
        client = client_from(limited_app, f"10.4.0.{number}")
        data = {"email": email, "password": "wrong-password-123"}
        return submit(client, "/login", data).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(attempt, range(20)))
    assert statuses.count(401) == 5, statuses
    assert statuses.count(429) == 15, statuses


def test_logout_forgets_a_half_done_enrolment(client, make_user, demo_territory):
    login(client, make_user(role=Role.COORDINATOR, territories=[demo_territory]))
    client.get("/admin/two-step")
    with client.session_transaction() as session:
        assert session.get(ENROLMENT_SECRET)
    submit(client, "/logout", {}, page_url="/admin/demo/")
    with client.session_transaction() as session:
        assert ENROLMENT_SECRET not in session


def test_an_administrator_setting_their_own_password_stays_logged_in(
    client, make_user, demo_territory
):
    admin = make_user(role=Role.ADMIN, territories=[demo_territory])
    elsewhere = client.application.test_client()
    login(elsewhere, admin)
    login(client, admin)
    response = _set_password_on_the_accounts_page(client, admin, "admin", demo_territory)
    assert response.status_code == 302
    assert client.get("/admin/users/").status_code == 200
    assert elsewhere.get("/admin/users/").status_code == 302


def test_typos_before_a_right_current_password_do_not_lock_the_next_login(
    limited_app, make_user, demo_territory
):
    user = make_user(territories=[demo_territory])
    client = client_from(limited_app, "10.3.1.1")
    login(client, user)
    data = {"new_password": "another-long-password", "confirm": "another-long-password"}
    for _ in range(3):
        wrong = submit(client, "/admin/password", {"current_password": "typo-typo-1", **data})
        assert wrong.status_code == 422
    assert change_password(client, "another-long-password").status_code == 302
    fresh = client_from(limited_app, "10.3.1.2")
    for _ in range(4):
        bad = submit(fresh, "/login", {"email": user.email, "password": "wrong-password-123"})
        assert bad.status_code == 401
    # Three typos, then a right password: the count started again, so a fifth try is allowed.
    login(fresh, user, "another-long-password")
