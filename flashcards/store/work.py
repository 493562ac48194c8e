"""One transaction's reads and writes in domain terms, for the services whose work needs
several of them to agree (fitting parameters, rescheduling, a card's memory, the Anki round
trip, an export's one read snapshot): `Store.work()` hands out a `Work`, and the connection
stays here.

A read `Work` sees one state of the database; a written one lands whole or not at all (the
block raising rolls every write of it back).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from flashcards.domain import CardKind, CardRecord, Note, Schedule
from flashcards.store import anki_sync, cards, listing, parameters, search
from flashcards.store.anki_sync import AnkiAnswer, LoggedAnswer, SyncNote
from flashcards.store.parameters import (
    CardAnswer,
    CardMemory,
    HistoryAnswer,
    ParameterSet,
    StoredParameters,
)


class Work:
    """The operations of one transaction (made by `Store.work`)."""

    __slots__ = ("_conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # -- cards and notes -----------------------------------------------------------------------

    def card_record(self, card_id: int) -> CardRecord:
        """One card's schedule (with its deck's desired retention), or a StoreError."""
        return cards.card_record(self._conn, card_id)

    def note(self, note_id: int) -> tuple[Note, str | None]:
        """One note with its contexts and live cards, and its deck's talk title."""
        return cards.load_note(self._conn, note_id)

    def edit_note(self, note_id: int, now: datetime, fields: Mapping[str, Any]) -> bool:
        """Change a note's text as the learner's own edit (False when nothing differed); a
        FlashcardsError, before writing, for a missing note or a word its deck has already.
        `refresh_search` once the edits are done."""
        from flashcards.store.repository import write_note_edit

        return write_note_edit(self._conn, note_id, now, dict(fields))

    def refresh_search(self) -> None:
        """Index the notes edited in this transaction."""
        search.refresh(self._conn)

    # -- FSRS parameters and the history behind them -------------------------------------------

    def parameters(self, deck_id: int | None) -> StoredParameters:
        """The deck's (None: the collection's) set in use and the one before it."""
        return parameters.load(self._conn, deck_id)

    def save_parameters(self, deck_id: int | None, chosen: StoredParameters) -> None:
        """Keep `chosen` as the deck's (None: the collection's) sets."""
        parameters.save(self._conn, deck_id, chosen)

    def parameters_in_use(self, deck_id: int) -> tuple[ParameterSet | None, int | None]:
        """The set a deck's cards are scheduled with, and whose it is (the deck's id, or None
        for the collection's); (None, None): FSRS's defaults."""
        return parameters.in_use(self._conn, deck_id)

    def weights_for(self, deck_id: int, kind: CardKind) -> tuple[float, ...] | None:
        """The weights a card of this deck and kind is scheduled with (None: the defaults)."""
        return parameters.weights_for(self._conn, deck_id, kind)

    def fitting_history(self, deck_id: int | None) -> list[HistoryAnswer]:
        """Every answer in force of the deck (None: of every deck), by card, oldest first."""
        return parameters.review_history(self._conn, deck_id)

    def card_answers(self, card_id: int) -> list[CardAnswer]:
        """A card's answers in force, oldest first."""
        return parameters.card_answers(self._conn, card_id)

    def answered_cards(self, deck_id: int | None, *, logged: bool = False) -> list[CardMemory]:
        """Every answered card of the deck (None: of every deck) with its schedule; `logged`:
        every card with an answer in force in the log, whatever its state says."""
        return parameters.answered_cards(self._conn, deck_id, logged=logged)

    def write_schedules(self, schedules: Iterable[tuple[int, Schedule]]) -> int:
        """Each (card id, schedule) written to its card (the log as it is). Returns how many."""
        return parameters.write_schedules(self._conn, schedules)

    # -- the Anki round trip -------------------------------------------------------------------

    def sync_notes(self, deck_id: int | None = None, *, with_log: bool = True) -> list[SyncNote]:
        """Every note (of one deck, or of all) with its live cards, schedules and logs
        (`with_log=False`: logs left empty, `card_logs` reads the few needed)."""
        return anki_sync.sync_notes(self._conn, deck_id, with_log=with_log)

    def unknown_answers(self, candidates: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        """The (card id, Anki revlog id) pairs not in the log yet."""
        return anki_sync.unknown_answers(self._conn, candidates)

    def card_logs(self, card_ids: Iterable[int]) -> dict[int, tuple[LoggedAnswer, ...]]:
        """These cards' answers in force, oldest first."""
        return anki_sync.card_logs(self._conn, card_ids)

    def add_anki_answers(self, card_id: int, answers: Sequence[AnkiAnswer]) -> int:
        """Answers given in Anki added to a card's log, marked as from Anki. Returns how many."""
        return anki_sync.add_anki_answers(self._conn, card_id, answers)

    def set_schedule(self, card_id: int, schedule: Schedule) -> None:
        """A card's schedule, worked out again from its merged log."""
        anki_sync.set_schedule(self._conn, card_id, schedule)

    def anki_revlog_ids(self, deck_id: int | None = None) -> list[int]:
        """The Anki revlog ids of the answers merged from Anki (of one deck, or of all)."""
        return anki_sync.anki_revlog_ids(self._conn, deck_id)

    def scheduled_note_ids(self, note_ids: Sequence[int]) -> set[int]:
        """Of these notes, those with a card that is not new and unsuspended, never buried
        and without a log (the others go to Anki as new)."""
        return anki_sync.scheduled_note_ids(self._conn, note_ids)

    def sync_notes_of(self, note_ids: Sequence[int]) -> list[SyncNote]:
        """`sync_notes` of these notes only, their contexts left empty."""
        return anki_sync.sync_notes_of(self._conn, note_ids)

    # -- an export -----------------------------------------------------------------------------

    def note_counts(self) -> dict[int, int]:
        """How many notes each deck has (decks without any left out)."""
        return listing.note_counts(self._conn)

    def export_pages(
        self, deck_id: int, *, page_size: int = listing.PAGE_SIZE
    ) -> Iterator[list[listing.ExportRow]]:
        """A deck's notes in list order, a page at a time, as an export reads them."""
        return listing.export_pages(self._conn, deck_id, page_size=page_size)
