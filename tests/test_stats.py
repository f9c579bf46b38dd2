"""The instrument's statistics on a fixed data set, checked against a calculation done by hand."""

from __future__ import annotations

import math

import pytest

from workshop_app.core.stats import (
    ROLE_MIN,
    Estimate,
    assess,
    cronbach_alpha,
    difference,
    estimate,
    instrument_difference,
    t_975,
)
from workshop_app.model.answers import Answer
from workshop_app.model.contents import RatingContent
from workshop_app.model.document import Participant, Step
from workshop_app.model.exercises import ExerciseDef

RATING = {
    "version": "test-1", "scale_min": 1, "scale_max": 5,
    "dimensions": [
        {"name": "Understanding customers", "statements": [
            {"text": "People here know what customers need."},
            {"text": "People here hear from customers."},
            {"text": "People here seldom hear what customers think.", "reverse": True},
        ]},
        {"name": "Working across silos", "statements": ["People here share feedback.", "People here work together."]},
    ],
}

# Six people rate the first construct (statement 3 is reverse-worded: a 2 counts as 4, a 1 as 5).
#            raw ratings     scored      total
#   P1       4  5  2         4  5  4     13
#   P2       3  4  3         3  4  3     10
#   P3       5  5  1         5  5  5     15
#   P4       2  3  4         2  3  2      7
#   P5       4  4  2         4  4  4     12
#   P6       3  2  3         3  2  3      8
# A seventh person rates only statement 1 (fewer than half of three): no construct score.
RAW = [(4, 5, 2), (3, 4, 3), (5, 5, 1), (2, 3, 4), (4, 4, 2), (3, 2, 3)]

# By hand:
#   totals 13, 10, 15, 7, 12, 8: mean 65/6; squared deviations sum to 281/6, so their variance is 281/30.
#   item variances (n - 1): statement 1 (4,3,5,2,4,3): 5.5/5 = 33/30; statement 2 (5,4,5,3,4,2): 41/30;
#   statement 3 scored is the same as statement 1: 33/30. Their sum: 107/30.
#   alpha = 3/2 · (1 - (107/30)/(281/30)) = 3/2 · 174/281 = 261/281 = 0.92883
#   person scores are the totals / 3: mean 65/18 = 3.61111; sd = √(281/30) / 3 = 1.02017
#   95% interval: t(0.975, 5) = 2.571; margin = 2.571 · 1.02017 / √6 = 1.07077 -> 2.54034 to 4.68188
HAND_ALPHA = 261 / 281
HAND_MEAN = 65 / 18
HAND_SD = math.sqrt(281 / 30) / 3
HAND_MARGIN = 2.571 * HAND_SD / math.sqrt(6)


def step() -> Step:
    ex = ExerciseDef.model_validate({"id": "where-are-we", "title": "Where are we?", "purpose": "p",
                                     "type": "rating", "minutes": 20, "source": "s", "rating": RATING})
    return Step(title="Where are we?", exercise=ex)


def fixed_answers(s: Step) -> list[Answer]:
    answers = []
    for person, ratings in enumerate(RAW, start=1):
        role = "Sales" if person <= ROLE_MIN else "Finance"
        for statement, value in enumerate(ratings):
            answers.append(Answer(step=s.id, statement=statement, value=value, respondent=f"r{person}", role=role))
    answers.append(Answer(step=s.id, statement=0, value=1, respondent="r7"))
    answers.append(Answer(step=s.id, statement=1, value=3))  # before respondent keys: belongs to nobody
    return answers


def test_alpha_n_mean_and_interval_match_the_hand_calculation() -> None:
    s = step()
    result = assess(fixed_answers(s), s)
    understanding = result.constructs[0]
    assert understanding.name == "Understanding customers" and understanding.statements == 3
    assert understanding.score.n == 6 and understanding.complete == 6
    assert understanding.alpha == pytest.approx(HAND_ALPHA)
    assert understanding.alpha == pytest.approx(0.92883, abs=1e-5)
    assert understanding.score.mean == pytest.approx(HAND_MEAN)
    assert understanding.score.sd == pytest.approx(HAND_SD)
    assert understanding.score.low == pytest.approx(HAND_MEAN - HAND_MARGIN)
    assert understanding.score.high == pytest.approx(HAND_MEAN + HAND_MARGIN)
    assert (round(understanding.score.low, 3), round(understanding.score.high, 3)) == (2.540, 4.682)
    # Seven people are tied together; one rating has no key and stands alone.
    assert (result.people, result.loose, result.loose_people, result.answered) == (7, 1, 1, 8)
    assert result.constructs[1].score.n == 0 and result.constructs[1].alpha is None


def test_roles_are_shown_only_with_at_least_five_people() -> None:
    s = step()
    result = assess(fixed_answers(s), s)
    assert [r.role for r in result.roles] == ["Sales"] and result.roles_withheld == 1
    sales = result.roles[0].constructs[0]
    # P1-P5: totals 13 + 10 + 15 + 7 + 12 = 57 over 5 people and 3 statements.
    assert sales.score.n == 5 and sales.score.mean == pytest.approx(57 / 15)


def test_named_ratings_are_tied_together_by_their_author() -> None:
    s = step()
    ann = Participant(name="Ann", role="Service")
    answers = [Answer(step=s.id, statement=k, value=v, author=ann.id) for k, v in enumerate((4, 4, 2))]
    result = assess(answers, s, [ann])
    assert result.people == 1 and result.loose == 0
    assert result.constructs[0].score.mean == pytest.approx(4.0) and result.constructs[0].score.low is None
    assert result.roles == [] and result.roles_withheld == 1


def test_t_table_and_its_interpolation() -> None:
    assert t_975(5) == 2.571 and t_975(30) == 2.042
    # Between 30 and 40, linear in 1/df: 2.021 + (1/35 - 1/40) / (1/30 - 1/40) · 0.021 = 2.0300.
    assert t_975(35) == pytest.approx(2.0300, abs=1e-4)
    assert t_975(1000) == pytest.approx(1.962, abs=1e-3)
    with pytest.raises(ValueError):
        t_975(0)


def test_alpha_and_estimate_at_their_edges() -> None:
    assert cronbach_alpha([[3, 3]]) is None  # one person
    assert cronbach_alpha([[3], [4]]) is None  # one statement
    assert cronbach_alpha([[3, 3], [3, 3]]) is None  # nobody varies
    assert estimate([]) == Estimate(0, None, None, None, None)
    assert estimate([4.0]).margin is None


def test_a_change_is_real_only_beyond_the_noise() -> None:
    # Twelve people each time, spread 0.9: se = √(2 · 0.81 / 12) = 0.36742; Welch df = 22 exactly here;
    # t(0.975, 22) = 2.074, so the change must exceed 2.074 · 0.36742 = 0.76203 points.
    before = Estimate(12, 3.0, 0.9, None, None)
    real = difference(before, Estimate(12, 3.8, 0.9, None, None))
    noise = difference(before, Estimate(12, 3.7, 0.9, None, None))
    assert real is not None and noise is not None
    assert real.high - real.change == pytest.approx(0.76203, abs=1e-5)
    assert real.beyond_noise and not noise.beyond_noise
    assert difference(before, Estimate(1, 4.0, None, None, None)) is None


def test_runs_compare_only_with_the_same_statements() -> None:
    base = RatingContent.model_validate(RATING)
    assert instrument_difference(base, base) is None
    other_version = base.model_copy(update={"version": "test-2"})
    assert instrument_difference(base, other_version) == "it uses instrument version test-1, this one version test-2"
    data = {**RATING, "dimensions": [RATING["dimensions"][0], {"name": "Working across silos",
                                                               "statements": ["People here share feedback.",
                                                                              "People here pull together."]}]}
    assert instrument_difference(base, RatingContent.model_validate(data)) == "statement 5 is worded differently"


def test_old_rating_content_without_constructs_fields_still_loads() -> None:
    old = RatingContent.model_validate({"dimensions": [{"name": "D", "statements": ["a", "b"]}]})
    assert old.version is None and [s.text for s in old.dimensions[0].statements] == ["a", "b"]
    assert not any(s.reverse for s in old.dimensions[0].statements)
    assert old.scored(old.dimensions[0].statements[0], 2.0) == 2.0
