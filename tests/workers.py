"""The suite runs on several workers (pytest-xdist): each gets a database and a Redis
database of its own, so that emptying tables after a test never empties another's."""

import os
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def worker_number() -> int | None:
    """0, 1, … under xdist (its workers are named gw0, gw1, …); None in a single process."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(name[2:]) if name.startswith("gw") else None


def worker_database(url: str) -> str:
    """The given PostgreSQL database for a single process; ``<name>_gwN``, created on the
    same server when missing, for worker N."""
    number = worker_number()
    if number is None:
        return url
    given = make_url(url)
    own_name = f"{given.database}_gw{number}"
    server = create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own_name}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{own_name}"'))
    finally:
        server.dispose()
    return given.set(database=own_name).render_as_string(hide_password=False)


def worker_redis(url: str) -> str:
    """Worker N counts in database N + 1 of the given Redis (16 by default): the given one
    for a single process."""
    number = worker_number()
    if number is None:
        return url
    parts = urlsplit(url)
    given = parts.path.strip("/")
    first = int(given) if given.isdigit() else 0
    return urlunsplit(parts._replace(path=f"/{(first + number + 1) % 16}"))
