"""Each context keeps where its sentence uses the word, found at import, so that an export
never searches; contexts stored before (NULL) are found again, with the same result."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from flashcards.export.fields import mark_spans, mark_uses
from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.text.forms import find_uses

from support import SEED, T0


def stored(db_path: Path) -> list[tuple[str, str, str, str | None]]:
    raw = sqlite3.connect(db_path)
    try:
        return raw.execute(
            "SELECT n.word, n.pos, c.sentence, c.spans FROM context c JOIN note n"
            " ON n.id = c.note_id ORDER BY c.id"
        ).fetchall()
    finally:
        raw.close()


def test_the_import_stores_each_contexts_spans(db_path: Path) -> None:
    import_file(Store.open(db_path), SEED, T0)
    rows = stored(db_path)
    assert len(rows) >= 15
    for word, pos, sentence, spans in rows:
        assert spans is not None
        assert [tuple(s) for s in json.loads(spans)] == find_uses(sentence, word, pos)
    poached = [json.loads(s) for w, _, _, s in rows if w == "poached"]
    assert poached and all(poached)


def test_notes_carry_the_spans_and_exports_mark_the_same(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    for note in store.notes():
        for sentence, spans in note.context_spans():
            assert spans is not None
            expected = mark_uses(sentence, note.word, note.pos)
            assert mark_spans(sentence, note.word, note.pos, spans) == expected


def test_contexts_without_spans_are_found_again(db_path: Path, tmp_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    with store.writing() as conn:
        conn.execute("UPDATE context SET spans = NULL")
    note = next(n for n in store.notes() if n.word == "poached")
    assert all(spans is None for _, spans in note.context_spans())
    for sentence, _ in note.context_spans():
        marked = mark_spans(sentence, note.word, note.pos, None)
        assert marked is not None and marked == mark_uses(sentence, note.word, note.pos)
    from flashcards.export import export_deck

    assert export_deck(store, tmp_path / "deck.apkg", now=T0).cloze_notes > 0


def test_braces_and_markup_in_a_sentence_stay_inert() -> None:
    sentence = "They {{c2::poached}} <b>poached</b> it."
    spans = tuple(find_uses(sentence, "poached", "verb"))
    assert mark_spans(sentence, "poached", "verb", spans) == mark_uses(sentence, "poached", "verb")
    with_mark = "Odd \ue000 mark, poached."  # a private-use mark: found again, never trusted
    assert mark_spans(with_mark, "poached", "verb", ((0, 3),)) == mark_uses(
        with_mark, "poached", "verb"
    )


def test_the_one_pass_search_finds_what_the_token_walk_finds() -> None:
    from bench.synth import make_document
    from flashcards.documents.parser import parse_document
    from flashcards.text import forms
    from flashcards.text.sentences import split_sentences

    text = make_document(80, 8_000) + SEED.read_text(encoding="utf-8")
    sentences = [s for p in text.split("\n\n") for s in split_sentences(p)]
    sentences += ["Poached, POACHING and co-design: co design; codesign.", "Café poached."]
    words = [
        (e.word, e.pos)
        for e in parse_document(
            text[: text.index("A Synthetic Talk\n")] + "\nA Synthetic Talk\n\nTalk.\n", "x"
        ).entries
    ]
    words += [("poached", "verb"), ("co-design", "verb"), ("carve out", "phrasal verb")]
    fast = 0
    for word, pos in words:
        fast += forms.one_token_forms(word, pos) is not None
        for sentence in sentences:
            walked = forms._spans_of_uses(sentence, forms.token_spans(sentence), word, pos)
            assert forms.find_uses(sentence, word, pos) == walked, (word, sentence)
    assert fast > len(words) // 2  # most headwords take the one-pass search


def test_the_example_keeps_its_spans_until_it_is_edited(db_path: Path) -> None:
    from flashcards.export.fields import highlighted

    store = Store.open(db_path)
    import_file(store, SEED, T0)
    notes = {n.word: n for n in store.notes()}
    poached = notes["poached"]
    assert poached.example_spans == tuple(find_uses(poached.example, "poached", "verb"))
    assert poached.example_spans
    assert notes["inspire"].example_spans == ()  # its example does not use the word
    plain = highlighted(poached.example, poached.word, poached.pos)
    assert highlighted(poached.example, poached.word, poached.pos, poached.example_spans) == plain
    store.edit_note(poached.id, T0, example="They poached it, then poached it again.")
    edited = next(n for n in store.notes() if n.id == poached.id)
    assert edited.example_spans is None  # found again when needed
    _, report = import_file(store, SEED, T0)
    assert report.kept_edits == ["poached (example)"]
    again = next(n for n in store.notes() if n.id == poached.id)
    assert again.example_spans is None
