"""Answers recorded under a clock set to the future (2099) never count as "today" on a later
real day: they block no daily limit, and `stats` reports them."""

from __future__ import annotations

import json
from pathlib import Path

from flashcards.store import Store
from flashcards.study import Study

from study_support import GOOD, NY, Clock, utc
from support import SEED


def test_answers_from_2099_never_block_a_day(db_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(SEED)).returncode == 0
    store = Store.open(db_path)
    (deck,) = store.decks()
    store.update_deck_settings(deck.id, new_per_day=2)
    future = Study(store, clock=Clock(utc(2099, 6, 1, 12, 0)), fuzz=False, zone=NY)
    for _ in range(2):
        card = future.next_card()
        assert card is not None
        future.answer(card, GOOD)
    assert future.counts().new == 0  # in 2099, that day's two new cards are done

    later = Study(store, clock=Clock(utc(2026, 12, 1, 12, 0)), fuzz=False, zone=NY)
    assert later.counts().new == 2
    card = later.next_card()
    assert card is not None and card.state.value == "new"
    store.close()

    stats = json.loads(cli("stats", "--json").stdout)
    assert stats["reviews_total"] == 2
    assert stats["reviews_today"] == 0
    assert stats["reviews_in_future"] == 2
    plain = cli("stats").stdout
    assert "reviews in future" in plain
