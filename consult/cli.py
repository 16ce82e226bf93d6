"""``flask consult ...`` commands."""

import json
import stat
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import make_url, select

from consult.accounts import operations as account_operations
from consult.accounts import throttle
from consult.accounts.roles import Role
from consult.backup.commands import backup_command, restore_command
from consult.consultation.demo import load_demo_consultation
from consult.core.operations import OperationRefused
from consult.diagnostic.demo import load_demo_territory
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.governance.demo import load_demo_governance
from consult.privacy.cli import purge

DEMO_ACCOUNTS = (
    ("coordinator@demo.example", "Coordinatrice démo", Role.COORDINATOR),
    ("admin@demo.example", "Administrateur démo", Role.ADMIN),
)


@click.group("consult")
def consult_cli():
    """Consultation app commands."""


consult_cli.add_command(purge)
consult_cli.add_command(backup_command)
consult_cli.add_command(restore_command)


# What load-demo prints when a demo password no longer works (or is not known here).
RESET_HINT = "New demo passwords: make demo-logins  (or: flask consult demo-logins --reset)"


def _credentials_file() -> Path:
    return Path(current_app.instance_path) / "demo-credentials.json"


def _database_key() -> str:
    """Which database a demo password belongs to: its URL, without any password in it.

    One instance folder may serve several databases (another DATABASE_URL, a throwaway one);
    each keeps its own demo logins.
    """
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return url.render_as_string(hide_password=True)


def _read_file() -> dict:
    path = _credentials_file()
    try:
        stored = json.loads(path.read_text()) if path.exists() else {}
    except ValueError:
        return {}
    return stored if isinstance(stored, dict) else {}


def _read_credentials() -> dict[str, dict[str, str]]:
    return {key: value for key, value in _read_file().items() if isinstance(value, dict)}


def _known_logins() -> dict[str, str]:
    """This database's demo passwords as last set here (not yet checked against it).

    A file from before logins were kept per database holds e-mail -> password: its passwords
    are tried too, and kept for this database where they log in.
    """
    stored = _read_file()
    earlier = {key: value for key, value in stored.items() if isinstance(value, str)}
    return dict(stored.get(_database_key()) or earlier)


def _remember_logins(logins: dict[str, str]) -> None:
    """Kept in the instance folder, readable by its owner only, so later runs print them
    again; the other databases' entries are left as they are."""
    stored = _read_credentials()
    stored[_database_key()] = logins
    path = _credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=stat.S_IRUSR | stat.S_IWUSR, exist_ok=True)
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    path.write_text(json.dumps(stored, indent=2))


def _working_logins(known: dict[str, str]) -> dict[str, str]:
    """The known passwords that still open their demo account in this database."""
    working = {}
    for email, _, _ in DEMO_ACCOUNTS:
        user = account_operations.find_by_email(email)
        if user is not None and email in known and user.check_password(known[email]):
            working[email] = known[email]
    return working


def _demo_accounts(territory: Territory) -> dict[str, str]:
    """Make sure the demo accounts exist; return the passwords that log in to them."""
    known = _known_logins()
    for email, name, role in DEMO_ACCOUNTS:
        if account_operations.find_by_email(email) is None:
            password = account_operations.generate_password()
            account_operations.save_user(
                None,
                email=email,
                display_name=name,
                role=role.value,
                territories=[territory],
                password=password,
            )
            known[email] = password
    return _working_logins(known)


def _echo_logins(logins: dict[str, str]) -> None:
    for email, _, _ in DEMO_ACCOUNTS:
        if email in logins:
            click.echo(f"  login: {email}   password: {logins[email]}")
        else:
            click.echo(f"  login: {email}   password: changed (or not set from this folder)")
    if len(logins) < len(DEMO_ACCOUNTS):
        click.echo(RESET_HINT)


@consult_cli.command("load-demo")
@with_appcontext
def load_demo():
    """Load the demo territory from the diagnostic, and its demo accounts (idempotent)."""
    territory, created = load_demo_territory()
    load_demo_governance(territory)
    load_demo_consultation(territory)
    logins = _demo_accounts(territory)
    db.session.commit()
    _remember_logins(logins)
    click.echo(
        "Demo territory loaded." if created else "Demo territory already there: left unchanged."
    )
    _echo_logins(logins)


@consult_cli.command("demo-logins")
@click.option(
    "--reset",
    is_flag=True,
    help="Set new passwords on the demo accounts (and on no other account), then print them.",
)
@with_appcontext
def demo_logins(reset):
    """Print the demo accounts' logins that work on this database."""
    accounts = {email: account_operations.find_by_email(email) for email, _, _ in DEMO_ACCOUNTS}
    if not any(accounts.values()):
        raise click.ClickException("No demo account in this database: run load-demo first.")
    logins = _working_logins(_known_logins())
    if reset:
        for email, user in accounts.items():
            if user is None:
                continue
            password = account_operations.generate_password()
            user.set_password(password)
            # Earlier failed attempts (a bench, a forgotten password) must not lock it.
            throttle.forget_account_attempts(email)
            logins[email] = password
        db.session.commit()
    _remember_logins(logins)
    _echo_logins(logins)
    for email, user in accounts.items():
        if user is not None and not user.is_active:
            click.echo(f"  {email} is deactivated: an administrator can reactivate it.")
        if user is not None and user.totp_secret:
            click.echo(f"  {email} asks for a two-step code after the password.")


@consult_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--territory", "territory_slugs", multiple=True, help="Territory slug; repeatable.")
@click.option("--password", help="At least 12 characters; generated and printed when omitted.")
@with_appcontext
def create_user(email, display_name, role, territory_slugs, password):
    """Create a staff account."""
    territories = []
    for slug in territory_slugs:
        territory = db.session.scalar(select(Territory).filter_by(slug=slug))
        if territory is None:
            raise click.ClickException(f"No territory '{slug}'.")
        territories.append(territory)
    generated = password is None
    password = password or account_operations.generate_password()
    try:
        account_operations.save_user(
            None,
            email=email,
            display_name=display_name,
            role=role,
            territories=territories,
            password=password,
        )
    except OperationRefused as refusal:
        raise click.ClickException(str(refusal)) from refusal
    db.session.commit()
    click.echo(f"Account created: {email.strip().lower()} ({role}).")
    if generated:
        click.echo(f"Password: {password}")


@consult_cli.command("generate-synthetic")
@click.option("--responses", default=100_000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--territory", "territory_slug", default="demo", show_default=True)
@with_appcontext
def generate_synthetic(responses, territory_slug):
    """Add a realistic synthetic load to the territory's first consultation (for benchmarks)."""
    from consult.consultation.models import Consultation
    from consult.review.synthetic import generate

    territory = db.session.scalar(select(Territory).filter_by(slug=territory_slug))
    if territory is None:
        raise click.ClickException(f"No territory '{territory_slug}'. Run load-demo first.")
    consultation = db.session.scalar(
        select(Consultation).filter_by(territory_id=territory.id).order_by(Consultation.id)
    )
    if consultation is None:
        raise click.ClickException("The territory has no consultation.")
    added = generate(consultation, responses)
    click.echo(f"Added {added} synthetic responses to '{consultation.title.get('fr')}'.")


@consult_cli.command("check")
@with_appcontext
def check_command():
    """Report what is misconfigured for production; exit 1 if anything must be fixed."""
    from consult.core.checks import ERROR, run_checks

    findings = run_checks(current_app)
    environment = "production" if current_app.config["IS_PRODUCTION"] else "development"
    click.echo(f"Environment: {environment}")
    for finding in findings:
        click.echo(f"  [{finding.level:7}] {finding.subject}: {finding.message}")
    errors = [finding for finding in findings if finding.level == ERROR]
    if errors:
        raise click.ClickException(f"{len(errors)} problem(s) to fix before serving families.")
    click.echo("Nothing blocks serving.")
