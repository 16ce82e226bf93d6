"""A response's standing: whether it counts in figures. The one rule every figure obeys.

A response (and each of its answers, which copies the standing on insert) is `counted`, or
set apart: a `test` sent from a preview. Later standings that must not count either (answers
held back while a suspicious flood is looked at) join the vocabulary here and nothing else
changes: every figure source (results, participation, targets, exports, report, public
summary, board support, moderation) narrows its rows with `counts_in_figures()`, and
tests/review/test_standing.py checks each of them with a test answer present.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Standing(StrEnum):
    COUNTED = "counted"
    # Sent from a preview of the consultation; purged in one click.
    TEST = "test"
    # Arrived in a pattern no crowd of people makes (consultation/flood.py): kept, shown to
    # coordinators, counted only once one releases it.
    HELD = "held"
    # Held, then set aside for good by a coordinator: kept, never counted.
    DISCARDED = "discarded"


# The only standing whose rows reach a figure.
COUNTING = Standing.COUNTED

STANDING_LABELS = {
    Standing.COUNTED: _l("Counted"),
    Standing.TEST: _l("Test"),
    Standing.HELD: _l("Held"),
    Standing.DISCARDED: _l("Discarded"),
}


def counts_in_figures(entity):
    """The SQL condition keeping the rows of `entity` (Response, Answer, or an alias of
    either) that count in figures. An equality, so the covering indexes that start with
    (consultation_id, standing) still answer it alone."""
    return entity.standing == COUNTING.value
