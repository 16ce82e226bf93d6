"""What restore refuses, and the database it leaves exactly as it was."""

import gzip
import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from consult.backup.revision import code_head
from consult.extensions import db
from tests.backup.helpers import fill_every_table, snapshot

# The revision the tests put back after pretending the database is behind.


def _back_to_head(connection) -> None:
    """Undo a test's rewind of the database's revision, whatever the head is now."""
    connection.execute(text(f"UPDATE alembic_version SET version_num = '{code_head()}'"))


@pytest.fixture
def filled(demo_territory):
    fill_every_table(demo_territory)
    db.session.close()
    return snapshot(db.engine)


@pytest.fixture
def backup_file(runner, filled, tmp_path) -> Path:
    path = tmp_path / "backup.jsonl.gz"
    result = runner.invoke(args=["consult", "backup", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _rewrite(source: Path, change) -> Path:
    """A copy of the backup with its lines changed by ``change(lines) -> lines``."""
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        kept = change([json.loads(line) for line in lines])
    target = source.with_name("changed.jsonl.gz")
    with gzip.open(target, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in kept)
    return target


def _restore(runner, path: Path, *options: str):
    return runner.invoke(args=["consult", "restore", *options, str(path)])


def _refused(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert "The database was left unchanged." in result.output
    for word in words:
        assert word in result.output, result.output


def test_refuses_a_database_that_is_not_empty_unless_forced(runner, filled, backup_file):
    result = _restore(runner, backup_file)
    _refused(result, "not empty", "--force", "territories (1)")
    assert snapshot(db.engine) == filled

    forced = _restore(runner, backup_file, "--force")
    assert forced.exit_code == 0, forced.output
    assert snapshot(db.engine) == filled


def test_refuses_a_backup_from_another_revision(runner, filled, backup_file):
    def older(lines):
        lines[0]["alembic_revision"] = "0006"
        return lines

    result = _restore(runner, _rewrite(backup_file, older), "--force")
    _refused(result, "taken at revision 0006", "flask db upgrade", "downgrade")
    assert snapshot(db.engine) == filled


def _current_revision() -> str:
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def _set_revision(revision: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})


def test_refuses_a_database_behind_the_code(runner, app, filled, backup_file):
    # Put back as it was (the newest migration), whichever number that is.
    _set_revision("0006")
    try:
        result = _restore(runner, backup_file, "--force")
        _refused(result, "database is at revision 0006", "flask db upgrade")
        assert snapshot(db.engine) == filled
    finally:
        with db.engine.begin() as connection:
            _back_to_head(connection)


def test_a_truncated_file_changes_nothing(runner, filled, backup_file):
    data = backup_file.read_bytes()
    backup_file.write_bytes(data[: len(data) * 2 // 3])
    result = _restore(runner, backup_file, "--force")
    _refused(result, "truncated or corrupt")
    assert snapshot(db.engine) == filled


def test_a_corrupt_file_changes_nothing(runner, filled, backup_file):
    data = bytearray(backup_file.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(byte ^ 0xFF for byte in data[middle : middle + 16])
    backup_file.write_bytes(bytes(data))
    result = _restore(runner, backup_file, "--force")
    _refused(result, "corrupt")
    assert snapshot(db.engine) == filled


def test_a_file_cut_between_two_lines_changes_nothing(runner, filled, backup_file):
    """Gzip cannot tell; the missing last line (the row counts) does."""
    result = _restore(runner, _rewrite(backup_file, lambda lines: lines[:-1]), "--force")
    _refused(result, "stops before its last line")
    assert snapshot(db.engine) == filled


def test_a_missing_row_is_caught_by_the_counts(runner, filled, backup_file):
    def drop_one_answer(lines):
        # The last answer: no moderation event refers to it.
        index = lines.index({"table": "moderation_events"})
        return lines[: index - 1] + lines[index:]

    result = _restore(runner, _rewrite(backup_file, drop_one_answer), "--force")
    _refused(result, "row counts do not match")
    assert snapshot(db.engine) == filled


def test_a_row_the_database_refuses_rolls_everything_back(runner, filled, backup_file):
    """Tables before it were already inserted, and the database emptied: all undone."""

    def dangling_answer(lines):
        index = lines.index({"table": "answers"})
        lines[index + 1][1] = 999_999  # response_id of a response that is not there
        return lines

    result = _restore(runner, _rewrite(backup_file, dangling_answer), "--force")
    _refused(result, "refused a row of answers")
    assert snapshot(db.engine) == filled


def test_refuses_a_file_that_is_not_a_backup(runner, filled, tmp_path):
    path = tmp_path / "notes.gz"
    with gzip.open(path, "wt") as out:
        out.write('{"hello": "world"}\n')
    _refused(_restore(runner, path, "--force"), "is not a backup of this app")
    _refused(_restore(runner, tmp_path / "missing.gz"), "no such file")
    assert snapshot(db.engine) == filled


def test_backup_is_private_and_replaces_the_old_one_only_when_complete(runner, filled, tmp_path):
    path = tmp_path / "nightly.jsonl.gz"
    previous_umask = os.umask(0o022)
    try:
        first = runner.invoke(args=["consult", "backup", str(path)])
        assert first.exit_code == 0, first.output
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        good = path.read_bytes()

        # A backup that cannot be taken leaves the last good one as it was, and no scraps.
        _set_revision("0006")
        try:
            failed = runner.invoke(args=["consult", "backup", str(path)])
        finally:
            with db.engine.begin() as connection:
                _back_to_head(connection)
        assert failed.exit_code == 1 and "flask db upgrade" in failed.output
        assert path.read_bytes() == good
        assert list(tmp_path.iterdir()) == [path]
    finally:
        os.umask(previous_umask)
