"""The workshop file: one SQLite database per workshop, every change committed when it is made."""

from __future__ import annotations

import json
import os
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from workshop_app.model.answers import item_from_json, upgrade_untyped_item
from workshop_app.model.document import (
    ActionItem,
    Group,
    Participant,
    Step,
    WorkshopDoc,
    WorkshopInfo,
    derived_workshop_id,
)
from workshop_app.storage.errors import (
    SQLITE_BUSY,
    SQLITE_CANTOPEN,
    SQLITE_IOERR,
    SQLITE_LOCKED,
    SQLITE_READONLY,
    DamagedFile,
    LinkedFileError,
    NewerVersionError,
    NotAWorkshopFile,
    ReadOnlyLocationError,
    StorageWriteError,
    WorkshopFileError,
    WorkshopLockedError,
    cannot_change,
    changed_elsewhere,
    error_code,
    unplaceable,
    write_problem,
)
from workshop_app.storage.files import durable, journal_fits, place, remove_with_sidecars, temp_leftovers, temp_sibling
from workshop_app.storage.lock import WorkshopLock
from workshop_app.storage.schema import schema_problem, statements

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "DamagedFile",
    "NewerVersionError",
    "NotAWorkshopFile",
    "ReadOnlyLocationError",
    "StorageWriteError",
    "WorkshopFile",
    "WorkshopFileError",
    "WorkshopLockedError",
]

APPLICATION_ID = 0x57534B52  # "WSKR": marks a SQLite file as a workshop file
SCHEMA_VERSION = 7
SQLITE_MAGIC = b"SQLite format 3\x00"



def _type_answers(conn: sqlite3.Connection) -> None:
    """Version 3: every answer rewritten from the old generic item to its kind's own fields."""
    rows = conn.execute("SELECT id, data FROM items").fetchall()
    conn.executemany(
        "UPDATE items SET data=? WHERE id=?",
        [(json.dumps(upgrade_untyped_item(json.loads(data)), ensure_ascii=False), row_id) for row_id, data in rows],
    )


def _start_time(conn: sqlite3.Connection) -> None:
    """Version 4: the workshop details may hold a start time. Nothing to rewrite (files without one read
    as before); the version tells an older app that this file holds a field it would not understand."""


def _file_workshop_id(conn: sqlite3.Connection) -> str:
    """The id a file from before workshops had ids goes by (the same one its read-only readers use)."""
    steps = [r[0] for r in conn.execute("SELECT id FROM steps")]
    people = [r[0] for r in conn.execute("SELECT id FROM participants")]
    return derived_workshop_id(steps, people)


def _name_workshop(conn: sqlite3.Connection) -> None:
    """Version 5: the workshop has an id of its own, kept in its details, for follow-ups to link to."""
    row = conn.execute("SELECT value FROM meta WHERE key='info'").fetchone()
    try:
        info = json.loads(row[0]) if row else {}
    except ValueError:
        return  # unreadable details: loading the file will say it is damaged
    if isinstance(info, dict) and "id" not in info:
        info["id"] = _file_workshop_id(conn)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('info', ?)", (json.dumps(info, ensure_ascii=False),))


def _room_settings(conn: sqlite3.Connection) -> None:
    """Version 6: a step may say whether its votes are on the shared screen. Nothing to rewrite (a step
    without the setting keeps its votes off the screen until revealed); the version tells an older app
    that this file holds a field it would not understand."""


def _proposals_on_several(conn: sqlite3.Connection) -> None:
    """Version 7: a proposal may fix several hand-offs, the others than the first in its ``also``. Nothing
    to rewrite (a marker without it sits on its one target as before); the version tells an older app
    that this file holds a field it would not understand."""


# Each entry takes the schema from version N-1 to N (SQL, or a function for what SQL cannot say);
# index 0 creates version 1.
MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
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
    _type_answers,
    _start_time,
    _name_workshop,
    _room_settings,
    _proposals_on_several,
)

TABLES: dict[str, type[BaseModel]] = {"participants": Participant, "groups": Group, "steps": Step, "actions": ActionItem}


_write_problem = write_problem  # the name the rest of this module has always used


def _damaged(path: Path) -> DamagedFile:
    return DamagedFile(
        f"{path.name} is damaged and cannot be opened safely: it failed the check every workshop gets "
        "when it is opened. It is left as it is; restore a backup of it if there is one."
    )


def _read_only_file(path: Path) -> ReadOnlyLocationError:
    return ReadOnlyLocationError(
        f"{path.name} cannot be changed: the file or its folder is read-only (a write-protected stick, "
        "a read-only share, or a file marked read-only). Open it read-only, or save a copy in a folder "
        "you can write to, such as Documents, and work in the copy."
    )


class WorkshopFile:
    """A connection to one ``.workshop`` file. Use :meth:`open` or :meth:`create`.

    A file opened for changes holds the workshop's lock (see :mod:`workshop_app.storage.lock`) until
    :meth:`close`; a read-only one takes no lock and never writes. The file knows nothing of backups:
    it only keeps the count of changes since the last one, which the backups report to it (see
    :meth:`mark_backed_up`); :mod:`workshop_app.storage.lifecycle` decides when they are taken.
    """

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        readonly: bool = False,
        lock: WorkshopLock | None = None,
        version: int = SCHEMA_VERSION,
    ) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self.lock = lock
        self.version = version  # the schema version the file is at
        self.commits = 0  # transactions committed through this connection
        self.closed = False
        self._commits_at_backup = 0  # ``commits`` when the last backup was taken
        self._last_backup: float | None = None  # time.monotonic() of the last backup
        self._backup_problem: str | None = None  # why the last backup failed, if it did
        self._fold_log = False  # a write-ahead file (a very long name): fold the log in after each commit
        # A workshop dropped without close() still gives its lock back.
        self._finalizer = weakref.finalize(self, lock.release) if lock is not None else None

    # -- what the backups report -----------------------------------------------------------------
    @property
    def changed_since_backup(self) -> bool:
        """Whether changes were committed since the last backup (or since opening, without one)."""
        return self.commits > self._commits_at_backup

    @property
    def last_backup(self) -> float | None:
        """``time.monotonic()`` when a backup last held this file as it is; None: not since opening."""
        return self._last_backup

    @property
    def backup_problem(self) -> str | None:
        """Why the last backup failed (a sentence for the user), or None."""
        return self._backup_problem

    def mark_backed_up(self) -> None:
        """Record that a backup now holds this file as it is."""
        self._commits_at_backup = self.commits
        self._last_backup = time.monotonic()
        self._backup_problem = None

    def mark_backup_failed(self, problem: str) -> None:
        """Record that a backup could not be made, and why."""
        self._backup_problem = problem

    @property
    def needs_migration(self) -> bool:
        """Opened for changes at an older schema version: :meth:`migrate` must run before any change."""
        return not self.readonly and self.version < SCHEMA_VERSION

    # -- opening -------------------------------------------------------------------------------
    @staticmethod
    def _connect(path: Path, readonly: bool, immutable: bool = False) -> sqlite3.Connection:
        mode = "ro" if readonly else "rw"
        uri = f"{path.resolve().as_uri()}?mode={mode}{'&immutable=1' if immutable else ''}"
        # Autocommit mode: transactions are opened explicitly, one per user action.
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=2.0)
        try:
            # Files come from other people: no functions from the schema, every cell checked.
            conn.execute("PRAGMA trusted_schema=OFF")
            conn.execute("PRAGMA cell_size_check=ON")
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    @classmethod
    def create(cls, path: Path, doc: WorkshopDoc | None = None) -> WorkshopFile:
        """Create a workshop file at ``path`` (which must not exist), holding ``doc`` if given.

        The file is built under a temporary name and renamed into place when complete, so a crash
        leaves either no file or the whole workshop, never half an import.
        """
        path = Path(path)
        if path.exists():
            raise WorkshopFileError(f"{path.name} already exists; choose another name.")
        lock = WorkshopLock.acquire(path)
        try:
            # We hold the lock, so temporary files for this name were left by a killed process.
            for leftover in temp_leftovers(path):
                remove_with_sidecars(leftover)
            tmp = temp_sibling(path)
            try:
                cls.build(tmp, doc, final=path)
                place(tmp, path, replace=False)
            except FileExistsError:
                raise WorkshopFileError(f"{path.name} already exists; choose another name.") from None
            except (sqlite3.Error, OSError) as exc:
                raise _write_problem(path, exc) from None
            finally:
                remove_with_sidecars(tmp)
            return cls._open_checked(path, readonly=False, lock=lock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def build(cls, tmp: Path, doc: WorkshopDoc | None, final: Path | None = None) -> None:
        """Write a complete new workshop file at ``tmp`` (a temporary name its caller renames to ``final``)."""
        conn = sqlite3.connect(tmp, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            durable(conn, final)
            building = cls(tmp, conn)
            building._migrate(0)
            if doc is not None:
                building.save_doc(doc)
            ok = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
            if ok != "ok":
                raise sqlite3.DatabaseError(f"the new file failed its check ({ok})")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a no-op unless its name needs a log
        finally:
            conn.close()

    @staticmethod
    def _check_header(path: Path) -> bytes:
        try:
            with open(path, "rb") as fh:
                head = fh.read(100)
        except FileNotFoundError:
            raise WorkshopFileError(
                f"{path.name} does not exist (any more). If it was on a removable drive, plug it in again."
            ) from None
        except IsADirectoryError:
            raise NotAWorkshopFile(f"{path.name} is a folder, not a workshop file.") from None
        except PermissionError:
            raise WorkshopFileError(
                f"{path.name} cannot be read: this account may not open it. Ask its owner to share it, "
                "or copy it to your Documents folder."
            ) from None
        except OSError as exc:
            raise WorkshopFileError(f"{path.name} cannot be read: {exc.strerror}.") from None
        if not head:
            raise NotAWorkshopFile(f"{path.name} is empty: it is not a workshop file, or it was never finished.")
        if not head.startswith(SQLITE_MAGIC) or len(head) < 100:
            raise NotAWorkshopFile(f"{path.name} is not a workshop file.")
        if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
            raise NotAWorkshopFile(f"{path.name} is a database, but not a workshop file.")
        return head

    @classmethod
    def open(cls, path: Path, readonly: bool = False, take_over: bool = False, snapshot: bool = False) -> WorkshopFile:
        """Open an existing workshop file: check it and lock it; refuse anything else.

        ``readonly`` opens without a lock and without ever writing, also a file from a newer version
        of the app. ``take_over`` takes the lock even from another computer (see WorkshopLock).
        A file from an older version opened for changes refuses them until :meth:`migrate` ran.
        ``snapshot`` (read-only) reads the file as it lies and creates nothing beside it, not even
        SQLite's journal files: for a closed file in a shared folder, whose whole content is in it.
        """
        path = Path(path)
        head = cls._check_header(path)
        readonly = readonly or snapshot
        if readonly and not snapshot and _write_ahead(head) and not _journal_waiting(path):
            # A file left in write-ahead mode (by an older version) and closed: everything is in the
            # file, and reading it the ordinary way would create SQLite's shared-memory file beside it.
            snapshot = True
        if not readonly:
            _refuse_second_names(path)
        lock = None if readonly else WorkshopLock.acquire(path, take_over=take_over)
        try:
            return cls._open_checked(path, readonly, lock, immutable=snapshot)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def _connect_and_check(
        cls, path: Path, readonly: bool, immutable: bool = False
    ) -> tuple[sqlite3.Connection, str, int]:
        conn = cls._connect(path, readonly, immutable)
        try:
            # The full check, not the quick one: it also finds an index that no longer matches its
            # table, which would let a deleted note come back or an edit be lost.
            ok = str(conn.execute("PRAGMA integrity_check(1)").fetchone()[0])
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except BaseException:
            conn.close()
            raise
        return conn, ok, version

    @classmethod
    def open_frozen(cls, path: Path) -> WorkshopFile:
        """Open a file that nobody writes (a backup) read-only, leaving no journal files beside it.

        Raises sqlite3.Error when SQLite cannot read it, DamagedFile when its integrity check fails.
        """
        path = Path(path)
        conn, ok, version = cls._connect_and_check(path, readonly=True, immutable=True)
        if ok != "ok":
            conn.close()
            raise DamagedFile(f"damaged: {ok}")
        cls._check_schema(path, conn, version)
        return cls(path, conn, readonly=True, version=version)

    @staticmethod
    def _check_schema(path: Path, conn: sqlite3.Connection, version: int) -> None:
        """Refuse (and close) a file whose schema is not exactly the app's for its version."""
        try:
            if version <= 0:
                raise unplaceable(path.name)
            try:
                problem = schema_problem(conn, MIGRATIONS, version)
            except sqlite3.Error:
                raise _damaged(path) from None
            if problem is not None:
                raise changed_elsewhere(path.name, problem.what) if problem.foreign else unplaceable(path.name)
        except WorkshopFileError:
            conn.close()
            raise

    @classmethod
    def _open_checked(cls, path: Path, readonly: bool, lock: WorkshopLock | None,
                      immutable: bool = False) -> WorkshopFile:
        if not readonly and not os.access(path, os.W_OK):
            raise _read_only_file(path)
        try:
            try:
                conn, ok, version = cls._connect_and_check(path, readonly, immutable)
            except sqlite3.Error as exc:
                if readonly and error_code(exc) in (SQLITE_READONLY, SQLITE_CANTOPEN):
                    # A read-only folder (no room for SQLite's shared-memory file): nothing can
                    # change the file there, so read it as it is.
                    conn, ok, version = cls._connect_and_check(path, readonly, immutable=True)
                else:
                    raise
        except sqlite3.DatabaseError as exc:
            code = error_code(exc)
            if code == SQLITE_READONLY:
                raise _read_only_file(path) from None
            if code == SQLITE_CANTOPEN:
                raise WorkshopFileError(
                    f"{path.name} cannot be opened: the file or its folder cannot be reached. If it is on a "
                    "removable drive or a network share, check that it is still connected."
                ) from None
            if code in (SQLITE_BUSY, SQLITE_LOCKED):
                raise WorkshopFileError(
                    f"{path.name} is busy: another program is writing to it. Try again in a moment."
                ) from None
            if code == SQLITE_IOERR:
                raise WorkshopFileError(
                    f"{path.name} could not be read from its drive. "
                    "If it is on a removable drive or a network share, check that it is still connected."
                ) from None
            raise _damaged(path) from None
        if ok != "ok":
            conn.close()
            raise _damaged(path)
        cls._check_schema(path, conn, version)
        if version > SCHEMA_VERSION and not readonly:
            conn.close()
            raise NewerVersionError(
                f"{path.name} was saved by a newer version of Workshop Room. This version can only "
                "show it read-only; update the app to change it."
            )
        self = cls(path, conn, readonly, lock, version)
        if readonly:
            return self
        try:
            try:
                mode = durable(conn, path)
                if mode != ("delete" if journal_fits(path) else "wal"):
                    # Still in write-ahead mode: another program has the file open and holds its journal.
                    raise WorkshopFileError(
                        f"{path.name} is busy: another program has it open. Close it there and try again."
                    )
                self._fold_log = mode == "wal"
                # A write that is rolled back: the cheapest way to learn now, not at the first note,
                # that the file cannot be changed.
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.execute(f"PRAGMA user_version={version}")
                finally:
                    conn.execute("ROLLBACK")
            except sqlite3.Error as exc:
                if error_code(exc) == SQLITE_READONLY:
                    raise _read_only_file(path) from None
                if not journal_fits(path) and not self._fold_log:
                    raise WorkshopFileError(
                        f"{path.name} has a name too long for changes to be saved in it. Give it a "
                        "shorter name, or open it read-only."
                    ) from None
                raise cannot_change(path, exc) from None
        except BaseException:
            self._finalizer = None
            conn.close()
            raise
        return self

    def migrate(self) -> None:
        """Bring the schema of a file from an older version up to date (back it up first).

        One version per transaction, so a kill leaves the file at a whole version, never between two.
        """
        if self.readonly:
            raise WorkshopFileError(f"{self.path.name} is open read-only; it cannot be brought up to date.")
        self._migrate(self.version)

    def _migrate(self, from_version: int) -> None:
        for version in range(from_version, SCHEMA_VERSION):
            with self._transaction():
                step = MIGRATIONS[version]
                if callable(step):
                    step(self.conn)
                else:
                    for statement in statements(step):
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version={version + 1}")
            self.version = version + 1

    def close(self, before_unlock: Callable[[], None] | None = None) -> None:
        """Close the file and give the lock back. Every commit is in the file already.

        ``before_unlock`` runs after the file is closed and before the lock is given back, while no
        other process can have changed the file yet.
        """
        if self.closed:
            return
        self.closed = True
        try:
            if self._fold_log:
                try:
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.Error:
                    pass
            self.conn.close()
            if before_unlock is not None:
                before_unlock()
        finally:
            if self._finalizer is not None:
                self._finalizer()  # releases the lock, once
                self._finalizer = None

    # -- writing -------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action: everything inside is committed together, or not at all."""
        if self.needs_migration:
            raise WorkshopFileError(
                f"{self.path.name} was saved by an older version and is not brought up to date yet; "
                "it cannot be changed before that."
            )
        with self._transaction() as conn:
            yield conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.readonly:
            raise WorkshopFileError(f"{self.path.name} is open read-only; changes cannot be saved.")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _write_problem(self.path, exc) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
            self.commits += 1
        except sqlite3.Error as exc:
            self._rollback()
            raise _write_problem(self.path, exc) from None
        except BaseException:
            self._rollback()
            raise
        if self._fold_log:
            try:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # the change is saved in the log, which the next commit or closing folds in

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
                if table not in TABLES and table != "items":
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
            info = json.loads(meta["info"]) if "info" in meta else {}
            if isinstance(info, dict) and "id" not in info:
                info["id"] = _file_workshop_id(conn)  # a file read as it is, from before workshops had ids
            doc = WorkshopDoc(info=WorkshopInfo.model_validate(info), current_step=int(meta.get("current_step", "0")))
            for table in ("participants", "groups", "steps"):
                model = TABLES[table]
                rows = conn.execute(f"SELECT id, data FROM {table} ORDER BY pos, rowid").fetchall()
                setattr(doc, table, self._matching(rows, model.model_validate_json))
            items = conn.execute("SELECT id, data, step_id FROM items ORDER BY rowid").fetchall()
            doc.items = self._matching(items, item_from_json)
            if any(item.step != step for item, (_id, _data, step) in zip(doc.items, items, strict=True)):
                raise changed_elsewhere(self.path.name, "an answer filed under another step than its own")
            rows = conn.execute("SELECT id, data FROM actions ORDER BY rowid").fetchall()
            doc.actions = self._matching(rows, ActionItem.model_validate_json)
        except (ValidationError, ValueError, KeyError, sqlite3.DatabaseError) as exc:
            if self.version > SCHEMA_VERSION:
                raise NewerVersionError(
                    f"{self.path.name} was saved by a newer version of Workshop Room and holds things this "
                    "version cannot show. Update the app to open it."
                ) from None
            if isinstance(exc, sqlite3.DatabaseError) and error_code(exc) == SQLITE_IOERR:
                raise WorkshopFileError(
                    f"{self.path.name} could not be read from its drive. If it is on a removable drive or a "
                    "network share, check that it is still connected."
                ) from None
            raise DamagedFile(
                f"{self.path.name} holds data this app cannot read ({type(exc).__name__}): it is damaged. "
                "It is left as it is; restore a backup of it if there is one."
            ) from None
        return doc

    def _matching(self, rows: Sequence[tuple], parse: Callable[[str], Any]) -> list[Any]:
        """Each row's content parsed; a row whose id column differs from the id in its content was
        written by another program (deleting it by its id would leave it in the file)."""
        parsed = [parse(row[1]) for row in rows]
        for row, model in zip(rows, parsed, strict=True):
            if model.id != row[0]:
                raise changed_elsewhere(self.path.name, "a row whose id differs from the id in its content")
        return parsed

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def _refuse_second_names(path: Path) -> None:
    """Refuse changes to a file with more than one name (a hard link).

    The lock lives beside the name it was opened by, so two names would let two copies of the app
    write the same file at once, each losing the other's work.
    """
    try:
        links = path.stat().st_nlink
    except OSError:
        return  # opening it will say what is wrong
    if links > 1:
        raise LinkedFileError(
            f"{path.name} is one file with {links} names (hard links), so it could be changed under "
            "another name at the same time. Open it read-only, or save a copy and work in the copy."
        )


def _write_ahead(head: bytes) -> bool:
    """Whether a database header says the file is in write-ahead (WAL) mode."""
    return len(head) >= 20 and (head[18] == 2 or head[19] == 2)


def _journal_waiting(path: Path) -> bool:
    """Whether a write-ahead journal beside the file holds changes that are not in the file yet."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


