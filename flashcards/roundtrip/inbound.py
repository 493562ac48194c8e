"""Bringing back what was done in Anki: the answers (and field edits) of an Anki package,
merged into the learner's review log as one history.

For each note of the package whose GUID we wrote, every answer of its cards that our log does
not have yet is added, marked as from Anki, and the card's schedule is rebuilt by replaying
the merged log through FSRS in time order: answers given on both sides since the last trip
merge instead of overwriting each other. An answer already in the log is recognised by its
revlog id (an answer from Anki) or by its time (an answer given here and exported): a second
import of the same package adds nothing. Notes that did not come from flashcards are counted
and left alone.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flashcards.domain import CardKind, Rating
from flashcards.errors import FlashcardsError
from flashcards.export.anki import Kind, note_guid
from flashcards.export.fields import highlighted, text
from flashcards.roundtrip import PACKAGE_SUFFIXES, is_package
from flashcards.roundtrip.outbound import VOCABULARY_ORDS
from flashcards.roundtrip.package import AnkiCardRow, PackageError, RevlogEntry, read_package
from flashcards.roundtrip.schedule import DAY, anki_due, is_answer
from flashcards.scheduling import Schedule, scheduler_for
from flashcards.store import Store
from flashcards.store.anki_sync import AnkiAnswer, SyncCard, SyncNote
from flashcards.store.work import Work

__all__ = ["PACKAGE_SUFFIXES", "FieldEdit", "PackageImport", "import_package", "is_package"]

#: The "ESL Vocabulary" fields an edit in Anki is taken from, and our note's field of each.
_EDITABLE = {0: "word", 1: "ipa", 3: "pos", 4: "definition", 5: "synonyms", 6: "example"}
_ORD_KIND = {ord_: kind for kind, ord_ in VOCABULARY_ORDS.items()}


@dataclass(frozen=True)
class FieldEdit:
    """A field of a note edited in Anki, and adopted here."""

    word: str
    field: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.word}: {self.field} {self.old!r} -> {self.new!r}"


@dataclass(frozen=True)
class PackageImport:
    """What an import of an Anki package did."""

    path: str
    reviews_added: int
    cards_changed: int
    notes_unchanged: int
    foreign_notes: int
    edits: tuple[FieldEdit, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        """One line for the learner (and one more a field edit)."""
        line = (
            f"{self.path}: {self.reviews_added} reviews added to {self.cards_changed} cards, "
            f"{self.notes_unchanged} notes unchanged, {self.foreign_notes} not ours"
        )
        if self.foreign_notes:
            line += " (left alone)"
        return "\n".join([line, *(f"edited in Anki: {e}" for e in self.edits)])


@dataclass(frozen=True)
class _Ours:
    note: SyncNote
    kind: Kind


def _guid_index(notes: Sequence[SyncNote]) -> dict[str, _Ours]:
    index: dict[str, _Ours] = {}
    for note in notes:
        index[note_guid(("vocabulary", note.deck, note.key))] = _Ours(note, Kind.VOCABULARY)
        for sentence in dict.fromkeys(note.contexts):
            index[note_guid(("cloze", note.deck, note.key, sentence))] = _Ours(note, Kind.CLOZE)
    return index


def _card_kind(ours: _Ours, ord_: int) -> CardKind | None:
    if ours.kind is Kind.CLOZE:
        return CardKind.CONTEXT
    return _ORD_KIND.get(ord_)


def _interval(entry: RevlogEntry) -> timedelta:
    return entry.ivl * DAY if entry.ivl > 0 else timedelta(seconds=-entry.ivl)


@dataclass(frozen=True)
class _Step:
    at: datetime
    rating: Rating
    due: datetime | None
    anki: RevlogEntry | None  # None: an answer of our log


def _replay(
    card: SyncCard,
    steps: Sequence[_Step],
    desired_retention: float,
    last_due: datetime | None,
) -> tuple[Schedule, list[AnkiAnswer]]:
    """The card's schedule after every answer of the merged log, and the new answers with the
    state each left the card in. The due of each step is the one it gave (our log's, or the
    revlog's interval); the last step, when it is Anki's, takes the due Anki's card has."""
    scheduler = scheduler_for(desired_retention, False)
    schedule = Schedule()
    added: list[AnkiAnswer] = []
    ordered = sorted(steps, key=lambda s: s.at)
    for i, step in enumerate(ordered):
        before = schedule
        after = scheduler.review(card.id, before, step.rating, step.at)
        due = step.due
        if step.anki is not None and i == len(ordered) - 1 and last_due is not None:
            due = last_due
        if due is not None:
            after = Schedule(**{**after.__dict__, "due": due})
        schedule = after
        if step.anki is not None:
            added.append(
                AnkiAnswer(
                    anki_id=step.anki.id,
                    rating=step.rating,
                    reviewed_at=step.at,
                    duration_ms=step.anki.time_ms or None,
                    prior_state=before.state,
                    state=after.state,
                    due=after.due,
                    stability=after.stability,
                    difficulty=after.difficulty,
                )
            )
    return schedule, added


def _plain(value: str) -> str:
    """An Anki field's text: tags dropped, entities decoded, spaces collapsed."""
    value = re.sub(r"<br\s*/?>", "\n", value, flags=re.IGNORECASE)
    value = html.unescape(re.sub(r"<[^>]*>", "", value))
    return " ".join(value.split())


def _ours_as_field(note: SyncNote, name: str) -> str:
    if name == "synonyms":
        return text(", ".join(json.loads(note.synonyms or "[]")))
    if name == "example":
        return highlighted(note.example, note.word, note.pos) if note.example else ""
    value = getattr(note, name)
    return text(value)


def _edits(ours: _Ours, fields: Sequence[str], mod: int) -> list[FieldEdit]:
    """The fields of a vocabulary note that were edited in Anki after we last changed it."""
    note = ours.note
    if ours.kind is not Kind.VOCABULARY or note.updated_at is None:
        return []
    if datetime.fromtimestamp(mod, UTC) <= note.updated_at:
        return []
    out = []
    for index, name in _EDITABLE.items():
        if index >= len(fields) or fields[index] == _ours_as_field(note, name):
            continue
        new = _plain(fields[index])
        old = _plain(_ours_as_field(note, name))
        if new != old and (new or name in ("ipa", "example", "synonyms")):
            out.append(FieldEdit(note.word, name, old, new))
    return out


def import_package(store: Store, path: str | Path, now: datetime) -> PackageImport:
    """Merge the answers (and field edits) of the Anki package at `path` into the database.

    A PackageError (nothing written) for a file that is not a readable package, or whose
    notes all came from elsewhere.
    """
    label = str(path)
    package = read_package(path)
    with store.work(write=True) as work:
        notes = work.sync_notes(with_log=False)
        index = _guid_index(notes)
        ours_by_nid = {n.id: index[n.guid] for n in package.notes if n.guid in index}
        foreign = len(package.notes) - len(ours_by_nid)
        if not ours_by_nid:
            raise PackageError(
                f"{label}: none of its {len(package.notes)} notes came from flashcards; "
                "nothing imported"
            )
        # Our card of each Anki card, and the Anki cards of each of ours.
        anki_cards: dict[int, list[AnkiCardRow]] = defaultdict(list)
        cards: dict[int, SyncCard] = {}
        note_of_card: dict[int, SyncNote] = {}
        for row in package.cards:
            ours = ours_by_nid.get(row.nid)
            kind = _card_kind(ours, row.ord) if ours else None
            card = ours.note.card(kind) if ours and kind else None
            if ours is None or card is None:
                continue
            anki_cards[card.id].append(row)
            cards[card.id] = card
            note_of_card[card.id] = ours.note
        revlog: dict[int, list[RevlogEntry]] = defaultdict(list)
        for entry in package.revlog:
            revlog[entry.cid].append(entry)

        candidates = [
            (card_id, entry.id)
            for card_id, rows in anki_cards.items()
            for row in rows
            for entry in revlog.get(row.id, ())
            if is_answer(entry.ease, entry.type)
        ]
        fresh_by_card: dict[int, set[int]] = defaultdict(set)
        for card_id, revlog_id in work.unknown_answers(candidates):
            fresh_by_card[card_id].add(revlog_id)
        logs = work.card_logs(fresh_by_card)

        added = changed = 0
        touched_notes: set[int] = set()
        for card_id, fresh_ids in sorted(fresh_by_card.items()):
            card = dataclasses.replace(cards[card_id], log=logs[card_id])
            rows = anki_cards[card_id]
            holder = {e.id: r for r in rows for e in revlog.get(r.id, ())}
            fresh = sorted(
                (e for r in rows for e in revlog.get(r.id, ()) if e.id in fresh_ids),
                key=lambda e: e.id,
            )
            last = fresh[-1]
            last_row = holder[last.id]
            last_due = anki_due(
                last_row.type,
                last_row.queue,
                last_row.due,
                last_row.odue,
                last_row.odid,
                package.crt,
            )
            steps = [_Step(a.reviewed_at, a.rating, a.due, None) for a in card.log]
            for entry in fresh:
                at = datetime.fromtimestamp(entry.id / 1000, UTC)
                steps.append(_Step(at, Rating(entry.ease), at + _interval(entry), entry))
            note = note_of_card[card_id]
            schedule, answers = _replay(card, steps, note.desired_retention, last_due)
            added += work.add_anki_answers(card_id, answers)
            work.set_schedule(card_id, schedule)
            changed += 1
            touched_notes.add(note.id)

        edits: list[FieldEdit] = []
        for anki_note in package.notes:
            ours = ours_by_nid.get(anki_note.id)
            if ours is not None:
                edits.extend(_edits(ours, anki_note.fields, anki_note.mod))
        # In the same transaction as the answers: a failed or killed import leaves nothing.
        warnings = _adopt(work, edits, {n.word: n for n in notes}, now)
    edited_notes = {e.word for e in edits}
    our_notes = {o.note.id: o.note for o in ours_by_nid.values()}
    unchanged = sum(
        1 for n in our_notes.values() if n.id not in touched_notes and n.word not in edited_notes
    )
    return PackageImport(
        path=label,
        reviews_added=added,
        cards_changed=changed,
        notes_unchanged=unchanged,
        foreign_notes=foreign,
        edits=tuple(edits),
        warnings=tuple(warnings),
    )


def _adopt(
    work: Work,
    edits: Sequence[FieldEdit],
    notes: dict[str, SyncNote],
    now: datetime,
) -> list[str]:
    """Apply the edits made in Anki as the app applies the learner's own, in the caller's
    write transaction (an edit that cannot be adopted writes nothing and is a warning)."""
    warnings = []
    by_note: dict[str, dict[str, object]] = defaultdict(dict)
    for edit in edits:
        value: object = edit.new
        if edit.field == "synonyms":
            value = tuple(s.strip() for s in edit.new.split(",") if s.strip())
        elif edit.field == "ipa":
            value = edit.new or None
        by_note[edit.word][edit.field] = value
    adopted = False
    for word, values in by_note.items():
        try:
            adopted |= work.edit_note(notes[word].id, now, values)
        except FlashcardsError as exc:
            warnings.append(f"{word}: the edit made in Anki was not adopted ({exc})")
    if adopted:
        work.refresh_search()
    return warnings
