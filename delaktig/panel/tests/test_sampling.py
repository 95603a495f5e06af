"""The allocation and the draw, without the database."""

from fractions import Fraction

from delaktig.panel.sampling import (
    allocate,
    band_for_birth_year,
    draw,
    largest_remainder,
    stratum_key,
    stratum_weights,
)


def test_largest_remainder_adds_up_and_stays_within_one_of_the_quota():
    weights = {"a": Fraction(1), "b": Fraction(1), "c": Fraction(1)}
    result = largest_remainder(100, weights)
    assert sum(result.values()) == 100
    assert sorted(result.values()) == [33, 33, 34]
    weights = {"a": 17, "b": 45, "c": 3, "d": 0}
    result = largest_remainder(29, weights)
    assert sum(result.values()) == 29 and result["d"] == 0
    for key, weight in weights.items():
        assert abs(result[key] - Fraction(29 * weight, 65)) < 1


def test_allocation_with_room_everywhere_matches_the_shares():
    weights = {"a": Fraction(50), "b": Fraction(30), "c": Fraction(20)}
    capacity = {"a": 500, "b": 500, "c": 500}
    allocation = allocate(33, weights, capacity)
    assert allocation.final == {"a": 16, "b": 10, "c": 7}
    for key, weight in weights.items():
        assert abs(allocation.final[key] - Fraction(33) * weight / 100) < 1
    assert allocation.shortfall == 0


def test_a_short_stratum_gives_all_it_has_and_the_rest_goes_to_the_others():
    weights = {"a": Fraction(50), "b": Fraction(30), "c": Fraction(20)}
    capacity = {"a": 500, "b": 500, "c": 4}
    allocation = allocate(100, weights, capacity)
    assert allocation.final["c"] == 4
    assert allocation.short == {"c": 16}
    assert sum(allocation.final.values()) == 100
    # The 16 are split 50:30 over a and b.
    assert allocation.final["a"] == 60 and allocation.final["b"] == 36


def test_a_panel_smaller_than_the_sample_gives_everybody():
    allocation = allocate(50, {"a": Fraction(1), "b": Fraction(1)}, {"a": 3, "b": 7})
    assert allocation.size == 10
    assert allocation.final == {"a": 3, "b": 7}


def test_strata_without_a_weight_fill_up_when_all_others_are_full():
    allocation = allocate(10, {"a": Fraction(1), "b": Fraction(0)}, {"a": 4, "b": 20})
    assert allocation.final == {"a": 4, "b": 6}


def test_members_outside_the_figures_get_their_share_of_the_panel():
    population = {"x": 600, "y": 400}
    eligible = {"x": 50, "y": 30, "other": 20}
    weights, outside = stratum_weights(population, eligible)
    assert outside == {"other"}
    assert weights["other"] == Fraction(20, 100)
    assert weights["x"] == Fraction(8, 10) * Fraction(6, 10)
    assert sum(weights.values()) == 1


def test_without_figures_the_panel_composition_is_used():
    weights, outside = stratum_weights(None, {"x": 30, "y": 10})
    assert weights == {"x": Fraction(3, 4), "y": Fraction(1, 4)} and outside == set()


def test_the_same_seed_draws_the_same_members():
    members = {"a": list(range(1, 101)), "b": list(range(101, 151))}
    plan = {"a": 10, "b": 5}
    first = draw(members, plan, seed=12345)
    assert draw({"b": members["b"][::-1], "a": members["a"]}, plan, seed=12345) == first
    assert draw(members, plan, seed=54321) != first
    assert len(first["a"]) == 10 and set(first["a"]) <= set(members["a"])


def test_age_band_follows_the_year_a_person_turns():
    assert band_for_birth_year(2008, 2026) == "18-25"
    assert band_for_birth_year(2009, 2026) == "13-17"
    assert stratum_key("18-25", "woman", None) == "18-25|woman|-"
