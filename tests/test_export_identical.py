"""The export's own shortcuts give what genanki gives."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import genanki
import pytest
from genanki.apkg_schema import APKG_SCHEMA

from flashcards.domain import Rating
from flashcards.export import export_deck
from flashcards.export.anki import note_guid
from flashcards.store import Store
from flashcards.store.work import Work
from flashcards.study import Study

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


def package_rows(path: Path, folder: Path) -> dict[str, list[tuple[object, ...]]]:
    folder.mkdir()
    with zipfile.ZipFile(path) as archive:
        (folder / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(folder / "collection.anki2")
    tables = ("notes", "cards", "revlog")
    rows = {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}
    conn.close()
    return rows


def test_only_notes_with_a_schedule_are_read_and_the_package_is_the_same(
    seeded_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(UTC)
    study = Study(seeded_store, clock=lambda: now - timedelta(hours=1), fuzz=False)
    for rating in (Rating.GOOD, Rating.EASY, Rating.AGAIN, Rating.GOOD):
        card = study.next_card()
        assert card is not None
        study.answer(card, rating, duration_ms=2000)
    for act in (study.suspend, study.bury):
        card = study.next_card()
        assert card is not None
        act(card)
    read: list[int] = []
    real = Work.scheduled_note_ids

    def counted(work: Work, note_ids: list[int]) -> set[int]:
        chosen = real(work, note_ids)
        read.extend(chosen)
        return chosen

    monkeypatch.setattr(Work, "scheduled_note_ids", counted)
    export_deck(seeded_store, tmp_path / "chosen.apkg", now=now)
    assert 0 < len(read) < len(seeded_store.notes())
    monkeypatch.setattr(Work, "scheduled_note_ids", lambda work, ids: set(ids))
    export_deck(seeded_store, tmp_path / "every.apkg", now=now)
    chosen = package_rows(tmp_path / "chosen.apkg", tmp_path / "a")
    every = package_rows(tmp_path / "every.apkg", tmp_path / "b")
    assert chosen == every
    assert any(row[7] != 0 for row in chosen["cards"])  # some queue is not new's
    assert chosen["revlog"]


@pytest.mark.parametrize(
    "text",
    [
        "a {{c1::word}} here",
        "a {{c1::}} empty, then }}",
        "{{c1::}}",
        "{{c1::x}}",
        "{{c1::a\nb}} over a line",
        "{{c1::one}} and {{c2::two}}",
        "{{c2::only two}}",
        "{{c1::unclosed",
        "{{c1::x} }",
        "{{c0::zero}} {{c1::one}}",
        "{{c1::a}} {{c1::again}}",
        "no cloze {{c",
    ],
)
def test_cloze_cards_are_genankis(text: str) -> None:
    from flashcards.export import anki

    model = anki._models()[anki.Kind.CLOZE]
    note = anki.PackageNote(kind=anki.Kind.CLOZE, fields=(text, ""), key=("k",))
    theirs = [card.ord for card in genanki.Note(model=model, fields=[text, ""]).cards]
    assert anki._card_ords(note, model) == theirs
