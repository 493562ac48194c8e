"""Answers and what else a review does to a card: the review log (an answer written, undone,
read back), burying and suspending (one card's, undone too).

The functions take an open connection: the repository runs each in one write transaction
(an answer is its log row, the card's new schedule, its siblings buried, and a leech's
suspension, as the service decided).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from flashcards.domain import (
    Answer,
    BuriedSibling,
    CardChange,
    CardMark,
    CardRecord,
    CardState,
    LogEntry,
    Rating,
    Recorded,
)
from flashcards.errors import StoreError
from flashcards.store.cards import card_record, load_json
from flashcards.store.convert import read, time_or_none, time_required
from flashcards.store.sqlite import db_time, from_db_time, id_list, sql, to_db_time

#: The columns of a card an answer changes; an undo puts them back from the snapshot.
SNAPSHOT_COLUMNS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "suspended",
    "leech",
    "buried_until",
    "context_turn",
)

# As Anki: new and review siblings wait; learning ones are mid-way and stay. `t`: the
# table's alias (with its dot), then the card's note, its id, and the time they wait until.
_TO_BURY = (
    "{t}note_id = {note} AND {t}id != {card} AND {t}retired = 0"
    " AND {t}state IN ('new', 'review') AND ({t}buried_until IS NULL OR {t}buried_until < {until})"
)
#: The siblings an answer buries, as they are before it: one JSON array of
#: [id, buried_until, state, due, suspended], which the card's update returns.
_SIBLINGS = (
    "(SELECT json_group_array(json_array(s.id, s.buried_until, s.state, s.due, s.suspended))"
    " FROM card AS s WHERE "
    + _TO_BURY.format(t="s.", note="card.note_id", card="card.id", until="?")
    + ")"
)
_INSERT_ANSWER = sql(
    "answer.insert",
    "INSERT INTO review_log (card_id, deck_id, rating, reviewed_at, duration_ms, answer, grade,"
    " shown, state_before, prior_state, state, due, stability, difficulty, buried_note_until,"
    " undone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
)
_RESTORE_CARD = sql(
    "answer.set_card",
    "UPDATE card SET "
    + ", ".join(f"{column} = :{column}" for column in SNAPSHOT_COLUMNS)
    + " WHERE id = :id",
)
#: The columns an answer sets, by whether it changes the card's state and whether it makes
#: the card a leech: every column of SNAPSHOT_COLUMNS but buried_until, and but the state
#: and the leech's columns (suspended, leech) when they stay as they are. A column named in
#: the SET is an index entry rewritten and a trigger on it run, whatever its value: an
#: answer that keeps the card's state (a review card's, mostly) leaves the cards' tally's
#: trigger out, and one that makes no leech the indexes of the cards set aside and buried.
_SET_COLUMNS = {
    (state, leech): tuple(
        c
        for c in SNAPSHOT_COLUMNS
        if c != "buried_until"
        and (state or c != "state")
        and (leech or c not in ("suspended", "leech"))
    )
    for state in (False, True)
    for leech in (False, True)
}
#: Where the values of each _SET_COLUMNS are in a SNAPSHOT_COLUMNS tuple.
_SET_PLACES = {
    key: tuple(SNAPSHOT_COLUMNS.index(c) for c in columns) for key, columns in _SET_COLUMNS.items()
}


def _variant(key: tuple[bool, bool]) -> str:
    return f"{'.state' if key[0] else ''}{'.leech' if key[1] else ''}"


def _set_card(columns: tuple[str, ...]) -> str:
    return "UPDATE card SET " + ", ".join(f"{column} = ?" for column in columns) + " WHERE id = ?"


#: The card's change (parameters: the values after, the id, then the time siblings are
#: buried until), returning the siblings the answer buries (`_SIBLINGS`).
_SET_CARD_AT = {
    key: sql(f"answer.set_card_at{_variant(key)}", f"{_set_card(columns)} RETURNING {_SIBLINGS}")
    for key, columns in _SET_COLUMNS.items()
}
#: The card's change, written only if the card is still as the review read it (each column
#: the same, NULL-safe): the answer then needs no second read of it. Parameters: the values
#: after, the id, the values before, the deck, then the time siblings are buried until.
_SET_CARD_IF_AS_SHOWN = {
    key: sql(
        f"answer.set_card_if_as_shown{_variant(key)}",
        _set_card(columns)
        + "".join(f" AND {column} IS ?" for column in SNAPSHOT_COLUMNS)
        + f" AND deck_id = ? RETURNING {_SIBLINGS}",
    )
    for key, columns in _SET_COLUMNS.items()
}
#: The siblings buried (those `_SIBLINGS` returned: the same condition, in the same
#: transaction). Parameters: the time, the note, the card, the time.
_BURY_SIBLINGS = sql(
    "answer.bury_siblings",
    "UPDATE card SET buried_until = ? WHERE "
    + _TO_BURY.format(t="", note="?", card="?", until="?"),
)
_SET_BURIED = sql("answer.set_buried", "UPDATE card SET buried_until = ? WHERE id = ?")
_ANSWER_ROW = sql("answer.row", "SELECT card_id, state_before, undone FROM review_log WHERE id = ?")
_LAST_ANSWER = sql("answer.last", "SELECT max(id) FROM review_log WHERE card_id = ? AND undone = 0")
_MARK_UNDONE = sql("answer.mark_undone", "UPDATE review_log SET undone = 1 WHERE id = ?")
_HISTORY = sql(
    "answer.history",
    "SELECT id, rating, reviewed_at, state, due, stability, difficulty FROM review_log"
    " WHERE card_id = ? AND undone = 0 ORDER BY id",
)
_BURY_LONGER = sql(
    "answer.bury",
    "UPDATE card SET buried_until = :until WHERE id IN (SELECT value FROM json_each(:ids))"
    " AND (buried_until IS NULL OR buried_until < :until)",
)
_SUSPEND_CARDS = sql(
    "answer.suspend_cards",
    "UPDATE card SET suspended = ? WHERE id IN (SELECT value FROM json_each(?))",
)
_SUSPEND_NOTE = sql("answer.suspend_note", "UPDATE card SET suspended = ? WHERE note_id = ?")
_SET_SUSPENDED = sql("answer.set_suspended", "UPDATE card SET suspended = ? WHERE id = ?")


#: A state's stored text (from the enum or its text: cheaper than `CardState(x).value`).
_STATE_VALUES: dict[str, str] = {state: state.value for state in CardState}
_STATES = {state.value: state for state in CardState}


def _stored(card: CardRecord) -> tuple[Any, ...]:
    """The card's SNAPSHOT_COLUMNS in their stored form, in that order."""
    return (
        _STATE_VALUES[card.state],
        card.step,
        card.stability,
        card.difficulty,
        db_time(card.due),
        db_time(card.last_review),
        card.reps,
        card.lapses,
        int(card.suspended),
        int(card.leech),
        db_time(card.buried_until),
        card.context_turn,
    )


def _json(value: object) -> str:
    """One stored value as JSON (what `json.dumps` writes, several times faster for these)."""
    if value is None:
        return "null"
    if type(value) is str:
        return _quoted(value)
    if type(value) is int:
        return str(value)
    if type(value) is float and value == value and value not in (_INF, -_INF):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


_INF = float("inf")
_quoted: Callable[[str], str] = json.encoder.encode_basestring
#: The snapshot's keys, as JSON.
_KEYS = tuple(f'"{column}": ' for column in SNAPSHOT_COLUMNS)


def _snapshot_text(card: tuple[Any, ...], siblings: Iterable[BuriedSibling]) -> str:
    """The log row's snapshot of the card before an answer and of its siblings' burying, as
    JSON: {"card": {column: value}, "siblings": {id: buried_until}}."""
    fields = ", ".join([key + _json(v) for key, v in zip(_KEYS, card, strict=True)])
    buried = ", ".join([f'"{s.id}": {_json(db_time(s.buried_until))}' for s in siblings])
    return '{"card": {' + fields + '}, "siblings": {' + buried + "}}"


def record_answer(
    conn: sqlite3.Connection,
    card_id: int,
    decide: Callable[[CardRecord], CardChange],
    answer: Answer,
    bury_siblings_until: datetime | None,
    shown: CardRecord | None = None,
) -> Recorded:
    """Log an answer and apply it: the card as it is now is given to `decide`, which says what
    the answer changes; its siblings are buried until `bury_siblings_until`.

    `shown`: the card as the review read it. When the card is still so, the change is written
    without reading the card again (one guarded update); when it changed meanwhile (another
    program answered it), the card is read and `decide` asked again.

    The log row keeps a snapshot of the card before the answer and of the siblings' burying,
    which is all an undo needs.
    """
    until = None if bury_siblings_until is None else to_db_time(bury_siblings_until)
    before: CardRecord | None = None
    siblings = None
    if shown is not None and shown.id == card_id:
        card_before = _stored(shown)
        change = decide(shown)
        after = _after(card_before, change)
        key = (after[0] != card_before[0], change.leech)
        guarded = (*_set_values(after, key), card_id, *card_before, shown.deck_id, until)
        returned = conn.execute(_SET_CARD_IF_AS_SHOWN[key], guarded).fetchall()
        if returned:
            before, siblings = shown, returned[0][0]
    if before is None or siblings is None:
        before = card_record(conn, card_id)
        card_before = _stored(before)
        change = decide(before)
        after = _after(card_before, change)
        key = (after[0] != card_before[0], change.leech)
        setting = (*_set_values(after, key), card_id, until)
        siblings = conn.execute(_SET_CARD_AT[key], setting).fetchall()[0][0]
    buried = () if until is None else _buried(conn, siblings)
    cursor = conn.execute(
        _INSERT_ANSWER,
        (
            card_id,
            before.deck_id,
            int(answer.rating),
            to_db_time(answer.reviewed_at),
            answer.duration_ms,
            answer.typed,
            answer.grade,
            answer.shown,
            _snapshot_text(card_before, buried),
            _STATE_VALUES[before.state],
            after[0],  # state
            after[4],  # due
            after[2],  # stability
            after[3],  # difficulty
            until if buried else None,
        ),
    )
    log_id = cursor.lastrowid
    assert log_id is not None
    if buried:  # one statement for every sibling
        conn.execute(_BURY_SIBLINGS, (until, before.note_id, card_id, until))
    return Recorded(int(log_id), before, change, buried)


def _buried(conn: sqlite3.Connection, siblings: str) -> tuple[BuriedSibling, ...]:
    """The siblings an answer buries, from the JSON array `_SIBLINGS` returns (a value
    edited by hand: the BadValue of the sibling's row read the long way)."""
    found = load_json(siblings)
    try:
        return tuple(
            BuriedSibling(
                int(s[0]), _STATES[s[2]], from_db_time(s[3]), bool(s[4]), from_db_time(s[1])
            )
            for s in found
        )
    except (KeyError, ValueError, TypeError):
        for s in found:
            card_record(conn, int(s[0]))
        raise


def _set_values(after: tuple[Any, ...], key: tuple[bool, bool]) -> tuple[Any, ...]:
    """The values of the columns the answer sets (`_SET_COLUMNS[key]`), from `after`."""
    return tuple([after[i] for i in _SET_PLACES[key]])


def _after(before: tuple[Any, ...], change: CardChange) -> tuple[Any, ...]:
    """The card's SNAPSHOT_COLUMNS (`before`: their stored values before the answer) once
    `change` is applied."""
    leech = change.leech
    return (
        _STATE_VALUES[change.state],
        change.step,
        change.stability,
        change.difficulty,
        db_time(change.due),
        db_time(change.last_review),
        change.reps,
        change.lapses,
        1 if leech else before[8],  # suspended
        1 if leech else before[9],  # leech
        before[10],  # buried_until
        change.context_turn,
    )


def undo_answer(conn: sqlite3.Connection, log_id: int) -> int:
    """Mark the answer `log_id` undone and put its card and the siblings' burying back as they
    were before it. Returns the card's id. Refuses when the card was answered since."""
    row = conn.execute(_ANSWER_ROW, (log_id,)).fetchone()
    if row is None:
        raise StoreError(f"no answer with id {log_id}")
    if row["undone"]:
        raise StoreError("that answer was already undone")
    card_id = int(row["card_id"])
    if conn.execute(_LAST_ANSWER, (card_id,)).fetchone()[0] != log_id:
        raise StoreError("the card was answered again since; undo that answer first")
    snapshot = json.loads(row["state_before"])
    conn.execute(_RESTORE_CARD, dict(snapshot["card"], id=card_id))
    for sibling_id, until in snapshot.get("siblings", {}).items():
        conn.execute(_SET_BURIED, (until, int(sibling_id)))
    conn.execute(_MARK_UNDONE, (log_id,))
    return card_id


def review_history(conn: sqlite3.Connection, card_id: int) -> list[LogEntry]:
    """The answers a card was given, oldest first, undone answers left out."""
    return [
        LogEntry(
            id=r["id"],
            rating=Rating(r["rating"]),
            reviewed_at=read(r, "review_log", "reviewed_at", time_required),
            state=read(r, "review_log", "state", CardState),
            due=read(r, "review_log", "due", time_or_none),
            stability=r["stability"],
            difficulty=r["difficulty"],
        )
        for r in conn.execute(_HISTORY, (card_id,))
    ]


def bury(conn: sqlite3.Connection, card_ids: Iterable[int], until: datetime) -> None:
    """Hide cards until `until` (a card buried longer already stays buried longer)."""
    conn.execute(_BURY_LONGER, {"until": to_db_time(until), "ids": id_list(card_ids)})


def set_suspended(
    conn: sqlite3.Connection,
    suspended: bool,
    *,
    card_ids: Iterable[int] | None = None,
    note_id: int | None = None,
) -> int:
    """Suspend or unsuspend some cards, or every card of a note. Returns how many."""
    if card_ids is not None:
        cursor = conn.execute(_SUSPEND_CARDS, (int(suspended), id_list(card_ids)))
    elif note_id is not None:
        cursor = conn.execute(_SUSPEND_NOTE, (int(suspended), note_id))
    else:
        raise ValueError("say which cards: card_ids or note_id")
    return int(cursor.rowcount)


# -- one card buried or suspended, and undone ------------------------------------------------


def _state(conn: sqlite3.Connection, card_id: int) -> tuple[object, ...]:
    return _stored(card_record(conn, card_id))


def bury_card(conn: sqlite3.Connection, card_id: int, until: datetime) -> CardMark:
    """Hide one card until `until` (unless buried longer already), undoably."""
    card = card_record(conn, card_id)
    bury(conn, [card_id], until)
    before = db_time(card.buried_until)
    return CardMark(card_id, card.deck_id, "bury", before, _state(conn, card_id))


def suspend_card(conn: sqlite3.Connection, card_id: int) -> CardMark:
    """Suspend one card, undoably."""
    card = card_record(conn, card_id)
    conn.execute(_SET_SUSPENDED, (1, card_id))
    return CardMark(card_id, card.deck_id, "suspend", int(card.suspended), _state(conn, card_id))


def undo_mark(conn: sqlite3.Connection, mark: CardMark) -> None:
    """Put back what a bury or a suspend set, as it was before. Refuses (StoreError) when the
    card changed since (answered, buried, suspended or unsuspended after it)."""
    if _state(conn, mark.card_id) != mark.after:
        done = "buried" if mark.action == "bury" else "suspended"
        raise StoreError(f"the card changed since it was {done} (answered, perhaps elsewhere)")
    if mark.action == "bury":
        conn.execute(_SET_BURIED, (mark.before, mark.card_id))
    else:
        conn.execute(_SET_SUSPENDED, (mark.before, mark.card_id))
