"""Grading an answer a learner typed for a headword.

Answers are compared by a *key*: the text folded to compatibility decomposition (NFKD),
without accents, case-folded, with everything but letters and digits removed. So case,
surrounding spaces and punctuation, accents, and hyphen or space variants ("co-design",
"co design", "codesign") do not matter.

- right: the key is that of the expected form, of the headword, or of any form of the
  headword (:func:`flashcards.text.forms.word_forms`: "poaching" for "poach");
- near: a Levenshtein distance of 1 (for right answers of up to 6 letters) or 2 (longer)
  from one of those (a typo: the grade then shows the closest right spelling), or another
  form of the headword than the one a sentence needs ("poach" for "poached": `other_form`);
- wrong: anything else, including an empty answer.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from flashcards.text.forms import token_spans, word_forms

__all__ = ["Grade", "Verdict", "grade", "suggested_rating"]

_SHORT = 6


class Verdict(StrEnum):
    """How a typed answer compares with the right one."""

    RIGHT = "right"
    NEAR = "near"
    WRONG = "wrong"


@dataclass(frozen=True)
class Grade:
    """The verdict on ``typed``, and the spelling to show the learner (``expected``).
    ``other_form``: a near miss that is the right word in another form than the one needed."""

    verdict: Verdict
    expected: str
    typed: str
    other_form: bool = False


def _key(text: str) -> str:
    """``text`` folded for comparison: no accents, no case, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        char for char in decomposed.casefold() if char.isalnum() and not unicodedata.combining(char)
    )


def _render(form: tuple[str, ...], word: str) -> str:
    """A form of ``word`` written with the headword's own separators where possible."""
    spans = token_spans(word)
    if len(spans) != len(form):
        return "".join(form)
    pieces: list[str] = []
    done = 0
    for token, (_, start, end) in zip(form, spans, strict=True):
        pieces.append(word[done:start])
        pieces.append(token)
        done = end
    pieces.append(word[done:])
    return "".join(pieces).strip()


@lru_cache(maxsize=4096)
def _accepted(word: str, pos: str, expected_form: str | None) -> tuple[tuple[str, str], ...]:
    """Pairs (key, spelling to show) of every right answer, the preferred spellings first."""
    pairs: dict[str, str] = {}
    for spelling in (expected_form, word):
        if spelling and _key(spelling):
            pairs.setdefault(_key(spelling), spelling.strip())
    headword = tuple(token for token, _, _ in token_spans(word))
    for form in sorted(word_forms(word, pos), key=lambda form: (len(form) != len(headword), form)):
        pairs.setdefault(_key("".join(form)), _render(form, word))
    return tuple(pairs.items())


def grade(typed: str, word: str, pos: str, expected_form: str | None = None) -> Grade:
    """Grade the answer ``typed`` for the headword ``word`` (part of speech ``pos``).

    ``expected_form`` is the form the question shows or blanks (the word as used in a context
    sentence, "poached"): it is the spelling shown, and the only form that is right; another
    form of the headword is a near miss. Without it, every form of the headword is right.
    """
    shown = (expected_form or word).strip()
    answer = _key(typed)
    if not answer:
        return Grade(Verdict.WRONG, shown, typed)
    accepted = _accepted(word, pos, expected_form)
    if any(answer == key for key, _ in accepted):
        if expected_form and answer != _key(expected_form):
            # The right word in another form than the sentence needs ("poaching" for
            # "he was ___ by Elon"): known, not quite right.
            return Grade(Verdict.NEAR, shown, typed, other_form=True)
        return Grade(Verdict.RIGHT, shown, typed)
    # Imported here: only a typed answer that is not right needs it (not the first card).
    from rapidfuzz.distance import Levenshtein

    best: tuple[int, str] | None = None
    for key, spelling in accepted:
        limit = 1 if len(key) <= _SHORT else 2
        distance = Levenshtein.distance(answer, key, score_cutoff=limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, spelling)
    if best is not None:
        return Grade(Verdict.NEAR, best[1], typed)
    return Grade(Verdict.WRONG, shown, typed)


def suggested_rating(verdict: Verdict) -> int:
    """The review rating to suggest: 1 (Again) when wrong, 2 (Hard) when near, 3 (Good)."""
    return {Verdict.WRONG: 1, Verdict.NEAR: 2, Verdict.RIGHT: 3}[verdict]
