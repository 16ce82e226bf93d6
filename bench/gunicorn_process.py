"""gunicorn serving the app on a free loopback port, with its workers' ids at hand so a
fault can kill one."""

import contextlib
import http.client
import os
import signal
import subprocess
import time
from pathlib import Path

from server import ROOT, VENV_BIN, free_port


class Gunicorn:
    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process = process
        self.port = port
        self.log = log

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def kill_one_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def wait_for_replacement(self, dead: int, count: int, timeout: float = 30) -> float:
        """Seconds until ``count`` workers run again without ``dead`` (gunicorn reaps a killed
        worker and starts another)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            pids = self.worker_pids()
            if dead not in pids and len(pids) >= count:
                return time.monotonic() - started
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not get back to {count} workers")

    def errors_logged(self, lines: int = 80) -> list[str]:
        """gunicorn's log without the expected warnings (a 503 while the database was away):
        the tracebacks of whatever else went wrong."""
        kept, in_warning = [], False
        for line in self.log.read_text(errors="replace").splitlines():
            if line.startswith("["):
                in_warning = "WARNING" in line
            if not in_warning:
                kept.append(line)
        return kept[-lines:]


def wait_until_serving(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            connection.close()
            return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


@contextlib.contextmanager
def gunicorn(env: dict, workers: int, log: Path):
    """Yields a Gunicorn with ``workers`` sync workers; stops it on exit, whatever happened."""
    port = free_port()
    env = {**env, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "--workers", str(workers),
                "--worker-class", "sync",
                "--bind", f"127.0.0.1:{port}",
                "--backlog", "2048",
                "--log-level", "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            # Its own session: a Ctrl-C reaches this script, which then stops gunicorn in order.
            start_new_session=True,
        )  # fmt: skip
        try:
            wait_until_serving(port)
            yield Gunicorn(process, port, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
