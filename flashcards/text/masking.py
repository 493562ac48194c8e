"""Hiding the answer in a recall prompt: the word, its forms and its relatives in a definition.

A recall card shows the definition and asks for the word, so a definition that says the word
gives it away: amplifier's "something that amplifies thoughts", agi's "Abbreviation for
'Artificial General Intelligence'". :func:`mask_word` blanks

- every use of the headword in any of its forms (as :func:`flashcards.text.forms.find_uses`
  finds them: poach, poached, co design...);
- a word that shares a long beginning with one of the headword's words (amplifies for
  amplifier, autonomy for autonomous): the first five letters or more, and all but the last
  three letters of the headword's word at least;
- for an initialism (2 to 5 letters), a run of capitalised words whose first letters spell it
  (Artificial General Intelligence for agi).
"""

from __future__ import annotations

import itertools
import re

from flashcards.text.forms import find_uses, token_spans, tokenize

__all__ = ["MASK", "mask_word"]

#: What stands for the hidden word: a blank, as in a context card's sentence.
MASK = "_____"
_CAPITALISED = re.compile(r"[A-Z][A-Za-z]*")


def _related(token: str, head: str) -> bool:
    """Whether the token shares enough of its beginning with the headword's word ``head``."""
    if len(head) < 4 or len(token) < 4:
        return False
    shared = 0
    for a, b in zip(token, head, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= min(len(head), max(5, len(head) - 3))


def _spelled_out(text: str, word: str) -> list[tuple[int, int]]:
    """Spans of runs of capitalised words whose initials spell the initialism ``word``."""
    letters = word.strip().lower()
    if not (2 <= len(letters) <= 5 and letters.isalpha()):
        return []
    words = list(_CAPITALISED.finditer(text))
    spans: list[tuple[int, int]] = []
    for start in range(len(words) - len(letters) + 1):
        run = words[start : start + len(letters)]
        if "".join(m.group()[0].lower() for m in run) != letters:
            continue
        between = [text[a.end() : b.start()] for a, b in itertools.pairwise(run)]
        if all(re.fullmatch(r"[\s-]+", gap) for gap in between):
            spans.append((run[0].start(), run[-1].end()))
    return spans


def mask_word(text: str, word: str, pos: str, mask: str = MASK) -> str:
    """``text`` with the headword, its forms and its relatives replaced by ``mask``.

    >>> mask_word("A device; something that amplifies thoughts.", "amplifier", "noun")
    'A device; something that _____ thoughts.'
    """
    spans = set(find_uses(text, word, pos))
    heads = [t for t in tokenize(word) if len(t) >= 4]
    for token, start, end in token_spans(text):
        if any(_related(token, head) for head in heads):
            spans.add((start, end))
    spans.update(_spelled_out(text, word))
    out: list[str] = []
    done = 0
    for start, end in sorted(spans):
        if start < done:  # overlaps the span just masked: mask to the end of both
            done = max(done, end)
            continue
        out.append(text[done:start])
        out.append(mask)
        done = end
    out.append(text[done:])
    return "".join(out)
