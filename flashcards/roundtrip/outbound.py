"""The schedule of every card, and its review log, added to the notes of an export."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from flashcards.clock import day_start, local_zone
from flashcards.domain import CardKind
from flashcards.export.anki import AnkiCard, Kind, PackageDeck
from flashcards.roundtrip.schedule import RevlogIds, anki_card
from flashcards.store import Store
from flashcards.store.anki_sync import SyncNote, anki_revlog_ids, deck_ids_by_name, sync_notes

__all__ = ["VOCABULARY_ORDS", "package_crt", "with_schedules"]

#: The card templates of the "ESL Vocabulary" note type, by card kind.
VOCABULARY_ORDS = {CardKind.MEANING: 0, CardKind.RECALL: 1}


def package_crt(store: Store, now: datetime) -> datetime:
    """The package collection's creation time: the start of the learner's day, so that a
    review card's due day counts from today."""
    from flashcards.study import day_start_hour  # the day's rule lives with the study service

    return day_start(now, day_start_hour(store), local_zone())


def with_schedules(
    store: Store,
    decks: Sequence[PackageDeck],
    deck_id: int | None,
    now: datetime,
) -> tuple[list[PackageDeck], int]:
    """The package's decks with each card's schedule and log, and the collection's ``crt``.

    A note's meaning and recall cards go on its vocabulary note; its context card on its
    first cloze note (the word's other cloze notes start new in Anki, and their answers
    come back to the same context card).
    """
    crt = package_crt(store, now)
    out = []
    with store.reading() as conn:
        # Every id Anki gave an answer, reserved before any answer given here takes one.
        ids = RevlogIds(anki_revlog_ids(conn, deck_id))
        deck_ids = deck_ids_by_name(conn)
        for deck in decks:
            # One deck's notes, cards and logs at a time: the logs of a whole collection
            # (ten million answers at a million cards) are never all in memory as read.
            names = dict.fromkeys(note.key[1] for note in deck.notes)
            by_key: dict[tuple[str, str], SyncNote] = {
                (n.deck, n.key): n
                for name in names
                if name in deck_ids
                for n in sync_notes(conn, deck_ids[name])
            }
            out.append(_scheduled(deck, by_key, crt, now, ids))
    return out, int(crt.timestamp())


def _scheduled(
    deck: PackageDeck,
    by_key: dict[tuple[str, str], SyncNote],
    crt: datetime,
    now: datetime,
    ids: RevlogIds,
) -> PackageDeck:
    given_context: set[tuple[str, str]] = set()
    scheduled = []
    for note in deck.notes:
        found = by_key.get((note.key[1], note.key[2]))
        cards: list[AnkiCard] = []
        if found is not None:
            if note.kind is Kind.VOCABULARY:
                wanted = [(kind, ord_) for kind, ord_ in VOCABULARY_ORDS.items()]
            elif (found.deck, found.key) not in given_context:
                given_context.add((found.deck, found.key))
                wanted = [(CardKind.CONTEXT, 0)]
            else:
                wanted = []
            for kind, ord_ in wanted:
                card = found.card(kind)
                if card is None:
                    continue
                made = anki_card(
                    card,
                    ord_,
                    crt=crt,
                    now=now,
                    desired_retention=found.desired_retention,
                    ids=ids,
                )
                if made is not None:
                    cards.append(made)
        scheduled.append(dataclasses.replace(note, cards=tuple(cards)) if cards else note)
    return dataclasses.replace(deck, notes=tuple(scheduled))
