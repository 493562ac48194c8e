"""Answers of example-sentence quizzes: written one by one, read back per quiz run.

A quiz never touches the `card` table: its answers live in `quiz_result` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flashcards.store.convert import read, time_required
from flashcards.store.repository import Store
from flashcards.store.sqlite import sql, to_db_time

_INSERT = sql(
    "quiz.insert",
    "INSERT INTO quiz_result (quiz, deck_id, note_id, sentence, mode, answer, correct,"
    " answered_at) VALUES (:quiz, :deck_id, :note_id, :sentence, :mode, :answer, :correct,"
    " :answered_at)",
)
_ALL = sql("quiz.all", "SELECT * FROM quiz_result ORDER BY id")
_ONE_RUN = sql("quiz.run", "SELECT * FROM quiz_result WHERE quiz = ? ORDER BY id")


@dataclass(frozen=True)
class QuizRecord:
    """One stored quiz answer."""

    quiz: str
    deck_id: int
    note_id: int
    sentence: str
    mode: str
    answer: str
    correct: bool
    answered_at: datetime


def record_quiz_answer(store: Store, record: QuizRecord) -> None:
    """Store one answer of a quiz run (committed before returning)."""
    with store.writing() as conn:
        conn.execute(
            _INSERT,
            {
                "quiz": record.quiz,
                "deck_id": record.deck_id,
                "note_id": record.note_id,
                "sentence": record.sentence,
                "mode": record.mode,
                "answer": record.answer,
                "correct": int(record.correct),
                "answered_at": to_db_time(record.answered_at),
            },
        )


def quiz_records(store: Store, quiz: str | None = None) -> list[QuizRecord]:
    """The stored answers of one quiz run (or of every run), in the order given."""
    with store.reading() as conn:
        rows = conn.execute(_ALL).fetchall() if quiz is None else conn.execute(_ONE_RUN, (quiz,))
        return [
            QuizRecord(
                quiz=r["quiz"],
                deck_id=r["deck_id"],
                note_id=r["note_id"],
                sentence=r["sentence"],
                mode=r["mode"],
                answer=r["answer"],
                correct=bool(r["correct"]),
                answered_at=read(r, "quiz_result", "answered_at", time_required),
            )
            for r in rows
        ]
