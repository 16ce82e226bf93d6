"""A territory built from scratch, with nothing of the demo: invented axes, orientations and
actions, in French and Spanish, each with its own family wordings."""

import json
import re
from datetime import date, timedelta
from pathlib import Path

from consult.consultation import operations as consultation_operations
from consult.consultation.operations import save_consultation
from consult.consultation.vocabulary import RESPONDENT_KINDS, Status
from consult.diagnostic import operations
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Territory
from consult.extensions import db

ROOT = Path(__file__).resolve().parents[2]
DEMO_FIXTURES = [
    ROOT / "consult" / "diagnostic" / "fixtures" / "demo_territory.json",
    ROOT / "consult" / "diagnostic" / "fixtures" / "demo_family_wording.json",
    ROOT / "consult" / "consultation" / "fixtures" / "demo_consultation.json",
]
# The words families read everywhere (not a territory's): the question templates.
TEMPLATES = ROOT / "consult" / "consultation" / "fixtures" / "default_questions.json"

ORIENTATIONS = [
    {
        "number": 1,
        "title": {"fr": "Renforcer la culture scientifique des jeunes riverains du canal"},
        "family": {"fr": "Les sciences au bord du canal", "es": "Las ciencias junto al canal"},
        "actions": [
            ("Créer un fablab itinérant sur péniche", "Un atelier flottant sur une péniche"),
            ("Observatoire ornithologique participatif", "Observer les hérons du canal"),
            ("Club d'astronomie du mercredi soir", "Regarder les étoiles le mercredi"),
        ],
    },
    {
        "number": 2,
        "title": {"fr": "Développer la pratique de l'apiculture urbaine en pied d'immeuble"},
        "family": {"fr": "Des ruches en bas des tours", "es": "Colmenas al pie de las torres"},
        "actions": [
            ("Installer trois ruchers partagés", "Trois ruches à partager"),
            ("Former des ambassadeurs du miel", "Devenir ami des abeilles"),
        ],
    },
]


def _family(fr: str, es: str, prefix: str) -> dict:
    return {
        audience: {
            "title": {"fr": f"{fr} ({prefix} {audience})", "es": f"{es} ({prefix} {audience})"},
            "meaning": {
                "fr": f"Explication inventée {prefix} {audience}",
                "es": f"Explicación inventada {prefix} {audience}",
            },
        }
        for audience in ("parent", "child", "young")
    }


def build_invented_territory(slug="canal", languages=("fr", "es")):
    territory = Territory(slug=slug, name="Cité éducative du Canal Imaginaire")
    db.session.add(territory)
    db.session.flush()
    axes = [
        operations.save_axis(
            territory,
            None,
            number=number,
            title={"fr": f"Axe inventé numéro {number} du canal", "es": f"Eje inventado {number}"},
            description={},
        )
        for number in (1, 2)
    ]
    for spec in ORIENTATIONS:
        orientation = operations.save_orientation(
            territory,
            None,
            number=spec["number"],
            title=spec["title"],
            family_title=spec["family"],
            description={},
            axis_ids=[axes[0].id],
            family_wording=_family(spec["family"]["fr"], spec["family"]["es"], "O"),
        )
        for position, (title, family) in enumerate(spec["actions"], start=1):
            operations.save_action(
                territory,
                None,
                orientation_id=orientation.id,
                title={"fr": title, "es": f"{title} (es)"},
                description={},
                position=position,
                family_wording=_family(family, f"{family} en español", "A"),
            )
    today = date.today()
    consultation = consultation_operations.save_consultation(
        territory,
        None,
        title={"fr": "Parlons du canal", "es": "Hablemos del canal"},
        intro={"fr": "Votre avis sur le canal."},
        restitution={},
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
        results_on=None,
        status=Status.OPEN.value,
        languages=list(languages),
        audiences=list(RESPONDENT_KINDS),
        orientation_ids=[o.id for o in territory_orientations(territory)],
        axis_ids=[axis.id for axis in axes],
    )
    db.session.commit()
    return territory, consultation


def territory_orientations(territory):
    from consult.diagnostic import queries

    return queries.orientations(territory)


def _leaves(value, skip_keys=("_about", "slug", "kind", "quadrant", "held_on", "on")):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in skip_keys:
                yield from _leaves(item, skip_keys)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, skip_keys)
    elif isinstance(value, str):
        yield value


def demo_strings(minimum_length: int = 12) -> set[str]:
    """Every text of the demo fixtures, and each of its sentences, long enough to be the
    demo's own words."""
    template_texts = set(_leaves(json.loads(TEMPLATES.read_text(encoding="utf-8"))))
    strings = set()
    for path in DEMO_FIXTURES:
        for text in _leaves(json.loads(path.read_text(encoding="utf-8"))):
            if text in template_texts:
                continue
            for piece in [text, *re.split(r"(?<=[.!?։。])\s+|\s+:\s+|:\s+", text)]:
                piece = piece.strip()
                if len(piece) >= minimum_length:
                    strings.add(piece)
    return strings


# A smaller territory for the preview, checklist and figure tests.
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
