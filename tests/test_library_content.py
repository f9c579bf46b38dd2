"""The shipped exercise library: it loads cleanly, it is complete, and it stays true to its source articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workshop_app.core.library import load_library
from workshop_app.model.exercises import ExerciseDef, readable_source
from workshop_app.model.registry import TYPE_NAMES

EXERCISES_DIR = Path(__file__).resolve().parents[1] / "exercises"
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Each tuple holds lower-case key words that must all occur in the content of one exercise.
PROVOCATIVE_QUESTIONS = [
    ("tight budgets", "creative", "want"),
    ("competitors", "market share"),
    ("products and services", "efficient"),
    ("customer's customer", "end users"),
    ("capability", "simple steps"),
    ("time with our customers", "moments of truth"),
]

WARNING_SIGNS = [
    ("pitch", "features", "needs"),
    ("feedback", "system"),
    ("executives", "ceo", "time with customers"),
    ("incentives", "internal metrics", "customer outcomes"),
    ("personas", "segment"),
    ("marketing", "same message"),
    ("mission", "promise"),
]

ATTENTION_AREAS = [
    ("show them the money", "profit"),
    ("involve everyone",),
    ("kpi", "customer"),
    ("leadership support", "resources", "forgive"),
    ("silos", "cross-functional"),
    ("mindset", "instinctively"),
]

# The second article's two levers: automated personalisation, and the corporate brand's criteria.
PERSONALISATION = [
    ("segment", "persona", "touchpoint"),
    ("already capture",),
    ("same message",),
]

CORPORATE_BRAND = [
    ("bold", "memorable", "accessible", "emotionally appealing"),
]

FOUR_CONDITIONS = [
    ("articulated", "direction"),
    ("know", "expected"),
    ("skill", "expected"),
    ("motivat", "expected"),
]


# The reworked scripts: for each, lower-case key words that must all occur in its notes (prepare,
# introduce, run, close, variants and debrief), one tuple per thing the script must say.
SCRIPTS: dict[str, list[tuple[str, ...]]] = {
    "where-are-we": [
        ("privately", "at the same moment"),  # private collection
        ("hidden", "at least five", "reveal"),  # results hidden until enough have rated
        ("paper ballots", "code"),
        ("sponsor", "speaks last"),
    ],
    "four-conditions": [
        ("privately", "at the same moment"),
        ("hidden", "at least five"),
        ("staff", "compare", "predict"),  # leaders set their view beside staff's, not only their own
        ("paper ballots",),
    ],
    "three-resolutions": [
        ("pairs", "trios"),
        ("cards", "120 commitments", "who types"),
        ("fifteen",),
    ],
    "keep-the-momentum": [
        ("timed review", "old plan", "five minutes on the clock"),
        ("leaders", "on board", "sponsor"),
        ("debrief",),
    ],
    "warning-signs": [
        ("three, two, one", "at once", "cards"),
        ("show of hands", "avoid"),
        ("colour is not the only",),
    ],
    "show-them-the-money": [
        ("finance", "figures", "a week before"),
        ("bonus", "mixed room", "never what any one person earns"),
        ("nobody is asked to say what they earn",),
    ],
}
LARGE_ROOM = ("tables", "table", "pairs", "trios", "groups")


@pytest.fixture(scope="module")
def library():
    return load_library([EXERCISES_DIR])


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def content_text(ex: ExerciseDef) -> str:
    """Every prompt, statement, dimension name, field and label of an exercise's content table, joined."""
    content = getattr(ex, ex.type)
    return " | ".join(_strings(content.model_dump())).lower().replace("\u2019", "'")


def test_library_loads_without_errors(library):
    assert [str(e) for e in library.errors] == []
    assert len(library.exercises) == 18
    assert len(library.agendas) == 4
    assert library.warnings == []


def test_exercise_files_are_named_by_id(library):
    for ex_id in library.exercises:
        assert (EXERCISES_DIR / f"{ex_id}.toml").is_file()
    for agenda_id in library.agendas:
        assert (EXERCISES_DIR / "agendas" / f"{agenda_id}.toml").is_file()


def test_agenda_steps_add_up(library):
    for agenda in library.agendas.values():
        assert sum(step.minutes for step in agenda.steps) == agenda.minutes, agenda.id
        for step in agenda.steps:
            if step.exercise:
                assert step.exercise in library.exercises, (agenda.id, step.exercise)


def test_every_exercise_says_how_long_it_takes_in_a_room(library):
    for ex in library.exercises.values():
        assert ex.timing is not None, ex.id
        assert ex.timing.minimum <= ex.minutes, ex.id


def test_agenda_timeboxes_fit_the_room_they_are_planned_for(library):
    from workshop_app.core.plan import agenda_slots, too_short

    for agenda in library.agendas.values():
        assert too_short(agenda_slots(library.exercises, agenda), agenda.people) == [], agenda.id


def test_every_agenda_has_a_shape(library):
    from workshop_app.core.plan import MAX_STRETCH

    for agenda in library.agendas.values():
        exercises = [library.exercises[s.exercise] for s in agenda.steps if s.exercise]
        assert exercises[0].id == "opening" and exercises[-1].id == "check-out", agenda.id
        stretch = 0
        for step in agenda.steps:
            stretch = 0 if step.pause else stretch + step.minutes
            assert stretch <= MAX_STRETCH, agenda.id
        work = [ex for ex in exercises if ex.phase == "work"]
        assert work[-1].effort != "hard", agenda.id


def test_the_self_assessment_runs_at_the_same_point_of_every_agenda(library):
    # Right after the opening, before any exercise that dwells on what is wrong, so runs compare fairly.
    for agenda in library.agendas.values():
        ids = [s.exercise for s in agenda.steps if s.exercise]
        if "where-are-we" in ids:
            assert ids.index("where-are-we") == 1, agenda.id


def test_the_instruments_have_constructs_of_four_statements_with_one_reversed(library):
    for ex_id in ("where-are-we", "four-conditions"):
        rating = library.exercises[ex_id].rating
        assert rating.version and 4 <= len(rating.dimensions) <= 6, ex_id
        for dimension in rating.dimensions:
            assert len(dimension.statements) == 4, (ex_id, dimension.name)
            assert any(s.reverse for s in dimension.statements), (ex_id, dimension.name)
            for statement in dimension.statements:
                words = re.findall(r"[a-z']+", statement.text.lower())
                assert "here" in words, statement.text  # all at one level: what happens here
                assert not {"i", "my", "me"} & set(words), statement.text  # never about the respondent
                assert "customers would" not in statement.text.lower(), statement.text  # no guessing for others
    facts = " ".join(f.text + f.source for f in library.exercises["where-are-we"].notes.facts)
    assert "MKTOR" in facts and "MARKOR" in facts and "Narver" in facts and "Kohli" in facts


def test_half_day_agenda_covers_the_core_exercises(library):
    agenda = library.agendas["half-day-kickoff"]
    used = {s.exercise for s in agenda.steps if s.exercise}
    for needed in ("provocative-questions", "warning-signs", "where-are-we", "kpi-review",
                   "silo-breaking-map", "three-resolutions"):
        assert needed in used
    assert any(s.pause for s in agenda.steps), "a half day needs a break"


def test_every_exercise_type_is_used(library):
    used = {ex.type for ex in library.exercises.values()}
    assert set(TYPE_NAMES) <= used


def test_every_exercise_has_notes_and_source(library):
    for ex in library.exercises.values():
        assert ex.notes.introduce.strip() and ex.notes.run.strip() and ex.notes.close.strip(), ex.id
        assert re.search(r"\d{3}_[0-9a-f]+\.txt", ex.source), ex.id
        for fact in ex.notes.facts:
            # A fact comes from one of the articles, or from a published study named with its year.
            assert re.search(r"\d{3}_[0-9a-f]+\.txt|\(\d{4}\), .*\d", fact.source), (ex.id, fact.source)


def test_sources_stay_within_their_limit_when_spelled_out(library):
    # Exports replace each article's file name by its title; the result must still be a valid source line.
    for ex in library.exercises.values():
        assert len(readable_source(ex.source)) <= 400, ex.id
        for fact in ex.notes.facts:
            assert len(readable_source(fact.source)) <= 400, ex.id


def test_facts_say_what_the_articles_say(library):
    facts = [f.text.lower() for ex in library.exercises.values() for f in ex.notes.facts]
    bain = [f for f in facts if "bain" in f]
    assert bain and all("felt they handled strategy development well" in f for f in bain)
    gallup = [f for f in facts if "gallup" in f]
    assert gallup and all("correlated highly" in f for f in gallup)
    assert not any("more harm than the change" in f for f in facts)
    # The resolutions run at the kick-off and at every follow-up: nothing in them is tied to "this year".
    resolutions = library.exercises["three-resolutions"]
    assert "this year" not in (resolutions.commitments.prompt + resolutions.purpose + resolutions.notes.introduce)


def test_facts_worth_quoting_are_present(library):
    facts = " ".join(f.text for ex in library.exercises.values() for f in ex.notes.facts).lower()
    for needed in ("bain", "85%", "40%", "10%", "gallup", "400 organisations", "80,000 managers",
                   "million employees", "british airways", "ibm", "progress, not perfection"):
        assert needed in facts, needed


@pytest.mark.parametrize(
    "keys",
    PROVOCATIVE_QUESTIONS + WARNING_SIGNS + ATTENTION_AREAS + FOUR_CONDITIONS + PERSONALISATION + CORPORATE_BRAND,
    ids=lambda keys: "+".join(keys),
)
def test_source_item_is_covered(library, keys):
    texts = [content_text(ex) for ex in library.exercises.values()]
    assert any(all(k in text for k in keys) for text in texts), f"no exercise holds all of {keys}"


def test_specific_counts(library):
    ex = library.exercises
    assert len(ex["provocative-questions"].board.prompts) == 6
    assert ex["provocative-questions"].board.vote_budget == 3
    assert len(ex["warning-signs"].poll.statements) == 7
    assert [s.lower() for s in ex["warning-signs"].poll.scale] == ["yes", "partly", "no"]
    assert ex["where-are-we"].rating.anonymous
    assert (ex["where-are-we"].rating.scale_min, ex["where-are-we"].rating.scale_max) == (1, 5)
    assert len(ex["four-conditions"].rating.dimensions) == 4
    assert ex["show-them-the-money"].canvas.per == "room"
    assert ex["customer-focus-in-my-role"].canvas.per == "role"
    assert ex["kpi-review"].spectrum.item_label == "KPI"
    assert ex["three-resolutions"].commitments.count == 3
    assert len(ex["rumour-mill"].board.prompts) == 2
    assert len(ex["leadership-support"].board.prompts) == 4


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
NGRAM = 12


def _words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return _WORD.findall(text)


def _ngrams(words: list[str], n: int = NGRAM) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_no_long_passage_copied_from_the_articles():
    if not SEEDS_DIR.is_dir():
        pytest.skip("source articles not available")
    seed_grams: set[tuple[str, ...]] = set()
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        seed_grams |= _ngrams(_words(seed.read_text(encoding="utf-8", errors="replace")))
    assert seed_grams, "no source articles found"
    files = sorted(EXERCISES_DIR.glob("*.toml")) + sorted((EXERCISES_DIR / "agendas").glob("*.toml"))
    for path in files:
        copied = _ngrams(_words(path.read_text(encoding="utf-8"))) & seed_grams
        assert not copied, f"{path.name} repeats the article word for word: {' '.join(sorted(copied)[0])}"


def notes_text(ex: ExerciseDef) -> str:
    """Everything an exercise's script says, joined, in lower case."""
    return " | ".join(text for _, text in ex.notes.script()).lower().replace("\u2019", "'")


@pytest.mark.parametrize("exercise", sorted(SCRIPTS))
def test_the_reworked_scripts_say_what_was_missing(library, exercise):
    ex = library.exercises[exercise]
    text = notes_text(ex) + " | " + content_text(ex)
    for keys in SCRIPTS[exercise]:
        assert all(k in text for k in keys), f"{exercise} does not say all of {keys}"
    notes = ex.notes
    assert notes.prepare.strip(), f"{exercise} says nothing about what to prepare"
    assert "paper" in notes.prepare.lower() or "print" in notes.prepare.lower(), exercise
    names = [v.name.lower() for v in notes.variants]
    large = [v for v in notes.variants if "20–40" in v.name]
    assert large and any(w in large[0].text.lower() for w in LARGE_ROOM), f"{exercise} has no group split"
    assert any("hybrid" in n for n in names), f"{exercise} has no hybrid variant"
    assert len(notes.debrief) >= 2 and all(q.endswith("?") for q in notes.debrief), exercise


def test_the_short_and_leadership_variants_exist(library):
    ex = library.exercises
    assert any(v.name == "Fifteen minutes" for v in ex["show-them-the-money"].notes.variants)
    assert any("staff" in v.name for v in ex["four-conditions"].notes.variants)
    assert len(ex["keep-the-momentum"].board.prompts) == 5
    assert ex["keep-the-momentum"].minutes_for(12) == (22, 30)


def test_the_script_reads_in_the_order_it_is_used(library):
    parts = [heading for heading, _ in library.exercises["three-resolutions"].notes.script()]
    assert parts[:4] == ["Prepare", "Introduce", "Run", "Close"]
    assert parts[-1] == "Debrief questions" and any(p.startswith("Variant: ") for p in parts)
