"""Answers of example-sentence quizzes: written one by one, read back per quiz run.

A quiz never touches the `card` table: its answers live in `quiz_result` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select

from flashcards.store.repository import Store
from flashcards.store.tables import QuizRow, table_of

QUIZ = table_of(QuizRow)


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
            insert(QUIZ).values(
                quiz=record.quiz,
                deck_id=record.deck_id,
                note_id=record.note_id,
                sentence=record.sentence,
                mode=record.mode,
                answer=record.answer,
                correct=record.correct,
                answered_at=record.answered_at,
            )
        )


def quiz_records(store: Store, quiz: str | None = None) -> list[QuizRecord]:
    """The stored answers of one quiz run (or of every run), in the order given."""
    query = select(QUIZ).order_by(QUIZ.c.id)
    if quiz is not None:
        query = query.where(QUIZ.c.quiz == quiz)
    with store.reading() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        QuizRecord(
            quiz=r["quiz"],
            deck_id=r["deck_id"],
            note_id=r["note_id"],
            sentence=r["sentence"],
            mode=r["mode"],
            answer=r["answer"],
            correct=bool(r["correct"]),
            answered_at=r["answered_at"],
        )
        for r in rows
    ]
