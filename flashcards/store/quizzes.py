"""Answers of example-sentence quizzes: written one by one, read back per quiz run; and the
reads a quiz draws its questions with.

A quiz never touches the `card` table: its answers live in `quiz_result` only.

Drawing reads a few notes wherever a random point falls in the deck (or in every deck), so
that a quiz of ten questions reads about ten notes whatever the size of the collection: by
note id over every deck, by document position in one deck (the `ix_note_browse` index).
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
_SIZE = sql("quiz.scope_size", "SELECT count(*) FROM (SELECT 1 FROM note LIMIT :cap)")
_SIZE_IN_DECK = sql(
    "quiz.scope_size.deck",
    "SELECT count(*) FROM (SELECT 1 FROM note WHERE deck_id = :deck LIMIT :cap)",
)
# One min() or max() a subquery: SQLite reads each from the end of an index only then.
_ID_RANGE = sql("quiz.range", "SELECT (SELECT min(id) FROM note), (SELECT max(id) FROM note)")
_POSITION_RANGE = sql(
    "quiz.range.deck",
    "SELECT (SELECT min(position) FROM note WHERE deck_id = :deck),"
    " (SELECT max(position) FROM note WHERE deck_id = :deck)",
)
_FROM_ID = sql(
    "quiz.window", "SELECT id, word, pos FROM note WHERE id >= :start ORDER BY id LIMIT :size"
)
_BEFORE_ID = sql(
    "quiz.window.wrap",
    "SELECT id, word, pos FROM note WHERE id < :start ORDER BY id LIMIT :size",
)
_FROM_POSITION = sql(
    "quiz.window.deck",
    "SELECT id, word, pos FROM note WHERE deck_id = :deck AND position >= :start"
    " ORDER BY position, id LIMIT :size",
)
_BEFORE_POSITION = sql(
    "quiz.window.deck.wrap",
    "SELECT id, word, pos FROM note WHERE deck_id = :deck AND position < :start"
    " ORDER BY position, id LIMIT :size",
)
_DECK_WORDS = sql("quiz.deck_words", "SELECT id, word, pos FROM note WHERE deck_id = ?")
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


#: A note as a quiz option: id, word, part of speech.
Word = tuple[int, str, str]


def scope_size(store: Store, deck_id: int | None, cap: int) -> int:
    """How many notes a deck has (or every deck), counted up to `cap` at most."""
    statement = _SIZE if deck_id is None else _SIZE_IN_DECK
    with store.reading() as conn:
        return int(conn.execute(statement, {"deck": deck_id, "cap": cap}).fetchone()[0])


def note_window(store: Store, deck_id: int | None, fraction: float, size: int) -> list[Word]:
    """Up to `size` notes from the point `fraction` (0 to 1) of the way through a deck (or
    every deck), in order, wrapping around at the end."""
    with store.reading() as conn:
        if deck_id is None:
            low, high = conn.execute(_ID_RANGE).fetchone()
            after, before = _FROM_ID, _BEFORE_ID
        else:
            low, high = conn.execute(_POSITION_RANGE, {"deck": deck_id}).fetchone()
            after, before = _FROM_POSITION, _BEFORE_POSITION
        if low is None:
            return []
        start = low + min(int(fraction * (high - low + 1)), high - low)
        params = {"deck": deck_id, "start": start, "size": size}
        found = [tuple(r) for r in conn.execute(after, params)]
        if len(found) < size:
            params["size"] = size - len(found)
            found += [tuple(r) for r in conn.execute(before, params)]
        return [(int(i), str(w), str(p)) for i, w, p in found]


def deck_words(store: Store, deck_id: int) -> list[Word]:
    """Every note of a deck as a quiz option (for a deck small enough to read whole)."""
    with store.reading() as conn:
        return [(int(i), str(w), str(p)) for i, w, p in conn.execute(_DECK_WORDS, (deck_id,))]


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
