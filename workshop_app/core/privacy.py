"""When the room may see an anonymous step's results: only once enough people have answered.

With one person rating at a time, a projector that redraws the averages after each answer shows that
person's answers. So on an anonymous step the shared screen shows how many *people* have answered
(never how many answers, which tick up one by one as they arrive), and the results only once at least
``Step.min_respondents`` people have answered and the facilitator has revealed them.

People are counted from what the workshop holds, never overcounted: the phones that sent something to
the step (the join room knows them), the different people answers are stored under, the anonymous
respondent keys a rating may carry, and for polls and ratings the most answers any one statement got
(each person answers a statement once). The largest of these is a floor on the number of people.
"""

from __future__ import annotations

from workshop_app.core.workshop import Workshop
from workshop_app.model.answers import Answer
from workshop_app.model.document import Step


def is_anonymous(step: Step) -> bool:
    """True when the step stores no names: the facilitator's setting, or a rating its file marks anonymous."""
    rating = step.exercise.rating if step.exercise else None
    return step.anonymous or bool(rating and rating.anonymous)


def people_answered(ws: Workshop, step: Step, phones: int = 0) -> int:
    """How many people have answered ``step`` at least: ``phones`` is how many phones sent something to it."""
    items = [i for i in ws.items(step.id) if not i.hidden]
    authors = {i.author for i in items if i.author is not None}
    respondents = {key for i in items if (key := getattr(i, "respondent", None)) is not None}
    per_statement: dict[int, int] = {}
    for item in items:
        if isinstance(item, Answer):
            per_statement[item.statement] = per_statement.get(item.statement, 0) + 1
    return max(phones, len(authors), len(respondents), max(per_statement.values(), default=0))


def below_threshold(step: Step, people: int) -> bool:
    """True while an anonymous step has fewer answering people than its minimum."""
    return is_anonymous(step) and people < step.min_respondents


def results_shown(step: Step, people: int) -> bool:
    """Whether the shared screen may show the step's answers: revealed, and on an anonymous step, enough people."""
    return not step.answers_hidden and not below_threshold(step, people)


def waiting_line(step: Step, people: int) -> str:
    """What the room reads while an anonymous step's results are kept back."""
    need = step.min_respondents
    if people < need:
        more = f"once at least {need} people have answered ({need - people} more)"
        if step.answers_hidden:
            return f"The results appear {more} and the facilitator reveals them."
        return f"The results appear {more}."
    return "Enough people have answered: the results appear when the facilitator reveals them."
