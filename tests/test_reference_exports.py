"""The exports of a fixed workshop match the reference files under tests/reference/ (see reference_exports)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.reference_exports import FILES, REFERENCE, write_exports

REGENERATE = "If the change is intended, run `make reference` and review the diff of tests/reference/."


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return write_exports(tmp_path_factory.mktemp("exports"))


@pytest.mark.parametrize("name", FILES)
def test_export_matches_its_reference(exports: dict[str, str], name: str) -> None:
    reference = REFERENCE / name
    assert reference.is_file(), f"{reference.name} is missing. {REGENERATE}"
    expected = reference.read_text(encoding="utf-8")
    actual = exports[name]
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"reference/{name}", "now",
                                    lineterm="", n=1)
        shown = "\n".join(list(diff)[:40])
        pytest.fail(f"{name} differs from its reference:\n{shown}\n{REGENERATE}")


def test_the_fixed_workshop_is_the_same_every_time(tmp_path: Path, exports: dict[str, str]) -> None:
    again = write_exports(tmp_path)
    assert again == exports
