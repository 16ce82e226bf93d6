"""A territory built from scratch, with nothing of the demo: its own axis, orientations and
actions in French and Arabic, and a consultation generated for it."""

from datetime import date, timedelta

from consult.consultation.operations import save_consultation
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Territory
from consult.extensions import db

SLUG = "val-des-sources"


def invented_territory(*, status: str = "open") -> tuple[Territory, object]:
    territory = Territory(slug=SLUG, name="Cité éducative du Val des Sources")
    axis = Axis(number=1, title={"fr": "Réussir ensemble", "ar": "النجاح معًا"})
    territory_rows = [axis]
    orientations = []
    for number, (title, family, actions) in enumerate(
        [
            (
                "Le numérique pour tous",
                {"fr": "Des écrans utiles pour apprendre", "ar": "شاشات مفيدة للتعلّم"},
                [
                    {"fr": "Ateliers tablette en famille", "ar": "ورشات الحاسوب اللوحي مع العائلة"},
                    {"fr": "Prêt d'ordinateurs", "ar": "إعارة الحواسيب"},
                ],
            ),
            (
                "Bouger dans le quartier",
                {"fr": "Du sport près de chez vous", "ar": "رياضة قرب منزلكم"},
                [{"fr": "Terrain ouvert le samedi", "ar": "ملعب مفتوح يوم السبت"}],
            ),
        ],
        start=1,
    ):
        orientation = Orientation(number=number, title={"fr": title}, family_title=family)
        orientation.actions = [
            Action(title=text, position=position) for position, text in enumerate(actions)
        ]
        orientations.append(orientation)
    db.session.add(territory)
    db.session.flush()
    for row in [*territory_rows, *orientations]:
        row.territory_id = territory.id
        db.session.add(row)
    db.session.flush()
    db.session.add(
        SwotItem(
            territory_id=territory.id,
            axis_id=axis.id,
            quadrant="strength",
            statement="Les parents se connaissent bien",
        )
    )
    consultation = save_consultation(
        territory,
        None,
        title={"fr": "Votre avis sur le Val des Sources", "ar": "رأيكم في فال دي سورس"},
        intro={},
        restitution={},
        opens_on=date.today() - timedelta(days=3),
        closes_on=date.today() + timedelta(days=30),
        results_on=None,
        status=status,
        languages=["fr", "ar"],
        audiences=["parent", "child", "young_11_15", "young_16_25"],
        orientation_ids=[orientation.id for orientation in orientations],
        axis_ids=[axis.id],
    )
    db.session.commit()
    return territory, consultation
