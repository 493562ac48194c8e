"""Statistics before there is much history: answers so far, the young cards' retention, and
one line saying when true retention (the mature cards', reviewed 21 days or more after their
last answer) will appear. Real answers through the review service on a real SQLite file,
under a clock the test moves; `stats --json` keeps every key it had, with one addition."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flashcards.domain import CardState, Rating
from flashcards.importing import import_file
from flashcards.stats import KEYS, MATURE_DAYS, collection_stats
from flashcards.store import Store
from flashcards.study import Study
from flashcards.study_types import StudyCard
from flashcards.tui.app import FlashcardsApp
from flashcards.tui.screens.stats import StatsScreen
from flashcards.tui.services import Services

from study_support import AGAIN, EASY, GOOD, Clock, session
from support import SEED, T0
from tui_support import screen_text, settle

Run = Callable[..., subprocess.CompletedProcess[str]]

#: The keys `stats --json` gave before this figure was added, in their order.
KEYS_BEFORE = [
    "notes",
    "cards",
    "new",
    "learning",
    "review",
    "suspended",
    "reviews_total",
    "reviews_today",
    "reviews_in_future",
    "due_today",
    "forecast",
    "retention",
    "leeches",
    "parameters",
]


def seeded(db_path: Path) -> Store:
    """A database with the seed deck, imported at T0."""
    opened = Store.open(db_path)
    import_file(opened, SEED, T0)
    return opened


@dataclass
class History:
    """Every answer the test gave: (card, state before, days since its previous answer, rating)."""

    answers: list[tuple[int, CardState, float | None, Rating]] = field(default_factory=list)
    last: dict[int, datetime] = field(default_factory=dict)

    def answer(
        self, study: Study, clock: Clock, rating_for: Callable[[CardState, int], Rating]
    ) -> int:
        """Answer every card the session shows now; how many were answered."""
        given = 0
        while (card := study.next_card()) is not None:
            self.give(study, clock, card, rating_for(card.state, len(self.answers)))
            clock.advance(seconds=30)
            given += 1
        return given

    def give(self, study: Study, clock: Clock, card: StudyCard, rating: Rating) -> None:
        """Answer `card` now, and write down how long it waited since its last answer."""
        previous = self.last.get(card.card_id)
        waited = None if previous is None else (clock() - previous).total_seconds() / 86400
        study.answer(card, rating, duration_ms=3000)
        self.answers.append((card.card_id, card.state, waited, rating))
        self.last[card.card_id] = clock()

    def share(self, mature: bool) -> tuple[float | None, int]:
        reviews = [
            r
            for _, state, waited, r in self.answers
            if state is CardState.REVIEW
            and waited is not None
            and (waited >= MATURE_DAYS) is mature
        ]
        passed = sum(r is not AGAIN for r in reviews)
        return (passed / len(reviews) if reviews else None), len(reviews)


def first_day(store: Store, clock: Clock, history: History) -> None:
    """22 answers on the first morning: new and learning cards only, every fifth one Again."""
    study = session(store, clock, zone=UTC, day_hour=4)
    while len(history.answers) < 22:
        card = study.next_card()
        if card is None:
            clock.advance(minutes=11)
            continue
        history.give(study, clock, card, AGAIN if len(history.answers) % 5 == 0 else GOOD)
        clock.advance(seconds=20)


def app_on(store: Store, clock: Clock) -> FlashcardsApp:
    return FlashcardsApp(Services(store, clock=clock, fuzz=False, day_hour=4, zone=UTC, seed=7))


async def statistics_text(store: Store, clock: Clock) -> str:
    app = app_on(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot, rounds=8)
        assert isinstance(app.screen, StatsScreen)
        return " ".join(screen_text(pilot).replace("│", " ").split())


async def test_after_a_first_morning_it_says_what_it_can_and_when_true_retention_comes(
    db_path: Path,
) -> None:
    store = seeded(db_path)
    clock = Clock(T0 - timedelta(hours=2))  # 07:00 UTC on 2 March
    history = History()
    first_day(store, clock, history)
    assert all(state is not CardState.REVIEW for _, state, _, _ in history.answers)
    passed = sum(r is not AGAIN for *_, r in history.answers)
    text = await statistics_text(store, clock)
    store.close()
    assert "no reviews yet" not in text
    assert f"Not Again {passed} of 22 answers so far ({passed / 22:.0%})" in text
    assert "Young cards no review yet (under 21 days)" in text
    # Every card answered this morning waits 21 days at the least: 23 March, not before.
    assert (
        "True retention appears once a card is reviewed 21 days or more after its last "
        "answer: earliest on Mar 23" in text
    )


async def test_young_cards_then_true_retention_from_real_reviews(db_path: Path) -> None:
    store = seeded(db_path)
    clock = Clock(T0 - timedelta(hours=2))
    history = History()
    first_day(store, clock, history)

    def rating_for(state: CardState, n: int) -> Rating:
        if state is CardState.REVIEW:
            return AGAIN if n % 6 == 0 else EASY
        return GOOD

    young_seen = False
    for day in range(1, 120):
        clock.now = T0 + timedelta(days=day)
        study = session(store, clock, zone=UTC, day_hour=4)
        history.answer(study, clock, rating_for)
        young, young_reviews = history.share(mature=False)
        mature, mature_reviews = history.share(mature=True)
        if young is not None and not young_seen:
            young_seen = True
            detail = collection_stats(store, clock(), day_hour=4, zone=UTC)["retention_detail"]
            assert detail["young_reviews"] == young_reviews
            assert detail["young_retention"] == young
            assert detail["mature_retention"] is None and detail["mature_from"] is not None
            text = await statistics_text(store, clock)
            assert re.search(rf"Young cards \S+ {young:.0%} of {young_reviews} reviews? ", text)
            assert "True retention appears once a card is reviewed 21 days" in text
        if mature is not None:
            break
    assert young_seen and mature is not None, "no card reached 21 days in 120 days"
    text = await statistics_text(store, clock)
    assert re.search(rf"True retention \S+ {mature:.0%} of {mature_reviews} reviews? ", text)
    assert "appears once" not in text
    detail = collection_stats(store, clock(), day_hour=4, zone=UTC)["retention_detail"]
    store.close()
    assert detail == {
        "answers": len(history.answers),
        "answers_passed": sum(r is not AGAIN for *_, r in history.answers),
        "young_reviews": young_reviews,
        "young_retention": young,
        "mature_reviews": mature_reviews,
        "mature_retention": mature,
        "mature_days": 21,
        "mature_from": None,
    }


def test_stats_json_keeps_its_keys_and_adds_the_detail(cli: Run, db_path: Path) -> None:
    store = seeded(db_path)
    clock = Clock(T0 - timedelta(hours=2))
    history = History()
    first_day(store, clock, history)
    expected = collection_stats(store, clock(), day_hour=4, zone=UTC)
    store.close()
    done = cli("stats", "--json")
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert list(KEYS) == [*KEYS_BEFORE, "retention_detail"]
    assert list(stats) == list(KEYS)
    assert stats["reviews_total"] == 22 and stats["retention"] is None
    assert stats["retention_detail"] == expected["retention_detail"]
    # Without the detail (the app counts it on its own), everything else is the same.
    store = Store.open(db_path)
    lean = collection_stats(store, clock(), day_hour=4, zone=UTC, detail=False)
    store.close()
    assert lean == {k: v for k, v in expected.items() if k != "retention_detail"}
    # The card answered last the longest ago: 21 days after that answer (all are due sooner).
    earliest = min(history.last.values()) + timedelta(days=21)
    assert stats["retention_detail"]["mature_from"] == earliest.strftime("%Y-%m-%dT%H:%M:%SZ")
    text = cli("stats")
    assert text.returncode == 0, text.stderr
    assert "retention        no answer to a review card yet" in text.stdout
    assert "young cards      no review yet" in text.stdout
    assert "true retention   appears once a card is reviewed 21 days or more" in text.stdout


def test_one_decks_figures_are_its_own(db_path: Path) -> None:
    from flashcards.stats import retention_figures

    store = seeded(db_path)
    import_file(store, SEED, T0, deck="second")
    clock = Clock(T0 - timedelta(hours=2))
    history = History()
    first_day(store, clock, history)
    first, second = store.decks()
    ours = {c.id for n in store.notes(first.id) for c in n.cards}
    everything = retention_figures(store)
    one, other = retention_figures(store, first.id), retention_figures(store, second.id)
    store.close()
    in_first = [r for card, _, _, r in history.answers if card in ours]
    assert 0 < len(in_first) < 22  # the session took cards of both decks
    assert one["answers"] == len(in_first)
    assert one["answers_passed"] == sum(r is not AGAIN for r in in_first)
    assert other["answers"] == 22 - len(in_first)
    assert one["answers_passed"] + other["answers_passed"] == everything["answers_passed"]
