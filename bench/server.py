"""Start the app under gunicorn on loopback, on a fresh database with the demo loaded."""

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
def gunicorn(app: str = "wsgi:app", workers: int = 2, database_url: str | None = None):
    """Yields (base_url, env) of a gunicorn serving ``app`` on a throwaway database."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {
            **os.environ,
            "FLASK_APP": "wsgi.py",
            "SECRET_KEY": "bench-secret",
            "DATABASE_URL": database_url or f"sqlite:///{tmp}/bench.db",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "PYTHONPATH": str(ROOT),
        }
        prepare_database(env)
        process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                app,
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", port), 0.2),
                ):
                    break
                time.sleep(0.1)
            yield f"http://127.0.0.1:{port}", env
        finally:
            process.terminate()
            process.wait(timeout=10)


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
