"""What the room's answers add up to: poll tallies, rating statistics, vote rankings.

Shared by the facilitator's views, the shared screen and every exporter, so all show the same figures.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, overload

from workshop_app.model.answers import Answer, AnswerT, ItemBase, of_kind
from workshop_app.model.document import Step


@overload
def step_items(items: Iterable[ItemBase], step: Step, kind: type[AnswerT]) -> list[AnswerT]: ...
@overload
def step_items(items: Iterable[ItemBase], step: Step, kind: str | None = None) -> list[ItemBase]: ...
def step_items(items: Iterable[ItemBase], step: Step, kind: type[ItemBase] | str | None = None) -> list[Any]:
    """A step's items of one kind, in board order."""
    found = of_kind((i for i in items if i.step == step.id), kind)
    return sorted(found, key=lambda i: (i.order, i.created))


@dataclass(frozen=True)
class PollResult:
    """How often each option of the scale was chosen for one statement."""

    statement: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


def poll_results(items: Iterable[ItemBase], step: Step) -> list[PollResult]:
    assert step.exercise and step.exercise.poll
    poll = step.exercise.poll
    counts = [[0] * len(poll.scale) for _ in poll.statements]
    for item in step_items(items, step, Answer):
        if not 0 <= item.statement < len(counts):
            continue
        option = int(item.value)
        if 0 <= option < len(poll.scale):
            counts[item.statement][option] += 1
    return [PollResult(s, c) for s, c in zip(poll.statements, counts, strict=True)]


@dataclass(frozen=True)
class RatingResult:
    """The ratings of one statement (or, for a dimension, of all its statements)."""

    label: str
    dimension: str
    values: tuple[float, ...]

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.values) if self.values else None

    @property
    def spread(self) -> float | None:
        """The standard deviation (of a sample, n - 1): how far the room disagrees."""
        return statistics.stdev(self.values) if len(self.values) > 1 else (0.0 if self.values else None)

    def distribution(self, low: int, high: int) -> list[int]:
        return [sum(1 for v in self.values if round(v) == score) for score in range(low, high + 1)]


def rating_statements(step: Step) -> list[tuple[str, str]]:
    """(dimension, statement) for each statement, in the order their answers are numbered."""
    assert step.exercise and step.exercise.rating
    return [(d.name, s.text) for d in step.exercise.rating.dimensions for s in d.statements]


def rating_results(items: Iterable[ItemBase], step: Step) -> tuple[list[RatingResult], list[RatingResult]]:
    """Per statement (the ratings as given) and per dimension (every rating of its statements, a
    reverse-worded statement's turned round). The per-person construct scores are in ``core.stats``."""
    assert step.exercise and step.exercise.rating
    rating = step.exercise.rating
    statements = [(d.name, s) for d in rating.dimensions for s in d.statements]
    values: list[list[float]] = [[] for _ in statements]
    for item in step_items(items, step, Answer):
        if 0 <= item.statement < len(values):
            values[item.statement].append(item.value)
    per_statement = [RatingResult(s.text, d, tuple(v)) for (d, s), v in zip(statements, values, strict=True)]
    per_dimension: dict[str, list[float]] = {}
    for (dimension, statement), given in zip(statements, values, strict=True):
        per_dimension.setdefault(dimension, []).extend(rating.scored(statement, v) for v in given)
    return per_statement, [RatingResult(d, d, tuple(v)) for d, v in per_dimension.items()]
