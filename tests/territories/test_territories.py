"""Many territories on one instance: created and renamed by the platform operator, switched
between by staff who work in several, named on the pages families and posters show."""

from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.consultation.models import Channel
from consult.diagnostic.models import Axis, Territory
from consult.extensions import db
from tests.conftest import login, submit


def _territory(slug):
    return db.session.scalar(select(Territory).filter_by(slug=slug))


def test_admin_creates_an_empty_territory_whose_overview_works(client, make_user):
    login(client, make_user(role=Role.ADMIN))
    response = submit(
        client, "/admin/territories/new", {"slug": "paris-nord-2", "name": "  Paris Nord  "}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/territories/")
    created = _territory("paris-nord-2")
    assert created.name == "Paris Nord"
    assert db.session.scalar(select(func.count(Axis.id)).filter_by(territory_id=created.id)) == 0

    overview = client.get("/admin/paris-nord-2/")
    assert overview.status_code == 200
    assert "Paris Nord" in overview.get_data(as_text=True)
    # The SWOT board's old address leads to the one board.
    assert (
        client.get("/admin/paris-nord-2/swot/")
        .headers["Location"]
        .endswith("/admin/paris-nord-2/review/swot/")
    )
    for path in ("review/swot/", "crossing/", "orientations/", "consultations/", "outreach/"):
        assert client.get(f"/admin/paris-nord-2/{path}").status_code == 200, path


def test_the_list_shows_each_territory_with_its_member_count(client, make_user, make_territory):
    north = make_territory("north", "Nord")
    south = make_territory("south", "Sud")
    make_user(role=Role.FACILITATOR, territories=[north])
    make_user(role=Role.COORDINATOR, territories=[north, south])
    make_user(role=Role.COORDINATOR, territories=[north])
    login(client, make_user(role=Role.ADMIN))

    html = client.get("/admin/territories/").get_data(as_text=True)
    rows = {name: html.split(f">{name}</a>", 1)[1].split("</tr>", 1)[0] for name in ("Nord", "Sud")}
    assert "<td>3</td>" in rows["Nord"]
    assert "<td>1</td>" in rows["Sud"]
    assert f'/admin/territories/{north.id}/edit"' in html
    # Reached from the staff accounts page.
    assert 'href="/admin/territories/"' in client.get("/admin/users/").get_data(as_text=True)


def _refusal(client, data, language="en"):
    response = submit(client, f"/admin/territories/new?lang={language}", data)
    assert response.status_code == 422
    return response.get_data(as_text=True)


def test_slug_and_name_are_checked_with_clear_messages(client, make_user, make_territory):
    make_territory("taken", "Déjà là")
    login(client, make_user(role=Role.ADMIN))
    rule = "Use 2 to 40 characters: lowercase letters (a-z), digits or hyphens."
    for slug in ("a", "Paris", "paris nord", "é-lan", "x" * 41, "../etc"):
        assert rule in _refusal(client, {"slug": slug, "name": "Un nom"}), slug
    assert "A territory with this short name already exists." in _refusal(
        client, {"slug": "taken", "name": "Autre"}
    )
    # The application's own pages under /admin/ cannot be hidden by a territory.
    for slug in ("users", "territories", "password"):
        assert "used by the application itself" in _refusal(client, {"slug": slug, "name": "X"})
    assert "at most 120 characters" in _refusal(client, {"slug": "long-name", "name": "n" * 121})
    assert "This field is required." in _refusal(client, {"slug": "blank", "name": "   "})
    assert db.session.scalar(select(func.count(Territory.id))) == 1


def test_messages_are_in_french_by_default(client, make_user, make_territory):
    make_territory("taken", "Déjà là")
    login(client, make_user(role=Role.ADMIN))
    client.get("/admin/territories/?lang=fr")
    html = _refusal(client, {"slug": "taken", "name": "Autre"}, language="fr")
    assert "Un territoire porte déjà ce nom court." in html
    html = _refusal(client, {"slug": "Bad Slug", "name": "Autre"}, language="fr")
    assert "lettres minuscules" in html


def test_admin_renames_a_territory_and_keeps_its_slug(client, make_user, make_territory):
    territory = make_territory("north", "Nord")
    login(client, make_user(role=Role.ADMIN))
    url = f"/admin/territories/{territory.id}/edit"
    assert "north" in client.get(url).get_data(as_text=True)
    too_long = submit(client, url, {"name": "n" * 121})
    assert too_long.status_code == 422
    response = submit(client, url, {"name": "Nord — Porte de la Chapelle", "slug": "hijack"})
    assert response.status_code == 302
    db.session.refresh(territory)
    assert (territory.slug, territory.name) == ("north", "Nord — Porte de la Chapelle")
    assert client.get(f"/admin/territories/{territory.id + 1000}/edit").status_code == 404


def test_only_the_platform_operator_manages_territories(client, make_user, make_territory):
    territory = make_territory("north", "Nord")
    login(client, make_user(role=Role.COORDINATOR, territories=[territory]))
    assert client.get("/admin/territories/").status_code == 403
    assert client.get("/admin/territories/new").status_code == 403
    forbidden = submit(
        client,
        "/admin/territories/new",
        {"slug": "sneaky", "name": "Sneaky"},
        page_url="/admin/north/",
    )
    assert forbidden.status_code == 403
    assert _territory("sneaky") is None


def test_staff_of_several_territories_choose_and_switch(client, make_user, make_territory):
    north, south = make_territory("north", "Nord"), make_territory("south", "Sud")
    make_territory("elsewhere", "Ailleurs")
    user = make_user(role=Role.FACILITATOR, territories=[south, north])

    landed = login(client, user)
    assert landed.headers["Location"].endswith("/admin/")
    chooser = client.get("/admin/").get_data(as_text=True)
    assert chooser.index('href="/admin/north/"') < chooser.index('href="/admin/south/"')
    assert "/admin/elsewhere/" not in chooser and "Ailleurs" not in chooser

    # Every page of a territory offers the way back to the list.
    page = client.get("/admin/south/").get_data(as_text=True)
    assert 'href="/admin/"' in page and "Change territory" in client.get(
        "/admin/south/?lang=en"
    ).get_data(as_text=True)
    assert client.get("/admin/north/").status_code == 200
    assert client.get("/admin/elsewhere/").status_code == 404


def test_staff_of_one_territory_go_straight_to_it(client, make_user, make_territory):
    north = make_territory("north", "Nord")
    make_territory("south", "Sud")
    login(client, make_user(role=Role.COORDINATOR, territories=[north]))
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/north/")
    assert "Change territory" not in client.get("/admin/north/?lang=en").get_data(as_text=True)


def test_the_platform_operator_chooses_among_every_territory(client, make_user, make_territory):
    make_territory("north", "Nord")
    make_territory("south", "Sud")
    login(client, make_user(role=Role.ADMIN))
    chooser = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/north/"' in chooser and 'href="/admin/south/"' in chooser


def test_an_admin_without_any_territory_lands_on_the_territories_page(client, make_user):
    response = login(client, make_user(role=Role.ADMIN))
    assert response.headers["Location"].endswith("/admin/territories/")


def test_public_pages_and_posters_name_their_territory(client, make_user, demo_territory):
    name = demo_territory.name
    token = db.session.scalar(select(Channel.token).order_by(Channel.id))
    start = client.get(f"/q/{token}")
    assert start.status_code == 200
    assert f'<span class="brand">{name}</span>' in start.get_data(as_text=True)
    thanks = client.get(f"/r/{token}/thanks?lang=ar").get_data(as_text=True)
    assert f'<span class="brand">{name}</span>' in thanks

    login(client, make_user(role=Role.FACILITATOR, territories=[demo_territory]))
    channel_id = db.session.scalar(select(Channel.id).order_by(Channel.id))
    for layout in ("poster", "flyer"):
        sheet = client.get(f"/admin/demo/channels/{channel_id}/{layout}").get_data(as_text=True)
        assert f'<p class="territory">{name}</p>' in sheet, layout


def test_the_kiosk_families_answer_on_names_its_territory(client, make_user, demo_territory):
    from tests.test_route_matrix import _outreach_session_id

    session_id = _outreach_session_id(demo_territory)
    login(client, make_user(role=Role.FACILITATOR, territories=[demo_territory]))
    kiosk = client.get(f"/admin/demo/outreach/kiosk/{session_id}/").get_data(as_text=True)
    assert f'<span class="brand">{demo_territory.name}</span>' in kiosk
