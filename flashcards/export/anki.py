"""Anki packages (.apkg) through genanki: the one module that imports genanki.

Two note types with ids fixed for good, so that every export updates the same note types in
the learner's collection: "ESL Vocabulary" (cards "Meaning" and "Recall") and "ESL Cloze".
Note GUIDs come from a stable key, never from the fields, so an edited note is an update.

The package is written without :meth:`genanki.Package.write_to_file`, which leaves a
temporary SQLite file behind in the system's temporary directory on every call: the
collection is built by genanki's own :meth:`~genanki.Package.write_to_db` in a SQLite file
of the caller's private work folder, and zipped here in the same layout genanki uses.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO

import genanki

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
    2 relearning."""

    id: int
    ease: int
    ivl: int
    last_ivl: int
    factor: int
    time_ms: int
    type: int


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
    its GUID is made from, its tags, its place among the new cards and the schedule of those
    of its cards that are not plain new ones."""

    kind: Kind
    fields: tuple[str, ...]
    key: tuple[str, ...]
    tags: tuple[str, ...] = ()
    position: int = 0
    cards: tuple[AnkiCard, ...] = ()


@dataclass(frozen=True)
class PackageDeck:
    """One Anki deck (full name, e.g. ``ESL::Talk``) and its notes."""

    name: str
    notes: tuple[PackageNote, ...]
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


def note_guid(key: Sequence[str]) -> str:
    """The GUID of the note with this stable key."""
    return str(genanki.guid_for(_GUID_NAMESPACE, *key))


def deck_id(name: str) -> int:
    """A fixed id for the deck called ``name`` (Anki matches decks by name; the id only has
    to be the same on every export)."""
    digest = hashlib.sha256(f"{_GUID_NAMESPACE}\x1f{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _genanki_note(note: PackageNote) -> genanki.Note:
    model = _models()[note.kind]
    if len(note.fields) != len(model.fields):
        raise ValueError(f"{note.kind} note with {len(note.fields)} fields: {note.fields!r}")
    if note.kind is Kind.CLOZE and "{{c1::" not in note.fields[0]:
        raise ValueError(f"cloze note without a cloze: {note.fields[0]!r}")
    return genanki.Note(
        model=model,
        fields=list(note.fields),
        tags=list(note.tags),
        guid=note_guid(note.key),
        due=note.position,
    )


def write_package(
    decks: Sequence[PackageDeck],
    media: Sequence[Path],
    out: IO[bytes],
    timestamp: float,
    workdir: Path,
    crt: int | None = None,
) -> Written:
    """Write an .apkg of ``decks`` and ``media`` to the open binary file ``out``.

    ``timestamp`` (seconds since the epoch) becomes every note's modification time, which is
    what Anki compares to decide whether an imported note updates the one it has: pass the
    current time. ``workdir`` is an empty private folder for the collection file; the caller
    removes it. ``crt`` (seconds since the epoch: the start of a day) is the collection's
    creation time, which review cards' due days count from; given, the notes' card schedules
    and review logs are written and the collection declares scheduler v2 (without it Anki
    takes a genanki package for v1 and converts its learning answers on import).
    """
    names = [p.name for p in media]
    if len(set(names)) != len(names):
        raise ValueError(f"media file names must be unique: {names}")
    package_decks = []
    notes = cards = 0
    for deck in decks:
        package_deck = genanki.Deck(deck_id(deck.name), deck.name, deck.description)
        for note in deck.notes:
            made = _genanki_note(note)
            package_deck.add_note(made)
            notes += 1
            cards += len(made.cards)
        package_decks.append(package_deck)
    package = genanki.Package(package_decks, media_files=[str(p) for p in media])

    collection = workdir / "collection.anki2"
    conn = sqlite3.connect(collection)
    try:
        package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        if crt is not None:
            _write_schedules(conn, decks, crt)
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


def _write_schedules(conn: sqlite3.Connection, decks: Sequence[PackageDeck], crt: int) -> None:
    """Give the collection its creation time and scheduler v2, and each card its schedule and
    review log (genanki writes every card new and no log)."""
    (raw_conf,) = conn.execute("SELECT conf FROM col").fetchone()
    conf = json.loads(raw_conf)
    conf["schedVer"] = 2
    conn.execute("UPDATE col SET crt = ?, conf = ?", (crt, json.dumps(conf)))
    note_ids = dict(conn.execute("SELECT guid, id FROM notes"))
    card_ids = {
        (nid, ord_): cid for cid, nid, ord_ in conn.execute("SELECT id, nid, ord FROM cards")
    }
    cards: list[tuple[object, ...]] = []
    revlog: list[tuple[object, ...]] = []
    for deck in decks:
        for note in deck.notes:
            if not note.cards:
                continue
            nid = note_ids[note_guid(note.key)]
            for card in note.cards:
                cid = card_ids.get((nid, card.ord))
                if cid is None:
                    raise ValueError(f"no card {card.ord} in note {note.key!r}")
                cards.append(
                    (
                        card.type,
                        card.queue,
                        card.due,
                        card.ivl,
                        card.factor,
                        card.reps,
                        card.lapses,
                        card.left,
                        card.data,
                        cid,
                    )
                )
                revlog.extend(
                    (r.id, cid, -1, r.ease, r.ivl, r.last_ivl, r.factor, r.time_ms, r.type)
                    for r in card.revlog
                )
    conn.executemany(
        "UPDATE cards SET type = ?, queue = ?, due = coalesce(?, due), ivl = ?, factor = ?, "
        "reps = ?, lapses = ?, left = ?, data = ? WHERE id = ?",
        cards,
    )
    conn.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", revlog)
