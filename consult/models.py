"""Every model, imported in one place so the metadata is complete."""

from consult.accounts.models import StaffSession, User, user_territories
from consult.audit.models import StaffEvent
from consult.consultation.models import (
    Answer,
    Channel,
    Consultation,
    Draft,
    Question,
    Response,
    ScanCount,
    consultation_axes,
    consultation_orientations,
)
from consult.crossing.models import CrossingPair
from consult.diagnostic.models import (
    Action,
    Axis,
    Orientation,
    OrientationVersion,
    SwotItem,
    Territory,
    Workshop,
    orientation_axes,
    swot_item_orientations,
)
from consult.followup.models import (
    ActionPartner,
    ActionPublic,
    ActionUpdate,
    FundingLine,
    Indicator,
    IndicatorValue,
)
from consult.governance.models import Decision, GovernanceBody, Partner, TimelineEvent
from consult.outreach.models import OutreachSession, outreach_session_facilitators
from consult.review.models import (
    AnswerAdditionalItem,
    ModerationEvent,
    ParticipationTarget,
    ReportQuote,
)

__all__ = [
    "Action",
    "ActionPartner",
    "ActionPublic",
    "ActionUpdate",
    "Answer",
    "AnswerAdditionalItem",
    "Axis",
    "Channel",
    "Consultation",
    "CrossingPair",
    "Decision",
    "Draft",
    "FundingLine",
    "GovernanceBody",
    "Indicator",
    "IndicatorValue",
    "ModerationEvent",
    "Orientation",
    "OrientationVersion",
    "OutreachSession",
    "ParticipationTarget",
    "Partner",
    "Question",
    "ReportQuote",
    "Response",
    "ScanCount",
    "StaffEvent",
    "StaffSession",
    "SwotItem",
    "Territory",
    "TimelineEvent",
    "User",
    "Workshop",
    "consultation_axes",
    "consultation_orientations",
    "orientation_axes",
    "outreach_session_facilitators",
    "swot_item_orientations",
    "user_territories",
]
