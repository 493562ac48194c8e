"""The export writes the collection itself: the very rows, ids and JSON that genanki's own
writer makes of the same notes, in batches."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import genanki
import pytest

from flashcards.export import anki

T = 1_760_000_000.0


def notes(count: int) -> tuple[anki.PackageDeck, ...]:
    vocabulary = tuple(
        anki.PackageNote(
            anki.Kind.VOCABULARY,
            (f"w{i}", "", "", "noun", f"the {i}", "", "", "", "Src", ""),
            ("vocabulary", "d", f"w{i}"),
            ("tag_a", "b"),
            i,
        )
        for i in range(count)
    )
    clozes = tuple(
        anki.PackageNote(
            anki.Kind.CLOZE,
            (f"a {{{{c1::w{i}}}}} b", "extra"),
            ("cloze", "d", f"w{i}", "s"),
            (),
            count + i,
        )
        for i in range(count)
    )
    return (
        anki.PackageDeck("ESL::One", vocabulary, "first"),
        anki.PackageDeck("ESL::Two", clozes[: count // 2] + vocabulary[:1], ""),
        anki.PackageDeck("ESL::Empty", (), ""),
    )


def genanki_collection(decks: tuple[anki.PackageDeck, ...], path: Path) -> None:
    models = anki._models()
    package_decks = []
    for deck in decks:
        made = genanki.Deck(anki.deck_id(deck.name), deck.name, deck.description)
        for note in deck.notes:
            made.add_note(
                genanki.Note(
                    model=models[note.kind],
                    fields=list(note.fields),
                    tags=list(note.tags),
                    guid=anki.note_guid(note.key),
                    due=note.position,
                )
            )
        package_decks.append(made)
    conn = sqlite3.connect(path)
    genanki.Package(package_decks).write_to_db(conn.cursor(), T, itertools.count(int(T * 1000)))
    conn.commit()
    conn.close()


def ours(decks: tuple[anki.PackageDeck, ...], path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    written = anki._write_collection(conn, decks, T, itertools.count(int(T * 1000)))
    conn.commit()
    conn.close()
    return written


def contents(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        col = conn.execute("SELECT crt, mod, scm, ver, dty, usn, ls, conf, dconf, tags FROM col")
        decks, models = conn.execute("SELECT decks, models FROM col").fetchone()
        return {
            "col": col.fetchall(),
            "decks": json.loads(decks),
            "models": json.loads(models),
            "notes": conn.execute("SELECT * FROM notes ORDER BY id").fetchall(),
            "cards": conn.execute("SELECT * FROM cards ORDER BY id").fetchall(),
            "schema": conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall(),
        }
    finally:
        conn.close()


@pytest.mark.parametrize("count", [3, 2500])  # one batch, and more than one
def test_our_collection_is_genankis(tmp_path: Path, count: int) -> None:
    decks = notes(count)
    genanki_collection(decks, tmp_path / "genanki.anki2")
    note_count, card_count = ours(decks, tmp_path / "ours.anki2")
    theirs, mine = contents(tmp_path / "genanki.anki2"), contents(tmp_path / "ours.anki2")
    assert mine == theirs
    assert note_count == len(mine["notes"]) == count + count // 2 + 1  # type: ignore[arg-type]
    assert card_count == len(mine["cards"]) == 2 * (count + 1) + count // 2  # type: ignore[arg-type]


def test_a_cloze_note_without_a_cloze_is_refused(tmp_path: Path) -> None:
    bad = anki.PackageNote(anki.Kind.CLOZE, ("no cloze", ""), ("cloze", "d", "x", "s"))
    with pytest.raises(ValueError, match="without a cloze"):
        ours((anki.PackageDeck("ESL::D", (bad,)),), tmp_path / "x.anki2")


def test_revlog_ids_are_unique_across_batches_and_keep_ankis(tmp_path: Path) -> None:
    # Every answer given here wants one of two ids; one of them is an answer from Anki's
    # own id, which keeps it. The notes span more than one batch of rows.
    taken_by_anki = int(T * 1000) + 5
    count = 2500

    def answer(want: int, kept: bool = False) -> anki.RevlogRow:
        return anki.RevlogRow(want, 3, 1, 0, 2500, 1000, 1, kept)

    notes = tuple(
        anki.PackageNote(
            anki.Kind.VOCABULARY,
            (f"w{i}", "", "", "noun", f"the {i}", "", "", "", "Src", ""),
            ("vocabulary", "d", f"w{i}"),
            position=i,
            cards=(
                anki.AnkiCard(
                    ord=0,
                    type=2,
                    queue=2,
                    due=3,
                    ivl=1,
                    revlog=(answer(taken_by_anki - 1), answer(taken_by_anki)),
                ),
            )
            + (
                (anki.AnkiCard(1, 2, 2, 3, revlog=(answer(taken_by_anki, True),)),)
                if i == count - 1
                else ()
            ),
        )
        for i in range(count)
    )
    conn = sqlite3.connect(tmp_path / "c.anki2")
    anki._write_collection(
        conn,
        (anki.PackageDeck("ESL::D", notes),),
        T,
        itertools.count(int(T * 1000) * 10),
        crt=int(T),
        reserved=[taken_by_anki],
        stage=tmp_path / "stage.db",
    )
    conn.commit()
    ids = [r[0] for r in conn.execute("SELECT id FROM revlog ORDER BY id")]
    kept_card = conn.execute(
        "SELECT c.ord FROM revlog r JOIN cards c ON c.id = r.cid WHERE r.id = ?", (taken_by_anki,)
    ).fetchone()
    conn.close()
    assert len(ids) == 2 * count + 1 == len(set(ids))
    assert kept_card == (1,)  # Anki's answer kept its id, though ours came first
    # ours took the wanted ids or the next free ones, none skipped needlessly
    assert ids == sorted(range(taken_by_anki - 1, taken_by_anki - 1 + 2 * count + 1))
