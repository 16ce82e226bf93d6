"""Fixed vocabularies of the partnership process, with their labels."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class PartnerKind(StrEnum):
    STATE = "state"
    LOCAL_AUTHORITY = "local_authority"
    SCHOOL = "school"
    CAF = "caf"
    ASSOCIATION = "association"
    TRAINING_INSTITUTE = "training_institute"
    SOCIAL_SERVICE = "social_service"
    OTHER = "other"


class BodyKind(StrEnum):
    STEERING_COMMITTEE = "steering_committee"
    TECHNICAL_COMMITTEE = "technical_committee"
    LOCAL_INSTANCE = "local_instance"
    ELECTED_OFFICIALS = "elected_officials"
    PARTNERS_MEETING = "partners_meeting"


class EventKind(StrEnum):
    # A dated step: a file submitted, a phase started.
    MILESTONE = "milestone"
    # People met: partners present, minutes, maybe decisions.
    MEETING = "meeting"
    # Planned, not yet held.
    PLANNED = "planned"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"


class DecisionKind(StrEnum):
    ORIENTATION_CONFIRMED = "orientation_confirmed"
    ORIENTATION_AMENDED = "orientation_amended"
    ORIENTATION_NEW = "orientation_new"
    ORIENTATION_WITHDRAWN = "orientation_withdrawn"
    PROPOSAL_RETAINED = "proposal_retained"
    PROPOSAL_MERGED = "proposal_merged"
    PROPOSAL_NOT_RETAINED = "proposal_not_retained"


ORIENTATION_DECISIONS = (
    DecisionKind.ORIENTATION_CONFIRMED,
    DecisionKind.ORIENTATION_AMENDED,
    DecisionKind.ORIENTATION_NEW,
    DecisionKind.ORIENTATION_WITHDRAWN,
)
PROPOSAL_DECISIONS = (
    DecisionKind.PROPOSAL_RETAINED,
    DecisionKind.PROPOSAL_MERGED,
    DecisionKind.PROPOSAL_NOT_RETAINED,
)

PARTNER_KIND_LABELS = {
    PartnerKind.STATE: _l("State"),
    PartnerKind.LOCAL_AUTHORITY: _l("Local authority"),
    PartnerKind.SCHOOL: _l("School"),
    PartnerKind.CAF: _l("Family allowance fund (CAF)"),
    PartnerKind.ASSOCIATION: _l("Association"),
    PartnerKind.TRAINING_INSTITUTE: _l("Training institute"),
    PartnerKind.SOCIAL_SERVICE: _l("Social services"),
    PartnerKind.OTHER: _l("Other"),
}

BODY_KIND_LABELS = {
    BodyKind.STEERING_COMMITTEE: _l("Steering committee"),
    BodyKind.TECHNICAL_COMMITTEE: _l("Technical committee"),
    BodyKind.LOCAL_INSTANCE: _l("Local instance"),
    BodyKind.ELECTED_OFFICIALS: _l("Elected officials' meeting"),
    BodyKind.PARTNERS_MEETING: _l("Partners' meeting"),
}

EVENT_KIND_LABELS = {
    EventKind.MILESTONE: _l("Milestone"),
    EventKind.MEETING: _l("Meeting"),
    EventKind.PLANNED: _l("Planned"),
}

DECISION_KIND_LABELS = {
    DecisionKind.ORIENTATION_CONFIRMED: _l("Orientation confirmed"),
    DecisionKind.ORIENTATION_AMENDED: _l("Orientation amended"),
    DecisionKind.ORIENTATION_NEW: _l("New orientation"),
    DecisionKind.ORIENTATION_WITHDRAWN: _l("Orientation withdrawn"),
    DecisionKind.PROPOSAL_RETAINED: _l("Proposal retained"),
    DecisionKind.PROPOSAL_MERGED: _l("Proposal merged into an action"),
    DecisionKind.PROPOSAL_NOT_RETAINED: _l("Proposal not retained"),
}

# What families read on the public page, in plain words.
DECISION_FAMILY_LABELS = {
    DecisionKind.ORIENTATION_CONFIRMED: _l("This stays a priority."),
    DecisionKind.ORIENTATION_AMENDED: _l("This priority was changed."),
    DecisionKind.ORIENTATION_NEW: _l("This is a new priority."),
    DecisionKind.ORIENTATION_WITHDRAWN: _l("This is no longer a priority."),
    DecisionKind.PROPOSAL_RETAINED: _l("Yes, this will be done."),
    DecisionKind.PROPOSAL_MERGED: _l("Yes, this joins an action already planned."),
    DecisionKind.PROPOSAL_NOT_RETAINED: _l("No, not for now."),
}


def sql_in(enum_cls) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_cls)
