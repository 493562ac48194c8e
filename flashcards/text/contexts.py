"""Finding the sentences of a talk that use a headword, without rescanning the talk.

:func:`uses_in_talk` finds the uses of every headword of a list in one pass over the talk:
each sentence is tokenized once and its tokens are looked up in a map from the first token
of every form of every headword to those headwords. A headword whose forms are single ASCII
tokens (most of them) is then used where its tokens are; for the others ("carve out",
"co design", accented words) only the sentences holding a form's first token are walked
for the tokens being adjacent and in order.

:class:`SentenceIndex` tokenizes every sentence once and maps each distinct token to the
sentences that contain it, for asking about one word at a time. Finding a headword then
costs one look-up per form of the word (its forms are computed once per headword, see
:func:`flashcards.text.forms.word_forms`): single-token forms are answered from the index
alone; for multi-token forms only the sentences holding all of their tokens are checked.

Both find the same sentences and the same spans, as :func:`flashcards.text.forms.find_uses`
gives them.
"""

from __future__ import annotations

from collections.abc import Sequence

from flashcards.text.forms import (
    one_token_forms,
    spans_in,
    token_places,
    token_spans,
    tokenize,
    uses_word,
    word_forms,
)

__all__ = ["SentenceIndex", "Uses", "ascii_tokens", "uses_in_talk"]

#: A headword's uses in a talk: (sentence number, the spans of its uses there), by number.
Uses = list[tuple[int, tuple[tuple[int, int], ...]]]


def uses_in_talk(sentences: Sequence[str], headwords: Sequence[tuple[str, str]]) -> list[Uses]:
    """For each (word, part of speech) of ``headwords``, the sentences of ``sentences`` that
    use it and where: what :meth:`SentenceIndex.find` and :meth:`SentenceIndex.uses` give
    for each headword, found in one pass over the sentences."""
    simple: dict[str, list[int]] = {}  # a token -> headwords with it as a one-token form
    walked: dict[str, list[int]] = {}  # a form's first token -> the other headwords
    for number, (word, pos) in enumerate(headwords):
        single = one_token_forms(word, pos)
        if single is not None:
            for token in single:
                simple.setdefault(token, []).append(number)
            continue
        for first in {form[0] for form in word_forms(word, pos)}:
            walked.setdefault(first, []).append(number)
    found: list[Uses] = [[] for _ in headwords]
    starts = simple.keys() | walked.keys()
    for number, sentence in enumerate(sentences):
        if not sentence.isascii():
            _uses_in_other_text(number, sentence, headwords, simple, walked, found)
            continue
        lowered = sentence.lower()  # ASCII: the offsets stay those of the sentence
        present = starts.intersection(ascii_tokens(sentence))
        if not present:
            continue
        hits: dict[int, list[tuple[int, int]]] = {}
        others: set[int] = set()
        for token in present:
            if token in walked:
                others.update(walked[token])
            if token in simple:
                places = token_places(lowered, token)
                for one in simple[token]:
                    hits.setdefault(one, []).extend(places)
        for spans in hits.values():
            spans.sort()  # several forms of a word: in the order of the sentence
        if others:
            tokens = token_spans(sentence)
            for one in others:
                word, pos = headwords[one]
                spans = spans_in(sentence, tokens, word, pos)
                if spans:
                    hits[one] = spans
        for one, spans in hits.items():
            found[one].append((number, tuple(spans)))
    return found


# Letters and digits as themselves (capitals lower-cased), everything else as a space.
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256)
)


def ascii_tokens(text: str) -> list[str]:
    """:func:`flashcards.text.forms.tokenize` of the ASCII ``text``, by a byte translation
    (several times faster than the regular expression on a whole talk)."""
    return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()


def _uses_in_other_text(
    number: int,
    sentence: str,
    headwords: Sequence[tuple[str, str]],
    simple: dict[str, list[int]],
    walked: dict[str, list[int]],
    found: list[Uses],
) -> None:
    """A sentence that is not ASCII, as :class:`SentenceIndex` reads it: a headword is used
    when the sentence's tokens hold one of its one-token forms (its spans then found on the
    sentence's token spans), or a longer form whose tokens are adjacent and in order."""
    present = set(tokenize(sentence))
    tokens: list[tuple[str, int, int]] | None = None
    for one in sorted({h for t in present for h in (*simple.get(t, ()), *walked.get(t, ()))}):
        word, pos = headwords[one]
        forms = [form for form in word_forms(word, pos) if present.issuperset(form)]
        if not forms:
            continue
        tokens = token_spans(sentence) if tokens is None else tokens
        spans = spans_in(sentence, tokens, word, pos)
        if spans or any(len(form) == 1 for form in forms):
            found[one].append((number, tuple(spans)))


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
