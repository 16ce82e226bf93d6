"""An open proposal under an orientation is moderated, shown and adopted like the other
written answers, and lands on its orientation."""

from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation import builder
from consult.consultation.models import Answer, Consultation
from consult.diagnostic.models import Action
from consult.extensions import db
from tests.conftest import submit
from tests.consultation.helpers import age_drafts, channel, post_screen

BASE = "/admin/demo/review"


def test_an_open_proposal_is_moderated_and_adopted_under_its_orientation(
    client, as_role, demo_territory, app_context
):
    consultation = db.session.scalars(select(Consultation)).one()
    orientation = consultation.orientations[2]
    question = builder.save_question(
        consultation,
        None,
        audience="parent",
        purpose="proposal",
        prompt={},
        orientation_id=orientation.id,
        screen=5,
    )
    db.session.commit()
    gate = channel()
    post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    age_drafts()
    page = client.get(f"/r/{gate.token}/5").get_data(as_text=True)
    # Worded from the orientation's title for parents, in the proposal template.
    assert orientation.family_wording["parent"]["title"]["fr"] in page
    response, _ = post_screen(
        client, f"/r/{gate.token}/5", {f"q{question.id}": "Un goûter entre parents et animateurs."}
    )
    assert response.headers["Location"].endswith("/thanks")
    answer = db.session.scalars(select(Answer).filter_by(question_id=question.id)).one()
    assert (answer.purpose, answer.orientation_id, answer.moderation) == (
        "proposal",
        orientation.id,
        "pending",
    )

    coordinator = as_role(Role.COORDINATOR)
    queue = coordinator.get(f"{BASE}/").get_data(as_text=True)
    assert "Un goûter entre parents et animateurs." in queue
    url = f"{BASE}/answers/{answer.id}"
    submit(coordinator, url, {"action": "approve"})
    results = coordinator.get(f"{BASE}/results/{consultation.id}").get_data(as_text=True)
    assert "Un goûter entre parents et animateurs." in results
    adopted = submit(
        coordinator,
        url,
        {
            "action": "adopt",
            "adopt_orientation_id": orientation.id,
            "adopt_title": "Des goûters parents-animateurs",
        },
    )
    assert adopted.status_code == 302
    action = db.session.scalars(select(Action).filter_by(origin="family_proposal")).one()
    assert action.orientation_id == orientation.id
