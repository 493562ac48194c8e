"""Syllables from the IPA, initialisms, typed syllables, and the one stressed part."""

from __future__ import annotations

import pytest

from flashcards.domain import Note
from flashcards.errors import FlashcardsError
from flashcards.export.fields import syllables_html
from flashcards.library import Library
from flashcards.store import Store
from flashcards.text.syllables import (
    is_initialism,
    normalise_syllables,
    shown_syllables,
    stressed_parts,
    syllable_text,
)
from flashcards.tui import render

from support import T0

# The seed's ten words as the bundled deck stores them (its IPA, with the deck file's
# corrections), checked by hand against a dictionary; the stressed part from the IPA's ˈ.
SEED = {
    "agi": ("A·G·I", "I"),
    "intimidating": ("in·tim·i·dat·ing", "tim"),
    "niche": ("niche", None),
    "poached": ("poached", None),
    "inspire": ("in·spire", "spire"),
    "oligopoly": ("ol·i·gop·o·ly", "gop"),
    "autonomous": ("au·ton·o·mous", "ton"),
    "vibrant": ("vi·brant", "vi"),
    "amplifier": ("am·pli·fi·er", "am"),
    "co-design": ("co·de·sign", "sign"),
}


def stressed(note: Note) -> str | None:
    marked = [piece for piece, on in stressed_parts(shown_syllables(note), note.ipa) if on]
    return marked[0] if marked else None


def test_the_seed_words_syllables_come_from_their_ipa(bundled_store: Store) -> None:
    notes = {n.word: n for n in bundled_store.notes()}
    # Cut when shown (an import stores none).
    assert {w: (shown_syllables(n), stressed(n)) for w, n in notes.items()} == SEED
    assert notes["agi"].word == "agi"  # the note's word as written


def test_the_app_and_the_anki_export_mark_the_same_part(bundled_store: Store) -> None:
    for note in bundled_store.notes():
        line = render.syllable_line(note)
        in_app = [line.plain[s.start : s.end] for s in line.spans]
        in_anki = syllables_html(note)
        part = SEED[note.word][1]
        assert in_app == ([part] if part else [])
        if part and in_anki:
            assert f"<b>{part}</b>" in in_anki and in_anki.count("<b>") == 1


@pytest.mark.parametrize(
    ("word", "ipa", "expected"),
    [
        ("chaos", "ˈkeɪɒs", "cha·os"),
        ("science", "ˈsaɪəns", "sci·ence"),
        ("fire", "ˈfaɪər", "fire"),
        ("table", "ˈteɪbəl", "ta·ble"),
        ("button", "ˈbʌtn̩", "but·ton"),
        ("carve out", "kɑːrv aʊt", "carve out"),
        ("limited competition", "ˈlɪmɪtɪd ˌkɒmpəˈtɪʃən", "lim·it·ed com·pe·ti·tion"),
        # the spelling cannot be cut into the IPA's two syllables: pyphen's parts
        ("business", "ˈbɪznəs", "busi·ness"),
        # without IPA, pyphen's parts
        ("oligopoly", None, "oli·gop·oly"),
    ],
)
def test_syllables_from_the_ipa(word: str, ipa: str | None, expected: str) -> None:
    assert syllable_text(word, ipa) == expected


def test_initialisms() -> None:
    assert is_initialism("agi", "ˌeɪ.dʒiːˈaɪ")
    assert is_initialism("agi", None, "Abbreviation for 'Artificial General Intelligence'")
    assert is_initialism("FBI", "ˌɛf biː ˈaɪ")
    assert not is_initialism("nasa", "ˈnæsə", "Abbreviation for ...")  # said as a word
    assert not is_initialism("niche", "niːʃ")
    assert not is_initialism("agility", None, "An abbreviation of nothing")  # not short
    assert syllable_text("agi", "ˌeɪ.dʒiːˈaɪ") == "A·G·I"


@pytest.mark.parametrize(
    "typed",
    ["ol-i-gop-o-ly", "ol i gop o ly", "ol.i.gop.o.ly", " ol · i·gop - o.ly ", "ol‐i‐gop‐o‐ly"],
)
def test_typed_syllables_are_shown_with_dots(typed: str) -> None:
    assert normalise_syllables(typed, "oligopoly") == "ol·i·gop·o·ly"


def test_typed_syllables_keep_the_spaces_of_a_phrase() -> None:
    assert normalise_syllables("lim-it-ed com.pe.ti.tion", "limited competition") == (
        "lim·it·ed com·pe·ti·tion"
    )


def test_an_edited_note_shows_its_syllables_and_stress_alike(bundled_store: Store) -> None:
    lib = Library(bundled_store, clock=lambda: T0)
    note = next(n for n in bundled_store.notes() if n.word == "oligopoly")
    edited = lib.edit_note(note.id, syllables="o-li-go-po-ly")
    assert edited.syllables == "o·li·go·po·ly"
    line = render.syllable_line(edited)
    assert [line.plain[s.start : s.end] for s in line.spans] == ["go"]
    assert syllables_html(edited) == "o·li·<b>go</b>·po·ly"


def test_an_edited_ipa_recuts_the_syllables(bundled_store: Store) -> None:
    lib = Library(bundled_store, clock=lambda: T0)
    note = next(n for n in bundled_store.notes() if n.word == "co-design")
    assert lib.edit_note(note.id, ipa="/kɒˈdɪzaɪn/").syllables == "co·de·sign"
    renamed = lib.edit_note(note.id, word="monopoly", ipa="məˈnɒpəli")
    assert renamed.syllables == "mo·nop·o·ly"


def test_the_part_of_speech_must_be_one_we_know(bundled_store: Store) -> None:
    lib = Library(bundled_store, clock=lambda: T0)
    note = next(n for n in bundled_store.notes() if n.word == "vibrant")
    with pytest.raises(FlashcardsError, match="'blah' is not a part of speech: write one of noun"):
        lib.edit_note(note.id, pos="blah")
    assert lib.note(note.id) == note
    assert lib.edit_note(note.id, pos="adv.").pos == "adverb"
    assert lib.edit_note(note.id, pos="Phrasal Verb").pos == "phrasal verb"
