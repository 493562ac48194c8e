"""The parser on the real document, field by field for all ten entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashcards.documents import read_document
from flashcards.domain import Document, Entry
from flashcards.text.syllables import shown_syllables

from support import SEED_WORDS


@pytest.fixture(scope="module")
def doc() -> Document:
    return read_document(
        Path(__file__).parent.parent / "data/making-ai-accessible-karpathy-zhan.txt", "talk.txt"
    )


def entry(doc: Document, word: str) -> Entry:
    return next(e for e in doc.entries if e.word == word)


def test_words_in_order(doc: Document) -> None:
    assert [e.word for e in doc.entries] == SEED_WORDS
    assert [e.number for e in doc.entries] == list(range(1, 11))


def test_title_and_tags(doc: Document) -> None:
    assert doc.title == "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
    assert doc.tags == (
        "Artificial Intelligence",
        "Entrepreneurship",
        "Innovation",
        "Openai",
        "Deep Learning",
        "Leadership",
        "Sequoia Capital",
    )


EXPECTED = {
    "agi": (None, "noun", ("general AI", "strong AI", "full AI")),
    "intimidating": ("ɪnˈtɪmɪˌdeɪtɪŋ", "adjective", ("daunting", "formidable", "frightening")),
    "niche": ("niːʃ", "noun", ("segment", "market", "specialty")),
    "poached": ("poʊtʃt", "verb", ("attract", "entice", "lure")),
    "inspire": ("ɪnˈspaɪər", "verb", ("motivate", "encourage", "stimulate")),
    "oligopoly": (
        "ˌɒlɪˈɡɒpəli",
        "noun",
        ("limited competition", "market control", "monopoly"),
    ),
    "autonomous": ("ɔˈtɑːnəməs", "adjective", ("self-governing", "independent", "self-reliant")),
    "vibrant": ("ˈvaɪbrənt", "adjective", ("lively", "dynamic", "energetic")),
    "amplifier": ("ˈæmplɪˌfaɪər", "noun", ("intensifier", "booster", "magnifier")),
    "co-design": ("kɒˈdɪzaɪn", "verb", ("collaborate", "joint design", "group develop")),
}


@pytest.mark.parametrize("word", SEED_WORDS)
def test_fields(doc: Document, word: str) -> None:
    e = entry(doc, word)
    ipa, pos, synonyms = EXPECTED[word]
    assert (e.ipa, e.pos, e.synonyms) == (ipa, pos, synonyms)
    assert e.definition and not e.definition.endswith("-")
    assert e.example
    assert e.syllables == ""  # cut when shown, not at import
    assert shown_syllables(e) == SYLLABLES[word]


# Checked by hand against the IPA (and a dictionary): the document's IPA for co-design stresses
# "de"; agi has no IPA here, and its definition says it is an abbreviation.
SYLLABLES = {
    "agi": "A·G·I",
    "intimidating": "in·tim·i·dat·ing",
    "niche": "niche",
    "poached": "poached",
    "inspire": "in·spire",
    "oligopoly": "ol·i·gop·o·ly",
    "autonomous": "au·ton·o·mous",
    "vibrant": "vi·brant",
    "amplifier": "am·pli·fi·er",
    "co-design": "co·de·sign",
}


def test_definitions_and_examples_verbatim(doc: Document) -> None:
    assert entry(doc, "agi").definition == (
        "Abbreviation for 'Artificial General Intelligence,' which refers to highly "
        "autonomous systems that outperform humans at most tasks."
    )
    assert entry(doc, "autonomous").definition == (
        "(Of a person or entity) capable of operating independently without external control."
    )
    assert entry(doc, "poached").example == (
        "He co-founded OpenAI back in 2015 and 2017, he was poached by Elon."
    )
    assert entry(doc, "intimidating").example == "To his picture, like a very intimidating"
    assert entry(doc, "vibrant").example == "He wants it to be a vibrant place."


def test_contexts_are_talk_sentences(doc: Document) -> None:
    niche = entry(doc, "niche").contexts
    assert any("carve out a little niche" in c for c in niche)
    assert all(c.count("\n") == 0 for e in doc.entries for c in e.contexts)
    codesign = entry(doc, "co-design").contexts
    assert codesign and all("co design" in c for c in codesign)
    assert any("co design of the hardware" in c for c in codesign)
    poached = entry(doc, "poached").contexts
    assert poached == ("He co founded OpenAI back in 2015 and 2017, he was poached by Elon.",)
    # The summary also says "vibrant"; only the talk's sentences count.
    vibrant = entry(doc, "vibrant").contexts
    assert vibrant and not any("importance of maintaining" in c for c in vibrant)
    assert any("vibrant ecosystem of startups" in c for c in vibrant)
    assert entry(doc, "intimidating").contexts == ("To his picture, like a very intimidating.",)
    autonomous = entry(doc, "autonomous").contexts
    assert any("quite autonomous, but not fully autonomous" in c for c in autonomous)


def test_no_contexts_where_the_talk_never_uses_the_word(doc: Document) -> None:
    assert entry(doc, "inspire").contexts == ()
    assert entry(doc, "amplifier").contexts == ()


def test_warnings(doc: Document) -> None:
    lines = [str(i) for i in doc.issues]
    assert 'talk.txt:17: agi: no pronunciation (placeholder "[ ext.pronunciation]")' in lines
    assert "talk.txt:33: inspire: the example does not use the word" in lines
    assert "talk.txt:33: inspire: the talk never uses the word" in lines
    assert "talk.txt:49: amplifier: the example does not use the word" in lines
    assert "talk.txt:49: amplifier: the talk never uses the word" in lines
    assert len(lines) == 5, lines
