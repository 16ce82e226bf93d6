"""What a bench's figures were taken on: cores, CPU, Python, the database engine and its
version, and the load when the run began (the machine is often shared)."""

import os
import platform
from pathlib import Path

from sqlalchemy import text

from consult.extensions import db


def describe(app) -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    with app.app_context():
        engine = db.engine.dialect.name
        version_query = "SELECT sqlite_version()" if engine == "sqlite" else "SELECT version()"
        version = db.session.execute(text(version_query)).scalar()
        db.session.remove()
    return {
        "platform": platform.platform(),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "engine": f"{engine} {version.split(' on ')[0]}",
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }
