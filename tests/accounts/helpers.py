"""Pieces shared by the authentication tests."""


def client_from(app, address: str):
    """A browser on its own network address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client
