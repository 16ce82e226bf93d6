"""The demo's partnership process, from section 1 of the shared diagnostic: partners,
bodies, the timeline from November 2020 to the second half of 2021, the steering committee
of 25 June 2021 and its decisions, the crossing and an illustrative follow-up."""

from datetime import date

from sqlalchemy import select

from consult.crossing import operations as crossing_operations
from consult.diagnostic import queries as diagnostic_queries
from consult.diagnostic.models import SwotItem, Territory
from consult.extensions import db
from consult.followup import operations as followup_operations
from consult.governance import operations
from consult.governance.models import TimelineEvent

PARTNERS = (
    ("Préfecture – délégué du préfet", "state"),
    ("Éducation nationale", "state"),
    ("Ville", "local_authority"),
    ("Maison des Solidarités", "social_service"),
    ("Caisse d'Allocations Familiales", "caf"),
    ("Associations de terrain", "association"),
    ("IRTS", "training_institute"),
    ("Collège", "school"),
    ("Écoles primaires", "school"),
)

BODIES = (
    ("Comité de pilotage", "steering_committee"),
    ("Réunion partenariale", "partners_meeting"),
    ("PEDT", "local_instance"),
    ("PEL", "local_instance"),
    ("Instances du collège", "local_instance"),
    ("Instances des écoles primaires", "local_instance"),
    ("Rencontre d'élus", "elected_officials"),
)

# (kind, starts, ends, precision, title, body, partners, description)
EVENTS = (
    (
        "milestone",
        date(2020, 11, 1),
        None,
        "month",
        "Démarche partenariale engagée pour le dossier de pré-sélection",
        None,
        (),
        "Rédaction du dossier de pré-sélection du programme Cités éducatives.",
    ),
    (
        "meeting",
        date(2020, 12, 1),
        None,
        "month",
        "Réunion partenariale",
        "Réunion partenariale",
        ("Maison des Solidarités", "Caisse d'Allocations Familiales", "Associations de terrain"),
        "Avec des acteurs locaux et partenaires, dont la Maison des Solidarités, la Caisse "
        "d'Allocations Familiales et des associations de terrain.",
    ),
    (
        "meeting",
        date(2021, 2, 1),
        date(2021, 5, 31),
        "month",
        "Présentation aux instances du territoire : PEDT, PEL, collège, écoles primaires",
        None,
        ("Collège", "Écoles primaires", "Éducation nationale", "Ville"),
        "Présenter la cité éducative et ses objectifs, fédérer autour de la démarche, recueillir "
        "les premières interrogations et préconisations.",
    ),
    (
        "meeting",
        date(2021, 2, 1),
        date(2021, 5, 31),
        "month",
        "Rencontre d'élus",
        "Rencontre d'élus",
        ("Ville",),
        "Les élus, voix distincte de celle des professionnels.",
    ),
    (
        "milestone",
        date(2021, 3, 31),
        None,
        "day",
        "Dépôt du dossier de candidature",
        None,
        (),
        "",
    ),
    (
        "milestone",
        date(2021, 5, 31),
        None,
        "day",
        "Dépôt du tableau prévisionnel de financement et d'actions",
        None,
        (),
        "",
    ),
    (
        "milestone",
        date(2021, 6, 4),
        date(2021, 6, 22),
        "day",
        "Seconde phase du diagnostic partagé, avec l'appui de l'IRTS",
        None,
        ("IRTS",),
        "Confronter les premiers éléments recueillis : Temps 1 (groupes par axe) et Temps 2 "
        "(croisement et orientations stratégiques).",
    ),
    (
        "meeting",
        date(2021, 6, 25),
        None,
        "day",
        "Comité de pilotage : validation des orientations stratégiques",
        "Comité de pilotage",
        (),
        "Les six orientations stratégiques issues du Temps 2 sont validées.",
    ),
    (
        "planned",
        date(2021, 7, 1),
        date(2021, 12, 31),
        "month",
        "Présentation et mobilisation des parents, enfants et jeunes (maîtres d'usage)",
        None,
        (),
        "Orientations « approche globale co-éducation » et « aller vers ».",
    ),
)

VALIDATION_REASON = {
    "fr": "Issue du diagnostic partagé de juin 2021 avec les professionnels et les élus.",
}

# Per axis, which orientation each crossing led to (illustrative: the diagnostic does not say
# which resources were crossed).
CROSSING = {
    1: {"SO": 5, "WO": 1, "ST": 4, "WT": 1},
    2: {"SO": 3, "WO": 1, "ST": 3, "WT": 2},
    3: {"SO": 6, "WO": 2, "ST": 6, "WT": 2},
}

# Illustrative follow-up: (orientation, position, lead, co-leads, publics, lines)
FOLLOW_UP = (
    (
        1,
        1,
        "Éducation nationale",
        ("Maison des Solidarités",),
        ("parents", "children_6_11"),
        (("cite_educative", 2022, 30000), ("local_authority", 2022, 10000), ("caf", 2022, 8000)),
    ),
    (
        2,
        1,
        "Collège",
        ("Ville",),
        ("young_12_15",),
        (("cite_educative", 2022, 25000), ("state", 2022, 12000)),
    ),
    (
        5,
        2,
        "Associations de terrain",
        ("Maison des Solidarités",),
        ("parents",),
        (("cite_educative", 2022, 15000), ("caf", 2022, 5000), ("other", 2022, 2000)),
    ),
)


def load_demo_governance(territory: Territory) -> bool:
    """Load once: a territory with a timeline already is left as it is."""
    if db.session.scalar(select(TimelineEvent.id).filter_by(territory_id=territory.id)):
        return False
    partners = {
        name: operations.save_partner(territory, None, name=name, kind=kind)
        for name, kind in PARTNERS
    }
    bodies = {
        name: operations.save_body(territory, None, name=name, kind=kind) for name, kind in BODIES
    }
    steering = None
    for kind, starts, ends, precision, title, body, present, description in EVENTS:
        event = operations.save_event(
            territory,
            None,
            kind=kind,
            starts_on=starts,
            ends_on=ends,
            date_precision=precision,
            title=title,
            description=description,
            body_id=bodies[body].id if body else None,
            partner_ids=[partners[name].id for name in present],
        )
        if body == "Comité de pilotage":
            steering = event
    orientations = diagnostic_queries.orientations(territory)
    for orientation in orientations:
        operations.decide_on_orientation(
            territory,
            steering,
            orientation_id=orientation.id,
            kind="orientation_new",
            reason=VALIDATION_REASON,
        )
    _load_crossing(territory, {orientation.number: orientation for orientation in orientations})
    _load_follow_up(territory, orientations, partners)
    return True


def _load_crossing(territory: Territory, orientations: dict) -> None:
    workshops = {
        workshop.axis.number: workshop
        for workshop in diagnostic_queries.workshops(territory)
        if workshop.phase == 2
    }
    for axis in diagnostic_queries.axes(territory):
        items = {
            item.quadrant: item
            for item in db.session.scalars(
                select(SwotItem).filter_by(
                    territory_id=territory.id, axis_id=axis.id, is_illustrative=True
                )
            )
        }
        for kind, number in CROSSING.get(axis.number, {}).items():
            internal = items.get("strength" if kind[0] == "S" else "weakness")
            external = items.get("opportunity" if kind[1] == "O" else "threat")
            orientation = orientations.get(number)
            if internal is None or external is None or orientation is None:
                continue
            crossing_operations.save_pair(
                territory,
                None,
                internal_item_id=internal.id,
                external_item_id=external.id,
                orientation_id=orientation.id,
                workshop_id=workshops[axis.number].id if axis.number in workshops else None,
                is_illustrative=True,
            )


def _load_follow_up(territory: Territory, orientations, partners: dict) -> None:
    by_number = {orientation.number: orientation for orientation in orientations}
    for number, position, lead, co_leads, publics, lines in FOLLOW_UP:
        orientation = by_number.get(number)
        action = (
            next((action for action in orientation.actions if action.position == position), None)
            if orientation
            else None
        )
        if action is None:
            continue
        followup_operations.set_partners_and_publics(
            territory,
            action,
            lead_id=partners[lead].id,
            co_lead_ids=[partners[name].id for name in co_leads],
            publics=list(publics),
        )
        for funder, year, amount in lines:
            followup_operations.add_funding_line(
                territory, action, funder=funder, year=year, amount=amount, is_illustrative=True
            )
