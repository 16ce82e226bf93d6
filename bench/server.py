"""Start the app under gunicorn on loopback, on a fresh database with the demo loaded.

Everything a bench starts runs with its own instance folder and database: the developer's
instance/ (demo logins, secret key, SQLite database) is never read nor written."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(instance: Path, database_url: str | None = None, **extra: str) -> dict:
    """The environment of every process a bench starts."""
    return {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "SECRET_KEY": "bench-secret-" + "x" * 32,
        "DATABASE_URL": database_url or f"sqlite:///{instance}/bench.db",
        "CONSULT_INSTANCE_PATH": str(instance),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def prepare_database(env: dict) -> None:
    for command in (["db", "upgrade"], ["consult", "load-demo"]):
        subprocess.run(
            [str(VENV_BIN / "flask"), *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )


@contextlib.contextmanager
def throwaway_database(database_url: str | None = None, **extra: str):
    """Yields the env of a migrated database with the demo loaded, in a temporary instance
    folder removed on exit."""
    with tempfile.TemporaryDirectory(prefix="consult-bench.") as tmp:
        env = bench_env(Path(tmp), database_url, **extra)
        prepare_database(env)
        yield env


@contextlib.contextmanager
def serve(env: dict, app: str = "wsgi:app", workers: int = 2):
    """Yields the base URL of a gunicorn serving ``app`` with ``env``; stops it on exit."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            # The app is imported once, before the workers start: the first timed request
            # does not wait for a worker to import it.
            "--preload",
            app,
        ],
        cwd=ROOT,
        env={**env, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"},
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # A loaded machine can keep workers busy past the graceful stop: the bench's figures
            # are already taken, so the server need not finish what it was doing.
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def gunicorn(app: str = "wsgi:app", workers: int = 2, database_url: str | None = None):
    """Yields (base_url, env) of a gunicorn serving ``app`` on a throwaway database."""
    with throwaway_database(database_url) as env, serve(env, app, workers) as base:
        yield base, env


def demo_channel_token(env: dict) -> str:
    code = (
        "from consult import create_app\n"
        "from consult.consultation.models import Channel\n"
        "from consult.extensions import db\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    print(db.session.scalar(db.select(Channel.token).filter_by(kind='school_gate')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip().splitlines()[-1]
