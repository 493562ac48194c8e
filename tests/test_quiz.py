"""The example-sentence quiz service: questions, options, scoring, storage, no rescheduling."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from flashcards.importing import import_file, load_bundled_if_empty
from flashcards.quiz import MASK, WORDS_READ_WHOLE, Quiz, QuizMode
from flashcards.store import Store
from flashcards.store.quizzes import quiz_records
from flashcards.text.forms import uses_word

from support import T0, evil_document


def make(store: Store, count: int = 10, seed: int = 3) -> Quiz:
    return Quiz(store, None, count=count, rng=random.Random(seed))


def test_questions_blank_the_word_in_a_talk_sentence(bundled_store: Store) -> None:
    quiz = make(bundled_store)
    assert len(quiz.questions) == 10
    assert [q.number for q in quiz.questions] == list(range(1, 11))
    for question in quiz.questions:
        note = question.note
        assert question.sentence in note.contexts
        assert MASK in question.blanked
        assert not uses_word(question.blanked, note.word, note.pos)
        assert question.blanked.replace(MASK, question.expected, 1) != question.blanked
        assert question.expected.casefold() in question.sentence.casefold()


def test_every_word_comes_once_before_any_comes_twice(bundled_store: Store) -> None:
    quiz = make(bundled_store, count=12)
    words = [q.note.word for q in quiz.questions]
    usable = {n.word for n in bundled_store.notes() if n.contexts}
    assert set(words[: len(usable)]) == usable  # inspire has no sentence of its own
    assert len(words[: len(usable)]) == len(usable)
    assert "inspire" not in words
    sentences = {n.word: len(n.contexts) for n in bundled_store.notes()}
    for word, times in Counter(words).items():
        assert times <= sentences[word]
    pairs = [(q.note.word, q.sentence) for q in quiz.questions]
    assert len(set(pairs)) == len(pairs)  # never the same sentence twice


def test_count_is_capped_by_the_sentences_there_are(bundled_store: Store) -> None:
    total = sum(len(n.contexts) for n in bundled_store.notes())
    quiz = make(bundled_store, count=1000)
    assert len(quiz.questions) <= total
    assert len(quiz.questions) >= 9
    with pytest.raises(ValueError):
        make(bundled_store, count=0)


def test_four_options_of_the_same_part_of_speech_where_possible(bundled_store: Store) -> None:
    by_pos = Counter(n.pos for n in bundled_store.notes())
    for seed in range(5):
        for question in make(bundled_store, seed=seed).questions:
            options = question.options
            assert len(options) == 4 and len(set(options)) == 4
            assert options[question.answer_index] == question.note.word
            pos = {n.word: n.pos for n in bundled_store.notes()}
            same = [o for o in options if o != question.note.word and pos[o] == question.note.pos]
            assert len(same) == min(3, by_pos[question.note.pos] - 1)


def test_answers_are_scored_and_stored(bundled_store: Store) -> None:
    quiz = make(bundled_store, count=4)
    q1 = quiz.current
    assert quiz.answer_choice(q1, q1.answer_index, T0).correct
    q2 = quiz.current
    wrong = (q2.answer_index + 1) % 4
    answer = quiz.answer_choice(q2, wrong, T0)
    assert not answer.correct and answer.answer == q2.options[wrong]
    q3 = quiz.current
    typed = quiz.answer_typed(q3, f"  {q3.expected.upper()} ", T0)
    assert typed.correct and typed.mode is QuizMode.TYPED
    q4 = quiz.current
    near = quiz.answer_typed(q4, q4.expected[:-1], T0)
    assert not near.correct and near.grade is not None and near.grade.verdict == "near"
    assert quiz.done and quiz.current is None
    score = quiz.score()
    assert (score.total, score.answered, score.correct) == (4, 4, 2)
    assert [n.word for n in score.missed] == [q2.note.word, q4.note.word] or (
        q2.note.id == q4.note.id and [n.word for n in score.missed] == [q2.note.word]
    )
    records = quiz_records(bundled_store, quiz.id)
    assert [(r.note_id, r.mode, r.correct) for r in records] == [
        (q1.note.id, "choice", True),
        (q2.note.id, "choice", False),
        (q3.note.id, "typed", True),
        (q4.note.id, "typed", False),
    ]
    assert all(r.sentence and r.answered_at == T0 for r in records)


def test_a_quiz_never_touches_the_schedule(bundled_store: Store, db_path: Path) -> None:
    def cards() -> list[tuple[object, ...]]:
        conn = sqlite3.connect(db_path)
        try:
            return conn.execute("SELECT * FROM card ORDER BY id").fetchall()
        finally:
            conn.close()

    before = cards()
    quiz = make(bundled_store, count=10)
    while quiz.current is not None:
        quiz.answer_typed(quiz.current, "wrong")
    assert quiz.score().correct == 0
    assert cards() == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM review_log").fetchone() == (0,)
    conn.close()


def test_only_the_current_question_can_be_answered(bundled_store: Store) -> None:
    quiz = make(bundled_store, count=3)
    later = quiz.questions[1]
    with pytest.raises(ValueError):
        quiz.answer_choice(later, 0)
    with pytest.raises(IndexError):
        quiz.answer_choice(quiz.current, 7)
    assert quiz_records(bundled_store, quiz.id) == []


def test_a_deck_without_sentences_gives_no_questions(bundled_store: Store) -> None:
    conn = sqlite3.connect(bundled_store.path)
    conn.execute("DELETE FROM context")
    conn.commit()
    conn.close()
    assert make(bundled_store).questions == []


def test_a_word_whose_cards_are_all_suspended_is_not_asked(bundled_store: Store) -> None:
    notes = [n for n in bundled_store.notes() if n.contexts]
    aside, partly, retired = notes[0], notes[1], notes[2]
    conn = sqlite3.connect(bundled_store.path)
    conn.execute("UPDATE card SET suspended = 1 WHERE note_id = ?", (aside.id,))
    conn.execute(  # one card still in review: the word is still being learned
        "UPDATE card SET suspended = 1 WHERE note_id = ? AND kind != 'meaning'", (partly.id,)
    )
    conn.execute(  # a retired card does not count: every live card is suspended
        "UPDATE card SET suspended = (kind != 'context'), retired = (kind = 'context') "
        "WHERE note_id = ?",
        (retired.id,),
    )
    conn.commit()
    conn.close()
    for seed in range(5):
        asked = {q.note.id for q in make(bundled_store, count=1000, seed=seed).questions}
        assert partly.id in asked
        assert aside.id not in asked and retired.id not in asked
        assert asked == {n.id for n in notes} - {aside.id, retired.id}


def test_a_deck_whose_cards_are_all_suspended_gives_no_questions(bundled_store: Store) -> None:
    conn = sqlite3.connect(bundled_store.path)
    conn.execute("UPDATE card SET suspended = 1")
    conn.commit()
    conn.close()
    assert make(bundled_store).questions == []


@pytest.fixture(scope="module")
def large_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("large")
    doc = tmp / "many.txt"
    doc.write_text(evil_document(WORDS_READ_WHOLE + 100), encoding="utf-8")
    store = Store.open(tmp / "large.db")
    load_bundled_if_empty(store, T0)
    import_file(store, doc, T0, deck="many")
    store.close()
    return tmp / "large.db"


@pytest.fixture
def large(large_db: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "large.db"
    shutil.copy(large_db, path)
    opened = Store.open(path)
    yield opened
    opened.close()


def test_a_large_deck_marks_up_only_the_questions_drawn(
    large: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flashcards.quiz as quiz_module

    marked: list[str] = []
    real_blank = quiz_module.blank

    def counting_blank(sentence: str, word: str, pos: str, mask: str) -> str | None:
        marked.append(word)
        return real_blank(sentence, word, pos, mask)

    monkeypatch.setattr(quiz_module, "blank", counting_blank)
    many = large.deck("many")
    for seed in range(3):
        marked.clear()
        quiz = Quiz(large, many.id, count=10, rng=random.Random(seed))
        assert len(quiz.questions) == 10
        assert len(marked) < 40  # the notes drawn, not the deck's 600
        assert len({q.note.id for q in quiz.questions}) == 10
        for question in quiz.questions:
            assert question.note.deck == "many" and question.sentence in question.note.contexts
            assert MASK in question.blanked
            assert len(set(question.options)) == 4 and question.note.word in question.options
            assert all(o.startswith("w") and o.endswith("x") for o in question.options)
    everything = Quiz(large, None, count=10, rng=random.Random(5))
    assert len({q.note.id for q in everything.questions}) == 10
    q = everything.current
    assert q is not None and everything.answer_choice(q, q.answer_index, T0).correct
    assert [r.answered_at for r in quiz_records(large, everything.id)] == [T0]


def test_a_large_deck_with_few_sentences_is_read_whole(large: Store) -> None:
    many = large.deck("many")
    with large.writing() as conn:
        conn.execute(
            "DELETE FROM context WHERE note_id IN (SELECT id FROM note WHERE deck_id = ?"
            " AND position >= 3)",
            (many.id,),
        )
    quiz = Quiz(large, many.id, count=10, rng=random.Random(1))
    assert sorted(q.note.word for q in quiz.questions) == ["w1x", "w2x", "w3x"]


def test_a_quiz_reads_nothing_until_its_questions_are_asked_for(
    bundled_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    real_reading = bundled_store.reading

    def counted_reading() -> object:
        reads.append("read")
        return real_reading()

    monkeypatch.setattr(bundled_store, "reading", counted_reading)
    monkeypatch.setattr(bundled_store, "notes", lambda *a, **k: reads.append("notes") or [])
    quiz = make(bundled_store)
    assert reads == []
    monkeypatch.undo()
    assert len(quiz.questions) == 10 and quiz.current is quiz.questions[0]
