"""Deleting an action, orientation, axis or anything else answers point to never scans every
answer: each of answers' foreign keys leads an index (PostgreSQL gives a foreign key none of its
own, and each delete of a referenced row looks its answers up by that column)."""

from sqlalchemy import inspect

from consult.extensions import db


def unindexed_foreign_keys(table: str) -> list[str]:
    inspector = inspect(db.engine)
    leading = {index["column_names"][0] for index in inspector.get_indexes(table)}
    leading |= {unique["column_names"][0] for unique in inspector.get_unique_constraints(table)}
    leading |= set(inspector.get_pk_constraint(table)["constrained_columns"][:1])
    return [
        key["constrained_columns"][0]
        for key in inspector.get_foreign_keys(table)
        if key["constrained_columns"][0] not in leading
    ]


def test_every_foreign_key_of_answers_leads_an_index(app_context):
    assert unindexed_foreign_keys("answers") == []
