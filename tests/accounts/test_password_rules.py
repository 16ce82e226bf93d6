"""Passwords: long, not common, not built from the account's e-mail; wherever one is set."""

import pytest
from sqlalchemy import select

from consult.accounts.models import User
from consult.accounts.password_rules import common_passwords, password_problem
from consult.accounts.roles import Role
from consult.extensions import db
from tests.accounts.helpers import change_password
from tests.conftest import PASSWORD, login, submit


@pytest.fixture
def request_context(app):
    # Messages in English: their ids.
    with app.test_request_context("/login?lang=en"):
        yield


def test_the_list_is_large_lowercase_and_speaks_french(request_context):
    listed = common_passwords()
    assert len(listed) > 3000
    assert all(entry == entry.lower() and entry.strip() == entry for entry in listed)
    for french in ("azerty", "motdepasse", "soleil", "doudou", "marseille", "azertyuiop"):
        assert french in listed


@pytest.mark.parametrize(
    "password",
    [
        "motdepasse2024!",  # a listed word with the usual ending
        "M0tDeP@sse123",  # letter swaps
        "Marseille13006!",
        "soleilsoleil",  # a word twice
        "azertyuiopqsdf",  # keyboard row
        "123456789012",  # digit run
        "1234-5678-9012",
        "abcdefghijklmn",
        "P@ssw0rd12345",
        "iloveyou2024!!",
    ],
)
def test_common_passwords_are_refused(request_context, password):
    assert "attacker" in password_problem(password)


def test_one_repeated_character_is_refused(request_context):
    assert "one character" in password_problem("aaaaaaaaaaaaaa")


def test_the_email_name_is_refused(request_context):
    email = "jean.dupont@example.org"
    assert "e-mail" in password_problem("Jean.Dupont-est-la", email)
    assert "e-mail" in password_problem("my dupont secret phrase", email)
    assert password_problem("my dupont secret phrase", "samia@example.org") is None


@pytest.mark.parametrize(
    "password", [PASSWORD, "Ab3x-9kQz-TT7r-pL2w", "soleil de marseille en hiver"]
)
def test_long_unusual_passwords_pass(request_context, password):
    assert password_problem(password, "someone@example.org") is None


def test_change_password_refuses_a_common_one_next_to_the_field(client, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    login(client, user)
    response = change_password(client, "motdepasse2024!", language="en")
    assert response.status_code == 422
    assert "among the first ones an attacker tries" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)


def test_change_password_refuses_the_email_name_in_french(client, make_user, demo_territory):
    user = make_user(territories=[demo_territory], email="samia.benali@example.org")
    login(client, user)
    response = change_password(client, "benali-rue-des-lilas")
    assert response.status_code == 422
    assert "adresse e-mail" in response.get_data(as_text=True)


def test_admin_cannot_create_an_account_with_a_common_password(client, make_user, demo_territory):
    login(client, make_user(role=Role.ADMIN, territories=[demo_territory]))
    response = submit(
        client,
        "/admin/users/new?lang=en",
        {
            "email": "nouvelle@example.org",
            "display_name": "Nouvelle",
            "role": "coordinator",
            "territory_ids": [demo_territory.id],
            "password": "azertyazerty",
        },
    )
    assert response.status_code == 422
    assert "attacker" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).filter_by(email="nouvelle@example.org")) is None


def test_create_user_command_refuses_a_common_password(runner, app_context):
    result = runner.invoke(
        args=[
            "consult",
            "create-user",
            "--email",
            "coord@example.org",
            "--name",
            "Coord",
            "--role",
            "coordinator",
            "--password",
            "motdepasse123456",
        ]
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(User).filter_by(email="coord@example.org")) is None


def test_create_user_command_refuses_one_repeated_character(runner, app_context):
    result = runner.invoke(
        args=[
            *("consult", "create-user", "--email", "c@example.org", "--name", "C"),
            *("--role", "admin", "--password", "zzzzzzzzzzzzzzzz"),
        ]
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(User).filter_by(email="c@example.org")) is None


def test_generated_passwords_pass_the_rules(request_context):
    from consult.accounts.operations import generate_password

    for _ in range(50):
        assert password_problem(generate_password(), "admin@demo.example") is None


@pytest.mark.parametrize(
    "password",
    [
        "citeeducative2024",
        "Consult2024!!",
        "C1t3-Educat1ve!",
        "Cité Éducative 93!",
        "consultation-2025",
        "lagune-lagune-2025",  # the territory's name
        "Lagune2025Lagune!",
        "CiteLagune1234567",  # the app's and the territory's words together
        "Rosalinde-2025!!",  # the person's name
    ],
)
def test_the_site_s_own_words_are_refused(request_context, make_territory, password):
    from consult.accounts.operations import password_context

    territory = make_territory(slug="lagune", name="Cité éducative de la Lagune")
    context = password_context("Rosalinde Martin", [territory])
    problem = password_problem(password, "r.martin@example.org", context)
    assert problem and "this site's words" in problem, (password, problem)


@pytest.mark.parametrize(
    "password",
    ["monchatconsulteletranquille", "la-lagune-aux-herons-bleus", "correct-horse-battery-staple"],
)
def test_a_passphrase_that_merely_contains_one_passes(request_context, make_territory, password):
    from consult.accounts.operations import password_context

    territory = make_territory(slug="lagune", name="Cité éducative de la Lagune")
    assert (
        password_problem(password, "r.martin@example.org", password_context("Rosa", [territory]))
        is None
    )


def test_a_coordinator_cannot_give_a_team_member_the_territory_s_name(
    client, make_territory, make_user
):
    territory = make_territory(slug="lagune", name="Cité éducative de la Lagune")
    login(client, make_user(role=Role.COORDINATOR, territories=[territory]))
    response = submit(
        client,
        "/admin/lagune/team/new?lang=en",
        {"email": "sam@example.org", "display_name": "Sam", "role": "facilitator",
         "password": "Lagune-2025-Lagune!"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "this site&#39;s words" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).filter_by(email="sam@example.org")) is None


def test_one_s_own_new_password_may_not_be_the_territory_s_name(client, make_user, make_territory):
    territory = make_territory(slug="delta", name="Cité éducative du Delta")
    login(client, make_user(role=Role.FACILITATOR, territories=[territory]))
    response = change_password(client, "Delta-Delta-2025!", language="en")
    assert response.status_code == 422
    assert "this site&#39;s words" in response.get_data(as_text=True)
