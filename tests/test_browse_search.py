"""Browse pages and the search index: keyset pages in document order, one search rule run by
SQLite's FTS5, an index kept in step by every write, filled by the migration."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from flashcards.errors import StoreError
from flashcards.importing import import_file
from flashcards.library import Library, matches
from flashcards.store import Store, search
from flashcards.store.browse import note_page
from flashcards.store.sqlite import reason

from support import SEED, SEED_WORDS, T0, evil_document

FIXTURES = Path(__file__).parent / "fixtures" / "schema"


def words(store: Store, query: str, deck_id: int | None = None) -> list[str]:
    return [r.note.word for r in Library(store).rows(deck_id, query)]


def test_pages_follow_each_other_in_document_order(bundled_store: Store, tmp_path: Path) -> None:
    other = tmp_path / "many.txt"
    other.write_text(evil_document(25), encoding="utf-8")
    import_file(bundled_store, other, T0, deck="many")
    seed_deck, many = bundled_store.decks()
    seen: list[str] = []
    after = None
    sizes = []
    while True:
        page = note_page(bundled_store, None, "", after, limit=4)
        sizes.append(len(page.notes))
        seen += [n.word for n in page.notes]
        if page.after is None:
            break
        after = page.after
    assert seen == SEED_WORDS + [f"w{i}x" for i in range(1, 26)]
    assert sizes == [4] * 8 + [3]
    first = note_page(bundled_store, many.id, "", None, limit=3)
    assert [n.word for n in first.notes] == ["w1x", "w2x", "w3x"]
    assert all(n.deck == "many" for n in first.notes)
    assert [n.word for n in note_page(bundled_store, many.id, "", first.after, 3).notes] == [
        "w4x",
        "w5x",
        "w6x",
    ]
    (niche,) = [n for n in note_page(bundled_store, seed_deck.id, "niche").notes]
    assert niche.contexts and niche.cards  # a page's notes are whole


def test_a_search_pages_too(bundled_store: Store, tmp_path: Path) -> None:
    other = tmp_path / "many.txt"
    other.write_text(evil_document(30), encoding="utf-8")
    import_file(bundled_store, other, T0, deck="many")
    page = note_page(bundled_store, None, "friends", None, limit=7)  # every example says "friends"
    assert len(page.notes) == 7 and page.after is not None
    rest = note_page(bundled_store, None, "friends", page.after, limit=100)
    found = [n.word for n in page.notes + rest.notes]
    assert found == [f"w{i}x" for i in range(1, 31)] and rest.after is None


def test_pages_and_searches_read_an_index_not_the_table(bundled_store: Store) -> None:
    from flashcards.store import browse

    statements = {
        browse._PAGE: {"deck_id": -1, "position": -1, "id": -1, "limit": 5},
        browse._PAGE_IN_DECK: {"deck": 1, "position": -1, "id": -1, "limit": 5},
        browse._SEARCH_PAGE: {"match": '"o"*', "id": 0, "limit": 5},
        browse._SEARCH_PAGE_IN_DECK: {"match": '"o"*', "id": 0, "deck": 1, "limit": 5},
    }
    with bundled_store.reading() as conn:
        for statement, params in statements.items():
            steps = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {statement}", params)]
            assert not [s for s in steps if "TEMP B-TREE" in s], steps  # no sort of every note
            for step in steps:  # the notes by an index (or by id from the search index)
                if step.startswith(("SCAN note", "SEARCH note")) and "note_search" not in step:
                    assert "USING INDEX ix_note_browse" in step or "PRIMARY KEY" in step, steps


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("OLIGO", ["oligopoly"]),  # the start of a word, any case
        ("poach", ["poached"]),  # a word form by its stem
        ("daunting", ["intimidating"]),  # a synonym
        ("market segment", ["niche"]),  # every word, anywhere in the note
        ("Elon", ["poached"]),  # a sentence of the talk
        ("co-design", ["co-design"]),  # punctuation splits words as in the text
        ("zzzz", []),
        ("gopoly", []),  # the middle of a word is not a start
    ],
)
def test_the_search_rule(bundled_store: Store, query: str, expected: list[str]) -> None:
    assert words(bundled_store, query) == expected


def test_no_words_is_every_note(bundled_store: Store) -> None:
    assert words(bundled_store, "") == words(bundled_store, "  ,; ") == SEED_WORDS


def test_accents_do_not_count(bundled_store: Store) -> None:
    library = Library(bundled_store)
    niche = next(r.note for r in library.rows() if r.note.word == "niche")
    library.edit_note(niche.id, definition="A café's corner of the market", now=T0)
    assert words(bundled_store, "cafe") == ["niche"]
    assert words(bundled_store, "CAFÉ") == ["niche"]


def test_one_rule_in_memory_and_in_sqlite(bundled_store: Store) -> None:
    notes = bundled_store.notes()
    for query in ("OLIGO", "poach", "the", "market segment", "ai", "co design", "é", "x y"):
        by_sqlite = set(words(bundled_store, query))
        in_memory = {n.word for n in notes if matches(n, query)}
        assert by_sqlite == in_memory, query


def test_the_index_follows_edits_reimports_and_deletions(
    bundled_store: Store, tmp_path: Path
) -> None:
    library = Library(bundled_store)
    niche = next(r.note for r in library.rows() if r.note.word == "niche")
    assert words(bundled_store, "specialized") == ["niche"]
    library.edit_note(niche.id, word="quokka", definition="A quiet corner", now=T0)
    assert words(bundled_store, "specialized") == [] and words(bundled_store, "quokka") == [
        "quokka"
    ]
    assert words(bundled_store, "quiet corner") == ["quokka"]

    edited = tmp_path / "talk.txt"
    text = SEED.read_text(encoding="utf-8")
    assert "poached by Elon" in text
    edited.write_text(text.replace("poached by Elon", "poached by Zebulon"), encoding="utf-8")
    import_file(bundled_store, edited, T0, deck=bundled_store.decks()[0].name)
    with bundled_store.reading() as conn:  # the import marked the notes it changed
        assert conn.execute("SELECT count(*) FROM note_search_pending").fetchone()[0] > 0
    assert words(bundled_store, "Zebulon") == ["poached"]  # the search indexed them first
    with bundled_store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM note_search_pending").fetchone()[0] == 0
    assert words(bundled_store, "Elon") == []

    with bundled_store.writing() as conn:
        conn.execute("DELETE FROM context WHERE note_id = ?", (niche.id,))
        conn.execute("DELETE FROM card WHERE note_id = ?", (niche.id,))
        conn.execute("DELETE FROM note WHERE id = ?", (niche.id,))
    assert words(bundled_store, "quokka") == []
    with bundled_store.reading() as conn:
        indexed = conn.execute("SELECT count(*) FROM note_search").fetchone()[0]
        notes = conn.execute("SELECT count(*) FROM note").fetchone()[0]
    assert indexed == notes == 9


def test_the_migration_fills_the_index(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "v4.db", path)
    store = Store.open(path)
    try:
        assert words(store, "oligo") == ["oligopoly"]
        assert words(store, "Elon") == ["poached"]
        with store.reading() as conn:
            indexed = conn.execute("SELECT count(*) FROM note_search").fetchone()[0]
            notes = conn.execute("SELECT count(*) FROM note").fetchone()[0]
        assert indexed == notes > 0
    finally:
        store.close()


def test_sqlite_without_fts5_is_one_line(
    bundled_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reason(sqlite3.OperationalError("no such module: fts5")) == search.NO_FTS5
    note = bundled_store.notes()[0]
    missing = tuple(s.replace("USING fts5(", "USING fts5_missing(") for s in search.SCHEMA)
    monkeypatch.setattr(search, "SCHEMA", missing)
    monkeypatch.setattr(search, "CREATE_INDEX", missing[0])
    # A new database is made from the schema snapshot when it is up to date: its FTS5 too.
    from flashcards.store import schema

    snapshot = schema.statements() or []
    without = [s.replace("USING fts5(", "USING fts5_missing(") for s in snapshot]
    monkeypatch.setattr(schema, "statements", lambda: without or None)
    with pytest.raises(StoreError) as failed:
        Store.open(tmp_path / "new.db")
    assert str(failed.value).endswith(search.NO_FTS5) and "\n" not in str(failed.value)
    with pytest.raises(StoreError, match="no FTS5"):
        search.note_matches(note, "x")


def test_the_migration_makes_what_a_new_database_has(tmp_path: Path) -> None:
    def schema(path: Path) -> list[tuple[str, str]]:
        raw = sqlite3.connect(path)
        try:
            rows = raw.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
            ).fetchall()

            def shape(kind: str, name: str, text: str) -> str:
                # A column added by ALTER TABLE comes last: a table is its set of columns.
                if kind == "table" and not text.startswith("CREATE VIRTUAL"):
                    columns = raw.execute(f"PRAGMA table_info('{name}')").fetchall()
                    return repr(sorted(tuple(c)[1:] for c in columns))
                return " ".join(text.split())

            return [(name, shape(kind, name, text)) for kind, name, text in rows]
        finally:
            raw.close()

    old, new = tmp_path / "old.db", tmp_path / "new.db"
    shutil.copy(FIXTURES / "v4.db", old)
    Store.open(old).close()
    Store.open(new).close()
    made = schema(old)
    assert made == schema(new)
    assert {"note_search", "note_search_pending", "ix_note_browse"} <= {name for name, _ in made}


def _vocabulary(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """Every word the search index holds, with the notes and columns it lists for it."""
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING fts5vocab(main, note_search, instance)"
    )
    return conn.execute("SELECT term, doc, col FROM temp.words ORDER BY 1, 2, 3").fetchall()


def test_the_index_without_text_forgets_exactly_what_it_held(
    bundled_store: Store, tmp_path: Path
) -> None:
    # The index keeps no copy of the text: each write takes the note out with the words it
    # had. After edits, a re-import, writes to one note several times in one transaction and
    # a deletion, it lists what a fresh fill of the same notes lists, word for word.
    library = Library(bundled_store)
    niche = next(r.note for r in library.rows() if r.note.word == "niche")
    library.edit_note(niche.id, word="quokka", definition="A quiet corner", now=T0)
    edited = tmp_path / "talk.txt"
    edited.write_text(
        SEED.read_text(encoding="utf-8").replace("poached by Elon", "poached by Zebulon"),
        encoding="utf-8",
    )
    import_file(bundled_store, edited, T0, deck=bundled_store.decks()[0].name)
    with bundled_store.writing() as conn:
        (agi,) = conn.execute("SELECT id FROM note WHERE word = 'agi'").fetchone()
        conn.execute("UPDATE note SET definition = 'qwertyone' WHERE id = ?", (agi,))
        conn.execute(
            "INSERT INTO context (note_id, position, sentence) VALUES (?, 99, 'Xylo.')", (agi,)
        )
        conn.execute("UPDATE note SET definition = 'qwertytwo' WHERE id = ?", (agi,))
        conn.execute("DELETE FROM context WHERE note_id = ? AND position = 0", (agi,))
    assert (
        words(bundled_store, "xylo qwertytwo") == ["agi"]
        and words(bundled_store, "qwertyone") == []
    )
    with bundled_store.writing() as conn:
        conn.execute("DELETE FROM context WHERE note_id = ?", (niche.id,))
        conn.execute("DELETE FROM card WHERE note_id = ?", (niche.id,))
        conn.execute("DELETE FROM note WHERE id = ?", (niche.id,))
    assert words(bundled_store, "quokka") == [] and words(bundled_store, "Elon") == []
    with bundled_store.writing() as conn:
        kept = _vocabulary(conn)
        conn.execute("INSERT INTO note_search (note_search, rank) VALUES ('integrity-check', 0)")
        for statement in search.FILL:
            conn.execute(statement)
        assert _vocabulary(conn) == kept
        assert ("quokka",) not in {(term,) for term, _, _ in kept}


def test_the_index_is_smaller_than_the_text_it_finds(bundled_store: Store) -> None:
    # No copy of the notes' text: the index's own tables hold less than that text.
    with bundled_store.reading() as conn:
        tables = [
            n
            for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'note_search_%'"
            )
        ]
        assert "note_search_content" not in tables
        text = conn.execute(
            "SELECT sum(length(word) + length(definition) + length(synonyms) + length(example))"
            " + (SELECT sum(length(sentence)) FROM context) FROM note"
        ).fetchone()[0]
        held = conn.execute("SELECT sum(length(block)) FROM note_search_data").fetchone()[0]
    assert held < text


def test_a_letter_sqlite_splits_words_at_is_searched_as_two_words(bundled_store: Store) -> None:
    # Python calls U+19B0 a letter; this SQLite's tokenizer splits words at it. A search for
    # "a\u19b0b" is then the words "a" and "b", as the index holds them, not an error.
    assert search.terms("market\u19b0segment") == ["market", "segment"]
    assert words(bundled_store, "market\u19b0segment") == ["niche"]
    assert words(bundled_store, "market\u19b0zz") == []


def test_the_upgrade_from_5_makes_the_new_index(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    shutil.copy(FIXTURES / "v5.db", path)
    raw = sqlite3.connect(path)
    assert "note_search_content" in {n for (n,) in raw.execute("SELECT name FROM sqlite_master")}
    raw.close()
    store = Store.open(path)
    try:
        assert words(store, "oligo") == ["oligopoly"] and words(store, "Elon") == ["poached"]
        with store.reading() as conn:
            names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
            stored = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'note_search'")
            assert search.same_index(stored.fetchone()[0])
            indexed = conn.execute("SELECT count(*) FROM note_search").fetchone()[0]
            notes = conn.execute("SELECT count(*) FROM note").fetchone()[0]
        assert "note_search_content" not in names and indexed == notes > 0
    finally:
        store.close()
    new = tmp_path / "new.db"
    Store.open(new).close()
    made = sqlite3.connect(new)
    upgraded = sqlite3.connect(path)
    query = "SELECT type, name, sql FROM sqlite_master WHERE name LIKE '%search%' ORDER BY name"
    assert upgraded.execute(query).fetchall() == made.execute(query).fetchall()
    made.close()
    upgraded.close()
