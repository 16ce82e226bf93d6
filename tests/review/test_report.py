"""The steering committee's report, as a page and as a PDF."""

from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Channel
from consult.extensions import db
from tests.review.test_review import _parent_answers


def test_report_page_and_pdf(client, as_role, demo_territory, app_context):
    for priority in (3, 3, 2, 3, 1):
        _parent_answers(
            client,
            {"strength": "Les enseignants prennent le temps de parler avec nous."},
            priority=priority,
        )
    consultation_id = db.session.scalars(select(Channel)).first().consultation_id
    coordinator = as_role(Role.COORDINATOR)
    page = coordinator.get(f"/admin/demo/review/report/{consultation_id}").get_data(as_text=True)
    assert '<html lang="fr"' in page
    for heading in ("La démarche partenariale", "Par axe", "Priorités", "Limites", "Le croisement"):
        assert heading in page, heading
    assert "10 juin 2021" in page  # the professionals' workshops
    # The process timeline, the crossing, the decisions and the follow-up, in order.
    steps = ["novembre 2020", "31 mars 2021", "31 mai 2021", "IRTS", "25 juin 2021",
             "Le croisement", "Propositions et décisions", "Suivi des actions",
             "Financement par orientation et par financeur"]  # fmt: skip
    positions = [page.index(step) for step in steps]
    assert positions == sorted(positions)
    response = coordinator.get(f"/admin/demo/review/report/{consultation_id}.pdf")
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    with client.application.test_request_context(f"/admin/demo/review/report/{consultation_id}"):
        from consult.consultation.models import Consultation
        from consult.review.report import document

        pages = document(db.session.get(Consultation, consultation_id)).pages
    assert 2 <= len(pages) <= 20
    assert _boxes_past_the_right_margin(pages) == []
    # Kept beside the screenshots, for a person to look at.
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(response.data)


def _boxes_past_the_right_margin(pages) -> list[tuple[int, str, float]]:
    """Every laid-out box (table, cell, paragraph) that reaches past the page's right margin:
    a cut table on paper."""
    past = []
    for number, page in enumerate(pages, 1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for box in page_box.descendants():
            if type(box).__name__ in ("PageBox", "MarginBox") or box.position_x is None:
                continue
            overflow = box.position_x + box.margin_width() - right
            if overflow > 0.5:
                past.append((number, getattr(box, "element_tag", ""), round(overflow, 1)))
    return past


def test_a_facilitator_cannot_get_the_report(as_role, demo_territory, app_context):
    consultation_id = db.session.scalars(select(Channel)).first().consultation_id
    facilitator = as_role(Role.FACILITATOR)
    assert facilitator.get(f"/admin/demo/review/report/{consultation_id}").status_code == 403
    assert facilitator.get(f"/admin/demo/review/report/{consultation_id}.pdf").status_code == 403
