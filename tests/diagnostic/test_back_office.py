"""The diagnostic back office, driven over HTTP as a coordinator would."""

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Workshop
from consult.extensions import db
from tests.conftest import submit

BASE = "/admin/demo"


@pytest.fixture
def coordinator(as_role):
    return as_role(Role.COORDINATOR)


def test_overview_shows_workshops_with_dates_head_counts_and_totals(coordinator):
    page = coordinator.get(f"{BASE}/diagnostic/").get_data(as_text=True)
    for date_text in ("10 juin 2021", "4 juin 2021", "7 juin 2021", "22 juin 2021"):
        assert date_text in page
    # 29 + 40 + 42 in phase 1, 14 + 13 + 17 in phase 2.
    assert ">111<" in page
    assert ">44<" in page
    assert "Conforter le rôle de l" in page


def test_swot_board_shows_four_quadrants_with_voice_and_weight(coordinator):
    # The board's old address leads to the one board, with the families' support.
    old = coordinator.get(f"{BASE}/swot/axis-1?lens=convergences")
    assert old.status_code == 302
    assert old.headers["Location"].endswith("/review/swot/axis-1?lens=convergences")
    assert coordinator.get(f"{BASE}/swot/").headers["Location"].endswith("/review/swot/")
    page = coordinator.get(f"{BASE}/review/swot/axis-1").get_data(as_text=True)
    for quadrant in ("strength", "weakness", "opportunity", "threat"):
        assert f"quadrant--{quadrant}" in page
    assert "Forces" in page and "Menaces" in page
    assert "badge--professional" in page
    assert "Poids 4 sur 5" in page
    assert "Exemple illustratif" in page


def test_crossing_view_links_items_to_orientations(coordinator):
    page = coordinator.get(f"{BASE}/crossing/?axis=2").get_data(as_text=True)
    assert "ruptures de suivi" in page  # axis 2 weakness, linked to orientation 2
    assert "peu de mobilité" not in page  # axis 3 item, filtered out


def test_orientations_page_lists_every_example_action(coordinator):
    page = coordinator.get(f"{BASE}/orientations/").get_data(as_text=True)
    assert "Dispositif passerelle" in page
    assert "Installer des ateliers sociaux-linguistiques" in page
    assert "25 juin 2021" in page


def test_create_edit_and_delete_a_swot_item(coordinator, app_context):
    axis = db.session.scalars(select(Axis).filter_by(number=2)).one()
    orientation = db.session.scalars(select(Orientation).filter_by(number=3)).one()
    response = submit(
        coordinator,
        f"{BASE}/swot-items/new",
        {
            "axis_id": axis.id,
            "quadrant": "opportunity",
            "statement": "Un centre social ouvert le samedi",
            "voice": "parent",
            "source": "Café des parents",
            "workshop_id": 0,
            "weight": 5,
            "orientation_ids": [orientation.id],
        },
    )
    assert response.status_code == 302
    item = db.session.scalars(
        select(SwotItem).filter_by(statement="Un centre social ouvert le samedi")
    ).one()
    assert (item.quadrant, item.voice, item.weight) == ("opportunity", "parent", 5)
    assert [o.number for o in item.orientations] == [3]

    board = coordinator.get(f"{BASE}/review/swot/axis-2").get_data(as_text=True)
    assert "Un centre social ouvert le samedi" in board

    edit_url = f"{BASE}/swot-items/{item.id}/edit"
    form = coordinator.get(edit_url).get_data(as_text=True)
    assert "Café des parents" in form
    response = submit(
        coordinator,
        edit_url,
        {
            "axis_id": axis.id,
            "quadrant": "strength",
            "statement": "Un centre social ouvert le samedi matin",
            "voice": "parent",
            "workshop_id": 0,
            "weight": 4,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.get(SwotItem, item.id)
    assert (item.quadrant, item.weight, item.orientations) == ("strength", 4, [])

    item_id = item.id
    response = submit(coordinator, f"{BASE}/swot-items/{item_id}/delete", {})
    assert response.status_code == 302
    assert db.session.get(SwotItem, item_id) is None


def test_bad_input_gets_a_clear_message_and_nothing_is_saved(coordinator, app_context):
    before = db.session.scalar(select(db.func.count(SwotItem.id)))
    response = submit(
        coordinator,
        f"{BASE}/swot-items/new",
        {"axis_id": "abc", "quadrant": "maybe", "statement": "x" * 5000, "voice": "", "weight": 42},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Veuillez corriger" in page
    assert 'aria-invalid="true"' in page
    assert db.session.scalar(select(db.func.count(SwotItem.id))) == before


def test_a_duplicate_orientation_number_is_refused_politely(coordinator, app_context):
    response = submit(
        coordinator,
        f"{BASE}/orientations/new",
        {"number": 3, "title__fr": "Encore une orientation 3"},
    )
    assert response.status_code == 422
    assert "existe déjà" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Orientation.id))) == 6


def test_edit_orientation_with_translations_and_axes(coordinator, app_context):
    orientation = db.session.scalars(select(Orientation).filter_by(number=1)).one()
    axes = db.session.scalars(select(Axis).order_by(Axis.number)).all()
    response = submit(
        coordinator,
        f"{BASE}/orientations/{orientation.id}/edit",
        {
            "number": 1,
            "title__fr": orientation.title["fr"],
            "title__ar": "إشراك الوالدين",
            "family_title__fr": "Parents et école : se parler et agir ensemble",
            "axis_ids": [axes[0].id],
            "validated_on": "2021-06-25",
            "validated_by": "Comité de pilotage",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    orientation = db.session.get(Orientation, orientation.id)
    assert orientation.title["ar"] == "إشراك الوالدين"
    assert [axis.number for axis in orientation.axes] == [1]


def test_create_and_delete_an_action(coordinator, app_context):
    orientation = db.session.scalars(select(Orientation).filter_by(number=5)).one()
    response = submit(
        coordinator,
        f"{BASE}/actions/new",
        {
            "orientation_id": orientation.id,
            "title__fr": "Un atelier numérique parents-enfants",
            "position": 3,
            "origin": "family_proposal",
        },
    )
    assert response.status_code == 302
    action = db.session.scalars(
        select(Action).filter_by(orientation_id=orientation.id, position=3)
    ).one()
    assert action.origin == "family_proposal"
    action_id = action.id
    assert submit(coordinator, f"{BASE}/actions/{action_id}/delete", {}).status_code == 302
    assert db.session.get(Action, action_id) is None


def test_workshop_create_and_axis_refusing_deletion_while_used(coordinator, app_context):
    axis = db.session.scalars(select(Axis).filter_by(number=3)).one()
    response = submit(
        coordinator,
        f"{BASE}/workshops/new",
        {"phase": 2, "axis_id": axis.id, "held_on": "2021-09-15", "head_count": 12},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(db.func.count(Workshop.id))) == 7

    response = submit(coordinator, f"{BASE}/axes/{axis.id}/delete", {}, follow_redirects=True)
    assert "Déplacez-les ou supprimez-les" in response.get_data(as_text=True)
    assert db.session.get(Axis, axis.id) is not None


def test_bad_dates_and_numbers_are_explained(coordinator):
    response = submit(
        coordinator,
        f"{BASE}/workshops/new",
        {"phase": 1, "axis_id": 1, "held_on": "31/02/2021", "head_count": "-4"},
    )
    assert response.status_code == 422
    assert "field-errors" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(coordinator, app_context):
    response = coordinator.post(f"{BASE}/axes/new", data={"number": 9, "title__fr": "Sans jeton"})
    assert response.status_code == 400
    assert db.session.scalar(select(db.func.count(Axis.id)).filter_by(number=9)) == 0


def test_an_item_of_another_territory_is_not_found(coordinator, make_territory, app_context):
    from consult.diagnostic import operations

    other = make_territory("elsewhere")
    foreign = operations.save_axis(other, None, number=1, title={"fr": "Ailleurs"}, description={})
    db.session.commit()
    assert coordinator.get(f"{BASE}/axes/{foreign.id}/edit").status_code == 404
    assert coordinator.get("/admin/elsewhere/").status_code == 404
