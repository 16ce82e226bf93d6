"""Small-group protection is one layer (consult/core/masking.py): every figure about
families reaches a page as a published figure, and no small group can be computed back from
what one breakdown publishes."""

import dataclasses
import re
from datetime import date, datetime

import pytest
from flask import template_rendered
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from consult.accounts.roles import Role
from consult.consultation.vocabulary import Status
from consult.core import masking
from consult.core.masking import Figure, Visibility
from tests.privacy.helpers import add_response, demo_consultation

INFINITY = float("inf")

# Random breakdowns: up to six groups of up to 40 people, and sometimes people outside
# every listed group (answers without a channel, outside any outreach session).
groups = st.dictionaries(
    st.sampled_from("abcdef"), st.integers(min_value=0, max_value=40), min_size=1, max_size=6
)


def _reader_ranges(published: dict, total: int, listed_total: int) -> dict:
    """What a reader of the page knows of each group, as an interval of people."""
    says_small = any(figure_.is_small for figure_ in published.values())
    ranges = {}
    for group, figure_ in published.items():
        if figure_.is_shown:
            ranges[group] = (figure_.value, figure_.value)
        elif figure_.is_small:
            ranges[group] = (1, masking.MIN_GROUP - 1)
        else:
            # "Not shown" beside a "fewer than 5" can only be for subtraction's sake.
            ranges[group] = (masking.MIN_GROUP if says_small else 1, INFINITY)
    if total > listed_total:
        ranges["unlisted"] = (0, INFINITY)
    return ranges


def _what_a_reader_can_pin(ranges: dict, total: int) -> dict:
    """Each group's possible values, given the total: the ranges tightened by the one
    equation "the groups add up to the total"."""
    tightened = {}
    for group, (low, high) in ranges.items():
        others = [value for key, value in ranges.items() if key != group]
        tightened[group] = (
            max(low, total - sum(other_high for _, other_high in others)),
            min(high, total - sum(other_low for other_low, _ in others)),
        )
    return tightened


@settings(max_examples=600, deadline=None)
@given(groups, st.integers(min_value=0, max_value=6))
def test_no_small_group_can_be_computed_back(people_by_group, unlisted):
    listed_total = sum(people_by_group.values())
    total = listed_total + unlisted
    published = masking.breakdown(people_by_group, total)
    # Ones in every group and nothing else: "n people" and n rows say each row is one
    # person, whatever the rows read. The pages list such rows (docs/privacy.md).
    assume(not (unlisted == 0 and set(people_by_group.values()) == {1}))
    whole = masking.figure(total)
    ranges = _reader_ranges(published, total if whole.is_shown else 0, listed_total)
    for group, figure_ in published.items():
        people = people_by_group[group]
        assert not (figure_.is_shown and masking.is_small(people)), (group, published)
        if not whole.is_shown:
            continue
        low, high = _what_a_reader_can_pin(ranges, total)[group]
        assert low <= people <= high, (group, published)  # the reader's reasoning holds
        if masking.is_small(people):
            assert low < high, (group, people_by_group, total, published)
    # Any pair: the total less a shown group, or two shown groups, is never a small group.
    shown = {group: f.value for group, f in published.items() if f.is_shown}
    if whole.is_shown and len(published) == 2 and unlisted == 0:
        for value in shown.values():
            assert not masking.is_small(total - value)


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_a_table_with_its_total_hides_the_total_rather_than_a_large_part(parents, children):
    parts, whole = masking.parts_and_total(
        {"parent": parents, "child": children}, parents + children
    )
    for part, people in (("parent", parents), ("child", children)):
        # A part of five people or more stays in view.
        assert parts[part].is_shown == (not masking.is_small(people))
    if masking.is_small(parents) or masking.is_small(children):
        assert not whole.is_shown


def test_a_figure_gives_its_value_only_when_shown(app):
    with app.test_request_context():
        assert masking.figure(3).value is None and str(masking.figure(3)) == "moins de 5"
        assert masking.figure(12).value == 12 and str(masking.figure(12)) == "12"
        hidden = Figure(12, Visibility.HIDDEN)
        assert hidden.value is None and "12" not in str(hidden) and bool(hidden)
        assert masking.figure(0).is_shown and not masking.figure(0)
        # A page cannot compare a figure with a number to learn it.
        assert (masking.figure(3) == 3) is False
        assert hidden.alongside(40).value is None


# ---- No page receives a bare count ------------------------------------------------------

# Counts that are not about families' answers: workshops of professionals, the held
# answers' tally, scans of a poster, people met in a session, the page's own length.
NOT_ABOUT_FAMILIES = {"workshop_totals", "held", "held_count", "extra", "status_counts"}
COUNT_NAMES = {
    "people",
    "people_total",
    "responses",
    "responses_total",
    "answers",
    "contributions",
    "reached",
    "seen_people",
    "seen_answers",
    "by_audience",
    "by_way",
    "seen_by_audience",
}


def _bare_counts(value, path: str, seen: set) -> list[str]:
    """Paths to an int or float under a count's name, anywhere in what a page received."""
    if id(value) in seen or isinstance(value, str | bytes | date | datetime | Figure):
        return []
    seen.add(id(value))
    found = []
    items = []
    if isinstance(value, dict):
        items = [(str(key), item) for key, item in value.items()]
    elif isinstance(value, list | tuple | set):
        items = [(f"[{index}]", item) for index, item in enumerate(value)]
    elif dataclasses.is_dataclass(value) or type(value).__module__.startswith("consult.review"):
        names = set(getattr(value, "__dict__", {})) | {
            name for name in dir(type(value)) if isinstance(getattr(type(value), name), property)
        }
        items = [(name, getattr(value, name)) for name in names if not name.startswith("_")]
    for name, item in items:
        if name in NOT_ABOUT_FAMILIES:
            continue
        here = f"{path}.{name}"
        if name in COUNT_NAMES and isinstance(item, int | float) and not isinstance(item, bool):
            found.append(here)
        if name in COUNT_NAMES and isinstance(item, dict):
            found += [
                f"{here}[{key}]" for key, count in item.items() if isinstance(count, int | float)
            ]
        found += _bare_counts(item, here, seen)
    return found


@pytest.fixture
def published_consultation(demo_territory, app_context):
    consultation = demo_consultation()
    consultation.status = Status.PUBLISHED.value
    channels = {channel.kind: channel for channel in consultation.channels}
    for _ in range(12):
        add_response(consultation, channel=channels["school_gate"], texts={"strength": "Bien"})
    for _ in range(3):
        add_response(consultation, audience="child", age_band="under_11", priority=1)
    from consult.extensions import db
    from consult.review.operations import add_target
    from tests.privacy.test_two_views import _expose_everyone_to_their_action_question

    # Targets of each kind, and who was shown an action question: every figure is drawn.
    gate = channels["school_gate"]
    add_target(consultation, label="Parents", channel_id=None, audience="parent", target=40)
    add_target(consultation, label="Portail", channel_id=gate.id, audience=None, target=40)
    add_target(consultation, label="Enfants", channel_id=gate.id, audience="child", target=9)
    _expose_everyone_to_their_action_question(consultation)
    db.session.commit()
    return consultation, gate


def test_no_template_reads_a_figure_behind_its_back():
    """Templates read published values: no attribute starting with an underscore."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    for template in root.rglob("*.html"):
        text = template.read_text()
        for expression in re.findall(r"\{[{%](.*?)[%}]\}", text, re.S):
            assert not re.search(r"\.\s*_[a-z]", expression), (template.name, expression)


def test_no_page_receives_a_bare_count_nor_the_threshold(as_role, app, published_consultation):
    consultation, gate = published_consultation
    coordinator = as_role(Role.COORDINATOR)
    base = "/admin/demo/review"
    pages = [
        f"{base}/swot/axis-1",
        f"{base}/swot/axis-1?audience=child",
        f"{base}/results/{consultation.id}",
        f"{base}/participation/{consultation.id}",
        f"{base}/report/{consultation.id}",
        f"/s/{gate.token}",
        f"/s/{gate.token}/children",
    ]
    received = []

    def keep(sender, template, context, **extra):
        received.append((template.name, dict(context)))

    template_rendered.connect(keep, app)
    try:
        for url in pages:
            response = coordinator.get(url)
            assert response.status_code == 200, url
    finally:
        template_rendered.disconnect(keep, app)
    names = {name for name, _ in received}
    for expected in ("review/board.html", "review/results.html", "review/participation.html"):
        assert expected in names
    assert {"review/report.html", "respond/summary.html"} <= names
    for name, context in received:
        assert "min_group" not in context, name
        bare = _bare_counts(
            {key: value for key, value in context.items() if not key.startswith("_")}, name, set()
        )
        assert not bare, bare
