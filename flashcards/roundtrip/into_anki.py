"""Our schedule and review log written straight into the learner's (closed) Anki collection,
through the `anki` library (the optional extra `anki`, AGPL-3.0).

A package cannot do this: Anki never updates the scheduling of cards whose notes it already
has. Here each card of our notes that the collection holds gets the answers of our log that
its revlog lacks, and, when our last answer is later than Anki's, our schedule. The collection
is backed up first with Anki's own backup call, into the `backups` folder beside it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flashcards.domain import CardKind
from flashcards.errors import FlashcardsError
from flashcards.export.anki import note_guid
from flashcards.roundtrip.outbound import VOCABULARY_ORDS
from flashcards.roundtrip.schedule import RevlogIds, anki_card
from flashcards.store import Store
from flashcards.store.anki_sync import SyncCard, SyncNote

__all__ = ["IntoAnki", "write_into_collection"]

_SAME_ANSWER_MS = 1000


@dataclass(frozen=True)
class IntoAnki:
    """What was written into an Anki collection."""

    path: str
    reviews_added: int
    cards_rescheduled: int
    cards_newer_in_anki: int
    notes_missing: int
    backup: str | None

    def __str__(self) -> str:
        line = (
            f"wrote into {self.path}: {self.reviews_added} reviews added, "
            f"{self.cards_rescheduled} cards rescheduled"
        )
        if self.cards_newer_in_anki:
            line += (
                f"; {self.cards_newer_in_anki} cards answered later in Anki kept Anki's "
                "schedule (import an export of it first)"
            )
        if self.notes_missing:
            line += f"; {self.notes_missing} notes not in the collection (import a package first)"
        if self.backup:
            line += f"; backup in {self.backup}"
        return line


def _open(path: Path) -> Any:
    try:
        from anki.collection import Collection
        from anki.errors import DBError
    except ImportError:
        raise FlashcardsError(
            '--into-anki needs the anki library: pip install "flashcards[anki]"'
        ) from None
    if not path.is_file():
        raise FlashcardsError(f"{path}: no such Anki collection")
    if path.suffix != ".anki2":
        raise FlashcardsError(f"{path}: not an Anki collection (collection.anki2)")
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise FlashcardsError(f"{path}: not an Anki collection (not an SQLite file)")
    try:
        return Collection(str(path))
    except DBError:  # what the library raises while another program holds the collection
        raise FlashcardsError(
            f"{path}: the collection is open in Anki (or locked); close Anki and try again"
        ) from None
    except Exception as exc:  # the library's other errors have no common public base
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FlashcardsError(f"{path}: cannot open the collection ({reason})") from None


def _guids(notes: list[SyncNote]) -> dict[str, tuple[SyncNote, list[tuple[CardKind, int]]]]:
    index: dict[str, tuple[SyncNote, list[tuple[CardKind, int]]]] = {}
    for note in notes:
        index[note_guid(("vocabulary", note.deck, note.key))] = (
            note,
            list(VOCABULARY_ORDS.items()),
        )
        for sentence in dict.fromkeys(note.contexts):
            index[note_guid(("cloze", note.deck, note.key, sentence))] = (
                note,
                [(CardKind.CONTEXT, 0)],
            )
    return index


def write_into_collection(
    store: Store, path: str | Path, deck_id: int | None, now: datetime
) -> IntoAnki:
    """Write our schedule and log into the closed Anki collection at `path` (after a backup).

    Refuses (FlashcardsError) without the `anki` library, and while Anki has it open."""
    target = Path(path).expanduser()
    col = _open(target)
    try:
        with store.work() as work:
            notes = work.sync_notes(deck_id)
        backup_dir = target.parent / "backups"
        backup_dir.mkdir(exist_ok=True)
        col.create_backup(backup_folder=str(backup_dir), force=True, wait_for_completion=True)
        index = _guids(notes)
        crt = datetime.fromtimestamp(col.crt, UTC)
        nids = {guid: nid for nid, guid in col.db.all("SELECT id, guid FROM notes")}
        anki_cards: dict[int, dict[int, int]] = defaultdict(dict)
        for cid, nid, ord_ in col.db.all("SELECT id, nid, ord FROM cards"):
            anki_cards[nid][ord_] = cid
        revlog: dict[int, list[int]] = defaultdict(list)
        for rid, cid in col.db.all("SELECT id, cid FROM revlog"):
            revlog[cid].append(rid)
        ids = RevlogIds(rid for rids in revlog.values() for rid in rids)
        added = rescheduled = newer = missing = 0
        done: set[int] = set()  # our cards written (a context card goes on one cloze note)
        for guid, (note, wanted) in index.items():
            nid = nids.get(guid)
            if nid is None:
                missing += guid == note_guid(("vocabulary", note.deck, note.key))
                continue
            for kind, ord_ in wanted:
                card = note.card(kind)
                cid = anki_cards[nid].get(ord_)
                if card is None or cid is None or card.id in done:
                    continue
                done.add(card.id)
                a, r, n = _write_card(col, card, cid, revlog[cid], crt, now, note, ids)
                added, rescheduled, newer = added + a, rescheduled + r, newer + n
    finally:
        col.close()
    backups = sorted(backup_dir.glob("*"), key=lambda p: p.stat().st_mtime)
    return IntoAnki(
        path=str(target),
        reviews_added=added,
        cards_rescheduled=rescheduled,
        cards_newer_in_anki=newer,
        notes_missing=missing,
        backup=str(backups[-1]) if backups else None,
    )


def _write_card(
    col: Any,
    card: SyncCard,
    cid: int,
    anki_ids: list[int],
    crt: datetime,
    now: datetime,
    note: SyncNote,
    ids: RevlogIds,
) -> tuple[int, int, int]:
    """One card: the answers Anki lacks, then our schedule unless Anki's answers are later.
    Returns (answers added, 1 if rescheduled, 1 if Anki's answers were later)."""
    known = set(anki_ids)
    fresh = [
        a
        for a in card.log
        if not any(abs(int(a.reviewed_at.timestamp() * 1000) - k) <= _SAME_ANSWER_MS for k in known)
        and (a.anki_id is None or a.anki_id not in known)
    ]
    made = anki_card(
        card, 0, crt=crt, now=now, desired_retention=note.desired_retention, ids=RevlogIds(known)
    )
    if made is None:
        return 0, 0, 0
    fresh_ids = {a.id for a in fresh}
    rows = [row for row, a in zip(made.revlog, card.log, strict=True) if a.id in fresh_ids]
    for row in rows:
        col.db.execute(
            "INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ids.take(row.id),
            cid,
            -1,
            row.ease,
            row.ivl,
            row.last_ivl,
            row.factor,
            row.time_ms,
            row.type,
        )
    ours_last = max((a.reviewed_at for a in card.log), default=None)
    anki_last = datetime.fromtimestamp(max(anki_ids) / 1000, UTC) if anki_ids else None
    if anki_last is not None and (ours_last is None or anki_last > ours_last):
        return len(rows), 0, 1
    target = col.get_card(cid)
    if target.odid:  # in a filtered deck: Anki puts it back with its own schedule
        return len(rows), 0, 1
    target.type = made.type
    target.queue = made.queue
    if made.due is not None:
        target.due = made.due
    target.ivl = made.ivl
    target.factor = made.factor
    target.reps = made.reps
    target.lapses = made.lapses
    target.left = made.left
    if made.data:
        import json

        from anki.cards import FSRSMemoryState

        data = json.loads(made.data)
        target.memory_state = FSRSMemoryState(stability=data["s"], difficulty=data["d"])
    col.update_card(target, skip_undo_entry=True)
    return len(rows), 1, 0
