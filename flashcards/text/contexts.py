"""Finding the sentences of a talk that use a headword, without rescanning the talk.

:class:`SentenceIndex` tokenizes every sentence once and maps each distinct token to the
sentences that contain it. Finding a headword then costs one look-up per form of the word
(its forms are computed once per headword, see :func:`flashcards.text.forms.word_forms`):
single-token forms are answered from the index alone; for multi-token forms ("carve out",
"co design") only the sentences holding all of their tokens are checked for the tokens
being adjacent and in order.
"""

from __future__ import annotations

from collections.abc import Sequence

from flashcards.text.forms import (
    one_token_forms,
    spans_in,
    token_spans,
    tokenize,
    uses_word,
    word_forms,
)

__all__ = ["SentenceIndex"]


class SentenceIndex:
    """An index from tokens to the numbers of the sentences that contain them."""

    def __init__(self, sentences: Sequence[str]) -> None:
        """Index ``sentences`` (each one whole sentence)."""
        self.sentences: list[str] = list(sentences)
        postings: dict[str, list[int]] = {}
        for number, sentence in enumerate(self.sentences):
            for token in set(tokenize(sentence)):
                found = postings.get(token)
                if found is None:
                    postings[token] = [number]
                else:
                    found.append(number)
        self._postings = postings
        self._tokens: dict[int, list[tuple[str, int, int]]] = {}

    def uses(self, number: int, word: str, pos: str) -> tuple[tuple[int, int], ...]:
        """The spans of the uses of ``word`` in sentence ``number`` (its tokens are found
        once, whichever words it is asked about)."""
        sentence = self.sentences[number]
        tokens = self._tokens.get(number)
        if tokens is None and not (sentence.isascii() and one_token_forms(word, pos)):
            tokens = self._tokens[number] = token_spans(sentence)
        return tuple(spans_in(sentence, tokens, word, pos))

    def __len__(self) -> int:
        """The number of sentences."""
        return len(self.sentences)

    def find(self, word: str, pos: str) -> list[int]:
        """Numbers, ascending, of the sentences that use ``word`` in any of its forms."""
        found: set[int] = set()
        checked: set[int] = set()
        for form in word_forms(word, pos):
            lists = [self._postings.get(token, []) for token in form]
            if not all(lists):
                continue
            if len(form) == 1:
                found.update(lists[0])
                continue
            lists.sort(key=len)
            candidates = set(lists[0]).intersection(*lists[1:]) - found - checked
            for number in candidates:
                checked.add(number)
                if uses_word(self.sentences[number], word, pos):
                    found.add(number)
        return sorted(found)
