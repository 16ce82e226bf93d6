"""``flask consult purge``: registered on the ``consult`` command group in consult/cli.py."""

from datetime import date

import click
from flask.cli import with_appcontext

from consult.core.db import commit
from consult.extensions import db
from consult.privacy import operations


@click.command("purge")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Act as if today were this day (YYYY-MM-DD): to check a date, or in tests.",
)
@click.option("--dry-run", is_flag=True, help="Print what would be deleted; change nothing.")
@with_appcontext
def purge(today, dry_run):
    """Delete families' written answers once each consultation's retention period is over.

    Keeps every count and the coded model (priorities, chosen actions, SWOT coding)."""
    day = today.date() if today else date.today()
    purges = operations.purge_due(day, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    elif not commit():
        raise click.ClickException("The database refused the purge; nothing was deleted.")
    heading = "Dry run: nothing is deleted." if dry_run else "Purge done."
    click.echo(f"{heading} Day: {day.isoformat()}.")
    for item in purges:
        click.echo("  " + item.describe(dry_run=dry_run))
    texts = sum(item.texts for item in purges)
    verb = "would be" if dry_run else "were"
    click.echo(
        f"{len(purges)} consultation(s) past their retention period; "
        f"{texts} written answer(s) {verb} deleted."
    )
