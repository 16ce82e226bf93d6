"""Every figure about families the app shows or exports is published through this module.

No figure about fewer than MIN_GROUP people is shown: nobody can be singled out. Masking a
small group is not enough when its siblings and their total are shown too: the total minus
the shown groups gives it back. So, within one breakdown, further groups are masked (the
smallest first) until the masked groups together are either nobody or at least MIN_GROUP
people; what can then be derived is a figure about enough people.

Pages and exports receive `Figure` values, never a bare count of people nor the threshold:
a figure is either shown, "fewer than 5", or hidden because subtraction would reveal a small
group, and it renders itself in the reader's language."""

from collections.abc import Collection, Hashable, Mapping
from enum import Enum

from flask_babel import format_decimal, gettext, ngettext
from markupsafe import escape

MIN_GROUP = 5


def is_small(people: int) -> bool:
    """Somebody, but too few to show."""
    return 0 < people < MIN_GROUP


def _natural_order(group):
    """Groups in their own order (2 before 10, days by date), None last: every page and file
    that breaks the same figure down must mask the same groups when counts tie."""
    if isinstance(group, tuple):
        return tuple(_natural_order(part) for part in group)
    return (1, 0) if group is None else (0, group)


# What a reader knows of a group that is not shown: "fewer than 5" is 1 to 4 people; "not
# shown" is 5 or more when the same breakdown says "fewer than 5" of another group (so its
# reason is subtraction), and at least 1 otherwise.
_UNBOUNDED = float("inf")


def _range(people: int, informative: bool) -> tuple[float, float]:
    if is_small(people) and informative:
        return 1, MIN_GROUP - 1
    return (MIN_GROUP if informative else 1), _UNBOUNDED


def _pins_a_small_group(masked: dict, residual: int, unlisted: bool, informative: bool) -> bool:
    """Whether what is shown (the residual left by the shown groups, and each masked group's
    words) narrows a small group down to one value. The unlisted part of the whole, when
    there is one, may be anything from nobody up."""
    ranges = {group: _range(people, informative) for group, people in masked.items()}
    if unlisted:
        ranges[None] = (0, _UNBOUNDED)
    for group, people in masked.items():
        if not is_small(people):
            continue
        low, high = ranges[group]
        others = [value for key, value in ranges.items() if key != group]
        low = max(low, residual - sum(high_ for _, high_ in others))
        high = min(high, residual - sum(low_ for low_, _ in others))
        if low >= high:
            return True
    return False


def _mask(
    people_by_group: Mapping[Hashable, int],
    total: int,
    keep: Collection = (),
    hidden_elsewhere: Collection = (),
) -> tuple[set, bool]:
    """The groups to mask, and whether their words may say which are small. Groups in
    ``keep`` (those a target follows) are masked for subtraction's sake only when no other
    group can be."""
    unlisted = total > sum(people_by_group.values())
    masked = {
        group
        for group, people in people_by_group.items()
        if is_small(people) or (people and group in hidden_elsewhere)
    }
    shown = {group: people for group, people in people_by_group.items() if group not in masked}
    if is_small(total):
        # The whole reads "fewer than 5" itself: there is no exact figure to subtract from.
        return masked, True
    while True:
        residual = total - sum(shown.values())
        hidden = {group: people_by_group[group] for group in masked}
        if not is_small(residual) and not _pins_a_small_group(hidden, residual, unlisted, True):
            return masked, True
        candidates = [group for group, people in shown.items() if people > 0]
        if not candidates:
            # Nothing left to mask: saying which groups are small would give one away.
            return masked, not _pins_a_small_group(hidden, residual, unlisted, True)
        smallest = min(
            candidates,
            key=lambda group: (group in keep, shown[group], _natural_order(group)),
        )
        masked.add(smallest)
        del shown[smallest]


def masked_groups(
    people_by_group: Mapping[Hashable, int], total: int | None = None, keep: Collection = ()
) -> set:
    """The groups of one breakdown to mask. ``total`` is the whole the groups are part of,
    when some of it is not listed (responses without a channel, outside any session)."""
    if total is None:
        total = sum(people_by_group.values())
    return _mask(people_by_group, total, keep)[0]


class Visibility(Enum):
    SHOWN = "shown"
    # About fewer than MIN_GROUP people.
    SMALL = "small"
    # About enough people, but shown it would give a small sibling away by subtraction.
    HIDDEN = "hidden"


class Figure:
    """A count of people as it may be published. Only a shown figure gives its value; the
    others give their reason, in words, and a truth value ("somebody or nobody"), since
    knowing that somebody answered singles nobody out."""

    __slots__ = ("_people", "visibility")

    def __init__(self, people: int, visibility: Visibility):
        self._people = int(people)
        self.visibility = visibility

    @property
    def is_shown(self) -> bool:
        return self.visibility is Visibility.SHOWN

    @property
    def is_small(self) -> bool:
        return self.visibility is Visibility.SMALL

    @property
    def is_hidden(self) -> bool:
        return self.visibility is Visibility.HIDDEN

    @property
    def value(self) -> int | None:
        return self._people if self.is_shown else None

    def __bool__(self) -> bool:
        return self._people > 0

    def __eq__(self, other) -> bool:
        # Only another figure compares: a page cannot test a masked figure against a number.
        if not isinstance(other, Figure):
            return NotImplemented
        return (self._people, self.visibility) == (other._people, other.visibility)

    def __hash__(self) -> int:
        return hash((self._people, self.visibility))

    def share_of(self, whole: "Figure") -> float | None:
        """This figure as a part of ``whole``, when both may be shown."""
        if not (self.is_shown and whole.is_shown and whole.value):
            return None
        return self.value / whole.value

    def alongside(self, count: int) -> "Figure":
        """Another count about the same people (their answers, responses): shown exactly
        when this figure is."""
        return Figure(count, self.visibility)

    def words(self) -> str:
        """How the figure reads in a sentence: the number, or why there is none."""
        if self.is_shown:
            return format_decimal(self._people)
        if self.is_small:
            return fewer_than()
        return gettext("not shown: a group is too small")

    def __str__(self) -> str:
        return self.words()

    def __html__(self) -> str:
        return str(escape(self.words()))

    def __repr__(self) -> str:
        return f"Figure({self.visibility.value})"


NOBODY = Figure(0, Visibility.SHOWN)


def figure(people: int) -> Figure:
    """A figure that stands alone (no sibling is shown beside it)."""
    return Figure(people, Visibility.SMALL if is_small(people) else Visibility.SHOWN)


def breakdown(
    people_by_group: Mapping[Hashable, int],
    total: int | None = None,
    keep: Collection = (),
    hidden_elsewhere: Collection = (),
) -> dict[Hashable, Figure]:
    """Each group of one breakdown of ``total`` people, published so that no group of fewer
    than MIN_GROUP people is shown or can be computed back from the others and the total."""
    if total is None:
        total = sum(people_by_group.values())
    hidden, informative = _mask(people_by_group, total, keep, hidden_elsewhere)
    published = {}
    for group, people in people_by_group.items():
        if group not in hidden:
            published[group] = Figure(people, Visibility.SHOWN)
        elif is_small(people) and informative:
            published[group] = Figure(people, Visibility.SMALL)
        else:
            published[group] = Figure(people, Visibility.HIDDEN)
    return published


def hide(figure_: Figure) -> Figure:
    """The same figure, hidden because another figure shown beside it would give a small
    group away (a cell of a table whose total is shown elsewhere)."""
    if figure_.is_shown and figure_:
        return Figure(figure_._people, Visibility.HIDDEN)
    return figure_


def withheld(people: int) -> Figure:
    """A figure that may not be shown whatever its size (a part of a whole that is itself
    not shown), nobody included."""
    return Figure(people, Visibility.SMALL if is_small(people) else Visibility.HIDDEN)


def fewer_than() -> str:
    return ngettext("fewer than %(num)s", "fewer than %(num)s", MIN_GROUP)


def people_phrase(figure_: Figure) -> str:
    """ "12 people", "fewer than 5 people" or why it is not shown."""
    if figure_.is_shown:
        return ngettext("%(num)s person", "%(num)s people", figure_.value)
    if figure_.is_small:
        return ngettext("fewer than %(num)s person", "fewer than %(num)s people", MIN_GROUP)
    return gettext("not shown: a group is too small")


def withheld_phrase(figure_: Figure) -> str:
    """Why a figure is not shown, in a table cell."""
    if figure_.is_small:
        return ngettext(
            "fewer than %(num)s person: not shown",
            "fewer than %(num)s people: not shown",
            MIN_GROUP,
        )
    return gettext("not shown: a group is too small")


def of_target(figure_: Figure, target: int) -> str:
    """People reached against a target: "12 of 50 people", "fewer than 5 of 50 people"."""
    if figure_.is_shown:
        return ngettext(
            "%(reached)s of %(num)s person",
            "%(reached)s of %(num)s people",
            target,
            reached=figure_.value,
        )
    if figure_.is_small:
        return ngettext(
            "fewer than %(count)s of %(num)s person",
            "fewer than %(count)s of %(num)s people",
            target,
            count=MIN_GROUP,
        )
    return gettext("not shown: a group is too small")


# The sentences that state the rule on the pages applying it: pages print them, and never
# the threshold themselves.
_NOTES = {
    "results": lambda: ngettext(
        "Priority on a scale from 1 (not a priority) to 3 (very important), with a 95%% "
        "interval: the wider it is, the less certain. A group's answer weighs its number of "
        "people and is counted as one answer. Fewer than %(num)s person is never shown, so "
        "nobody can be singled out.",
        "Priority on a scale from 1 (not a priority) to 3 (very important), with a 95%% "
        "interval: the wider it is, the less certain. A group's answer weighs its number of "
        "people and is counted as one answer. Fewer than %(num)s people are never shown, so "
        "nobody can be singled out.",
        MIN_GROUP,
    ),
    "participation": lambda: ngettext(
        "Figures about fewer than %(num)s person are masked, so nobody can be singled out. "
        "A group's answer counts its members as people.",
        "Figures about fewer than %(num)s people are masked, so nobody can be singled out. "
        "A group's answer counts its members as people.",
        MIN_GROUP,
    ),
    "report": lambda: ngettext(
        "A group's answer is weighted by its size but counted as one answer; figures about "
        "fewer than %(num)s people are not shown.",
        "A group's answer is weighted by its size but counted as one answer; figures about "
        "fewer than %(num)s people are not shown.",
        MIN_GROUP,
    ),
    "summary": lambda: ngettext(
        "Figures about fewer than %(num)s person are never shown.",
        "Figures about fewer than %(num)s people are never shown.",
        MIN_GROUP,
    ),
    "shown_to_too_few": lambda: ngettext(
        "Shown to fewer than %(num)s person: not shown.",
        "Shown to fewer than %(num)s people: not shown.",
        MIN_GROUP,
    ),
    "export_refused": lambda: ngettext(
        "Fewer than %(num)s person is in this group: export it together with others, "
        "so nobody can be singled out.",
        "Fewer than %(num)s people are in this group: export it together with others, "
        "so nobody can be singled out.",
        MIN_GROUP,
    ),
    "nobody_enough": lambda: ngettext(
        "Fewer than %(num)s people answered: no figure is shown.",
        "Fewer than %(num)s people answered: no figure is shown.",
        MIN_GROUP,
    ),
}


def note(kind: str) -> str:
    """The rule, in the words the page of this kind gives it."""
    return _NOTES[kind]()


def register(app) -> None:
    """What templates may use: phrases and notes, never the threshold."""
    app.jinja_env.filters["people"] = people_phrase
    app.jinja_env.filters["withheld"] = withheld_phrase
    app.jinja_env.filters["of_target"] = of_target
    app.jinja_env.globals["masking_note"] = note


def parts_and_total(
    people_by_part: Mapping[Hashable, int], total: int, withheld_parts: Collection = ()
) -> tuple[dict[Hashable, Figure], Figure]:
    """A table of parts with their total (an orientation's priority per audience and for
    everyone): each part is published alone, and the total is hidden when a part is not
    shown, since the total less the shown parts would give it back. Hiding the one total
    keeps every part of enough people in view. ``withheld_parts`` are parts another page
    hides for the same people (the dashboard's audiences): hidden here too, or the two pages
    together would give a small group away."""
    parts = {
        part: withheld(people) if part in withheld_parts else figure(people)
        for part, people in people_by_part.items()
    }
    whole = figure(total)
    if any(part and not part.is_shown for part in parts.values()):
        whole = hide(whole)
    return parts, whole
