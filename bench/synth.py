"""Synthetic vocabulary documents of any size, in the format of the real talk documents."""

from __future__ import annotations

import random

CONSONANTS = "bcdfgklmnprstvz"
VOWELS = "aeiou"
FILLER = (  # noqa: SIM905 (the words as one readable line)
    "the a and of to in that it is was for on with as we you they this but so like "
    "very really think know people thing going just about what there would can"
).split()
POS = [("n.", "noun"), ("v.", "verb"), ("adj.", "adjective"), ("adv.", "adverb")]


def pseudo_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables)) + (
        rng.choice(CONSONANTS)
    )


def headwords(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        word = pseudo_word(rng, rng.randint(2, 4))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def make_document(entries: int = 5000, talk_bytes: int = 1_000_000, seed: int = 7) -> str:
    """A document with `entries` numbered entries and a talk of about `talk_bytes` bytes
    in which most headwords occur a few times (some inflected)."""
    rng = random.Random(seed)
    words = headwords(entries, seed)
    lines = ["A synthetic talk for measuring.", "", "Key Vocabularies and Common Phrases:", ""]
    for number, word in enumerate(words, start=1):
        abbrev, _ = POS[number % len(POS)]
        lines.append(
            f"{number}. {word} [ˈ{word}] - ({abbrev}) - The meaning of {word}, "
            f"a word made up - for measuring (only). - Synonyms: ({pseudo_word(rng, 2)}, "
            f"{pseudo_word(rng, 3)})"
        )
        lines.append("")
        lines.append(f"They said {word} in the example sentence.")
        lines.append("")
    lines += ["A Synthetic Talk", ""]
    size = 0
    paragraph: list[str] = []
    while size < talk_bytes:
        body = [rng.choice(FILLER) for _ in range(rng.randint(6, 18))]
        word = rng.choice(words)
        body.insert(rng.randrange(len(body)), word + rng.choice(["", "", "s", "ed"]))
        sentence = " ".join(body).capitalize() + rng.choice([".", ".", "?", "!"])
        paragraph.append(sentence)
        size += len(sentence) + 1
        if len(paragraph) >= rng.randint(4, 9):
            lines.append(" ".join(paragraph))
            lines.append("")
            paragraph = []
    if paragraph:
        lines += [" ".join(paragraph), ""]
    lines.append("Measuring, Synthetic Data, Benchmarks")
    return "\n".join(lines) + "\n"
