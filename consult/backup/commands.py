"""The `flask consult backup` and `flask consult restore` commands."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from consult.backup.dump import write_backup
from consult.backup.fileformat import BackupError
from consult.backup.load import restore_backup


def _human_size(size: int) -> str:
    for unit in ("bytes", "kB", "MB"):
        if size < 1000:
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def _print_counts(counts: dict[str, int]) -> None:
    for name, count in counts.items():
        click.echo(f"  {name:<32} {count:>10,} rows")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path):
    """Write every table to PATH (gzip'd JSON lines, readable by its owner only)."""
    try:
        summary = write_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    _print_counts(summary.counts)
    click.echo(
        f"Backup written: {summary.path} ({_human_size(summary.size)}, "
        f"{sum(summary.counts.values()):,} rows in {len(summary.counts)} tables, "
        f"revision {summary.revision}, {summary.seconds:.1f} s)."
    )


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Delete everything in the database first.")
@with_appcontext
def restore_command(path: Path, force: bool):
    """Restore the backup in PATH into the configured database, all or nothing."""
    try:
        summary = restore_backup(path, force=force)
    except BackupError as error:
        raise click.ClickException(f"{error} The database was left unchanged.") from error
    _print_counts(summary.counts)
    click.echo(
        f"Restored {sum(summary.counts.values()):,} rows in {len(summary.counts)} tables "
        f"(revision {summary.revision}, {summary.seconds:.1f} s)."
    )
