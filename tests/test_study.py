"""The review session (flashcards.study) on a real SQLite file with the real seed deck.

A fixed clock, fuzzing off and New York time (UTC-5, UTC-4 from 8 March 2026), so that due
dates and day boundaries are exact: T0 (2026-03-02 09:00 UTC) is 04:00 in New York, the very
start of a learner's day.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from flashcards.domain import CardState, Rating
from flashcards.errors import FlashcardsError
from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.study import QueueCounts, Study, StudyCard

from study_support import (
    AGAIN,
    CONTEXT,
    EASY,
    GOOD,
    HARD,
    MEANING,
    RECALL,
    Clock,
    card_ids,
    deck_id,
    only,
    rows,
    session,
    utc,
)
from support import SEED, T0


def answer_new(study: Study, rating: Rating, count: int) -> list[StudyCard]:
    done = []
    for _ in range(count):
        card = study.next_card()
        assert card is not None and card.state == CardState.NEW
        study.answer(card, rating)
        done.append(card)
    return done


# -- one card through its steps ------------------------------------------------------------


def test_first_card_and_its_exact_due_dates(seeded_store: Store, clock: Clock) -> None:
    study = session(seeded_store, clock)
    assert study.counts() == QueueCounts(new=10, learning=0, review=0)  # one card a note
    card = study.next_card()
    assert card is not None
    assert (card.note.word, card.kind, card.state) == ("agi", MEANING, CardState.NEW)
    deck = seeded_store.decks()[0]
    assert (card.deck, card.title) == (deck.name, deck.title)
    assert card.title == "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
    assert not card.typed and card.sentence is None and card.blanked is None
    assert card.expected == "agi"
    assert [c.kind for c in card.note.cards] == [MEANING, RECALL, CONTEXT]
    assert study.intervals(card) == {
        AGAIN: timedelta(minutes=1),
        HARD: timedelta(minutes=5, seconds=30),
        GOOD: timedelta(minutes=10),
        EASY: timedelta(days=8),
    }

    result = study.answer(card, GOOD)  # 09:00 Good: the second learning step, 10 minutes
    assert (result.card_id, result.rating, result.state) == (card.card_id, GOOD, CardState.LEARNING)
    assert result.due == utc(2026, 3, 2, 9, 10)
    assert not result.leech and result.message is None

    clock.now = utc(2026, 3, 2, 9, 10)
    again = study.next_card()  # a learning card due now comes first
    assert again is not None and again.card_id == card.card_id
    assert again.state == CardState.LEARNING
    assert study.intervals(again)[GOOD] == timedelta(days=2)  # round(S0(Good) = 2.3065)
    result = study.answer(again, GOOD)
    assert result.state == CardState.REVIEW and result.due == utc(2026, 3, 4, 9, 10)

    stored = seeded_store.note(card.note.id).card(MEANING)
    assert stored is not None
    assert (stored.state, stored.due, stored.reps, stored.lapses) == (
        CardState.REVIEW,
        utc(2026, 3, 4, 9, 10),
        2,
        0,
    )


def test_a_learning_card_comes_back_in_the_same_session(seeded_store: Store, clock: Clock) -> None:
    seeded_store.update_deck_settings(deck_id(seeded_store), new_per_day=2)
    study = session(seeded_store, clock)
    agi = study.next_card()
    assert agi is not None
    assert study.answer(agi, AGAIN).due == utc(2026, 3, 2, 9, 1)  # first step: 1 minute
    second = study.next_card()  # agi is not due yet: a new card meanwhile
    assert second is not None and second.note.word == "intimidating"
    study.answer(second, GOOD)

    clock.advance(seconds=30)  # 09:00:30: nothing else left, agi is due in 30 s
    assert study.counts() == QueueCounts(new=0, learning=2, review=0)
    early = study.next_card()
    assert early is not None and early.card_id == agi.card_id and early.state == CardState.LEARNING
    assert study.answer(early, GOOD).due == utc(2026, 3, 2, 9, 10, 30)

    clock.now = utc(2026, 3, 2, 9, 2)
    nxt = study.next_card()  # the learning card due first (09:10), shown 8 minutes early
    assert nxt is not None and nxt.card_id == second.card_id


def test_learn_ahead_stops_at_twenty_minutes(
    seeded_store: Store, clock: Clock, db_path: Path
) -> None:
    seeded_store.update_deck_settings(deck_id(seeded_store), new_per_day=1)
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    study.answer(card, GOOD)
    with seeded_store.writing() as conn:  # a learning step that ends 30 minutes from now
        conn.execute(
            f"UPDATE card SET due = '2026-03-02 09:30:00.000000' WHERE id = {card.card_id}"
        )
    assert study.next_card() is None
    assert study.counts() == QueueCounts(new=0, learning=0, review=0)
    clock.now = utc(2026, 3, 2, 9, 10)
    back = study.next_card()
    assert back is not None and back.card_id == card.card_id
    assert study.counts().learning == 1


# -- the day and its limits ------------------------------------------------------------------


def test_the_day_starts_at_4_am_in_new_york(seeded_store: Store, db_path: Path) -> None:
    seeded_store.update_deck_settings(deck_id(seeded_store), new_per_day=2)
    clock = Clock(utc(2026, 3, 2, 8, 50))  # 03:50 in New York: still Sunday's day
    study = session(seeded_store, clock)
    answer_new(study, EASY, 2)
    assert study.counts() == QueueCounts(new=0, learning=0, review=0)
    ids = card_ids(seeded_store)
    buried = rows(db_path)[ids["agi", RECALL]]["buried_until"]
    assert buried == "2026-03-02 09:00:00.000000"  # Monday 04:00 EST

    clock.now = utc(2026, 3, 2, 8, 59, 59)
    assert study.next_card() is None

    clock.now = utc(2026, 3, 2, 9, 0)  # 04:00 in New York: a new day, new cards again
    assert study.counts() == QueueCounts(new=2, learning=0, review=0)
    unburied = study.next_card()
    assert unburied is not None and unburied.card_id == ids["agi", RECALL]


def test_the_day_boundary_follows_daylight_saving(seeded_store: Store, db_path: Path) -> None:
    # 8 March 2026: clocks go forward in New York, the day starts at 04:00 EDT = 08:00 UTC.
    clock = Clock(utc(2026, 3, 8, 13, 0))
    study = session(seeded_store, clock)
    answer_new(study, EASY, 1)
    ids = card_ids(seeded_store)
    assert rows(db_path)[ids["agi", RECALL]]["buried_until"] == "2026-03-09 08:00:00.000000"
    clock.now = utc(2026, 3, 9, 7, 59)
    assert study.next_card().card_id == ids["intimidating", MEANING]  # type: ignore[union-attr]
    clock.now = utc(2026, 3, 9, 8, 0)
    assert study.next_card().card_id == ids["agi", RECALL]  # type: ignore[union-attr]


def test_where_the_day_start_hour_comes_from(
    seeded_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert session(seeded_store, clock).day_hour == 4
    seeded_store.set_setting("day_start_hour", "6")
    assert session(seeded_store, clock).day_hour == 6
    monkeypatch.setenv("FLASHCARDS_DAY_START", "5")
    assert session(seeded_store, clock).day_hour == 5
    assert session(seeded_store, clock, day_hour=3).day_hour == 3
    monkeypatch.setenv("FLASHCARDS_DAY_START", "25")
    with pytest.raises(FlashcardsError, match="FLASHCARDS_DAY_START"):
        session(seeded_store, clock)
    monkeypatch.delenv("FLASHCARDS_DAY_START")

    study = session(seeded_store, Clock(utc(2026, 3, 2, 12, 0)))  # 07:00 EST, day start 06:00
    answer_new(study, GOOD, 1)
    with seeded_store.reading() as conn:
        until = conn.execute(
            "SELECT max(buried_until) FROM card WHERE buried_until IS NOT NULL"
        ).fetchone()[0]
    assert until == "2026-03-03 11:00:00.000000"  # 06:00 EST the next morning


def test_the_daily_new_card_limit_survives_a_restart(seeded_store: Store, clock: Clock) -> None:
    seeded_store.update_deck_settings(deck_id(seeded_store), new_per_day=3)
    study = session(seeded_store, clock)
    assert study.counts().new == 3
    answer_new(study, GOOD, 3)
    assert study.counts() == QueueCounts(new=0, learning=3, review=0)
    restarted = session(seeded_store, clock)
    assert restarted.counts().new == 0
    card = restarted.next_card()
    assert card is not None and card.state == CardState.LEARNING
    clock.now = utc(2026, 3, 3, 9, 0)  # the next day
    assert session(seeded_store, clock).counts().new == 3


def test_the_new_count_is_one_card_a_note(seeded_store: Store, clock: Clock) -> None:
    # 28 new cards in 10 notes; answering one card of a note buries its siblings until
    # tomorrow, so 10 new cards can be shown today, and each one shown takes one off.
    study = session(seeded_store, clock)
    assert study.counts() == QueueCounts(new=10, learning=0, review=0)
    for left in range(9, -1, -1):
        card = study.next_card()
        assert card is not None and card.state == CardState.NEW
        study.answer(card, EASY)
        assert study.counts() == QueueCounts(new=left, learning=0, review=0)
    assert study.next_card() is None
    clock.now = utc(2026, 3, 3, 9, 0)  # the next day: the siblings are back, one per note
    assert session(seeded_store, clock).counts() == QueueCounts(new=10, learning=0, review=0)


def test_the_new_count_is_capped_by_the_daily_limit(seeded_store: Store, clock: Clock) -> None:
    seeded_store.update_deck_settings(deck_id(seeded_store), new_per_day=4)
    study = session(seeded_store, clock)
    assert study.counts().new == 4
    answer_new(study, EASY, 1)
    assert study.counts().new == 3
    seeded_store.update_deck_settings(deck_id(seeded_store), new_per_day=12)
    assert session(seeded_store, clock).counts().new == 9  # 11 allowed, 9 notes with a new card


def test_the_new_count_of_every_deck_is_one_card_a_note(seeded_store: Store, clock: Clock) -> None:
    import_file(seeded_store, SEED, T0, deck="second")
    first, second = seeded_store.decks()
    study = session(seeded_store, clock)  # every deck: counted in one pass, by deck
    assert study.counts() == QueueCounts(new=20, learning=0, review=0)
    for deck in (first, second):
        assert session(seeded_store, clock, deck_id=deck.id).counts().new == 10
    answered = answer_new(study, EASY, 3)
    assert study.counts().new == 17
    assert session(seeded_store, clock).counts().new == 17
    mine = sum(card.deck == first.name for card in answered)
    assert session(seeded_store, clock, deck_id=first.id).counts().new == 10 - mine


def test_the_daily_review_limit(seeded_store: Store, clock: Clock) -> None:
    study = session(seeded_store, clock)
    answered = 0
    while (card := study.next_card()) is not None:
        assert card.kind == MEANING  # the other cards of each note wait until tomorrow
        assert study.answer(card, EASY).due == utc(2026, 3, 10, 9, 0)  # 8 days
        answered += 1
    assert answered == 10
    seeded_store.update_deck_settings(deck_id(seeded_store), reviews_per_day=3, new_per_day=0)
    clock.now = utc(2026, 3, 10, 12, 0)  # 08:00 EDT: all ten due today
    study = session(seeded_store, clock)
    assert study.counts() == QueueCounts(new=0, learning=0, review=3)
    for _ in range(3):
        card = study.next_card()
        assert card is not None and card.state == CardState.REVIEW
        assert study.answer(card, GOOD).state == CardState.REVIEW
    assert study.counts() == QueueCounts(new=0, learning=0, review=0)
    assert study.next_card() is None
    assert session(seeded_store, clock).counts().review == 0  # a restart does not reset it
    clock.now = utc(2026, 3, 11, 8, 0)  # the next day: the seven left are due
    assert session(seeded_store, clock).counts().review == 3


def test_new_cards_are_spread_among_reviews(seeded_store: Store, clock: Clock) -> None:
    study = session(seeded_store, clock)
    answer_new(study, EASY, 10)  # ten review cards, due 10 March
    seeded_store.update_deck_settings(deck_id(seeded_store), new_per_day=4)
    clock.now = utc(2026, 3, 10, 12, 0)
    study = session(seeded_store, clock)
    kinds = []
    while (card := study.next_card()) is not None:
        kinds.append("N" if card.state == CardState.NEW else "R")
        study.answer(card, EASY)
    # Ten reviews and four new cards allowed: a new card after every two or three reviews.
    # Each answer buries the rest of its note (a new card the review of its note, a review
    # the new cards of its note), so three new cards are shown and seven reviews.
    assert "".join(kinds) == "RRNRRNRRNR"


# -- siblings, bury, suspend, leeches --------------------------------------------------------


def test_answering_a_card_buries_its_siblings_until_tomorrow(
    seeded_store: Store, clock: Clock, db_path: Path
) -> None:
    study = session(seeded_store, clock)
    agi = study.next_card()
    assert agi is not None
    study.answer(agi, GOOD)
    ids = card_ids(seeded_store)
    cards = rows(db_path)
    assert cards[ids["agi", MEANING]]["buried_until"] is None
    for kind in (RECALL, CONTEXT):
        assert cards[ids["agi", kind]]["buried_until"] == "2026-03-03 09:00:00.000000"
    log = list(rows(db_path, "review_log").values())
    assert log[0]["buried_note_until"] == "2026-03-03 09:00:00.000000"
    nxt = study.next_card()
    assert nxt is not None and nxt.note.word == "intimidating"
    clock.now = utc(2026, 3, 3, 9, 0)
    study = session(seeded_store, clock)
    learning = study.next_card()  # learning cards first; answering one buries anew
    assert learning is not None and learning.card_id == ids["agi", MEANING]
    study.answer(learning, EASY)
    assert rows(db_path)[ids["agi", RECALL]]["buried_until"] == "2026-03-04 09:00:00.000000"
    study.undo()
    study.bury(learning)
    assert study.next_card().card_id == ids["agi", RECALL]  # type: ignore[union-attr]


def test_manual_bury_hides_a_card_until_the_next_day(
    seeded_store: Store, clock: Clock, db_path: Path
) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    study.bury(card)
    assert rows(db_path)[card.card_id]["buried_until"] == "2026-03-03 09:00:00.000000"
    nxt = study.next_card()
    assert nxt is not None and nxt.card_id != card.card_id
    assert (nxt.note.word, nxt.kind) == ("agi", RECALL)  # only that card, not its note
    clock.now = utc(2026, 3, 3, 9, 0)
    assert study.next_card().card_id == card.card_id  # type: ignore[union-attr]


def test_suspend_a_card_and_a_note(seeded_store: Store, clock: Clock) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    study.suspend(card)
    assert seeded_store.note(card.note.id).card(MEANING).suspended  # type: ignore[union-attr]
    nxt = study.next_card()
    assert nxt is not None and (nxt.note.word, nxt.kind) == ("agi", RECALL)

    study.set_note_suspended(card.note.id, True)
    assert all(c.suspended for c in seeded_store.note(card.note.id).cards)
    nxt = study.next_card()
    assert nxt is not None and nxt.note.word == "intimidating"
    assert study.counts().new == 9  # one new card a note: 10 notes, one of them suspended

    study.set_note_suspended(card.note.id, False)
    assert not any(c.suspended for c in seeded_store.note(card.note.id).cards)
    assert study.next_card().card_id == card.card_id  # type: ignore[union-attr]


def test_the_eighth_lapse_makes_a_leech(seeded_store: Store, clock: Clock, db_path: Path) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    due = study.answer(card, EASY).due
    seeded_store.update_deck_settings(deck_id(seeded_store), new_per_day=0)
    for lapse in range(1, 9):
        clock.now = due
        shown = study.next_card()
        assert shown is not None and shown.card_id == card.card_id
        assert shown.state == CardState.REVIEW
        result = study.answer(shown, AGAIN)
        assert result.state == CardState.RELEARNING
        assert rows(db_path)[card.card_id]["lapses"] == lapse
        if lapse < 8:
            assert not result.leech and result.message is None
            clock.now = result.due
            relearn = study.next_card()
            assert relearn is not None and relearn.state == CardState.RELEARNING
            due = study.answer(relearn, GOOD).due
    assert result.leech
    assert result.message == (
        "agi is a leech (8 lapses): suspended. Edit it or unsuspend it in Browse."
    )
    row = rows(db_path)[card.card_id]
    assert (row["leech"], row["suspended"], row["lapses"]) == (1, 1, 8)
    assert study.next_card() is None  # the only card of today is suspended
    clock.now = result.due
    assert study.next_card() is None

    study.undo()  # undoing the eighth lapse takes the tag and the suspension back
    row = rows(db_path)[card.card_id]
    assert (row["leech"], row["suspended"], row["lapses"], row["state"]) == (0, 0, 7, "review")
    result = study.answer(study.next_card(), AGAIN)  # type: ignore[arg-type]
    assert result.leech
    study.set_note_suspended(card.note.id, False)  # unsuspended in Browse: back, still a leech
    row = rows(db_path)[card.card_id]
    assert (row["leech"], row["suspended"]) == (1, 0)
    assert study.next_card().card_id == card.card_id  # type: ignore[union-attr]


# -- the context sentence --------------------------------------------------------------------


def test_context_cards_rotate_their_sentence(seeded_store: Store, clock: Clock) -> None:
    ids = card_ids(seeded_store)
    only(seeded_store, ids["vibrant", CONTEXT])
    vibrant = next(n for n in seeded_store.notes() if n.word == "vibrant")
    assert len(vibrant.contexts) == 6
    study = session(seeded_store, clock)
    seen = []
    for _ in range(7):
        card = study.next_card()
        assert card is not None and card.kind == CONTEXT and card.typed
        assert card.sentence is not None and card.blanked is not None
        assert "_____" in card.blanked and "vibrant" not in card.blanked.lower()
        assert card.blanked.replace("_____", card.expected) == card.sentence
        seen.append(card.sentence)
        study.answer(card, AGAIN)
        clock.advance(minutes=1)
    assert seen[:6] == list(vibrant.contexts)
    assert seen[6] == vibrant.contexts[0]


def test_every_deck_keeps_its_own_limits(seeded_store: Store, clock: Clock) -> None:
    import_file(seeded_store, SEED, T0, deck="second")
    first, second = seeded_store.decks()
    seeded_store.update_deck_settings(first.id, new_per_day=1)
    seeded_store.update_deck_settings(second.id, new_per_day=2)
    study = session(seeded_store, clock)  # every deck
    assert study.counts() == QueueCounts(new=3, learning=0, review=0)
    decks = [card.deck for card in answer_new(study, EASY, 3)]
    assert sorted(decks) == [first.name, second.name, second.name]
    assert study.next_card() is None
    assert session(seeded_store, clock, deck_id=second.id).counts().new == 0
    seeded_store.update_deck_settings(second.id, new_per_day=3)
    assert study.counts().new == 1
    card = study.next_card()
    assert card is not None and card.deck == second.name


def test_an_empty_collection(db_path: Path, clock: Clock) -> None:
    empty = Store.open(db_path)
    study = session(empty, clock)
    assert study.next_card() is None
    assert study.counts() == QueueCounts(new=0, learning=0, review=0)
    summary = study.summary()
    assert (summary.answered, summary.accuracy, summary.due_tomorrow) == (0, None, 0)
    empty.close()
