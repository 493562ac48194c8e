"""Anki packages (.apkg) through genanki: the one module that imports genanki.

Two note types with ids fixed for good, so that every export updates the same note types in
the learner's collection: "ESL Vocabulary" (cards "Meaning" and "Recall") and "ESL Cloze".
Note GUIDs come from a stable key, never from the fields, so an edited note is an update.

The package is written without :meth:`genanki.Package.write_to_file`, which leaves a
temporary SQLite file behind in the system's temporary directory on every call, and without
genanki's notes, cards and decks, whose per-object work (checks, properties, one INSERT a
row) was half of an export: genanki gives the collection's schema, the note types (as JSON,
with the fields each card needs) and the GUIDs; the rows are written here, in batches, the
very rows genanki's :meth:`~genanki.Package.write_to_db` writes (a test compares them), into
a SQLite file of the caller's private work folder, zipped in the same layout genanki uses.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from flashcards.export.making import note_guid

__all__ = [
    "CLOZE_FIELDS",
    "CLOZE_MODEL_ID",
    "VOCABULARY_FIELDS",
    "VOCABULARY_MODEL_ID",
    "AnkiCard",
    "Kind",
    "PackageDeck",
    "PackageNote",
    "RevlogRow",
    "Written",
    "deck_id",
    "note_guid",
    "write_package",
]

# Never change these: Anki recognises the note types by id.
VOCABULARY_MODEL_ID = 1_583_004_417
CLOZE_MODEL_ID = 1_583_004_418

VOCABULARY_FIELDS = (
    "Word",
    "IPA",
    "Syllables",
    "PartOfSpeech",
    "Definition",
    "Synonyms",
    "Example",
    "Contexts",
    "Source",
    "Audio",
)
CLOZE_FIELDS = ("Text", "Extra")

# Namespaces the GUIDs so that no other program's notes can share ours.
_GUID_NAMESPACE = "flashcards"


class Kind(StrEnum):
    """Which note type a note belongs to."""

    VOCABULARY = "vocabulary"
    CLOZE = "cloze"


@dataclass(frozen=True)
class RevlogRow:
    """A row of Anki's review log (``revlog``): ``id`` is the answer's time in milliseconds
    (unique in the package), ``ease`` the rating 1-4, ``ivl``/``last_ivl`` the interval after
    and before (days when positive, seconds when negative), ``type`` 0 learning, 1 review,
    2 relearning. ``kept``: an answer from Anki, whose id is its own (reserved); any other
    ``id`` is the one wanted, moved on by the writer when another answer has it."""

    id: int
    ease: int
    ivl: int
    last_ivl: int
    factor: int
    time_ms: int
    type: int
    kept: bool = False


@dataclass(frozen=True)
class AnkiCard:
    """The scheduling columns of one card of a note (``ord``: which template), as Anki's
    ``cards`` table has them, and its review log. ``due`` None keeps the new card's position."""

    ord: int
    type: int
    queue: int
    due: int | None
    ivl: int = 0
    factor: int = 0
    reps: int = 0
    lapses: int = 0
    left: int = 0
    data: str = ""
    revlog: tuple[RevlogRow, ...] = ()


@dataclass(frozen=True)
class PackageNote:
    """One Anki note: its fields (finished HTML, in the note type's order), the stable key
    its GUID is made from (``guid``: that GUID, when already made), its tags, its place
    among the new cards and the schedule of those of its cards that are not plain new
    ones."""

    kind: Kind
    fields: tuple[str, ...]
    key: tuple[str, ...]
    tags: tuple[str, ...] = ()
    position: int = 0
    cards: tuple[AnkiCard, ...] = ()
    guid: str = ""


@dataclass(frozen=True)
class PackageDeck:
    """One Anki deck (full name, e.g. ``ESL::Talk``) and its notes (read once, as they are
    written: an export gives them as a stream)."""

    name: str
    notes: Iterable[PackageNote]
    description: str = ""


@dataclass(frozen=True)
class Written:
    """What a package holds."""

    notes: int
    cards: int
    media: int


def _template(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _models() -> dict[Kind, genanki.Model]:
    css = _template("style.css")
    vocabulary = genanki.Model(
        VOCABULARY_MODEL_ID,
        "ESL Vocabulary",
        fields=[{"name": name} for name in VOCABULARY_FIELDS],
        templates=[
            {
                "name": "Meaning",
                "qfmt": _template("meaning_front.html"),
                "afmt": _template("meaning_back.html"),
            },
            {
                "name": "Recall",
                "qfmt": _template("recall_front.html"),
                "afmt": _template("recall_back.html"),
            },
        ],
        css=css,
        sort_field_index=0,
    )
    cloze = genanki.Model(
        CLOZE_MODEL_ID,
        "ESL Cloze",
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[
            {
                "name": "Cloze",
                "qfmt": _template("cloze_front.html"),
                "afmt": _template("cloze_back.html"),
            }
        ],
        css=css,
        model_type=genanki.Model.CLOZE,
    )
    return {Kind.VOCABULARY: vocabulary, Kind.CLOZE: cloze}


def deck_id(name: str) -> int:
    """A fixed id for the deck called ``name`` (Anki matches decks by name; the id only has
    to be the same on every export)."""
    digest = hashlib.sha256(f"{_GUID_NAMESPACE}\x1f{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _check(note: PackageNote, model: genanki.Model) -> None:
    if len(note.fields) != len(model.fields):
        raise ValueError(f"{note.kind} note with {len(note.fields)} fields: {note.fields!r}")
    if note.kind is Kind.CLOZE and "{{c1::" not in note.fields[0]:
        raise ValueError(f"cloze note without a cloze: {note.fields[0]!r}")


def write_package(
    decks: Iterable[PackageDeck],
    media: Sequence[Path],
    out: IO[bytes],
    timestamp: float,
    workdir: Path,
    crt: int | None = None,
    reserved: Iterable[int] = (),
) -> Written:
    """Write an .apkg of ``decks`` and ``media`` to the open binary file ``out``.

    ``timestamp`` (seconds since the epoch) becomes every note's modification time, which is
    what Anki compares to decide whether an imported note updates the one it has: pass the
    current time. ``workdir`` is an empty private folder for the collection file; the caller
    removes it. ``crt`` (seconds since the epoch: the start of a day) is the collection's
    creation time, which review cards' due days count from; given, the notes' card schedules
    and review logs are written and the collection declares scheduler v2 (without it Anki
    takes a genanki package for v1 and converts its learning answers on import).
    ``reserved``: the revlog ids of the answers from Anki (``kept``), which no other answer
    may take.

    Decks and their notes are read once, as they come, and written in batches: memory does
    not grow with the package. The collection file is then streamed into the zip.
    """
    names = [p.name for p in media]
    if len(set(names)) != len(names):
        raise ValueError(f"media file names must be unique: {names}")

    collection = workdir / "collection.anki2"
    conn = sqlite3.connect(collection)
    # A scratch file, zipped once written and then removed: no journal, no syncs.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    try:
        notes, cards = _write_collection(
            conn,
            decks,
            timestamp,
            itertools.count(int(timestamp * 1000)),
            crt,
            reserved,
            workdir / "revlog-stage.db",
        )
        conn.commit()
    finally:
        conn.close()

    # The layout of genanki's write_to_file: the collection, a JSON map of the media files'
    # names, then each media file stored under its index.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.write(collection, "collection.anki2")
        z.writestr("media", json.dumps({str(i): name for i, name in enumerate(names)}))
        for i, path in enumerate(media):
            z.write(path, str(i))
    return Written(notes=notes, cards=cards, media=len(media))


# genanki's schema, its indexes made once the rows are in (a third cheaper than keeping them
# up to date row by row).
_APKG_STATEMENTS = [s.strip() for s in APKG_SCHEMA.split(";") if s.strip()]
_APKG_TABLES = ";\n".join(s for s in _APKG_STATEMENTS if not s.startswith("CREATE INDEX")) + ";"
_APKG_INDEXES = ";\n".join(s for s in _APKG_STATEMENTS if s.startswith("CREATE INDEX")) + ";"

#: Rows written to the collection at a time.
_BATCH = 2000
#: A new card's ivl, factor, reps, lapses, left, odue, odid, flags and data.
_NEW = (0, 0, 0, 0, 0, 0, 0, 0, "")


def _card_ords(note: PackageNote, model: genanki.Model) -> list[int]:
    """Which of the note's cards exist, as genanki decides (``Note.cards``): for a cloze
    note, one per cloze number in its Text; else each template whose required fields the
    note fills."""
    if note.kind is Kind.CLOZE:
        text = note.fields[0]
        # the clozes an export makes: one "{{c1::...}}" (the first closing braces end it)
        at = text.find("{{c1::")
        if at >= 0 and text.count("{{c") == 1 and text.find("}}", at + 7) >= 0:
            return [0]
        return sorted({int(n) - 1 for n in _CLOZE_NUMBER.findall(text) if int(n) > 0})
    ords = []
    for card_ord, any_or_all, required in model._req:
        filled = (bool(note.fields[i]) for i in required)
        if any(filled) if any_or_all == "any" else all(filled):
            ords.append(card_ord)
    return ords


_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def _write_collection(
    conn: sqlite3.Connection,
    decks: Iterable[PackageDeck],
    timestamp: float,
    ids: Iterator[int],
    crt: int | None = None,
    reserved: Iterable[int] = (),
    stage: Path | None = None,
) -> tuple[int, int]:
    """Write the collection of ``decks`` (the rows, ids and JSON of genanki's
    ``Package.write_to_db``; with ``crt``, each card's schedule and log too, and scheduler
    v2, the log staged in the file ``stage`` first); the numbers of notes and cards
    written."""
    conn.executescript(_APKG_TABLES)
    conn.executescript(APKG_COL)
    models = _models()
    (raw_decks, raw_models, raw_conf) = conn.execute(
        "SELECT decks, models, conf FROM col"
    ).fetchone()
    decks_json, models_json = json.loads(raw_decks), json.loads(raw_models)
    mod = int(timestamp)
    note_rows: list[tuple[object, ...]] = []
    card_rows: list[tuple[object, ...]] = []
    revlog = None
    if crt is not None:
        if stage is None:
            raise ValueError("a collection with schedules needs a file to stage its log in")
        revlog = _Revlog(conn, stage, reserved)
    scheduled = crt is not None
    notes = cards = 0
    tags: tuple[str, ...] = ()
    tags_text = "  "
    for deck in decks:
        did = deck_id(deck.name)
        decks_json[str(did)] = genanki.Deck(did, deck.name, deck.description).to_json()
        used: set[Kind] = set()
        for note in deck.notes:
            model = models[note.kind]
            if note.kind not in used:
                used.add(note.kind)
                models_json[str(model.model_id)] = model.to_json(timestamp, did)
            _check(note, model)
            if note.tags != tags:
                tags, tags_text = note.tags, " " + " ".join(note.tags) + " "
            nid = next(ids)
            note_rows.append(
                (
                    nid,
                    note.guid or note_guid(note.key),
                    model.model_id,
                    mod,
                    -1,
                    tags_text,
                    "\x1f".join(note.fields),
                    note.fields[model.sort_field_index],
                    0,
                    0,
                    "",
                )
            )
            ords = _card_ords(note, model)
            given = {card.ord: card for card in note.cards} if scheduled and note.cards else {}
            for missing in given.keys() - set(ords) if given else ():
                raise ValueError(f"no card {missing} in note {note.key!r}")
            for card_ord in ords:
                cid = next(ids)
                card = given.get(card_ord)
                if card is None:
                    # id, nid, did, ord, mod, usn, type, queue, due, then ivl .. data all empty
                    card_rows.append((cid, nid, did, card_ord, mod, -1, 0, 0, note.position, *_NEW))
                    continue
                card_rows.append(
                    (
                        cid,
                        nid,
                        did,
                        card_ord,
                        mod,
                        -1,
                        card.type,
                        card.queue,
                        note.position if card.due is None else card.due,
                        card.ivl,
                        card.factor,
                        card.reps,
                        card.lapses,
                        card.left,
                        0,
                        0,
                        0,
                        card.data,
                    )
                )
                if revlog is not None:
                    revlog.add(cid, card.revlog)
            notes += 1
            if len(note_rows) >= _BATCH:
                cards += _flush(conn, note_rows, card_rows)
                if revlog is not None:
                    revlog.flush()
    cards += _flush(conn, note_rows, card_rows)
    if revlog is not None:
        revlog.finish()
    conn.executescript(_APKG_INDEXES)
    conn.execute(
        "UPDATE col SET decks = ?, models = ?", (json.dumps(decks_json), json.dumps(models_json))
    )
    if scheduled:
        conf = json.loads(raw_conf)
        conf["schedVer"] = 2
        conn.execute("UPDATE col SET crt = ?, conf = ?", (crt, json.dumps(conf)))
    return notes, cards


class _Revlog:
    """The review log's rows, staged as they come and written at the end with unique ids.

    An answer from Anki keeps its id (``kept``; reserved from the start); any other takes
    the id it wants, or the next one no answer has (Anki's rule; answers wanting one id
    take it in the order they came). The rows wait in a staging file beside the collection,
    then are read back in the order of the ids they want and given theirs in one sweep:
    only the reserved ids and one batch are ever in memory, whatever the size of the log.
    """

    def __init__(self, conn: sqlite3.Connection, stage: Path, reserved: Iterable[int]) -> None:
        self._conn = conn
        self._reserved = set(reserved)
        self._rows: list[tuple[object, ...]] = []
        conn.execute("ATTACH DATABASE ? AS stage", (str(stage),))
        conn.execute("PRAGMA stage.journal_mode = OFF")
        conn.execute("PRAGMA stage.synchronous = OFF")
        conn.execute(
            "CREATE TABLE stage.revlog (seq INTEGER PRIMARY KEY, want INTEGER, kept INTEGER,"
            " cid INTEGER, ease INTEGER, ivl INTEGER, last_ivl INTEGER, factor INTEGER,"
            " time INTEGER, type INTEGER)"
        )

    def add(self, cid: int, rows: Iterable[RevlogRow]) -> None:
        self._rows.extend(
            (r.id, r.kept, cid, r.ease, r.ivl, r.last_ivl, r.factor, r.time_ms, r.type)
            for r in rows
        )

    def flush(self) -> None:
        self._conn.executemany(
            "INSERT INTO stage.revlog (want, kept, cid, ease, ivl, last_ivl, factor, time, type)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self._rows,
        )
        self._rows.clear()

    def finish(self) -> None:
        """Write the staged rows into the collection's log, each with its id."""
        self.flush()
        conn = self._conn
        conn.execute(
            "INSERT INTO revlog SELECT want, cid, -1, ease, ivl, last_ivl, factor, time, type"
            " FROM stage.revlog WHERE kept ORDER BY want"
        )
        conn.execute("CREATE INDEX stage.ix_want ON revlog (kept, want, seq)")
        reserved, last = self._reserved, None
        out: list[tuple[object, ...]] = []
        for want, *rest in conn.execute(
            "SELECT want, cid, ease, ivl, last_ivl, factor, time, type FROM stage.revlog"
            " WHERE NOT kept ORDER BY want, seq"
        ):
            rid = want if last is None or want > last else last + 1
            while rid in reserved:
                rid += 1
            last = rid
            out.append((rid, rest[0], -1, *rest[1:]))
            if len(out) >= _REVLOG_BATCH:
                self._write(out)
        self._write(out)
        conn.commit()
        conn.execute("DETACH DATABASE stage")

    def _write(self, rows: list[tuple[object, ...]]) -> None:
        self._conn.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        rows.clear()


#: Review-log rows written to the collection at a time.
_REVLOG_BATCH = 20_000


def _flush(
    conn: sqlite3.Connection,
    note_rows: list[tuple[object, ...]],
    card_rows: list[tuple[object, ...]],
) -> int:
    """Write the rows gathered (and forget them); how many cards."""
    conn.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", note_rows)
    conn.executemany(
        "INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", card_rows
    )
    written = len(card_rows)
    note_rows.clear()
    card_rows.clear()
    return written
