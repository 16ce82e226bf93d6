"""Back up, empty, restore: every row comes back as it was, and new rows get fresh ids."""

import stat

from sqlalchemy import Text, cast, func, select

from consult.consultation.models import Response
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.review.models import ModerationEvent
from tests.backup.helpers import ARABIC_WITH_EMOJI, empty_every_table, fill_every_table, snapshot


def test_round_trip_restores_every_row(app, runner, demo_territory, tmp_path):
    fill_every_table(demo_territory)
    before = snapshot(db.engine)
    assert all(before[name] for name in before), [name for name in before if not before[name]]
    db.session.close()

    path = tmp_path / "consult.jsonl.gz"
    backup = runner.invoke(args=["consult", "backup", str(path)])
    assert backup.exit_code == 0, backup.output
    assert "Backup written" in backup.output and "revision" in backup.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [path], "no temporary file left behind"

    empty_every_table(db.engine)
    assert not any(snapshot(db.engine).values())

    restore = runner.invoke(args=["consult", "restore", str(path)])
    assert restore.exit_code == 0, restore.output
    total = sum(len(rows) for rows in before.values())
    assert f"Restored {total:,} rows in {len(before)} tables" in restore.output

    after = snapshot(db.engine)
    for name, rows in before.items():
        assert after[name] == rows, name

    # The Arabic with emoji and the two kinds of null, read back through the models.
    assert db.session.scalar(select(func.count()).where(Response.group_audiences.is_(None))) == 1
    json_texts = db.session.scalars(
        select(cast(Response.group_audiences, Text)).order_by(Response.client_token)
    ).all()
    assert json_texts == [None, '["young_11_15", "parent"]', "null"]
    assert any(ARABIC_WITH_EMOJI in row for row in after["answers"])

    # A new row in tables with an autoincrement id takes an id after the restored ones
    # (on PostgreSQL the sequences were back at 1 before the restore).
    territory = Territory(slug="new-after-restore", name="Nouveau territoire")
    db.session.add(territory)
    db.session.commit()
    assert territory.id > max(row[0] for row in before["territories"])
    event = ModerationEvent(answer_id=after["answers"][0][0], decision="hide")
    db.session.add(event)
    db.session.commit()
    assert event.id > max(row[0] for row in before["moderation_events"])
