from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reports.suppression import group_by_size


def _people(*ranges: range) -> dict[str, set[int]]:
    return {f"g{n}": set(r) for n, r in enumerate(ranges)}


def test_when_every_group_is_large_enough_then_all_are_shown():
    grouping = group_by_size(_people(range(0, 5), range(5, 20)), [], 5)
    assert grouping.shown == ("g0", "g1")
    assert grouping.people == {"g0": 5, "g1": 15}
    assert (grouping.pooled, grouping.other_shown, grouping.suppressed) == (frozenset(), False, 0)


def test_when_small_groups_together_reach_the_threshold_then_they_are_one_other_row():
    grouping = group_by_size(_people(range(0, 3), range(3, 5), range(5, 20)), [], 5)
    assert grouping.shown == ("g2",)
    assert grouping.pooled == {"g0", "g1"}
    assert (grouping.other_people, grouping.other_shown) == (5, True)
    assert (grouping.too_small, grouping.added) == (2, 0)


def test_when_the_pool_is_too_small_then_the_smallest_shown_group_joins_it():
    members = _people(range(0, 2), range(2, 30), range(30, 10), range(40, 47))
    grouping = group_by_size(members, [], 5)
    # g2 is empty (range(30, 10)): too small as well; g3 (7 people) is the smallest large one.
    assert grouping.shown == ("g1",)
    assert grouping.pooled == {"g0", "g2", "g3"}
    assert (grouping.other_people, grouping.too_small, grouping.added) == (9, 2, 1)


def test_a_person_in_several_pooled_groups_counts_once():
    members = {"mastodon": {1, 2, 3}, "bluesky": {1, 2, 3, 4, 5}, "x": set(range(100))}
    grouping = group_by_size(members, [], 5)
    assert grouping.pooled == {"mastodon", "bluesky"}
    assert grouping.other_people == 5
    assert grouping.shown == ("x",)


def test_a_group_seen_in_the_counts_but_with_nobody_in_it_is_pooled():
    grouping = group_by_size(_people(range(0, 10), range(10, 20)), ["old school"], 5)
    assert "old school" in grouping.pooled
    assert grouping.too_small == 1


def test_when_even_all_groups_together_are_too_few_then_they_are_left_out():
    grouping = group_by_size(_people(range(0, 2), range(2, 4)), [], 5)
    assert grouping.shown == ()
    assert grouping.other_shown is False
    assert grouping.suppressed == 2


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=3),
        st.sets(st.integers(0, 60), max_size=25),
        max_size=8,
    ),
    st.integers(5, 12),
)
def test_no_row_and_no_difference_of_rows_stands_for_fewer_people_than_the_threshold(
    members, threshold
):
    grouping = group_by_size(members, [], threshold)
    everyone = set().union(*members.values())
    assert all(len(members[name]) >= threshold for name in grouping.shown)
    pool = set().union(*(members[name] for name in grouping.pooled))
    assert len(pool) == grouping.other_people
    if grouping.pooled:
        # The total minus the shown rows is the pool: it must be shown-sized, or the
        # pool is everyone and the total itself is too small to show.
        assert len(pool) >= threshold or (grouping.shown == () and len(everyone) < threshold)
    assert set(grouping.shown) | grouping.pooled == set(members)
