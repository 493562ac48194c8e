"""The import plan is a function of the parsed document and the deck as it is: tested here on
hand-made rows, without a database."""

from __future__ import annotations

import json

from flashcards.domain import Document, Entry
from flashcards.store.importer import DeckState, make_plan

from support import T0


def entry(number: int, word: str, definition: str, contexts: tuple[str, ...] = ()) -> Entry:
    return Entry(
        number=number,
        word=word,
        ipa=None,
        pos="noun",
        definition=definition,
        synonyms=("a", "b"),
        example=f"An example with {word}.",
        line=number * 3,
        contexts=contexts,
        syllables=word,
    )


def document(*entries: Entry) -> Document:
    return Document(path="talk.txt", title="A Talk", tags=("x",), entries=entries)


def note_row(note_id: int, word: str, definition: str, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": note_id,
        "key": word,
        "word": word,
        "ipa": None,
        "pos": "noun",
        "definition": definition,
        "synonyms": json.dumps(["a", "b"]),
        "example": f"An example with {word}.",
        "syllables": word,
        "forms": None,
        "position": note_id - 1,
        "line": note_id * 3,
        "in_source": 1,
        "edited": None,
        "updated_at": "2026-03-01 09:00:00.000000",
    }
    row.update(extra)
    return row


DECK = {"id": 7, "name": "A Talk", "title": "A Talk", "source": "talk.txt", "tags": '["x"]'}


def test_a_new_deck_gets_every_note_and_its_cards() -> None:
    state = DeckState("A Talk", None, [], {}, {})
    plan = make_plan(
        state,
        document(
            entry(1, "niche", "A corner.", ("A niche market.",)), entry(2, "vibrant", "Alive.")
        ),
        T0,
        source="talk.txt",
    )
    assert plan.deck_id is None and plan.report.created_deck
    assert [r["word"] for r in plan.new_rows] == ["niche", "vibrant"]
    assert plan.new_kinds == [["meaning", "recall", "context"], ["meaning", "recall"]]
    assert plan.report.added == ["niche", "vibrant"] and plan.report.cards_added == 5
    assert plan.changed_rows == [] and plan.missing == []


def test_a_reimport_keeps_the_learners_edit_retires_and_reports_the_missing() -> None:
    edited = note_row(1, "niche", "My own words.", edited=json.dumps({"definition": "A corner."}))
    gone = note_row(2, "oligopoly", "Few sellers.")
    cards = {
        1: {
            "meaning": {"id": 10, "note_id": 1, "kind": "meaning", "retired": 0},
            "recall": {"id": 11, "note_id": 1, "kind": "recall", "retired": 0},
            "context": {"id": 12, "note_id": 1, "kind": "context", "retired": 0},
        }
    }
    state = DeckState("A Talk", DECK, [edited, gone], {1: ["A niche market."]}, cards)
    forms = {("niche", "noun"): "2:niche|niches"}  # as the caller computed them
    doc = document(entry(1, "niche", "A small corner."))
    plan = make_plan(state, doc, T0, "talk.txt", forms)
    assert plan.deck_id == 7 and plan.deck_values is None
    (changed,) = plan.changed_rows  # the stored forms were stale
    assert changed["id"] == 1 and changed["definition"] == "My own words."
    assert changed["forms"] == "2:niche|niches"
    assert plan.report.kept_edits == ["niche (definition; the document now says 'A small corner.')"]
    assert plan.retire == [12]  # the talk no longer uses the word: no context card
    assert plan.contexts == [(1, ())]
    assert plan.missing == [2] and plan.report.missing == ["oligopoly"]
    assert plan.new_rows == [] and plan.new_cards == []
