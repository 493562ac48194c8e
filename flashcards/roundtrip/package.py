"""Reading an Anki package (.apkg or .colpkg) exported by Anki: its notes, cards and review log.

A package is a zip. Anki 2.1.50 and later write the collection as `collection.anki21b`
(SQLite compressed with zstd); older ones (and the "legacy" export option) as
`collection.anki21`. Both also carry a `collection.anki2` that, beside a newer collection, is a
stub with one note saying "Please update": it is read only when it is the package's one
collection. Nothing here writes anywhere but a private temporary folder.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import zstandard

from flashcards.errors import FlashcardsError

__all__ = [
    "AnkiCardRow",
    "AnkiNoteRow",
    "AnkiPackage",
    "PackageError",
    "RevlogEntry",
    "read_package",
]

#: The collection schema versions read here (Anki 2.1's legacy 11 to the current 18).
NEWEST_SCHEMA = 18
#: The newest package format (Anki's PackageMetadata.Version: 1 legacy, 2 legacy 2.1, 3 latest).
NEWEST_PACKAGE_VERSION = 3
#: A package larger than this is refused before it is opened.
MAX_PACKAGE_BYTES = 2 << 30

_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")


class PackageError(FlashcardsError):
    """An Anki package that cannot be read."""


@dataclass(frozen=True)
class AnkiNoteRow:
    """A note of the package: its id, GUID, fields and modification time (seconds)."""

    id: int
    guid: str
    fields: tuple[str, ...]
    mod: int


@dataclass(frozen=True)
class AnkiCardRow:
    """A card of the package with Anki's scheduling columns."""

    id: int
    nid: int
    ord: int
    type: int
    queue: int
    due: int
    ivl: int
    reps: int
    lapses: int
    odue: int
    odid: int
    data: str


@dataclass(frozen=True)
class RevlogEntry:
    """A row of Anki's review log: `id` is the answer's time in milliseconds."""

    id: int
    cid: int
    ease: int
    ivl: int
    last_ivl: int
    time_ms: int
    type: int


@dataclass(frozen=True)
class AnkiPackage:
    """What a package holds: the collection's creation time (seconds; review cards' due are
    days after it), its notes, cards and review log."""

    crt: int
    notes: tuple[AnkiNoteRow, ...]
    cards: tuple[AnkiCardRow, ...]
    revlog: tuple[RevlogEntry, ...]


def _package_version(meta: bytes) -> int:
    """The version field of Anki's `meta` file (a protobuf message with one varint field)."""
    if not meta or meta[0] != 0x08:
        return 0
    value = shift = 0
    for byte in meta[1:10]:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value


def _is_stub(path: Path) -> bool:
    """Whether a `collection.anki2` is the "Please update" stub beside a newer collection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT flds FROM notes LIMIT 2").fetchall()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return len(rows) == 1 and "please update" in str(rows[0][0]).lower()


def _extract(archive: zipfile.ZipFile, name: str, target: Path) -> None:
    with archive.open(name) as source, target.open("wb") as out:
        if name.endswith(".anki21b"):
            zstandard.ZstdDecompressor().copy_stream(source, out)
        else:
            shutil.copyfileobj(source, out)


def read_package(path: str | Path) -> AnkiPackage:
    """Read the Anki package at `path`; a PackageError (one line) when it cannot be."""
    path = Path(path).expanduser()
    label = str(path)
    if not path.exists():
        raise PackageError(f"{label}: no such file")
    if not path.is_file():
        raise PackageError(f"{label}: not a regular file")
    if path.stat().st_size > MAX_PACKAGE_BYTES:
        raise PackageError(f"{label}: larger than {MAX_PACKAGE_BYTES >> 20} MB; not read")
    if not zipfile.is_zipfile(path):
        raise PackageError(f"{label}: not an Anki package (not a zip file)")
    try:
        with (
            zipfile.ZipFile(path) as archive,
            tempfile.TemporaryDirectory(prefix="flashcards-anki-") as folder,
        ):
            names = set(archive.namelist())
            if "meta" in names:
                version = _package_version(archive.read("meta"))
                if version > NEWEST_PACKAGE_VERSION:
                    raise PackageError(
                        f"{label}: made by a newer Anki (package format {version}); "
                        "export it again with the legacy option, or upgrade flashcards"
                    )
            present = [n for n in _COLLECTIONS if n in names]
            if not present:
                raise PackageError(f"{label}: not an Anki package (no collection in it)")
            target = Path(folder) / "collection.sqlite"
            _extract(archive, present[0], target)
            if present[0] == "collection.anki2" and _is_stub(target):
                raise PackageError(
                    f"{label}: made by a newer Anki (its collection is in a format this "
                    "version cannot find); export it again with the legacy option"
                )
            return _read_collection(target, label)
    except zipfile.BadZipFile as exc:
        raise PackageError(f"{label}: a damaged zip file ({exc})") from None
    except zstandard.ZstdError as exc:
        raise PackageError(f"{label}: a damaged collection ({exc})") from None
    except OSError as exc:
        raise PackageError(f"{label}: cannot be read ({exc.strerror or exc})") from None


def _read_collection(target: Path, label: str) -> AnkiPackage:
    try:
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise PackageError(f"{label}: the collection cannot be opened ({exc})") from None
    try:
        crt, ver = conn.execute("SELECT crt, ver FROM col").fetchone()
        if ver > NEWEST_SCHEMA:
            raise PackageError(
                f"{label}: made by a newer Anki (collection schema {ver}; this version reads "
                f"up to {NEWEST_SCHEMA}); export it again with the legacy option"
            )
        notes = tuple(
            AnkiNoteRow(id=r[0], guid=r[1], fields=tuple(str(r[2]).split("\x1f")), mod=r[3])
            for r in conn.execute("SELECT id, guid, flds, mod FROM notes")
        )
        cards = tuple(
            AnkiCardRow(*r)
            for r in conn.execute(
                "SELECT id, nid, ord, type, queue, due, ivl, reps, lapses, odue, odid, data "
                "FROM cards"
            )
        )
        revlog = tuple(
            RevlogEntry(*r)
            for r in conn.execute(
                "SELECT id, cid, ease, ivl, lastIvl, time, type FROM revlog ORDER BY id"
            )
        )
    except sqlite3.Error as exc:
        raise PackageError(f"{label}: not an Anki collection ({exc})") from None
    except TypeError:
        raise PackageError(f"{label}: not an Anki collection (no collection row)") from None
    finally:
        conn.close()
    return AnkiPackage(crt=int(crt), notes=notes, cards=cards, revlog=revlog)
