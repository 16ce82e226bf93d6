"""Pieces shared by the authentication tests."""

from tests.conftest import PASSWORD, submit


def client_from(app, address: str):
    """A browser on its own network address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def change_password(client, new_password: str, language: str = "fr"):
    """The logged-in user changes their password on the form, typing it twice."""
    return submit(
        client,
        f"/admin/password?lang={language}",
        {"current_password": PASSWORD, "new_password": new_password, "confirm": new_password},
    )
