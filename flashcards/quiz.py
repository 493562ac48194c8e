"""The example-sentence quiz: sentences of the talk with a word blanked, typed or chosen.

A quiz is a practice run beside the schedule: it reads notes and writes its answers to the
`quiz_result` table, and never reviews, reschedules, buries or suspends a card. A word whose
cards are all suspended (set aside by the learner) is not asked, though it may still be
offered as a wrong option.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from flashcards.clock import utc_now
from flashcards.domain import Note
from flashcards.store import Store
from flashcards.store.quizzes import QuizRecord, record_quiz_answer
from flashcards.text.cloze import MASK, blank, used_form
from flashcards.text.grading import Grade, Verdict, grade

__all__ = ["DEFAULT_COUNT", "Question", "Quiz", "QuizAnswer", "QuizMode", "QuizScore"]

DEFAULT_COUNT = 10
OPTIONS = 4


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


@dataclass
class _Pool:
    """Usable (note, sentence) pairs of one deck."""

    notes: list[Note] = field(default_factory=list)
    sentences: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)


def set_aside(note: Note) -> bool:
    """Whether the learner set the word aside: it has live cards and all are suspended."""
    return bool(note.cards) and all(card.suspended for card in note.cards)


class Quiz:
    """One quiz run over a deck (or over every deck): questions, answers, score.

    Questions are drawn so that every word with a usable sentence comes up once before any
    word comes up twice (with another of its sentences where it has several).
    """

    def __init__(
        self,
        store: Store,
        deck_id: int | None = None,
        *,
        count: int = DEFAULT_COUNT,
        clock: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
    ) -> None:
        if count < 1:
            raise ValueError("a quiz needs at least one question")
        self.store = store
        self.deck_id = deck_id
        self.clock = clock
        self.id = uuid.uuid4().hex
        self._rng = rng or random.Random()
        self._deck_ids: dict[str, int] = {d.name: d.id for d in store.decks()}
        self.questions: list[Question] = self._draw(store.notes(deck_id), count)
        self.answers: list[QuizAnswer] = []

    # -- building ----------------------------------------------------------------------------

    def _draw(self, notes: list[Note], count: int) -> list[Question]:
        by_deck: dict[str, list[Note]] = defaultdict(list)
        for note in notes:
            by_deck[note.deck].append(note)
        usable: list[tuple[Note, list[tuple[str, str, str]]]] = []
        for note in notes:
            if set_aside(note):
                continue
            pairs = []
            for sentence in note.contexts:
                blanked = blank(sentence, note.word, note.pos, MASK)
                form = used_form(sentence, note.word, note.pos)
                if blanked is not None and form is not None:
                    pairs.append((sentence, blanked, form))
            if pairs:
                self._rng.shuffle(pairs)
                usable.append((note, pairs))
        self._rng.shuffle(usable)
        picks: list[tuple[Note, tuple[str, str, str]]] = []
        round_ = 0
        while len(picks) < count and any(len(p) > round_ for _, p in usable):
            for note, pairs in usable:
                if len(picks) == count:
                    break
                if len(pairs) > round_:
                    picks.append((note, pairs[round_]))
            round_ += 1
        return [
            Question(
                number=i,
                note=note,
                sentence=sentence,
                blanked=blanked,
                expected=form,
                options=self._options(note, by_deck[note.deck]),
            )
            for i, (note, (sentence, blanked, form)) in enumerate(picks, 1)
        ]

    def _options(self, note: Note, deck_notes: list[Note]) -> tuple[str, ...]:
        """The word and up to three other words of its deck, same part of speech first."""
        word = note.word.casefold()
        others = [n for n in deck_notes if n.id != note.id and n.word.casefold() != word]
        same = [n.word for n in others if n.pos == note.pos]
        rest = [n.word for n in others if n.pos != note.pos]
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

    def answer_typed(self, question: Question, typed: str) -> QuizAnswer:
        """Grade a typed answer ("near" misses count as missed) and store it."""
        result = grade(typed, question.note.word, question.note.pos, question.expected)
        answer = QuizAnswer(
            question, QuizMode.TYPED, typed, result.verdict is Verdict.RIGHT, grade=result
        )
        return self._record(answer)

    def answer_choice(self, question: Question, index: int) -> QuizAnswer:
        """Answer with option `index` (0-based) and store it."""
        if not 0 <= index < len(question.options):
            raise IndexError(f"no option {index + 1}")
        picked = question.options[index]
        answer = QuizAnswer(question, QuizMode.CHOICE, picked, index == question.answer_index)
        return self._record(answer)

    def _record(self, answer: QuizAnswer) -> QuizAnswer:
        question = answer.question
        if question is not self.current:
            raise ValueError(f"question {question.number} is not the one being asked")
        record_quiz_answer(
            self.store,
            QuizRecord(
                quiz=self.id,
                deck_id=self._deck_ids[question.note.deck],
                note_id=question.note.id,
                sentence=question.sentence,
                mode=answer.mode.value,
                answer=answer.answer,
                correct=answer.correct,
                answered_at=self.clock(),
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
