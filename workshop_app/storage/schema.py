"""A workshop file is data, never a program: its schema must be exactly the one the app makes.

SQLite obeys what a database file holds: a trigger in a file runs on every change the app makes, a
view or a changed table makes every write fail or do something else. So at every open the file's
``sqlite_master`` is compared with the schema the app's own migrations create for the file's
version, and anything else refuses the file.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable, Sequence
from typing import NamedTuple

Migration = str | Callable[[sqlite3.Connection], None]
SchemaRow = tuple[str, str, str, str]  # type, name, table, SQL with its spacing made plain


def _plain_sql(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def statements(script: str) -> list[str]:
    """The statements of a migration script, one by one."""
    return [s.strip() for s in script.split(";") if s.strip()]


def _rows(conn: sqlite3.Connection) -> set[SchemaRow]:
    return {
        (str(kind), str(name), str(table), _plain_sql(sql))
        for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    }


@functools.cache
def _expected(migrations: tuple[Migration, ...], version: int) -> frozenset[SchemaRow]:
    conn = sqlite3.connect(":memory:")
    try:
        for step in migrations[:version]:
            if isinstance(step, str):  # the other steps rewrite rows, not the schema
                for statement in statements(step):
                    conn.execute(statement)
        return frozenset(_rows(conn))
    finally:
        conn.close()


class SchemaProblem(NamedTuple):
    """What is wrong with a file's schema. ``foreign``: something was added or changed (by another
    program); otherwise something is missing, and the file cannot be placed at all."""

    foreign: bool
    what: str


def _article(kind: str) -> str:
    return "an" if kind[:1] in "aeiou" else "a"


def schema_problem(conn: sqlite3.Connection, migrations: Sequence[Migration], version: int) -> SchemaProblem | None:
    """What in the file's schema the app did not make, or None when it is exactly the app's for
    ``version``. A file from a newer version may hold new tables and indexes, never a trigger or a view."""
    found = _rows(conn)
    programs = sorted((kind, name) for kind, name, _table, _sql in found if kind in ("trigger", "view"))
    if programs:
        kind, name = programs[0]
        return SchemaProblem(True, f"{_article(kind)} {kind} “{name}”")
    if version > len(migrations):
        return None
    expected = _expected(tuple(migrations), version)
    if found != expected and any(found == _expected(tuple(migrations), v) for v in range(1, len(migrations) + 1)):
        return SchemaProblem(False, "the tables of another version than the one it names")
    extra = sorted(found - expected)
    if extra:
        kind, name, _table, _sql = extra[0]
        known = {(k, n) for k, n, _t, _s in expected}
        if (kind, name) in known:
            return SchemaProblem(True, f"a changed {kind} “{name}”")
        return SchemaProblem(True, f"{_article(kind)} {kind} “{name}”")
    missing = sorted(expected - found)
    if missing:
        kind, name, _table, _sql = missing[0]
        return SchemaProblem(False, f"no {kind} “{name}”")
    return None
