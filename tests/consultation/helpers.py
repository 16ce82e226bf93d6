"""Walking the respondent's path over HTTP, as a phone without JavaScript would."""

import re
from datetime import timedelta

from sqlalchemy import select

from consult.consultation.models import Channel, Draft
from consult.core.db import utcnow
from consult.extensions import db
from tests.conftest import csrf_token_from

FIELD = re.compile(r'name="(q\d+)"')


def channel(kind="school_gate") -> Channel:
    return db.session.scalars(select(Channel).filter_by(kind=kind)).one()


def post_screen(client, url, data, headers=None):
    page = client.get(url, headers=headers)
    html = page.get_data(as_text=True)
    form = {"csrf_token": csrf_token_from(html), **data}
    submission = re.search(r'name="submission" type="hidden" value="([^"]*)"', html) or re.search(
        r'id="submission" name="submission" type="hidden" value="([^"]*)"', html
    )
    if submission:
        form.setdefault("submission", submission.group(1))
    return client.post(url, data=form, headers=headers), html


def age_drafts() -> None:
    """Pretend the respondent took a human amount of time."""
    for draft in db.session.scalars(select(Draft)):
        draft.started_at = utcnow() - timedelta(minutes=2)
    db.session.commit()


def fields_on(html: str) -> list[str]:
    return list(dict.fromkeys(FIELD.findall(html)))
