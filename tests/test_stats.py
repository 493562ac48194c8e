"""Statistics: counts, today, the 30-day forecast, true retention and leeches."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from flashcards.clock import local_zone, utc_now
from flashcards.domain import CardKind, Rating
from flashcards.importing import import_file
from flashcards.scheduling import DEFAULT_PARAMETERS
from flashcards.stats import KEYS, collection_stats, day_ends
from flashcards.store import Store

from study_support import AGAIN, EASY, GOOD, HARD, NY, Clock, card_ids, session, utc
from support import SEED, T0

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_day_ends_follow_daylight_saving() -> None:
    ends = day_ends(T0, 4, NY)
    assert len(ends) == 30
    assert ends[0] == utc(2026, 3, 3, 9, 0)  # 04:00 EST
    assert ends[4] == utc(2026, 3, 7, 9, 0)
    assert ends[5] == utc(2026, 3, 8, 8, 0)  # 04:00 EDT: that day had 23 hours
    assert ends[29] == utc(2026, 4, 1, 8, 0)


def test_a_fresh_deck(seeded_store: Store) -> None:
    stats = collection_stats(seeded_store, T0, zone=NY)
    assert list(stats) == list(KEYS)
    assert stats == {
        "notes": 10,
        "cards": 28,
        "new": 28,
        "learning": 0,
        "review": 0,
        "suspended": 0,
        "reviews_total": 0,
        "reviews_today": 0,
        "reviews_in_future": 0,
        "due_today": 0,
        "forecast": [0] * 30,
        "retention": None,
        "leeches": 0,
        "parameters": {
            "fitted": False,
            "fitted_at": None,
            "reviews": 0,
            "per_kind": False,
            "scope": None,
            "weights": {"all": list(DEFAULT_PARAMETERS)},
        },
        "retention_detail": {
            "answers": 0,
            "answers_passed": 0,
            "young_reviews": 0,
            "young_retention": None,
            "mature_reviews": 0,
            "mature_retention": None,
            "mature_days": 21,
            "mature_from": None,
        },
    }


def test_forecast_counts_each_card_on_the_day_it_can_be_shown(
    seeded_store: Store, clock: Clock
) -> None:
    study = session(seeded_store, clock)
    shown = {}
    for rating in (EASY, GOOD, AGAIN, EASY, HARD):
        card = study.next_card()
        assert card is not None
        shown[card.note.word] = card
        study.answer(card, rating)
    # agi: Easy, due in 8 days (10 March); intimidating: 09:10 and niche: 09:01 today;
    # poached: Easy but then suspended; inspire: Hard (09:05:30), then buried until tomorrow.
    study.suspend(shown["poached"])
    study.bury(shown["inspire"])
    undone = study.next_card()
    assert undone is not None
    study.answer(undone, GOOD)
    study.undo()  # an undone answer is no answer

    stats = collection_stats(seeded_store, T0, zone=NY)
    expected = [0] * 30
    expected[0] = 2
    expected[1] = 1
    expected[8] = 1
    assert stats["forecast"] == expected
    assert stats["due_today"] == stats["forecast"][0] == 2
    assert (stats["new"], stats["learning"], stats["review"], stats["suspended"]) == (23, 3, 1, 1)
    assert (stats["reviews_total"], stats["reviews_today"]) == (5, 5)
    assert stats["retention"] is None  # no answer to a card in review state yet

    # Next day (3 March), the answers of 2 March are no longer today's.
    next_day = collection_stats(seeded_store, utc(2026, 3, 3, 9, 0), zone=NY)
    assert (next_day["reviews_total"], next_day["reviews_today"]) == (5, 0)
    assert next_day["forecast"][:8] == [3, 0, 0, 0, 0, 0, 0, 1]  # overdue ones count today

    # True retention: answers to review cards that were not Again.
    clock.now = utc(2026, 3, 10, 14, 0)
    agi = shown["agi"]
    study.answer(agi, GOOD)
    assert collection_stats(seeded_store, clock(), zone=NY)["retention"] == 1.0
    study.answer(agi, AGAIN)
    study.answer(agi, GOOD)  # a relearning answer does not count
    assert collection_stats(seeded_store, clock(), zone=NY)["retention"] == 0.5


def test_stats_of_one_deck(seeded_store: Store) -> None:
    import_file(seeded_store, SEED, T0, deck="second")
    study = session(seeded_store, Clock(T0))
    card = study.next_card()
    assert card is not None
    study.answer(card, EASY)
    first, second = seeded_store.decks()
    everything = collection_stats(seeded_store, T0, zone=NY)
    one = collection_stats(seeded_store, T0, first.id, zone=NY)
    other = collection_stats(seeded_store, T0, second.id, zone=NY)
    assert (everything["notes"], everything["cards"]) == (20, 56)
    assert (one["notes"], one["review"], one["reviews_total"], sum(one["forecast"])) == (
        10,
        1,
        1,
        1,
    )
    assert (other["notes"], other["review"], other["reviews_total"], sum(other["forecast"])) == (
        10,
        0,
        0,
        0,
    )


def test_stats_json_through_the_installed_program(cli: Run, db_path: Path) -> None:
    assert cli("import", str(SEED)).returncode == 0
    store = Store.open(db_path)
    # A day boundary twelve hours away, so that "today" is the same for every step below.
    hour = (datetime.now(local_zone()).hour + 12) % 24
    store.set_setting("day_start_hour", str(hour))
    study = session(store, utc_now, zone=None)  # type: ignore[arg-type]
    ids = card_ids(store)

    def answer(word: str, *ratings: Rating) -> None:
        card = study.next_card()
        while card is not None and card.card_id != ids[word, CardKind.MEANING]:
            study.bury(card)
            card = study.next_card()
        assert card is not None
        for rating in ratings:
            study.answer(card, rating)

    answer("agi", GOOD)  # learning, due in 10 minutes
    answer("intimidating", AGAIN)  # learning, due in 1 minute
    # niche: review; then Good (review), Again (review: a lapse), Good (relearning), Hard
    # (review): three answers to a review card, two of them not Again.
    answer("niche", EASY, GOOD, AGAIN, GOOD, HARD)
    # oligopoly: a leech. Easy, then seven times Again and Good, then the eighth Again.
    answer("oligopoly", EASY, *[AGAIN, GOOD] * 7, AGAIN)
    poached = study.next_card()
    assert poached is not None
    study.answer(poached, GOOD)
    study.undo()
    store.close()

    done = cli("stats", "--json")
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert list(stats) == list(KEYS)
    reviews = 1 + 1 + 5 + 16
    other = ("forecast", "retention", "parameters", "retention_detail")
    assert {k: stats[k] for k in KEYS if k not in other} == {
        "notes": 10,
        "cards": 28,
        "new": 24,
        "learning": 2,  # agi, intimidating (the leech is suspended)
        "review": 1,  # niche
        "suspended": 1,
        "reviews_total": reviews,
        "reviews_today": reviews,
        "reviews_in_future": 0,
        "due_today": 2,
        "leeches": 1,
    }
    assert len(stats["forecast"]) == 30
    assert stats["forecast"][0] == 2 and sum(stats["forecast"]) == 3
    assert stats["retention"] == 2 / 11  # niche: 2 of 3; oligopoly: 0 of 8
    assert stats["parameters"]["fitted"] is False

    missing = cli("stats", "--json", "--deck", "nothing")
    assert missing.returncode != 0 and "no deck named 'nothing'" in missing.stderr
    text = cli("stats")
    assert text.returncode == 0
    assert "retention        18.2%" in text.stdout
    assert "leeches          1" in text.stdout
    assert "forecast         2 today, then " in text.stdout
