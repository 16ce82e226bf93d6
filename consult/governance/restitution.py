"""What families are shown back on the same QR code, and the report repeats: the steering
committee's decisions since the consultation opened and the actions being done, each with its
status and last update. One source for the public page, the poster and the report."""

from dataclasses import dataclass, field

from sqlalchemy import select

from consult.consultation.models import Answer, Consultation
from consult.diagnostic.models import Action, Orientation
from consult.diagnostic.vocabulary import LIVE_ACTION_STATUSES, ActionOrigin
from consult.extensions import db
from consult.followup.models import ActionUpdate, Indicator
from consult.followup.queries import indicators_of, last_updates
from consult.governance.models import Decision
from consult.governance.queries import decisions


@dataclass(frozen=True)
class ActionNews:
    action: Action
    last_update: ActionUpdate | None
    # Families proposed it in this consultation.
    from_families: bool
    # Baseline, target and yearly values, where the action has any.
    indicators: list[Indicator] = field(default_factory=list)


def consultation_decisions(consultation: Consultation) -> list[Decision]:
    """Decisions taken since the consultation opened, on its orientations and their actions."""
    orientation_ids = {orientation.id for orientation in consultation.orientations}
    return [
        decision
        for decision in decisions(consultation.territory, since=consultation.opens_on)
        if (decision.orientation_id in orientation_ids)
        or (decision.action is not None and decision.action.orientation_id in orientation_ids)
    ]


def actions_being_done(consultation: Consultation) -> list[ActionNews]:
    """Decided actions of the consultation's orientations that families proposed, that have
    news or are measured: never a proposed or dropped one."""
    orientation_ids = [orientation.id for orientation in consultation.orientations]
    if not orientation_ids:
        return []
    adopted = set(
        db.session.scalars(
            select(Answer.adopted_action_id).where(
                Answer.consultation_id == consultation.id, Answer.adopted_action_id.is_not(None)
            )
        )
    )
    with_news = select(ActionUpdate.action_id)
    candidates = list(
        db.session.scalars(
            select(Action)
            .join(Orientation)
            .where(
                Action.orientation_id.in_(orientation_ids),
                Action.status.in_(LIVE_ACTION_STATUSES),
                Action.id.in_(adopted)
                | Action.id.in_(with_news)
                | Action.id.in_(select(Indicator.action_id)),
            )
            .order_by(Orientation.number, Action.position, Action.id)
        )
    )
    ids = [action.id for action in candidates]
    latest = last_updates(ids)
    measured = indicators_of(ids)
    news = [
        ActionNews(
            action,
            latest.get(action.id),
            action.id in adopted or action.origin == ActionOrigin.FAMILY_PROPOSAL,
            measured.get(action.id, []),
        )
        for action in candidates
    ]
    news.sort(key=lambda entry: not entry.from_families)
    return news
