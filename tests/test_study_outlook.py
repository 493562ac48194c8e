"""What the end of a session says comes next: the next card's due time, and tomorrow's new
cards (within the daily limit) and due cards."""

from __future__ import annotations

from datetime import timedelta

from flashcards.store import Store

from study_support import GOOD, Clock, session, utc
from support import T0


def test_the_next_card_and_tomorrow(seeded_store: Store, clock: Clock) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    study.answer(card, GOOD)  # a learning card, due again in 10 minutes
    outlook = study.outlook()
    assert outlook.next_due == T0 + timedelta(minutes=10)
    assert outlook.tomorrow == utc(2026, 3, 3, 9, 0)  # 4 a.m. in New York
    assert outlook.new_tomorrow == 10  # one new card a note, the answered one's too
    assert outlook.due_tomorrow == 1


def test_tomorrow_is_capped_by_the_daily_new_limit(seeded_store: Store, clock: Clock) -> None:
    (deck,) = seeded_store.decks()
    seeded_store.update_deck_settings(deck.id, new_per_day=4)
    outlook = session(seeded_store, clock).outlook()
    assert outlook.new_tomorrow == 4 and outlook.due_tomorrow == 0
    assert outlook.next_due == outlook.tomorrow  # the new cards: tomorrow


def test_nothing_scheduled(seeded_store: Store, clock: Clock) -> None:
    for note in seeded_store.notes():
        session(seeded_store, clock).set_note_suspended(note.id, True)
    outlook = session(seeded_store, clock).outlook()
    assert outlook.next_due is None and outlook.new_tomorrow == 0
