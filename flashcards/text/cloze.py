"""Cloze sentences: a sentence with the uses of a headword blanked or marked up.

Every function returns None when the sentence does not use the word in any of its forms, so
a caller can never make a cloze without a blank.
"""

from __future__ import annotations

from collections.abc import Callable

from flashcards.text.forms import find_uses

__all__ = ["MASK", "blank", "cloze_markup", "used_form"]


#: What stands in a sentence for the word the learner has to find.
MASK = "_____"


def cloze_markup(sentence: str, word: str, pos: str, wrap: Callable[[str], str]) -> str | None:
    """``sentence`` with every use of ``word`` passed through ``wrap``.

    The rest of the sentence is kept exactly as it is (the caller escapes it if needed), e.g.
    ``wrap=lambda s: "{{c1::" + s + "}}"`` for an Anki cloze.
    """
    uses = find_uses(sentence, word, pos)
    if not uses:
        return None
    pieces: list[str] = []
    done = 0
    for start, end in uses:
        pieces.append(sentence[done:start])
        pieces.append(wrap(sentence[start:end]))
        done = end
    pieces.append(sentence[done:])
    return "".join(pieces)


def blank(sentence: str, word: str, pos: str, mask: str = MASK) -> str | None:
    """``sentence`` with every use of ``word`` replaced by ``mask``; None when unused."""
    return cloze_markup(sentence, word, pos, lambda _use: mask)


def used_form(sentence: str, word: str, pos: str) -> str | None:
    """The first use of ``word`` exactly as written in ``sentence`` ("poached", "co design")."""
    uses = find_uses(sentence, word, pos)
    if not uses:
        return None
    start, end = uses[0]
    return sentence[start:end]
