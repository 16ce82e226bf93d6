"""Answers held by the flood signals (consultation/flood.py): what a coordinator sees of them,
per channel and reason, and the two decisions, release (they count) or discard (they never
will). Both keep the response, its reasons, and a line in the staff trail."""

from sqlalchemy import func, select, update

from consult.audit.operations import record_staff_action
from consult.consultation.models import Answer, Channel, Consultation, Response
from consult.consultation.standing import Standing
from consult.extensions import db


def summary(consultation: Consultation) -> list[dict]:
    """Per channel and reasons: held, released and discarded responses (people in groups)."""
    rows = db.session.execute(
        select(
            Response.channel_id,
            Channel.name,
            Response.held_reasons,
            Response.standing,
            func.count(Response.id),
        )
        .outerjoin(Channel, Response.channel_id == Channel.id)
        .where(Response.consultation_id == consultation.id, Response.held_reasons != "")
        .group_by(Response.channel_id, Channel.name, Response.held_reasons, Response.standing)
        .order_by(Channel.name, Response.held_reasons)
    )
    lines: dict[tuple, dict] = {}
    for channel_id, name, reasons, standing, count in rows:
        line = lines.setdefault(
            (channel_id, reasons),
            {
                "channel_id": channel_id,
                "channel": name,
                "reasons": reasons.split(","),
                "held": 0,
                "released": 0,
                "discarded": 0,
            },
        )
        key = {"held": "held", "counted": "released", "discarded": "discarded"}.get(standing)
        if key:
            line[key] += count
    return list(lines.values())


def totals(consultation: Consultation) -> dict:
    """For the report: how many answers the signals held, and what became of them."""
    result = {"held": 0, "released": 0, "discarded": 0}
    for line in summary(consultation):
        for key in result:
            result[key] += line[key]
    return result


def decide(consultation: Consultation, channel_id: int | None, reasons: str, release: bool) -> int:
    """Release (count) or discard every response still held on this channel for these
    reasons. Returns how many changed."""
    standing = Standing.COUNTED.value if release else Standing.DISCARDED.value
    matching = select(Response.id).where(
        Response.consultation_id == consultation.id,
        Response.standing == Standing.HELD.value,
        Response.held_reasons == reasons,
        Response.channel_id.is_(None) if channel_id is None else Response.channel_id == channel_id,
    )
    ids = list(db.session.scalars(matching))
    if ids:
        db.session.execute(
            update(Response).where(Response.id.in_(ids)).values(standing=standing),
            execution_options={"synchronize_session": False},
        )
        db.session.execute(
            update(Answer).where(Answer.response_id.in_(ids)).values(standing=standing),
            execution_options={"synchronize_session": False},
        )
        channel = db.session.get(Channel, channel_id) if channel_id else None
        record_staff_action(
            "responses.release" if release else "responses.discard",
            target=f"Consultation {consultation.id}, channel {channel.name if channel else '-'}",
            detail=f"{len(ids)} held responses ({reasons})",
            territory=consultation.territory_id,
        )
    return len(ids)
