"""The example-sentence quiz: sentences of the talk with a word blanked, typed or chosen.

A quiz is a practice run beside the schedule: it reads notes and writes its answers to the
`quiz_result` table, and never reviews, reschedules, buries or suspends a card. A word whose
cards are all suspended (set aside by the learner) is not asked, though it may still be
offered as a wrong option.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property

from flashcards.clock import utc_now
from flashcards.domain import Note
from flashcards.store import Store
from flashcards.store.browse import notes_by_id
from flashcards.store.quizzes import (
    QuizRecord,
    Word,
    deck_words,
    note_window,
    record_quiz_answer,
    scope_size,
)
from flashcards.text.cloze import MASK, blank, used_form
from flashcards.text.grading import Grade, Verdict, grade

__all__ = ["DEFAULT_COUNT", "Question", "Quiz", "QuizAnswer", "QuizMode", "QuizScore"]

DEFAULT_COUNT = 10
OPTIONS = 4
#: A deck (or every deck) with at most this many notes is read whole to draw from.
READ_WHOLE = 50
#: A deck with at most this many notes offers any of its words as a wrong option.
WORDS_READ_WHOLE = 500
#: Notes a larger one may read per question before it is read whole after all.
PROBES_PER_QUESTION = 8
#: Neighbouring notes a large deck offers as a question's wrong options.
OPTION_WINDOW = 60

#: A usable sentence of a note: the sentence, it blanked, the form of the word it uses.
Pair = tuple[str, str, str]


class QuizMode(StrEnum):
    """How a question is answered."""

    TYPED = "typed"
    CHOICE = "choice"


@dataclass(frozen=True)
class Question:
    """One quiz question: a talk sentence with the word blanked, and the words to choose from."""

    number: int  # 1-based
    note: Note
    sentence: str  # the whole sentence
    blanked: str  # the sentence with every use of the word replaced by MASK
    expected: str  # the word as the sentence uses it ("poached")
    options: tuple[str, ...]  # headwords, the right one among them

    @property
    def answer_index(self) -> int:
        """Position of the right word in `options`."""
        return self.options.index(self.note.word)


@dataclass(frozen=True)
class QuizAnswer:
    """What the learner answered to a question, and whether it was right."""

    question: Question
    mode: QuizMode
    answer: str
    correct: bool
    grade: Grade | None = None  # typed answers only


@dataclass(frozen=True)
class QuizScore:
    """The result of a quiz run."""

    total: int
    answered: int
    correct: int
    missed: tuple[Note, ...]  # each missed note once, in the order missed

    @property
    def percent(self) -> float | None:
        return None if not self.answered else 100.0 * self.correct / self.answered


def set_aside(note: Note) -> bool:
    """Whether the learner set the word aside: it has live cards and all are suspended."""
    return bool(note.cards) and all(card.suspended for card in note.cards)


def usable_sentences(note: Note) -> list[Pair]:
    """The note's sentences in which its word can be blanked (none for a word set aside)."""
    if set_aside(note):
        return []
    pairs = []
    for sentence in note.contexts:
        blanked = blank(sentence, note.word, note.pos, MASK)
        form = used_form(sentence, note.word, note.pos)
        if blanked is not None and form is not None:
            pairs.append((sentence, blanked, form))
    return pairs


class Quiz:
    """One quiz run over a deck (or over every deck): questions, answers, score.

    Questions are drawn first and only they are marked up. A deck of a few hundred notes is
    read whole, and every word with a usable sentence comes up once before any word comes up
    twice (with another of its sentences where it has several). From a larger one, notes are
    read where random points fall until `count` different words have a usable sentence; the
    options are words of the question's deck (a large deck's: its neighbours at a random
    point). Each answer is stored with the `now` it is given.
    """

    def __init__(
        self,
        store: Store,
        deck_id: int | None = None,
        *,
        count: int = DEFAULT_COUNT,
        clock: Callable[[], datetime] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        """`clock` is accepted for older callers and ignored: each answer takes its `now`."""
        if count < 1:
            raise ValueError("a quiz needs at least one question")
        self.store = store
        self.deck_id = deck_id
        self.id = uuid.uuid4().hex
        self._rng = rng or random.Random()
        self._deck_ids: dict[str, int] = {}  # by name, as they are needed
        self._words: dict[int, list[Word]] = {}  # the options of decks read whole
        self._count = count
        self.answers: list[QuizAnswer] = []

    @cached_property
    def questions(self) -> list[Question]:
        """The questions, drawn when first asked for: making a quiz reads nothing."""
        return self._draw(self.deck_id, self._count)

    # -- building ----------------------------------------------------------------------------

    def _draw(self, deck_id: int | None, count: int) -> list[Question]:
        limit = max(READ_WHOLE, count)
        if scope_size(self.store, deck_id, limit + 1) > limit:
            picks = self._sample(deck_id, count)
            if picks is not None:
                return self._questions(picks)
        return self._questions(self._read_whole(self.store.notes(deck_id), count))

    def _sample(self, deck_id: int | None, count: int) -> list[tuple[Note, Pair]] | None:
        """`count` notes where random points fall, each with one usable sentence (None: too
        few found for the notes read)."""
        picks: list[tuple[Note, Pair]] = []
        seen: set[int] = set()
        for _ in range(count * PROBES_PER_QUESTION):
            if len(picks) == count:
                break
            window = note_window(self.store, deck_id, self._rng.random(), 1)
            if not window:
                return None
            note_id = window[0][0]
            if note_id in seen:
                continue
            seen.add(note_id)
            found = notes_by_id(self.store, [note_id])
            if not found:
                continue  # deleted meanwhile
            note = found[0]
            pairs = usable_sentences(note)
            if pairs:
                self._rng.shuffle(pairs)
                picks.append((note, pairs[0]))
        return picks if len(picks) == count else None

    def _read_whole(self, notes: list[Note], count: int) -> list[tuple[Note, Pair]]:
        """Every usable note once (in random order), then again with another sentence..."""
        for note in notes:
            self._words.setdefault(self._deck_id(note.deck), []).append(
                (note.id, note.word, note.pos)
            )
        usable: list[tuple[Note, list[Pair]]] = []
        for note in notes:
            pairs = usable_sentences(note)
            if pairs:
                self._rng.shuffle(pairs)
                usable.append((note, pairs))
        self._rng.shuffle(usable)
        picks: list[tuple[Note, Pair]] = []
        round_ = 0
        while len(picks) < count and any(len(p) > round_ for _, p in usable):
            for note, pairs in usable:
                if len(picks) == count:
                    break
                if len(pairs) > round_:
                    picks.append((note, pairs[round_]))
            round_ += 1
        return picks

    def _questions(self, picks: list[tuple[Note, Pair]]) -> list[Question]:
        return [
            Question(
                number=i,
                note=note,
                sentence=sentence,
                blanked=blanked,
                expected=form,
                options=self._options(note, self._deck_words(note)),
            )
            for i, (note, (sentence, blanked, form)) in enumerate(picks, 1)
        ]

    def _deck_words(self, note: Note) -> list[Word]:
        """The words a question's wrong options are chosen from: its deck's."""
        deck_id = self._deck_id(note.deck)
        if deck_id not in self._words:
            if scope_size(self.store, deck_id, WORDS_READ_WHOLE + 1) > WORDS_READ_WHOLE:
                return note_window(self.store, deck_id, self._rng.random(), OPTION_WINDOW)
            self._words[deck_id] = deck_words(self.store, deck_id)
        return self._words[deck_id]

    def _deck_id(self, name: str) -> int:
        if name not in self._deck_ids:
            self._deck_ids[name] = self.store.deck(name).id
        return self._deck_ids[name]

    def _options(self, note: Note, deck_notes: list[Word]) -> tuple[str, ...]:
        """The word and up to three other words of its deck, same part of speech first."""
        word = note.word.casefold()
        others = [w for w in deck_notes if w[0] != note.id and w[1].casefold() != word]
        same = [w for _, w, pos in others if pos == note.pos]
        rest = [w for _, w, pos in others if pos != note.pos]
        self._rng.shuffle(same)
        self._rng.shuffle(rest)
        chosen: list[str] = []
        for word in [*same, *rest]:
            if len(chosen) == OPTIONS - 1:
                break
            if word.casefold() not in {w.casefold() for w in chosen}:
                chosen.append(word)
        options = [note.word, *chosen]
        self._rng.shuffle(options)
        return tuple(options)

    # -- answering ---------------------------------------------------------------------------

    @property
    def done(self) -> bool:
        return len(self.answers) >= len(self.questions)

    @property
    def current(self) -> Question | None:
        """The next question to answer, or None at the end."""
        return None if self.done else self.questions[len(self.answers)]

    def answer_typed(
        self, question: Question, typed: str, now: datetime | None = None
    ) -> QuizAnswer:
        """Grade a typed answer ("near" misses count as missed) and store it as given at
        `now` (None: the current time)."""
        result = grade(typed, question.note.word, question.note.pos, question.expected)
        answer = QuizAnswer(
            question, QuizMode.TYPED, typed, result.verdict is Verdict.RIGHT, grade=result
        )
        return self._record(answer, now or utc_now())

    def answer_choice(
        self, question: Question, index: int, now: datetime | None = None
    ) -> QuizAnswer:
        """Answer with option `index` (0-based) and store it as given at `now` (None: the
        current time)."""
        if not 0 <= index < len(question.options):
            raise IndexError(f"no option {index + 1}")
        picked = question.options[index]
        answer = QuizAnswer(question, QuizMode.CHOICE, picked, index == question.answer_index)
        return self._record(answer, now or utc_now())

    def _record(self, answer: QuizAnswer, now: datetime) -> QuizAnswer:
        question = answer.question
        if question is not self.current:
            raise ValueError(f"question {question.number} is not the one being asked")
        record_quiz_answer(
            self.store,
            QuizRecord(
                quiz=self.id,
                deck_id=self._deck_id(question.note.deck),
                note_id=question.note.id,
                sentence=question.sentence,
                mode=answer.mode.value,
                answer=answer.answer,
                correct=answer.correct,
                answered_at=now,
            ),
        )
        self.answers.append(answer)
        return answer

    def score(self) -> QuizScore:
        """Right answers so far, and each word missed (once)."""
        missed: dict[int, Note] = {}
        for answer in self.answers:
            if not answer.correct:
                missed.setdefault(answer.question.note.id, answer.question.note)
        return QuizScore(
            total=len(self.questions),
            answered=len(self.answers),
            correct=sum(a.correct for a in self.answers),
            missed=tuple(missed.values()),
        )
