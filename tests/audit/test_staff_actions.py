"""Every staff action that answers to someone lands in the trail: who, when, what, on
what; territories, consultations, channels, exports, purges, on an invented territory.
The trail never holds a family's words, and each territory's coordinators read only theirs."""

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.audit.models import StaffEvent
from consult.audit.queries import staff_events
from consult.consultation.models import Channel, Consultation
from consult.extensions import db
from tests.accounts.helpers import client_from
from tests.conftest import login, submit
from tests.privacy.helpers import add_response

FAMILY_WORDS = "Mon fils Yanis a peur du trajet vers le collège Jean-Moulin"


@pytest.fixture
def lagune(app_context):
    """An invented territory holding the demo's diagnostic and consultation, with answers."""
    from consult.consultation.demo import load_demo_consultation
    from consult.diagnostic.demo import load_demo_territory, read_fixture

    fixture = read_fixture()
    fixture["territory"] = {"slug": "lagune", "name": "Cité éducative de la Lagune"}
    territory, _ = load_demo_territory(fixture)
    consultation = load_demo_consultation(territory)
    db.session.flush()
    for _ in range(6):
        add_response(consultation, texts={"weakness": FAMILY_WORDS}, priority=2)
    db.session.commit()
    return territory


class _FormAsShown(HTMLParser):
    """A page's own POST form with the values it shows (checked boxes, selected options)."""

    def __init__(self):
        super().__init__()
        self.values, self.inside, self.select, self.textarea, self.done = (
            [],
            False,
            None,
            None,
            False,
        )

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            # The page's own form (the menu's logout form posts elsewhere).
            self.inside = attrs.get("method", "").lower() == "post" and not attrs.get("action")
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.append((name, attrs.get("value", "y")))
            elif kind not in ("submit", "button"):
                self.values.append((name, attrs.get("value") or ""))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.values.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = name
            self.values.append((name, ""))

    def handle_data(self, data):
        if self.textarea:
            name, text = self.values[-1]
            self.values[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def _send_form_as_shown(client, url, **changes):
    parser = _FormAsShown()
    parser.feed(client.get(url).get_data(as_text=True))
    values = [(name, value) for name, value in parser.values if name not in changes]
    values += list(changes.items())
    data = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    return client.post(url, data=data)


def _coordinator_of(app, make_user, territory, email, address="192.0.2.50"):
    user = make_user(role=Role.COORDINATOR, territories=[territory], email=email)
    client = client_from(app, address)
    login(client, user)
    return client


def _actions(territory):
    return [(event.action, event.actor_label) for event in staff_events(territory_id=territory.id)]


def test_consultation_status_channel_retirement_and_deletion_are_recorded(app, lagune, make_user):
    client = _coordinator_of(app, make_user, lagune, "chloe@lagune.example")
    consultation = db.session.scalar(select(Consultation).filter_by(territory_id=lagune.id))
    edit = f"/admin/lagune/consultations/{consultation.id}/edit"
    for status in ("closed", "published", "open"):
        response = _send_form_as_shown(client, edit, status=status)
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    channel = consultation.channels[0]
    response = _send_form_as_shown(
        client, f"/admin/lagune/channels/{channel.id}/edit", is_retired="y"
    )
    assert response.status_code == 302
    assert db.session.get(Channel, channel.id).is_retired
    unused = submit(
        client,
        "/admin/lagune/consultations/new",
        {
            "title__fr": "Consultation d'essai",
            "status": "draft",
            "opens_on": "2027-03-01",
            "closes_on": "2027-04-01",
            "audiences": ["parent"],
        },
    )
    assert unused.status_code == 302
    draft_id = db.session.scalars(
        select(Consultation.id).filter_by(territory_id=lagune.id).order_by(Consultation.id.desc())
    ).first()
    response = submit(
        client, f"/admin/lagune/consultations/{draft_id}/delete", {},
        page_url=f"/admin/lagune/consultations/{draft_id}/edit",
    )  # fmt: skip
    assert response.status_code == 302 and db.session.get(Consultation, draft_id) is None

    who = "chloe@lagune.example"
    assert _actions(lagune) == [
        ("consultation.delete", who),
        ("channel.retire", who),
        ("consultation.open", who),
        ("consultation.publish", who),
        ("consultation.close", who),
    ]
    [close] = staff_events(territory_id=lagune.id, action_prefix="consultation.close")
    assert close.detail == "open -> closed" and f"#{consultation.id}" in close.target


def test_an_export_records_who_downloaded_which_file_with_which_filters(app, lagune, make_user):
    client = _coordinator_of(app, make_user, lagune, "ines@lagune.example")
    consultation = db.session.scalar(select(Consultation).filter_by(territory_id=lagune.id))
    base = "/admin/lagune/review/exports"
    assert client.get(f"{base}/answers.csv?consultation_id={consultation.id}").status_code == 200
    assert client.get(f"{base}/all.xlsx?audience=parent").status_code == 200
    assert client.get(f"{base}/all.json").status_code == 200
    events = staff_events(territory_id=lagune.id, action_prefix="export.")
    assert [(e.target, e.detail, e.actor_label) for e in events] == [
        ("consultation.json", "no filter", "ines@lagune.example"),
        ("consultation.xlsx", "audience=parent", "ines@lagune.example"),
        ("answers.csv", f"consultation_id={consultation.id}", "ines@lagune.example"),
    ]


def test_territory_changes_by_the_operator_are_recorded(app, make_user, make_territory):
    admin = make_user(role=Role.ADMIN, email="ops@instance.example")
    client = client_from(app, "192.0.2.60")
    login(client, admin)
    assert (
        submit(
            client, "/admin/territories/new", {"slug": "delta", "name": "Cité éducative du Delta"}
        ).status_code
        == 302
    )
    [delta] = db.session.scalars(select(StaffEvent.territory_id)).all()
    response = submit(
        client, f"/admin/territories/{delta}/edit", {"name": "Cité éducative du Grand Delta"}
    )
    assert response.status_code == 302
    events = staff_events(territory_id=delta)
    assert [(e.action, e.target, e.detail, e.actor_label) for e in events] == [
        (
            "territory.rename",
            "delta",
            "Cité éducative du Delta -> Cité éducative du Grand Delta",
            "ops@instance.example",
        ),
        ("territory.create", "delta", "Cité éducative du Delta", "ops@instance.example"),
    ]


def test_a_purge_is_recorded_with_counts_only_and_no_family_words_anywhere(
    app, runner, lagune, make_user
):
    client = _coordinator_of(app, make_user, lagune, "noe@lagune.example")
    consultation = db.session.scalar(select(Consultation).filter_by(territory_id=lagune.id))
    # Everything a coordinator may do with the words before the purge.
    base = "/admin/lagune/review/exports"
    for url in (f"{base}/answers.csv", f"{base}/all.json", f"{base}/all.xlsx"):
        assert client.get(url).status_code == 200
    _send_form_as_shown(
        client, f"/admin/lagune/consultations/{consultation.id}/edit", status="closed"
    )
    db.session.refresh(consultation)
    after_retention = consultation.closes_on + timedelta(days=consultation.retention_days + 1)
    result = runner.invoke(args=["consult", "purge", "--today", after_retention.isoformat()])
    assert result.exit_code == 0, result.output
    [purge] = staff_events(action_prefix="purge.")
    assert (purge.actor_label, purge.territory_id) == ("command line", lagune.id)
    assert purge.detail.startswith("6 written answer(s)")

    everything = " ".join(
        f"{e.action} {e.target} {e.detail} {e.actor_label}"
        for e in db.session.scalars(select(StaffEvent))
    )
    assert len(db.session.scalars(select(StaffEvent)).all()) >= 5
    for fragment in (FAMILY_WORDS, "Yanis", "Jean-Moulin"):
        assert fragment not in everything
    page = client.get("/admin/lagune/audit/").get_data(as_text=True)
    assert "noe@lagune.example" in page and FAMILY_WORDS not in page


def test_the_admin_filters_and_coordinators_read_only_their_territory(
    app, lagune, make_user, make_territory
):
    other = make_territory(slug="colline", name="Cité éducative de la Colline")
    lagune_client = _coordinator_of(app, make_user, lagune, "lou@lagune.example")
    colline_client = _coordinator_of(app, make_user, other, "max@colline.example", "192.0.2.70")
    lagune_client.get("/admin/lagune/review/exports/all.json")
    submit(
        colline_client,
        "/admin/colline/team/new",
        {"email": "new@colline.example", "display_name": "Nouvelle", "role": "facilitator",
         "password": "un-long-chemin-vers-la-mer"},
        page_url="/admin/colline/team/",
    )  # fmt: skip
    old = StaffEvent(action="export.download", target="old.csv", territory_id=lagune.id,
                     actor_label="past@lagune.example", at=datetime_days_ago(40))  # fmt: skip
    db.session.add(old)
    db.session.commit()

    page = lagune_client.get("/admin/lagune/audit/").get_data(as_text=True)
    assert "lou@lagune.example" in page and "past@lagune.example" in page
    assert "new@colline.example" not in page and "max@colline.example" not in page
    assert lagune_client.get("/admin/colline/audit/").status_code == 404
    assert lagune_client.get("/admin/audit/").status_code == 403

    admin = make_user(role=Role.ADMIN, email="ops@instance.example")
    admin_client = client_from(app, "192.0.2.80")
    login(admin_client, admin)
    every = admin_client.get("/admin/audit/").get_data(as_text=True)
    assert all(who in every for who in ("lou@", "max@colline", "past@lagune"))
    only_colline = admin_client.get(f"/admin/audit/?territory={other.id}").get_data(as_text=True)
    assert "max@colline" in only_colline and "lou@lagune" not in only_colline
    accounts = admin_client.get("/admin/audit/?kind=account").get_data(as_text=True)
    assert "new@colline.example" in accounts and "lou@lagune" not in accounts
    since = (date.today() - timedelta(days=7)).isoformat()
    recent = admin_client.get(f"/admin/audit/?since={since}").get_data(as_text=True)
    assert "lou@lagune" in recent and "past@lagune" not in recent
    until = (date.today() - timedelta(days=30)).isoformat()
    older = admin_client.get(f"/admin/audit/?until={until}").get_data(as_text=True)
    assert "past@lagune" in older and "lou@lagune" not in older
    # Nonsense filters are ignored, never an error.
    for query in ("since=2027-13-45", "kind=%00", "territory=abc", "until=" + "9" * 300):
        assert admin_client.get(f"/admin/audit/?{query}").status_code == 200


def datetime_days_ago(days):
    from consult.core.db import utcnow

    return utcnow() - timedelta(days=days)
