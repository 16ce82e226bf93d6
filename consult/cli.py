"""``flask consult ...`` commands."""

import json
import stat
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from consult.accounts import operations as account_operations
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


def _credentials_file() -> Path:
    return Path(current_app.instance_path) / "demo-credentials.json"


def _demo_accounts(territory: Territory) -> list[tuple[str, str | None]]:
    """Make sure the demo accounts exist; return each e-mail with its known password.

    Passwords are generated on first load and kept in ``instance/`` (readable by its owner
    only) so later runs can print them again; a password changed since is not shown.
    """
    path = _credentials_file()
    known = json.loads(path.read_text()) if path.exists() else {}
    shown = []
    for email, name, role in DEMO_ACCOUNTS:
        user = account_operations.find_by_email(email)
        if user is None:
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
        password = known.get(email)
        if user is not None and (password is None or not user.check_password(password)):
            password = None
        shown.append((email, password))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(known))
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    return shown


@consult_cli.command("load-demo")
@with_appcontext
def load_demo():
    """Load the demo territory from the diagnostic, and its demo accounts (idempotent)."""
    territory, created = load_demo_territory()
    load_demo_governance(territory)
    load_demo_consultation(territory)
    accounts = _demo_accounts(territory)
    db.session.commit()
    click.echo(
        "Demo territory loaded." if created else "Demo territory already there: left unchanged."
    )
    for email, password in accounts:
        if password:
            click.echo(f"  login: {email}   password: {password}")
        else:
            click.echo(f"  login: {email}   password: changed since the demo was loaded")


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
