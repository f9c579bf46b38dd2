"""The workshop file: one SQLite database per workshop, every change committed when it is made."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ValidationError

from workshop_app.core.model import ActionItem, Group, Item, Participant, Step, WorkshopDoc, WorkshopInfo

APPLICATION_ID = 0x57534B52  # "WSKR": marks a SQLite file as a workshop file
SCHEMA_VERSION = 2
SQLITE_MAGIC = b"SQLite format 3\x00"

# Each entry takes the schema from version N-1 to N; index 0 creates version 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE participants(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, data TEXT NOT NULL);
    CREATE TABLE groups(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, data TEXT NOT NULL);
    CREATE TABLE steps(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, data TEXT NOT NULL);
    CREATE TABLE items(id TEXT PRIMARY KEY,
                       step_id TEXT NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
                       data TEXT NOT NULL);
    CREATE TABLE actions(id TEXT PRIMARY KEY, data TEXT NOT NULL);
    """,
    # Version 2: loading a step's answers and the plan without scanning every row.
    """
    CREATE INDEX items_by_step ON items(step_id);
    """,
)

TABLES = {"participants": Participant, "groups": Group, "steps": Step, "items": Item, "actions": ActionItem}


class WorkshopFileError(Exception):
    """A problem with a workshop file, worded for the person who opened it."""


class NotAWorkshopFile(WorkshopFileError):
    pass


class DamagedFile(WorkshopFileError):
    pass


class NewerVersionError(WorkshopFileError):
    pass


class StorageWriteError(WorkshopFileError):
    """A change could not be written (read-only folder, full disk, vanished drive): it was not saved."""


def _write_problem(path: Path, exc: sqlite3.Error) -> StorageWriteError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        why = "the file or its folder is read-only"
    elif "full" in text:
        why = "the disk is full"
    elif "locked" in text or "busy" in text:
        why = "another program is writing to it"
    else:
        why = "the drive could not be written (was it removed?)"
    return StorageWriteError(
        f"The last change was not saved to {path.name}: {why}. "
        "What is on screen is kept; save the workshop somewhere else to keep working."
    )


class WorkshopFile:
    """A connection to one ``.workshop`` file. Use :meth:`open` or :meth:`create`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly

    # -- opening -------------------------------------------------------------------------------
    @staticmethod
    def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
        uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
        # Autocommit mode: transactions are opened explicitly, one per user action.
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=2.0)
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA cell_size_check=ON")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @classmethod
    def create(cls, path: Path) -> WorkshopFile:
        """Create a new, empty workshop file at ``path`` (which must not exist)."""
        path = Path(path)
        if path.exists():
            raise WorkshopFileError(f"{path.name} already exists; choose another name.")
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            raise _write_problem(path, exc) from None
        self = cls(path, conn)
        self._migrate(0)
        return self

    @classmethod
    def open(cls, path: Path, readonly: bool = False) -> WorkshopFile:
        """Open an existing workshop file: check it, migrate it, refuse anything else clearly."""
        path = Path(path)
        try:
            with open(path, "rb") as fh:
                head = fh.read(100)
        except FileNotFoundError:
            raise WorkshopFileError(f"{path.name} does not exist.") from None
        except IsADirectoryError:
            raise NotAWorkshopFile(f"{path.name} is a folder, not a workshop file.") from None
        except OSError as exc:
            raise WorkshopFileError(f"{path.name} cannot be read: {exc.strerror}.") from None
        if not head.startswith(SQLITE_MAGIC) or len(head) < 100:
            raise NotAWorkshopFile(f"{path.name} is not a workshop file.")
        if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
            raise NotAWorkshopFile(f"{path.name} is a database, but not a workshop file.")
        try:
            conn = cls._connect(path, readonly)
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if "readonly" in str(exc).lower() or "unable to open" in str(exc).lower():
                raise WorkshopFileError(f"{path.name} cannot be opened: {exc}.") from None
            raise DamagedFile(f"{path.name} is damaged and cannot be opened safely ({exc}).") from None
        if ok != "ok":
            conn.close()
            raise DamagedFile(f"{path.name} is damaged: its integrity check failed ({ok}).")
        if version > SCHEMA_VERSION:
            conn.close()
            raise NewerVersionError(
                f"{path.name} was written by a newer version of this app; update the app to change it."
            )
        self = cls(path, conn, readonly)
        if not readonly:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
            except sqlite3.Error as exc:
                conn.close()
                raise _write_problem(path, exc) from None
            if version < SCHEMA_VERSION:
                self._migrate(version)
        return self

    def _migrate(self, from_version: int) -> None:
        """Bring the schema up to date, one version per transaction, so a kill leaves a whole version."""
        for version in range(from_version, SCHEMA_VERSION):
            with self.transaction():
                for statement in _statements(MIGRATIONS[version]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version={version + 1}")

    def close(self) -> None:
        try:
            if not self.readonly:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass
        self.conn.close()

    # -- writing -------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action: everything inside is committed together, or not at all."""
        if self.readonly:
            raise WorkshopFileError(f"{self.path.name} is open read-only; changes cannot be saved.")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _write_problem(self.path, exc) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise _write_problem(self.path, exc) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def write(
        self,
        puts: Sequence[tuple[str, BaseModel]] = (),
        deletes: Sequence[tuple[str, str]] = (),
        meta: dict[str, str] | None = None,
        order: dict[str, list[str]] | None = None,
    ) -> None:
        """Write rows and delete rows in one transaction. ``order`` rewrites a table's positions."""
        with self.transaction() as conn:
            for table, model in puts:
                self._put(conn, table, model)
            for table, row_id in deletes:
                if table not in TABLES:
                    raise ValueError(table)
                conn.execute(f"DELETE FROM {table} WHERE id=?", (row_id,))
            for key, value in (meta or {}).items():
                conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, value))
            for table, ids in (order or {}).items():
                if table not in ("participants", "groups", "steps"):
                    raise ValueError(table)
                conn.executemany(f"UPDATE {table} SET pos=? WHERE id=?", list(enumerate(ids)))

    @staticmethod
    def _put(conn: sqlite3.Connection, table: str, model: BaseModel) -> None:
        data = model.model_dump_json()
        row_id = model.id  # type: ignore[attr-defined]
        if table == "items":
            conn.execute(
                "INSERT OR REPLACE INTO items(id, step_id, data) VALUES(?, ?, ?)",
                (row_id, model.step, data),  # type: ignore[attr-defined]
            )
        elif table == "actions":
            conn.execute("INSERT OR REPLACE INTO actions(id, data) VALUES(?, ?)", (row_id, data))
        elif table in ("participants", "groups", "steps"):
            # Keep an existing row's position; new rows go last.
            conn.execute(
                f"INSERT INTO {table}(id, pos, data) VALUES(?, (SELECT COALESCE(MAX(pos), -1) + 1 FROM {table}), ?) "
                "ON CONFLICT(id) DO UPDATE SET data=excluded.data",
                (row_id, data),
            )
        else:
            raise ValueError(table)

    def save_doc(self, doc: WorkshopDoc) -> None:
        """Write a whole document into this (new) file in one transaction, e.g. for import or demo."""
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('info', ?)", (doc.info.model_dump_json(),))
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('current_step', ?)", (str(doc.current_step),))
            for table in ("participants", "groups", "steps"):
                conn.executemany(
                    f"INSERT OR REPLACE INTO {table}(id, pos, data) VALUES(?, ?, ?)",
                    [(m.id, i, m.model_dump_json()) for i, m in enumerate(getattr(doc, table))],
                )
            conn.executemany(
                "INSERT OR REPLACE INTO items(id, step_id, data) VALUES(?, ?, ?)",
                [(m.id, m.step, m.model_dump_json()) for m in doc.items],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO actions(id, data) VALUES(?, ?)",
                [(m.id, m.model_dump_json()) for m in doc.actions],
            )

    # -- reading -------------------------------------------------------------------------------
    def load(self) -> WorkshopDoc:
        """Read the whole workshop. A row that does not validate means the file is damaged."""
        conn = self.conn
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            doc = WorkshopDoc(
                info=WorkshopInfo.model_validate_json(meta["info"]) if "info" in meta else WorkshopInfo(),
                current_step=int(meta.get("current_step", "0")),
            )
            for table in ("participants", "groups", "steps"):
                model = TABLES[table]
                rows = conn.execute(f"SELECT data FROM {table} ORDER BY pos, rowid").fetchall()
                setattr(doc, table, [model.model_validate_json(r[0]) for r in rows])
            doc.items = [Item.model_validate_json(r[0]) for r in conn.execute("SELECT data FROM items ORDER BY rowid")]
            doc.actions = [
                ActionItem.model_validate_json(r[0]) for r in conn.execute("SELECT data FROM actions ORDER BY rowid")
            ]
        except (ValidationError, ValueError, KeyError, sqlite3.DatabaseError) as exc:
            raise DamagedFile(f"{self.path.name} holds data this app cannot read ({type(exc).__name__}).") from None
        return doc

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
