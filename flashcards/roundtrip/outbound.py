"""The schedule of every card, and its review log, added to the notes of an export."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from flashcards.clock import day_start, local_zone
from flashcards.domain import CardKind
from flashcards.export.anki import AnkiCard, Kind, PackageNote
from flashcards.roundtrip.schedule import PendingRevlogIds, anki_card
from flashcards.store import Store
from flashcards.store.anki_sync import SyncNote
from flashcards.store.work import Work

__all__ = ["VOCABULARY_ORDS", "PackageSchedules", "package_crt"]

#: The card templates of the "ESL Vocabulary" note type, by card kind.
VOCABULARY_ORDS = {CardKind.MEANING: 0, CardKind.RECALL: 1}


def package_crt(store: Store, now: datetime) -> datetime:
    """The package collection's creation time: the start of the learner's day, so that a
    review card's due day counts from today."""
    from flashcards.study import day_start_hour  # the day's rule lives with the study service

    return day_start(now, day_start_hour(store), local_zone())


class PackageSchedules:
    """Each card's schedule and log for the notes of an export, a page of notes at a time.

    A note's meaning and recall cards go on its vocabulary note; its context card on its
    first cloze note (the word's other cloze notes start new in Anki, and their answers
    come back to the same context card). The revlog ids are wanted ones, made unique by the
    package writer; ``reserved`` are those of the answers from Anki, which keep theirs.
    """

    def __init__(self, work: Work, deck_id: int | None, crt: datetime, now: datetime) -> None:
        self.crt = crt
        self.now = now
        self.reserved = work.anki_revlog_ids(deck_id)
        self._ids = PendingRevlogIds()

    def page(self, work: Work, note_ids: Sequence[int]) -> dict[int, SyncNote]:
        """The cards and logs of these notes (on the export's read snapshot `work`); none
        for a note whose cards are all new, unsuspended, never buried and without a log
        (:meth:`scheduled` leaves those as they are)."""
        chosen = work.scheduled_note_ids(note_ids)
        if not chosen:
            return {}
        return {n.id: n for n in work.sync_notes_of(sorted(chosen))}

    def scheduled(self, notes: Sequence[PackageNote], found: SyncNote | None) -> list[PackageNote]:
        """The Anki notes made of one note (its vocabulary note, then its cloze notes),
        with the schedules of its cards."""
        if found is None:
            return list(notes)
        given_context = False
        out = []
        for note in notes:
            if note.kind is Kind.VOCABULARY:
                wanted = list(VOCABULARY_ORDS.items())
            elif not given_context:
                given_context = True
                wanted = [(CardKind.CONTEXT, 0)]
            else:
                wanted = []
            cards: list[AnkiCard] = []
            for kind, ord_ in wanted:
                card = found.card(kind)
                if card is None:
                    continue
                made = anki_card(
                    card,
                    ord_,
                    crt=self.crt,
                    now=self.now,
                    desired_retention=found.desired_retention,
                    ids=self._ids,
                )
                if made is not None:
                    cards.append(made)
            out.append(dataclasses.replace(note, cards=tuple(cards)) if cards else note)
        return out
