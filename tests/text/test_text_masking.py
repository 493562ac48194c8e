"""Recall prompts that do not give the answer away, and the bundled deck's own corrections."""

from __future__ import annotations

from pathlib import Path

from flashcards.domain import CardKind
from flashcards.importing import load_bundled_if_empty
from flashcards.store import Store
from flashcards.text.forms import uses_word
from flashcards.text.masking import MASK, mask_word
from flashcards.tui import render

from support import T0


def test_the_word_and_its_forms_are_masked() -> None:
    assert mask_word("They poach staff; he was poached.", "poached", "verb") == (
        f"They {MASK} staff; he was {MASK}."
    )
    assert mask_word("We co design, co-design, codesign.", "co-design", "noun") == (
        f"We {MASK}, {MASK}, {MASK}."
    )


def test_relatives_of_the_word_are_masked_and_others_are_not() -> None:
    masked = mask_word("Something that amplifies thoughts; an ample room.", "amplifier", "noun")
    assert masked == f"Something that {MASK} thoughts; an ample room."
    assert mask_word("Acting with autonomy.", "autonomous", "adjective") == f"Acting with {MASK}."
    assert mask_word("Full of energy and life.", "vibrant", "adjective") == (
        "Full of energy and life."
    )


def test_an_initialism_spelled_out_is_masked() -> None:
    definition = "Abbreviation for 'Artificial General Intelligence,' which refers to AI."
    assert mask_word(definition, "agi", "noun") == f"Abbreviation for '{MASK},' which refers to AI."
    # lower-case words, or words that are not next to each other, are not its letters
    assert mask_word("a good idea", "agi", "noun") == "a good idea"
    assert mask_word("Artificial, General, Intelligence", "agi", "noun") == (
        "Artificial, General, Intelligence"
    )


def bundled(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "flashcards.db")
    load_bundled_if_empty(store, T0)
    return store


def test_the_recall_front_hides_the_answer(tmp_path: Path) -> None:
    store = bundled(tmp_path)
    notes = {n.word: n for n in store.notes()}
    for word in ("amplifier", "agi"):
        front = render.front(CardKind.RECALL, notes[word], None).plain
        assert MASK in front, word
    assert "amplifies" not in render.front(CardKind.RECALL, notes["amplifier"], None).plain
    agi = render.front(CardKind.RECALL, notes["agi"], None).plain
    assert "Artificial General Intelligence" not in agi
    assert notes["amplifier"].definition.count("amplifies") == 1  # the note keeps its text


def test_the_bundled_deck_corrects_its_documents_defects(tmp_path: Path) -> None:
    notes = {n.word: n for n in bundled(tmp_path).notes()}
    for note in notes.values():  # every example there is uses its word
        assert not note.example or uses_word(note.example, note.word, note.pos), note.word
    assert notes["inspire"].example == "" and notes["amplifier"].example == ""
    intimidating = notes["intimidating"].example
    assert intimidating.endswith("like a very intimidating [picture].")
    assert notes["co-design"].pos == "noun"
    assert any("co design of the hardware" in s for s in notes["co-design"].contexts)
