"""The demo logins printed by `make run` open the demo of the database they were printed for,
whatever a bench, a test or another database did in between."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from flask_migrate import upgrade

from consult import PROJECT_ROOT, create_app
from consult.accounts.operations import find_by_email
from consult.extensions import db
from tests.conftest import submit

DEMO_EMAILS = {"coordinator@demo.example", "admin@demo.example"}
LOGIN_LINE = re.compile(r"login: (\S+)\s+password: (\S+-\S+-\S+-\S+)")


def printed_logins(output: str) -> dict[str, str]:
    return dict(LOGIN_LINE.findall(output))


def snapshot(folder: Path) -> dict[str, bytes] | None:
    """Every file of the folder, byte for byte (None when there is no folder)."""
    if not folder.exists():
        return None
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def assert_logins_work(app, logins: dict[str, str]) -> None:
    for email, password in logins.items():
        browser = app.test_client()
        response = submit(browser, "/login", {"email": email, "password": password})
        assert response.status_code == 302, (email, response.get_data(as_text=True))
        assert browser.get("/admin/").status_code in {200, 302}
        assert "/login" not in browser.get("/admin/").headers.get("Location", "")


def test_the_tests_have_an_instance_folder_of_their_own(app):
    assert Path(app.instance_path) != PROJECT_ROOT / "instance"
    assert os.environ["CONSULT_INSTANCE_PATH"] == app.instance_path


def test_a_bench_leaves_the_instance_folder_and_the_demo_alone(app, runner, app_context):
    logins = printed_logins(runner.invoke(args=["consult", "load-demo"]).output)
    assert set(logins) == DEMO_EMAILS
    instance = Path(app.instance_path)
    before = snapshot(instance), snapshot(PROJECT_ROOT / "instance")
    assert before[0], "load-demo kept no login in the instance folder"

    # Started as a developer would, with the instance folder and database of the demo.
    bench = subprocess.run(
        [sys.executable, "bench/submit_throughput.py", "--smoke"],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "CONSULT_INSTANCE_PATH": str(instance),
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert bench.returncode == 0, bench.stdout + bench.stderr
    measured = json.loads(bench.stdout)["results"]
    assert measured["app_full_parent_path"]["stored_responses"] > 0

    assert (snapshot(instance), snapshot(PROJECT_ROOT / "instance")) == before
    again = runner.invoke(args=["consult", "load-demo"])
    assert printed_logins(again.output) == logins
    assert "password: changed" not in again.output
    assert_logins_work(app, logins)


def test_a_changed_demo_password_is_reported_and_reset_on_the_demo_accounts_only(
    app, runner, app_context, make_user
):
    runner.invoke(args=["consult", "load-demo"])
    coordinator = find_by_email("coordinator@demo.example")
    coordinator.set_password("a-password-the-coordinator-chose")
    colleague = make_user()
    colleague_hash = colleague.password_hash
    db.session.commit()

    reloaded = runner.invoke(args=["consult", "load-demo"])
    assert reloaded.exit_code == 0, reloaded.output
    assert "coordinator@demo.example   password: changed" in reloaded.output
    assert "flask consult demo-logins --reset" in reloaded.output
    assert set(printed_logins(reloaded.output)) == {"admin@demo.example"}

    reset = runner.invoke(args=["consult", "demo-logins", "--reset"])
    assert reset.exit_code == 0, reset.output
    logins = printed_logins(reset.output)
    assert set(logins) == DEMO_EMAILS
    assert_logins_work(app, logins)
    db.session.expire_all()
    assert colleague.password_hash == colleague_hash
    assert not coordinator.check_password("a-password-the-coordinator-chose")

    # From now on load-demo and demo-logins print the new ones.
    assert printed_logins(runner.invoke(args=["consult", "load-demo"]).output) == logins
    assert printed_logins(runner.invoke(args=["consult", "demo-logins"]).output) == logins


def test_each_database_keeps_its_own_demo_logins(app, runner, app_context, tmp_path):
    ours = printed_logins(runner.invoke(args=["consult", "load-demo"]).output)

    other = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.db'}"}
    )
    assert other.instance_path == app.instance_path
    with other.app_context():
        upgrade()
        loaded = other.test_cli_runner().invoke(args=["consult", "load-demo"])
        theirs = printed_logins(loaded.output)
        db.session.remove()
        db.engine.dispose()
    assert set(theirs) == DEMO_EMAILS and theirs != ours

    again = runner.invoke(args=["consult", "load-demo"])
    assert printed_logins(again.output) == ours
    assert_logins_work(app, ours)


def test_demo_logins_without_a_demo_says_what_to_run(runner, app_context):
    result = runner.invoke(args=["consult", "demo-logins", "--reset"])
    assert result.exit_code == 1
    assert "load-demo" in result.output


def test_logins_kept_before_they_were_per_database_are_still_printed(app, runner, app_context):
    logins = printed_logins(runner.invoke(args=["consult", "load-demo"]).output)
    credentials = Path(app.instance_path) / "demo-credentials.json"
    credentials.write_text(json.dumps({**logins, "admin@demo.example": "not-the-password"}))

    again = runner.invoke(args=["consult", "load-demo"]).output
    assert printed_logins(again) == {"coordinator@demo.example": logins["coordinator@demo.example"]}
    assert "flask consult demo-logins --reset" in again
    assert app.config["SQLALCHEMY_DATABASE_URI"].split("/")[-1] in credentials.read_text()
