"""A throwaway PostgreSQL cluster on loopback: initdb in a temporary directory, a free port,
stopped and deleted on exit. PostgreSQL refuses to run as root, so as root it runs as the
``postgres`` user (as .ci/run does)."""

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from server import free_port


def _binaries() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    return Path(initdb).parent


class Cluster:
    def __init__(self, directory: Path, port: int, fsync: bool):
        self.bin = _binaries()
        self.directory = directory
        self.data = directory / "data"
        self.port = port
        self.fsync = fsync
        self.user = "postgres" if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/consult_bench"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def _server_options(self) -> str:
        return (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            f"-c fsync={'on' if self.fsync else 'off'}"
        )

    def version(self) -> str:
        return self._run("postgres", "--version").stdout.strip()

    def _pg_ctl(self, action: str, *options: str) -> None:
        log = str(self.directory / "log")
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", log, "-w", *options,
            "-o", self._server_options(), action,
        )  # fmt: skip

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self, mode: str) -> None:
        """fast: sessions are disconnected, their transactions rolled back, a checkpoint is
        written. immediate: the server stops like a crash and recovers from its WAL."""
        self._pg_ctl("restart", "-m", mode)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)

    def psql(self, sql: str) -> str:
        return self._run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "consult_bench",
            "-At",
            "-c",
            sql,
        ).stdout


@contextlib.contextmanager
def throwaway_cluster(fsync: bool = True):
    """Yields a running Cluster with an empty database ``consult_bench``."""
    directory = Path(tempfile.mkdtemp(prefix="consult-bench-pg."))
    cluster = Cluster(directory, free_port(), fsync)
    try:
        if cluster.user:
            entry = pwd.getpwnam(cluster.user)
            os.chown(directory, entry.pw_uid, entry.pw_gid)
        cluster._run(
            "initdb",
            "-D",
            str(cluster.data),
            "--auth=trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
        )
        cluster.start()
        cluster._run(
            "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "consult_bench",
        )
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)
