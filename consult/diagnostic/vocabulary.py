"""Fixed vocabularies of the diagnostic, with their labels."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Quadrant(StrEnum):
    STRENGTH = "strength"
    WEAKNESS = "weakness"
    OPPORTUNITY = "opportunity"
    THREAT = "threat"


class Voice(StrEnum):
    PROFESSIONAL = "professional"
    PARENT = "parent"
    CHILD = "child"
    YOUNG_PERSON = "young_person"


class ActionOrigin(StrEnum):
    # Written by professionals in the diagnostic.
    EXAMPLE = "example"
    # Proposed by families and adopted by a coordinator.
    FAMILY_PROPOSAL = "family_proposal"


class ActionStatus(StrEnum):
    # A family's idea a coordinator adopted, waiting for the steering committee.
    PROPOSED = "proposed"
    RETAINED = "retained"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


# Only these are offered in live forms and shown to families as being done.
LIVE_ACTION_STATUSES = (
    ActionStatus.RETAINED.value,
    ActionStatus.SCHEDULED.value,
    ActionStatus.IN_PROGRESS.value,
    ActionStatus.DONE.value,
)

QUADRANT_LABELS = {
    Quadrant.STRENGTH: _l("Strengths"),
    Quadrant.WEAKNESS: _l("Weaknesses"),
    Quadrant.OPPORTUNITY: _l("Opportunities"),
    Quadrant.THREAT: _l("Threats"),
}

QUADRANT_SINGULAR = {
    Quadrant.STRENGTH: _l("Strength"),
    Quadrant.WEAKNESS: _l("Weakness"),
    Quadrant.OPPORTUNITY: _l("Opportunity"),
    Quadrant.THREAT: _l("Threat"),
}

# The SWOT grid: internal resources above external ones, what helps beside what hinders.
QUADRANT_GRID = (
    (Quadrant.STRENGTH, Quadrant.WEAKNESS),
    (Quadrant.OPPORTUNITY, Quadrant.THREAT),
)
QUADRANT_IS_INTERNAL = {
    Quadrant.STRENGTH: True,
    Quadrant.WEAKNESS: True,
    Quadrant.OPPORTUNITY: False,
    Quadrant.THREAT: False,
}
QUADRANT_HELPS = {
    Quadrant.STRENGTH: True,
    Quadrant.WEAKNESS: False,
    Quadrant.OPPORTUNITY: True,
    Quadrant.THREAT: False,
}

VOICE_LABELS = {
    Voice.PROFESSIONAL: _l("Professionals"),
    Voice.PARENT: _l("Parents"),
    Voice.CHILD: _l("Children"),
    Voice.YOUNG_PERSON: _l("Young people"),
}

ACTION_ORIGIN_LABELS = {
    ActionOrigin.EXAMPLE: _l("Example from the diagnostic"),
    ActionOrigin.FAMILY_PROPOSAL: _l("Proposed by families"),
}

# Families read these on the public page: plain words.
ACTION_STATUS_LABELS = {
    ActionStatus.PROPOSED: _l("Proposed, waiting for a decision"),
    ActionStatus.RETAINED: _l("Decided"),
    ActionStatus.SCHEDULED: _l("Planned"),
    ActionStatus.IN_PROGRESS: _l("Under way"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.DROPPED: _l("Stopped"),
}

PHASE_LABELS = {
    1: _l("Phase 1 — SWOT per axis"),
    2: _l("Phase 2 — strategic orientations"),
}


def sql_in(enum_cls) -> str:
    """The SQL list of an enum's values, for CHECK constraints."""
    return ", ".join(f"'{member.value}'" for member in enum_cls)
