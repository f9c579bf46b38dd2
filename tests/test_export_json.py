"""The JSON export and its published schema: the schema asks what the importer asks; sources read as titles."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator

from workshop_app.core.demo import build_demo
from workshop_app.export.json_io import JsonImportError, dump_json, json_schema, parse_json
from workshop_app.model.exercises import ARTICLES


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(json_schema())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def importable(data: object) -> bool:
    try:
        parse_json(json.dumps(data))
    except JsonImportError:
        return False
    return True


@pytest.mark.parametrize("data", [
    {}, [], "workshop", {"format": "other"}, {"version": 1}, {"format": "workshop-app", "unknown": 1},
    {"format": "workshop-app", "participants": [{"role": "no name"}]},
    {"format": "workshop-app", "items": [{"kind": "note"}]},
    {"format": "workshop-app", "current_step": -1},
])
def test_what_the_importer_refuses_the_schema_refuses(validator: Draft202012Validator, data: object) -> None:
    assert not importable(data)
    assert not validator.is_valid(data)


def test_exports_and_the_smallest_workshop_pass_both(validator: Draft202012Validator, library) -> None:
    smallest = {"format": "workshop-app"}
    assert importable(smallest) and validator.is_valid(smallest)
    export = json.loads(dump_json(build_demo(library)))
    errors = [e.message for e in validator.iter_errors(export)]
    assert not errors, errors[:3]
    assert importable(export)


def test_sources_are_named_by_article_title(library) -> None:
    text = dump_json(build_demo(library))
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", text)
    data = json.loads(text)
    sources = [s["exercise"]["source"] for s in data["steps"] if s["exercise"]]
    assert sources and all(any(title in src for title in ARTICLES.values()) for src in sources)
    facts = [f["source"] for s in data["steps"] if s["exercise"] for f in s["exercise"]["notes"]["facts"]]
    assert facts and not any(name in f for name in ARTICLES for f in facts)
