"""A review looked ahead (started in a thread while the app loads) is the review the screen
would have started itself: the same first card, handed over once, its errors raised where
it is taken."""

from __future__ import annotations

from datetime import UTC

import pytest

from flashcards.errors import FlashcardsError
from flashcards.store import Store
from flashcards.study import DAY_START_ENV
from flashcards.tui.services import Services

from support import T0


def services(store: Store) -> Services:
    return Services(store, clock=lambda: T0, fuzz=False, day_hour=4, zone=UTC)


def test_the_review_looked_ahead_starts_with_the_card_a_new_review_would(
    seeded_store: Store,
) -> None:
    made = services(seeded_store)
    expected = made.study(None).next_card()
    assert expected is not None
    made.look_ahead(None)
    taken = made.first_review(None)
    assert taken is not None
    study, card = taken
    assert card == expected
    assert made.first_card_found(None) is False  # handed over once
    assert made.first_review(None) is None
    assert study.next_card() == expected  # the session goes on from there


def test_a_review_of_another_deck_is_not_the_one_looked_ahead(seeded_store: Store) -> None:
    made = services(seeded_store)
    made.look_ahead(None)
    deck = seeded_store.decks()[0].id
    assert made.first_review(deck) is None
    assert not made.first_card_found(deck)
    assert made.first_review(None) is not None  # still there for its own deck


def test_the_first_run_loads_the_bundled_deck_while_looking_ahead(empty_store: Store) -> None:
    made = services(empty_store)
    made.look_ahead(None)
    taken = made.first_review(None)
    assert taken is not None and taken[1] is not None
    assert made.prepare() is True and empty_store.decks()


def test_what_went_wrong_is_raised_where_the_review_is_taken(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DAY_START_ENV, "25")
    made = Services(seeded_store, clock=lambda: T0, fuzz=False, zone=UTC)
    made.look_ahead(None)
    with pytest.raises(FlashcardsError, match="0 to 23"):
        made.first_review(None)
    assert not made.first_card_found(None)
