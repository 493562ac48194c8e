"""Tests for flashcards.text.contexts: finding the sentences that use a headword."""

from pathlib import Path

from flashcards.text.contexts import SentenceIndex, Uses, ascii_tokens, uses_in_talk
from flashcards.text.forms import token_places, token_spans, tokenize
from flashcards.text.sentences import paragraphs, split_sentences

DOCUMENT = Path(__file__).parents[2] / "data" / "making-ai-accessible-karpathy-zhan.txt"
TITLE = "Making AI accessible with Andrej Karpathy and Stephanie Zhan"


def talk_index() -> SentenceIndex:
    """An index of the real talk's sentences (after the title line, without the tag line)."""
    lines = DOCUMENT.read_text(encoding="utf-8").splitlines()
    talk = "\n".join(lines[lines.index(TITLE) + 1 : -1])
    return SentenceIndex([s for p in paragraphs(talk) for s in split_sentences(p)])


def found(index: SentenceIndex, word: str, pos: str) -> list[str]:
    return [index.sentences[number] for number in index.find(word, pos)]


def test_small_index() -> None:
    index = SentenceIndex(["He was poached.", "A niche.", "They poach and poach.", "Carve it out."])
    assert index.sentences == [
        "He was poached.",
        "A niche.",
        "They poach and poach.",
        "Carve it out.",
    ]
    assert len(index) == 4
    assert index.find("poach", "verb") == [0, 2]
    assert index.find("carve out", "phrasal verb") == []
    assert index.find("nothing", "noun") == []
    assert SentenceIndex([]).find("niche", "noun") == []


def test_real_talk_co_design() -> None:
    sentences = found(talk_index(), "co-design", "verb")
    assert len(sentences) == 1
    assert "together with the co design of the hardware" in sentences[0]


def test_real_talk_niche_and_carve_out() -> None:
    index = talk_index()
    niche = (
        "And most of our audience here today are founders who are trying to carve out a little "
        "niche, praying that OpenAI doesn't take them out overnight."
    )
    assert found(index, "niche", "noun") == [niche]
    carve = found(index, "carve out", "phrasal verb")
    assert carve[0] == niche
    assert "So I think we'll see that sort of carved out, and I think" in carve[1]
    assert len(carve) == 2


def test_real_talk_inflected_and_repeated() -> None:
    index = talk_index()
    assert found(index, "poached", "verb") == [
        "He co founded OpenAI back in 2015 and 2017, he was poached by Elon."
    ]
    assert found(index, "intimidating", "adjective") == [
        "To his picture, like a very intimidating."
    ]
    assert len(found(index, "vibrant", "adjective")) >= 4
    numbers = index.find("agi", "noun")
    assert numbers == sorted(set(numbers))
    assert len(numbers) >= 3


def test_real_talk_words_it_never_uses() -> None:
    index = talk_index()
    assert index.find("inspire", "verb") == []
    assert index.find("amplifier", "noun") == []


TRICKY = [
    "We met at the Café — “the café” as everyone called it — and carved out a plan.",
    "He carves out time, she carves time out; carve-out, CARVED OUT.",
    "Our co-design, our co design and our codesign were one; co-designs, co-designed.",
    "NAÏVE, naïve, naive, naïvely.",
    "Ich flog nach İSTANBUL und istanbul und İstanbul.",
    "Poaching, poached, poaches: he poached them, poach.",
    "The people's choice is not the peoples choice.",
    "It's free of charge, free-of-charge, FREE of charge.",
    "poach",
    "",
    "Two analyses, one analysis, analysis.",
]
HEADWORDS = [
    ("café", "noun"),
    ("carve out", "phrasal verb"),
    ("carve", "verb"),
    ("co-design", "noun"),
    ("naïve", "adjective"),
    ("İstanbul", "noun"),
    ("poach", "verb"),
    ("poached", "verb"),
    ("people's", "noun"),
    ("free of charge", "phrase"),
    ("analysis", "noun"),
    ("the", "preposition"),
    ("???", "noun"),
]


def one_at_a_time(sentences: list[str], headwords: list[tuple[str, str]]) -> list[Uses]:
    index = SentenceIndex(sentences)
    return [[(k, index.uses(k, w, p)) for k in index.find(w, p)] for w, p in headwords]


def test_one_pass_finds_what_the_index_finds() -> None:
    assert uses_in_talk(TRICKY, HEADWORDS) == one_at_a_time(TRICKY, HEADWORDS)
    found = dict(zip(HEADWORDS, uses_in_talk(TRICKY, HEADWORDS), strict=True))
    assert [k for k, _ in found[("poach", "verb")]] == [5, 8]
    assert found[("poach", "verb")][0][1] == ((0, 8), (10, 17), (19, 26), (31, 38), (45, 50))
    assert [k for k, _ in found[("co-design", "noun")]] == [2]
    assert found[("???", "noun")] == []


def test_one_pass_on_the_real_talk() -> None:
    index = talk_index()
    words = [(w, "noun") for w in ("agi", "niche", "oligopoly", "amplifier", "co-design")]
    words += [("poached", "verb"), ("carve out", "phrasal verb"), ("vibrant", "adjective")]
    assert uses_in_talk(index.sentences, words) == one_at_a_time(index.sentences, words)


def test_ascii_tokens_are_the_tokens() -> None:
    sentences = [*talk_index().sentences, "A_b c-D e'f 12x \t\nG.H", "Ünï"[:0]]
    for sentence in sentences:
        if sentence.isascii():
            assert ascii_tokens(sentence) == tokenize(sentence)


def test_token_places_are_the_whole_tokens() -> None:
    sentences = [*talk_index().sentences[:200], "aa aaa a-a aA1 a1 1a a", "poach,poached poach"]
    for sentence in sentences:
        if not sentence.isascii():
            continue
        lowered = sentence.lower()
        spans = token_spans(sentence)
        for token in {t for t, _, _ in spans} | {"a", "poach", "zz"}:
            assert token_places(lowered, token) == [(s, e) for t, s, e in spans if t == token]
