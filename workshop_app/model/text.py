"""Limits and clean-up for text that users type or files bring in."""

from __future__ import annotations

import re

NOTE_MAX = 2000
NAME_MAX = 120
TITLE_MAX = 200
LONG_TEXT_MAX = 8000

# C0/C1 controls except tab and newline; these garble storage, exports and terminals.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates can make a name read as something else.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def clean_text(value: str) -> str:
    """Multi-line text (notes, answers): drop control characters and lone surrogates, keep the rest."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATES.sub("", _CONTROLS.sub("", value))


def clean_line(value: str) -> str:
    """One-line text (titles, names): also drop bidi overrides and fold whitespace to single spaces."""
    value = _BIDI.sub("", clean_text(value))
    return _SPACES.sub(" ", value).strip()
