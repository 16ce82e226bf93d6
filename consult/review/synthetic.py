"""A realistic synthetic consultation, to measure the back office at scale.

Audiences, languages, channels, days, priorities and written answers are drawn with a fixed
seed from plausible proportions; every written answer is marked synthetic in its words. A
third of the approved written answers are coded into a SWOT item of the territory, one in
eight of those into a second one too, as a coordinator half-way through the coding leaves
them."""

import random
import secrets
from datetime import date, timedelta

from sqlalchemy import func, insert, select, update

from consult.consultation.models import Answer, Consultation, Question, QuestionExposure, Response
from consult.consultation.vocabulary import RESPONDENT_KINDS
from consult.core.db import utcnow
from consult.diagnostic.models import SwotItem
from consult.extensions import db
from consult.review.models import AnswerAdditionalItem

BATCH = 5000
LANGUAGES = (
    ("fr", 70),
    ("ar", 12),
    ("tr", 5),
    ("pt", 4),
    ("es", 3),
    ("ro", 3),
    ("uk", 2),
    ("en", 1),
)
KINDS = (("parent", 60), ("child", 15), ("young_11_15", 12), ("young_16_25", 13))
MODES = (("self", 85), ("assisted", 8), ("paper", 5), ("group", 2))
MODERATION = (("pending", 40), ("approved", 45), ("redacted", 5), ("hidden", 10))
WORDS = (
    "école",
    "devoirs",
    "cantine",
    "parents",
    "collège",
    "sport",
    "bibliothèque",
    "horaires",
    "sorties",
    "numérique",
    "médiation",
    "transport",
    "loisirs",
    "stage",
    "orientation",
    "centre social",
    "association",
    "sécurité",
    "cour de récréation",
    "accueil",
)


def _weighted(rng: random.Random, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def generate(consultation: Consultation, responses: int, seed: int = 2021) -> int:
    """Adds ``responses`` responses with their answers; returns how many were added."""
    rng = random.Random(seed)
    questions = list(
        db.session.scalars(select(Question).filter_by(consultation_id=consultation.id))
    )
    by_audience = {}
    for question in questions:
        by_audience.setdefault(question.audience, []).append(question)
    actions = {
        question.id: [action.id for action in question.orientation.actions]
        for question in questions
        if question.purpose == "action_choice"
    }
    channels = [channel.id for channel in consultation.channels]
    days = (consultation.closes_on - consultation.opens_on).days or 1
    start_id = (db.session.scalar(select(func.max(Response.id))) or 0) + 1
    added = 0
    while added < responses:
        count = min(BATCH, responses - added)
        response_rows, answer_rows, exposure_rows = [], [], []
        for offset in range(count):
            response_id = start_id + added + offset
            kind = _weighted(rng, KINDS)
            audience, age_band = RESPONDENT_KINDS[kind]
            mode = _weighted(rng, MODES)
            response_rows.append(
                {
                    "id": response_id,
                    "consultation_id": consultation.id,
                    "channel_id": rng.choice(channels),
                    "audience": audience.value,
                    "age_band": age_band.value if age_band else None,
                    "language": _weighted(rng, LANGUAGES),
                    "submitted_on": consultation.opens_on + timedelta(days=rng.randrange(days)),
                    "mode": mode,
                    "group_size": rng.randint(3, 12) if mode == "group" else None,
                    "client_token": secrets.token_hex(16),
                }
            )
            asked = by_audience.get(audience.value, [])
            if mode in ("self", "assisted"):
                # On the web, action questions rotate: two of them per respondent.
                rotated = [q for q in asked if q.purpose == "action_choice"]
                given = set(rng.sample(rotated, k=min(2, len(rotated))))
                asked = [q for q in asked if q.purpose != "action_choice" or q in given]
            for question in asked:
                exposure_rows.append(
                    {
                        "response_id": response_id,
                        "question_id": question.id,
                        "weight": response_rows[-1]["group_size"] or 1,
                    }
                )
                base = {
                    "response_id": response_id,
                    "consultation_id": consultation.id,
                    "audience": audience.value,
                    "weight": response_rows[-1]["group_size"] or 1,
                    "question_id": question.id,
                    "purpose": question.purpose,
                    "orientation_id": question.orientation_id,
                    "axis_id": question.axis_id,
                    "quadrant": question.quadrant,
                    "priority": None,
                    "action_id": None,
                    "text": None,
                    "moderation": None,
                    "flags": "",
                }
                if question.purpose == "priority" and rng.random() < 0.9:
                    answer_rows.append({**base, "priority": rng.choices((1, 2, 3), (2, 4, 5))[0]})
                elif question.purpose == "action_choice" and rng.random() < 0.7:
                    for action_id in rng.sample(
                        actions[question.id], k=min(2, len(actions[question.id]))
                    ):
                        answer_rows.append({**base, "action_id": action_id})
                elif question.purpose == "swot" and rng.random() < 0.35:
                    words = " ".join(rng.sample(WORDS, k=3))
                    answer_rows.append(
                        {
                            **base,
                            "text": f"[synthétique] {words}",
                            "moderation": _weighted(rng, MODERATION),
                        }
                    )
        db.session.execute(insert(Response), response_rows)
        db.session.execute(insert(Answer), answer_rows)
        db.session.execute(insert(QuestionExposure), exposure_rows)
        db.session.commit()
        added += count
    code_a_share(consultation, seed)
    return added


def code_a_share(consultation: Consultation, seed: int = 2021) -> int:
    """Codes a third of the consultation's approved, not yet coded written answers into an
    item of their axis (any item when their axis has none), and one in eight of those into
    a second item too; returns how many were coded. Its own random draws, so the answers
    themselves are the same with or without it."""
    items = list(
        db.session.scalars(
            select(SwotItem).filter_by(territory_id=consultation.territory_id).order_by(SwotItem.id)
        )
    )
    if not items:
        return 0
    by_axis: dict[int, list[SwotItem]] = {}
    for item in items:
        by_axis.setdefault(item.axis_id, []).append(item)
    rng = random.Random(seed + 1)
    coded_at = utcnow()
    answers = db.session.execute(
        select(Answer.id, Answer.axis_id)
        .where(
            Answer.consultation_id == consultation.id,
            Answer.purpose == "swot",
            Answer.moderation.in_(("approved", "redacted")),
            Answer.coded_at.is_(None),
        )
        .order_by(Answer.id)
    ).all()
    codings, further = [], []
    for answer_id, axis_id in answers:
        if rng.random() >= 1 / 3:
            continue
        item = rng.choice(by_axis.get(axis_id) or items)
        codings.append(
            {
                "id": answer_id,
                "swot_item_id": item.id,
                "axis_id": item.axis_id,
                "quadrant": item.quadrant,
                "coded_at": coded_at,
            }
        )
        if rng.random() < 1 / 8 and len(items) > 1:
            other = rng.choice([candidate for candidate in items if candidate.id != item.id])
            further.append(
                {"answer_id": answer_id, "swot_item_id": other.id, "attached_at": coded_at}
            )
    for start in range(0, len(codings), BATCH):
        db.session.execute(update(Answer), codings[start : start + BATCH])
    if further:
        db.session.execute(insert(AnswerAdditionalItem), further)
    db.session.commit()
    return len(codings)


def today_window(days: int = 60) -> tuple[date, date]:
    return date.today() - timedelta(days=days), date.today()
