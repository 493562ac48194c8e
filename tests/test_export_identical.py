"""The export's own shortcuts give what genanki gives."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import genanki
from genanki.apkg_schema import APKG_SCHEMA

from flashcards.export import export_deck
from flashcards.export.anki import note_guid
from flashcards.store import Store

from support import T0


def test_note_guids_are_genankis() -> None:
    keys = [("vocabulary", "Talk", f"word{i}") for i in range(3000)]
    keys += [("cloze", "Deck · ünïcode", "key", f"A sentence {i} {{c1::x}} ☃") for i in range(999)]
    keys += [("vocabulary", "", ""), ("cloze", "a" * 500, "b", "")]
    differ = [k for k in keys if note_guid(k) != genanki.guid_for("flashcards", *k)]
    assert differ == []
    assert len({note_guid(k) for k in keys}) == len(keys)


def test_the_collection_has_genankis_tables_and_indexes(
    seeded_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "deck.apkg"
    export_deck(seeded_store, path, now=T0)
    with zipfile.ZipFile(path) as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    ours = sqlite3.connect(tmp_path / "collection.anki2")
    theirs = sqlite3.connect(":memory:")
    theirs.executescript(APKG_SCHEMA)
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    assert ours.execute(schema).fetchall() == theirs.execute(schema).fetchall()
    assert ours.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert ours.execute("SELECT count(*) FROM notes").fetchone()[0] > 10
