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
from consult.diagnostic.models import (
    Action,
    Axis,
    Orientation,
    SwotItem,
    Territory,
    Workshop,
    orientation_axes,
    swot_item_orientations,
)
from consult.outreach.models import OutreachSession, outreach_session_facilitators
from consult.review.models import ModerationEvent, ParticipationTarget

__all__ = [
    "Action",
    "Answer",
    "Axis",
    "Channel",
    "Consultation",
    "Draft",
    "ModerationEvent",
    "Orientation",
    "OutreachSession",
    "ParticipationTarget",
    "Question",
    "Response",
    "ScanCount",
    "StaffEvent",
    "StaffSession",
    "SwotItem",
    "Territory",
    "User",
    "Workshop",
    "consultation_axes",
    "consultation_orientations",
    "orientation_axes",
    "outreach_session_facilitators",
    "swot_item_orientations",
    "user_territories",
]
