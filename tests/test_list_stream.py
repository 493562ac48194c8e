"""`list` streams: the same document as one `json.dumps(indent=2)` of every note, written a
page at a time in memory that does not grow with the collection, and a reader that goes away
(`| head`) ends it quietly."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from flashcards.domain import Rating
from flashcards.importing import import_file
from flashcards.store import Store

from study_support import Clock, session
from support import SEED, T0, flashcards_exe

SECOND = Path(__file__).parent / "fixtures" / "wrapped_twelve.txt"


def two_decks(db_path: Path) -> None:
    """The seed and a second deck, some cards answered and one suspended."""
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    import_file(store, SECOND, T0, deck="Second")
    study = session(store, Clock(T0))
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.GOOD, Rating.HARD):
        card = study.next_card()
        assert card is not None
        study.answer(card, rating)
    store.set_suspended(True, card_ids=[3])
    store.close()


def test_the_streamed_document_is_one_dump_of_every_note(db_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    two_decks(db_path)
    done = cli("list", "--json")
    assert done.returncode == 0, done.stderr
    notes = json.loads(done.stdout)
    assert done.stdout == json.dumps(notes, ensure_ascii=False, indent=2) + "\n"
    store = Store.open(db_path)
    expected = store.notes()
    store.close()
    assert [(n["deck"], n["word"]) for n in notes] == [(n.deck, n.word) for n in expected]
    assert len({n["deck"] for n in notes}) == 2
    answered = [c for n in notes for c in n["cards"] if c["state"] != "new"]
    assert answered and all(c["retrievability"] is not None for c in answered)
    assert any(c["suspended"] for n in notes for c in n["cards"])
    one = cli("list", "--deck", "Second", "--json")
    assert (
        one.stdout
        == json.dumps([n for n in notes if n["deck"] == "Second"], ensure_ascii=False, indent=2)
        + "\n"
    )


def test_an_empty_list_is_an_empty_array(db_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    Store.open(db_path).close()
    assert cli("list", "--json").stdout == "[]\n"


def test_pages_give_every_note_once_in_list_order(db_path: Path) -> None:
    two_decks(db_path)
    raw = sqlite3.connect(db_path)  # ties of position: the id decides, across page ends
    raw.execute("UPDATE note SET position = 1 WHERE id IN (2, 3, 4, 5)")
    raw.commit()
    raw.close()
    store = Store.open(db_path)
    whole = store.notes()
    for size in (1, 3, 7, 1000):
        paged = [listed.note for page in store.listed(page_size=size) for listed in page]
        assert paged == whole, size
        assert all(len(page) <= size for page in store.listed(page_size=size))
    second = store.deck("Second").id
    assert [ln.note for page in store.listed(second, page_size=4) for ln in page] == store.notes(
        second
    )
    store.close()


def test_the_plain_list_reads_the_notes_twice_and_prints_them_once(db_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    two_decks(db_path)
    lines = cli("list").stdout.splitlines()
    headings = [line for line in lines if line.endswith(" notes)")]
    assert len(headings) == 2 and headings[1] == "Second (12 notes)", headings
    assert sum(line.startswith("WORD ") for line in lines) == 2
    assert len(lines) == 2 + 2 + 10 + 12 + 1  # headings, headers, notes, the gap


def test_a_reader_that_goes_away_ends_the_list_quietly(tmp_path: Path) -> None:
    from bench.collection import build_collection

    db = tmp_path / "big.db"
    build_collection(db, 600, logs_per_card=1)  # some 400 KB of JSON: more than a pipe holds
    for args, statuses in ((["list", "--json"], (141,)), (["list"], (0, 141))):
        child = subprocess.Popen(
            [flashcards_exe(), "--db", str(db), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.readline()
        child.stdout.close()
        err = child.stderr.read().decode()
        assert child.wait(timeout=60) in statuses, err
        assert err == "", err


def test_the_pieces_join_to_one_dump_whatever_the_values() -> None:
    from flashcards.text.terminal import json_array_items, json_text

    odd = {
        "empty": [[], {}, ""],
        "numbers": [0, -3, 2.5, 1e-7, 0.1 + 0.2, 10**20, True, False, None],
        "text": ["plain", 'quote " and \\ back', "tab\tnew\nline", "\x7f\x9b\u202e\u2028", "ʃé"],
        "nested": {"a": {"b": [{"c": []}]}},
        7: "a key that is not text",
    }
    for items in ([], [odd], [odd, "s", 3, [1, [2, [3]]]]):
        for encoding in (None, "utf-8", "ascii"):
            got = "".join(json_array_items(items, encoding=encoding))
            assert got == json_text(items, encoding=encoding) + "\n", (items, encoding)
