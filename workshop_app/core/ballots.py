"""Paper ballots: the codes printed on them and entering a filled-in ballot as one change.

A room without phones rates, polls and commits on paper. Each printed ballot carries a short code of
its own, made of characters that cannot be mistaken for one another when read off a sheet (none of
0 O Q, 1 I L, 2 Z, 5 S, 8 B, nor a G beside the 6). Four characters are random; the fifth is a check character, so a mistyped
code is refused instead of quietly counting as a new person. The code is never linked to a name: it
only ties one sheet's answers together, as a phone's random respondent key does. Entering the same
code twice would count one person twice, so it is refused unless the facilitator chooses to replace
the ballot entered before.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from workshop_app.core.workshop import Edit, Workshop, WorkshopError
from workshop_app.model.answers import Answer

# 23 characters: a prime, so the weighted check below catches every single wrong character and every
# swap of two neighbouring ones.
ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
RANDOM_LENGTH = 4
CODE_LENGTH = RANDOM_LENGTH + 1
KEY_PREFIX = "ballot-"  # respondent keys from phones are hex, so the two never meet


def check_character(body: str) -> str:
    """The check character of a code's random part: the one that makes the whole code's weighted sum
    (weights 2, 3, 4, 5 and 1 for the check itself, all different) a multiple of the alphabet's size."""
    total = sum((n + 2) * ALPHABET.index(c) for n, c in enumerate(body))
    return ALPHABET[-total % len(ALPHABET)]


def make_codes(count: int, taken: Sequence[str] = ()) -> list[str]:
    """``count`` different random codes, none of them in ``taken``."""
    seen = set(taken)
    codes: list[str] = []
    while len(codes) < count:
        body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
        code = body + check_character(body)
        if code not in seen:
            seen.add(code)
            codes.append(code)
    return codes


def normal_code(text: str) -> str:
    """A code as typed, in capitals and without spaces or dashes."""
    return "".join(c for c in text.upper() if not c.isspace() and c != "-")


def code_problem(text: str) -> str | None:
    """Why a typed code is not one printed on a ballot, or None when it is."""
    code = normal_code(text)
    if len(code) != CODE_LENGTH:
        return f"A ballot code has {CODE_LENGTH} characters; “{code}” has {len(code)}."
    wrong = [c for c in code if c not in ALPHABET]
    if wrong:
        return f"“{wrong[0]}” is never printed in a ballot code; check the sheet."
    if check_character(code[:RANDOM_LENGTH]) != code[-1]:
        return f"“{code}” is not a ballot code: a character is mistyped. Check it against the sheet."
    return None


def respondent_key(code: str) -> str:
    """The respondent key a ballot's answers are recorded under: the same for the same code, every time."""
    return KEY_PREFIX + normal_code(code)


def code_of(key: str | None) -> str | None:
    """The ballot code a respondent key came from, or None for a phone's or the keyboard's key."""
    return key[len(KEY_PREFIX):] if key and key.startswith(KEY_PREFIX) else None


def entered(ws: Workshop, step_id: str, code: str) -> list[Answer]:
    """The answers already entered from the ballot with this code."""
    key = respondent_key(code)
    return [a for a in ws.items(step_id, Answer) if a.respondent == key]


def ballot_codes(ws: Workshop, step_id: str) -> list[str]:
    """The codes of the ballots entered in a step, in the order they were entered."""
    codes: dict[str, None] = {}
    for answer in ws.items(step_id, Answer):
        code = code_of(answer.respondent)
        if code is not None:
            codes.setdefault(code)
    return list(codes)


def ballot_values(ws: Workshop, step_id: str) -> list[float]:
    """The values a step's ballot takes: a rating's scores, or a poll's options (0 the first)."""
    step = ws.step(step_id)
    exercise = step.exercise
    if exercise and exercise.rating:
        return [float(v) for v in range(exercise.rating.scale_min, exercise.rating.scale_max + 1)]
    if exercise and exercise.poll:
        return [float(n) for n in range(len(exercise.poll.scale))]
    raise WorkshopError("Only a rating or a poll is entered from paper ballots.")


def add_ballot(
    ws: Workshop, step_id: str, code: str, values: Sequence[float | None], replace: bool = False, role: str = ""
) -> Edit:
    """A filled-in ballot: one answer per statement marked (None = left blank), all under the respondent
    key of its code, as one change and one undo step. A code already entered is refused, unless
    ``replace``: then the answers entered before from that ballot give way to these."""
    problem = code_problem(code)
    if problem:
        raise WorkshopError(problem)
    code = normal_code(code)
    allowed = ballot_values(ws, step_id)
    statements = _statement_count(ws, step_id)
    if len(values) != statements:
        raise WorkshopError(f"This ballot has {statements} statements; {len(values)} answers were given.")
    if all(v is None for v in values):
        raise WorkshopError(f"Ballot {code} has nothing marked: there is nothing to enter.")
    for n, value in enumerate(values):
        if value is not None and value not in allowed:
            raise WorkshopError(f"Statement {n + 1} has no answer {value:g} on this ballot.")
    before = entered(ws, step_id, code)
    if before and not replace:
        raise BallotEnteredError(code, len(before))
    key = respondent_key(code)
    with ws.unit(f"Enter ballot {code}") as edit:
        if before:
            ws.delete_items([a.id for a in before], f"Enter ballot {code}")
        for statement, value in enumerate(values):
            if value is not None:
                ws.add_item(step_id, "answer", f"Enter ballot {code}", statement=statement, value=value,
                            respondent=key, role=role)
    return edit


class BallotEnteredError(WorkshopError):
    """The ballot with this code has been entered already."""

    def __init__(self, code: str, answers: int) -> None:
        super().__init__(f"Ballot {code} is entered already ({answers} answers). Entering it again would "
                         "count that person twice.")
        self.code = code


def _statement_count(ws: Workshop, step_id: str) -> int:
    exercise = ws.step(step_id).exercise
    if exercise and exercise.rating:
        return sum(len(d.statements) for d in exercise.rating.dimensions)
    if exercise and exercise.poll:
        return len(exercise.poll.statements)
    raise WorkshopError("Only a rating or a poll is entered from paper ballots.")
