"""No figure about fewer than MIN_GROUP people is shown: nobody can be singled out.

Masking a small group is not enough when its siblings and their total are shown too: the
total minus the shown groups gives it back. So, within one breakdown, further groups are
masked (the smallest first) until the masked groups together are either nobody or at least
MIN_GROUP people; what can then be derived is a figure about enough people."""

from collections.abc import Hashable, Mapping

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


def masked_groups(people_by_group: Mapping[Hashable, int], total: int | None = None) -> set:
    """The groups of one breakdown to mask. ``total`` is the whole the groups are part of,
    when some of it is not listed (responses without a channel, outside any session)."""
    if total is None:
        total = sum(people_by_group.values())
    masked = {group for group, people in people_by_group.items() if is_small(people)}
    shown = {group: people for group, people in people_by_group.items() if group not in masked}
    while is_small(total - sum(shown.values())):
        candidates = [group for group, people in shown.items() if people > 0]
        if not candidates:
            break
        smallest = min(candidates, key=lambda group: (shown[group], _natural_order(group)))
        masked.add(smallest)
        del shown[smallest]
    return masked
