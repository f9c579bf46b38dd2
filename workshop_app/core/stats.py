"""The statistics of a rating instrument: per-person construct scores, their reliability and their intervals.

A person's answers are tied together by their respondent key (a random key made for one anonymous
person, never linked to a name) or, when the rating is not anonymous, by who gave them. From them:

- a person's score on a construct (a dimension) is the mean of their ratings of its statements, a
  reverse-worded statement's rating turned round, counted when they rated at least half of them;
- per construct: the number of people with a score, the mean and standard deviation (n - 1) of those
  scores, and a 95% confidence interval, mean ± t(0.975, n - 1) · sd / √n;
- Cronbach's alpha per construct, over the people who rated every one of its statements:
  alpha = k / (k - 1) · (1 - Σ item variances / variance of the totals);
- results by role only for roles that at least ``ROLE_MIN`` people gave, so nobody is singled out;
- a change between two runs (different people each time, so independent samples) is larger than the
  noise when the 95% interval of the difference of the means (Welch) does not include zero.

The t quantiles come from a table (1-30, 40, 60 and 120 degrees of freedom, as printed in statistics
books), interpolated linearly in 1/df between entries and towards 1.960 beyond 120. No SciPy.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workshop_app.core.results import step_items
from workshop_app.model.answers import Answer, ItemBase
from workshop_app.model.contents import RatingContent
from workshop_app.model.document import Participant, Step

ROLE_MIN = 5  # a role's results are shown only when at least this many people of it answered

# Student's t distribution: the 0.975 quantile (a two-sided 95% interval) by degrees of freedom.
T_975: dict[int, float] = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
    11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093,
    20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048,
    29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980,
}
Z_975 = 1.960


def t_975(df: float) -> float:
    """The t value for a two-sided 95% interval with ``df`` degrees of freedom (df >= 1; may be fractional)."""
    if not df >= 1:
        raise ValueError("a t interval needs at least one degree of freedom")
    if df in T_975:
        return T_975[int(df)]
    keys = sorted(T_975)
    if df > keys[-1]:
        # Between 120 and infinity the quantile is close to linear in 1/df, ending at the normal's 1.960.
        return Z_975 + (T_975[keys[-1]] - Z_975) * keys[-1] / df
    above = next(k for k in keys if k > df)
    below = max(k for k in keys if k < df)
    weight = (1 / df - 1 / above) / (1 / below - 1 / above)
    return T_975[above] + weight * (T_975[below] - T_975[above])


@dataclass(frozen=True)
class Estimate:
    """A mean from ``n`` values, their standard deviation (n - 1) and the 95% confidence interval of the mean."""

    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None

    @property
    def margin(self) -> float | None:
        """Half the width of the interval: the mean is likely within this much of the true value."""
        return None if self.low is None or self.high is None else (self.high - self.low) / 2


def estimate(values: Sequence[float]) -> Estimate:
    """Mean, spread and 95% interval of some values; the interval needs at least two of them."""
    n = len(values)
    if not n:
        return Estimate(0, None, None, None, None)
    mean = statistics.fmean(values)
    if n == 1:
        return Estimate(1, mean, None, None, None)
    sd = statistics.stdev(values)
    margin = t_975(n - 1) * sd / math.sqrt(n)
    return Estimate(n, mean, sd, mean - margin, mean + margin)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a table with one row per person and one column per statement.

    None when it cannot be computed: fewer than two people or two statements, or totals that do not vary.
    """
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    k = len(rows[0])
    item_variance = sum(statistics.variance(column) for column in zip(*rows, strict=True))
    total_variance = statistics.variance([sum(row) for row in rows])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variance / total_variance)


@dataclass(frozen=True)
class Difference:
    """The change of a mean from one run to the next, with the 95% interval of that change."""

    change: float
    low: float
    high: float

    @property
    def beyond_noise(self) -> bool:
        """True when the interval leaves out zero: a change this large is unlikely to be chance."""
        return self.low > 0 or self.high < 0


def difference(before: Estimate, after: Estimate) -> Difference | None:
    """The change from ``before`` to ``after`` (Welch's interval); None unless both runs have two people or more."""
    if before.mean is None or after.mean is None or before.sd is None or after.sd is None:
        return None
    change = after.mean - before.mean
    a, b = before.sd ** 2 / before.n, after.sd ** 2 / after.n
    se = math.sqrt(a + b)
    if se == 0:  # nobody varied in either run: what changed, changed for everyone
        return Difference(change, change, change)
    df = (a + b) ** 2 / (a ** 2 / (before.n - 1) + b ** 2 / (after.n - 1))
    margin = t_975(max(df, 1.0)) * se
    return Difference(change, change - margin, change + margin)


@dataclass(frozen=True)
class Respondent:
    """One person's ratings: a key that is theirs alone, the role they gave, and each scored rating by statement."""

    key: str
    role: str
    scores: dict[int, float] = field(default_factory=dict)


def respondents(items: Iterable[ItemBase], step: Step,
                participants: Iterable[Participant] = ()) -> tuple[list[Respondent], list[Answer]]:
    """The people who rated, each with their scored ratings, and the ratings that belong to nobody known.

    A rating belongs to a person by its respondent key, else by its author; an anonymous rating saved
    without a key (before keys were kept) cannot be tied to anyone and is returned on its own.
    """
    assert step.exercise and step.exercise.rating
    rating = step.exercise.rating
    statements = [s for d in rating.dimensions for s in d.statements]
    roles = {p.id: p.role for p in participants}
    people: dict[str, Respondent] = {}
    loose: list[Answer] = []
    for answer in step_items(items, step, Answer):
        if not 0 <= answer.statement < len(statements):
            continue
        key = answer.respondent or (f"participant:{answer.author}" if answer.author else None)
        if key is None:
            loose.append(answer)
            continue
        person = people.get(key)
        if person is None:
            role = answer.role or (roles.get(answer.author, "") if answer.author else "")
            person = people[key] = Respondent(key, role)
        elif answer.role and not person.role:
            people[key] = person = Respondent(key, answer.role, person.scores)
        person.scores[answer.statement] = rating.scored(statements[answer.statement], answer.value)
    return list(people.values()), loose


@dataclass(frozen=True)
class ConstructResult:
    """One construct: the per-person scores' estimate, its reliability, and how many people rated all of it."""

    name: str
    statements: int
    score: Estimate
    alpha: float | None
    complete: int


def construct_results(rating: RatingContent, people: Sequence[Respondent]) -> list[ConstructResult]:
    """Each construct's figures from these people's scored ratings."""
    out = []
    first = 0
    for dimension in rating.dimensions:
        numbers = range(first, first + len(dimension.statements))
        first += len(dimension.statements)
        needed = math.ceil(len(numbers) / 2)
        scores, complete = [], []
        for person in people:
            given = [person.scores[s] for s in numbers if s in person.scores]
            if len(given) >= needed:
                scores.append(statistics.fmean(given))
            if len(given) == len(numbers):
                complete.append(given)
        out.append(ConstructResult(dimension.name, len(numbers), estimate(scores), cronbach_alpha(complete),
                                   len(complete)))
    return out


@dataclass(frozen=True)
class RoleResult:
    """The constructs as the people of one role rated them."""

    role: str
    people: int
    constructs: list[ConstructResult]


@dataclass(frozen=True)
class Assessment:
    """Everything the statistics say about one run of a rating exercise."""

    step_title: str
    exercise_id: str
    version: str | None
    people: int  # people whose ratings are tied together
    loose: int  # ratings that belong to no known person
    loose_people: int  # at least this many people gave those (the most ratings any statement has of them)
    constructs: list[ConstructResult]
    roles: list[RoleResult]
    roles_withheld: int  # roles given by fewer than ROLE_MIN people, not shown

    @property
    def answered(self) -> int:
        """How many people have rated, as far as can be told: the threshold for showing results to the room."""
        return self.people + self.loose_people


def assess(items: Iterable[ItemBase], step: Step, participants: Iterable[Participant] = ()) -> Assessment:
    """The statistics of one rating step."""
    assert step.exercise and step.exercise.rating
    rating = step.exercise.rating
    items = list(items)
    people, loose = respondents(items, step, participants)
    per_statement: dict[int, int] = {}
    for answer in loose:
        per_statement[answer.statement] = per_statement.get(answer.statement, 0) + 1
    by_role: dict[str, list[Respondent]] = {}
    for person in people:
        if person.role:
            by_role.setdefault(person.role, []).append(person)
    roles = [RoleResult(role, len(group), construct_results(rating, group))
             for role, group in sorted(by_role.items()) if len(group) >= ROLE_MIN]
    return Assessment(
        step_title=step.title, exercise_id=step.exercise.id, version=rating.version, people=len(people),
        loose=len(loose), loose_people=max(per_statement.values(), default=0),
        constructs=construct_results(rating, people), roles=roles,
        roles_withheld=sum(1 for group in by_role.values() if len(group) < ROLE_MIN),
    )


def instrument_difference(earlier: RatingContent, later: RatingContent) -> str | None:
    """Why two runs cannot be compared (a different version, scale or statements), or None if they can."""
    if earlier.version != later.version:
        return (f"it uses instrument version {earlier.version or 'none'}, this one version {later.version or 'none'}")
    if (earlier.scale_min, earlier.scale_max) != (later.scale_min, later.scale_max):
        return (f"it was rated from {earlier.scale_min} to {earlier.scale_max}, this one from "
                f"{later.scale_min} to {later.scale_max}")
    before = [(d.name, s.text, s.reverse) for d in earlier.dimensions for s in d.statements]
    after = [(d.name, s.text, s.reverse) for d in later.dimensions for s in d.statements]
    if len(before) != len(after):
        return f"it has {len(before)} statements, this one {len(after)}"
    for n, (old, new) in enumerate(zip(before, after, strict=True), start=1):
        if old != new:
            what = "is in another construct" if old[0] != new[0] else (
                "is worded differently" if old[1] != new[1] else "is scored the other way round")
            return f"statement {n} {what}"
    return None
