"""A card's schedule is declared once, in the domain: every type that carries one extends it."""

from __future__ import annotations

from dataclasses import fields

import pytest

from flashcards import scheduling
from flashcards.domain import CardChange, CardKind, CardRecord, CardState, Rating, Schedule
from flashcards.store import Store
from flashcards.store.anki_sync import SyncCard
from flashcards.store.parameters import CardMemory

from support import T0

CARRIERS = [CardRecord, CardChange, SyncCard, CardMemory]
SCHEDULE_FIELDS = [f.name for f in fields(Schedule)]


@pytest.mark.parametrize("kind", CARRIERS, ids=lambda k: k.__name__)
def test_each_card_type_extends_the_one_schedule(kind: type) -> None:
    assert issubclass(kind, Schedule)
    assert [f.name for f in fields(kind)][: len(SCHEDULE_FIELDS)] == SCHEDULE_FIELDS
    declared_again = set(vars(kind).get("__annotations__", {})) & set(SCHEDULE_FIELDS)
    assert not declared_again


def test_the_scheduler_speaks_the_domain_schedule() -> None:
    assert scheduling.Schedule is Schedule
    assert Schedule() == Schedule(CardState.NEW, None, None, None, None, None, 0, 0)


def test_a_stored_card_is_read_as_its_schedule(seeded_store: Store) -> None:
    note = seeded_store.notes()[0]
    record = seeded_store.card_record(note.cards[0].id)
    assert (record.kind, record.note_id) == (CardKind.MEANING, note.id)
    schedule = Schedule(**{name: getattr(record, name) for name in SCHEDULE_FIELDS})
    assert schedule == Schedule()  # a new card's schedule, as imported
    later = scheduling.scheduler_for(0.9, False).review(record.id, record, Rating.GOOD, T0)
    assert (later.state, later.reps) == (CardState.LEARNING, 1)
