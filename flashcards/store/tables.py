"""The database tables (SQLModel). Rows only: converting to domain objects is `convert.py`'s job.

Datetimes are stored as UTC text of one fixed width ("YYYY-MM-DD HH:MM:SS.ffffff") so that
SQL comparisons and ORDER BY sort them correctly, and they come back UTC-aware.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Index, String, Table, UniqueConstraint, event, text
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from flashcards.store import search
from flashcards.store.sqlite import to_db_time as to_db_time
from flashcards.store.version import MATURE_DAYS
from flashcards.store.version import SCHEMA_VERSION as SCHEMA_VERSION


class UTCDateTime(TypeDecorator[datetime]):
    """A UTC-aware datetime kept as sortable text."""

    impl = String(26)
    cache_ok = True

    def process_bind_param(self, value: datetime | str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return value
        return to_db_time(value)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(value).replace(tzinfo=UTC)


#: The cards the queue indexes hold: live and not suspended.
COUNTED = "suspended = 0 AND retired = 0"
#: The queue indexes' columns: every deck's queues, and each deck's (with what is counted).
QUEUE_COLUMNS = ("state", "due")
DECK_QUEUE_COLUMNS = (
    "deck_id",
    "state",
    "due",
    "id",
    "buried_until",
    "note_id",
    "suspended",
    "retired",
)
#: The cards set aside, and the columns the statistics read of them.
ASIDE = "suspended = 1 OR leech = 1"
ASIDE_COLUMNS = ("deck_id", "suspended", "leech", "retired")
#: The log's indexes: by day, and by card.
LOG_DAY_COLUMNS = ("reviewed_at", "deck_id", "prior_state", "undone")
LOG_CARD_COLUMNS = ("card_id", "reviewed_at")
#: The triggers that keep `review_tally` equal to the log's answers in force, grouped by deck
#: and prior state (an answer added, undone or deleted): statistics never count the log.
#:
#: They keep the young/mature split of the reviews too. A review answer in force is a young
#: card's when the card waited less than MATURE_DAYS since its previous answer in force (the
#: latest of the same card before it, by reviewed_at then id), a mature card's otherwise, in
#: neither group without one; each log row keeps the group it is counted in (`counted_as`).
#: An answer added, undone, put back or deleted changes its own group and that of the card's
#: next answer in force (whose previous answer it becomes, or stops being), and nothing else:
#: the triggers count both again, so the split equals the window-function definition
#: (lag(reviewed_at) over each card's answers in force) whatever the order answers arrive
#: in, as answers merged from Anki do (older ones, after newer ones). Each trigger is a few
#: seeks of ix_review_log_card (the card's previous and next answers), never a scan.
_TALLY_KEY = "coalesce({row}.deck_id, 0), coalesce({row}.prior_state, '')"
_TALLY_COLUMNS = "deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed"
_TALLY_SUMS = ("answers", "passed", "young", "young_passed", "mature", "mature_passed")
_UPSERT = " ON CONFLICT (deck_id, prior_state) DO UPDATE SET " + ", ".join(
    f"{c} = {c} + excluded.{c}" for c in _TALLY_SUMS
)
_TALLY_ADD = (
    f"INSERT INTO review_tally ({_TALLY_COLUMNS})"
    " VALUES ({key}, {sign}, {sign} * ({row}.rating != 1), 0, 0, 0, 0)" + _UPSERT + ";"
)
# The split of one row, counted with `sign`: the row as it stands in the log (`target` is
# the expression of its id), or the row as it was (`row`: OLD, for a deleted one).
_SPLIT = (
    "{sign} * ({row}.counted_as IS 'young'), {sign} * ({row}.counted_as IS 'young'"
    " AND {row}.rating != 1), {sign} * ({row}.counted_as IS 'mature'),"
    " {sign} * ({row}.counted_as IS 'mature' AND {row}.rating != 1)"
)
_SPLIT_OF_ROW = (
    f"INSERT INTO review_tally ({_TALLY_COLUMNS}) SELECT {{key}}, 0, 0, {{split}}"
    " FROM review_log WHERE id = {target} AND counted_as IS NOT NULL" + _UPSERT + ";"
)
_SPLIT_OF_OLD = (
    f"INSERT INTO review_tally ({_TALLY_COLUMNS}) SELECT {{key}}, 0, 0, {{split}}"
    " WHERE OLD.counted_as IS NOT NULL" + _UPSERT + ";"
)
#: The card's next answer in force after `row` (its id; NULL when there is none).
NEXT_ANSWER = (
    "(SELECT n.id FROM review_log AS n WHERE n.card_id = {row}.card_id AND n.undone = 0"
    " AND n.reviewed_at >= {row}.reviewed_at"
    " AND (n.reviewed_at > {row}.reviewed_at OR n.id > {row}.id)"
    " ORDER BY n.reviewed_at, n.id LIMIT 1)"
)
#: The group of the log row being updated, from the card's previous answer in force.
_WAITED = "julianday(review_log.reviewed_at) - julianday(p.reviewed_at)"
GROUP_OF_ROW = (
    "CASE WHEN undone = 0 AND prior_state = 'review' THEN"
    f" (SELECT CASE WHEN {_WAITED} < {MATURE_DAYS} THEN 'young'"
    f" WHEN {_WAITED} >= {MATURE_DAYS} THEN 'mature' END"
    " FROM review_log AS p WHERE p.card_id = review_log.card_id AND p.undone = 0"
    " AND p.reviewed_at <= review_log.reviewed_at"
    " AND (p.reviewed_at < review_log.reviewed_at OR p.id < review_log.id)"
    " ORDER BY p.reviewed_at DESC, p.id DESC LIMIT 1) END"
)
_REGROUP = f"UPDATE review_log SET counted_as = {GROUP_OF_ROW} WHERE id = {{target}};"


def _tally(row: str, sign: str) -> str:
    return _TALLY_ADD.format(key=_TALLY_KEY.format(row=row), sign=sign, row=row)


def _split(target: str, sign: str) -> str:
    split = _SPLIT.format(sign=sign, row="review_log")
    return _SPLIT_OF_ROW.format(key=_TALLY_KEY.format(row="review_log"), split=split, target=target)


def _regroup(target: str, *, counted: bool = True) -> str:
    """Count the row `target` again: out of its group (when it was `counted`), into the one
    its previous answer gives it now."""
    out = _split(target, "-1") if counted else ""
    return out + _REGROUP.format(target=target) + _split(target, "1")


TALLY_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS review_tally_insert AFTER INSERT ON review_log"
    f" WHEN NEW.undone = 0 BEGIN {_tally('NEW', '1')}"
    f" {_regroup('NEW.id', counted=False)} {_regroup(NEXT_ANSWER.format(row='NEW'))} END",
    "CREATE TRIGGER IF NOT EXISTS review_tally_undone AFTER UPDATE OF undone ON review_log"
    " WHEN NEW.undone != OLD.undone"
    f" BEGIN {_tally('NEW', 'CASE WHEN NEW.undone THEN -1 ELSE 1 END')}"
    f" {_regroup('NEW.id')} {_regroup(NEXT_ANSWER.format(row='NEW'))} END",
    "CREATE TRIGGER IF NOT EXISTS review_tally_delete AFTER DELETE ON review_log"
    f" WHEN OLD.undone = 0 BEGIN {_tally('OLD', '-1')}"
    + _SPLIT_OF_OLD.format(
        key=_TALLY_KEY.format(row="OLD"), split=_SPLIT.format(sign="-1", row="OLD")
    )
    + f" {_regroup(NEXT_ANSWER.format(row='OLD'))} END",
)
#: Schema 8: the insert trigger of TALLY_TRIGGERS in three, each fired only when its part
#: has work (the same sums, in any order): every answer in force is counted; its own group is
#: worked out only when it can have one (a review answer; or a row inserted with a group,
#: which is cleared); the card's next answer is counted again only when there is one (an
#: answer merged from Anki older than the card's last). An answer at the end of its card's
#: history, as every answer given here, costs one upsert and one seek of the card's answers
#: instead of two updates, six statements and three seeks.
HOTPATH_REPLACED = ("review_tally_insert",)
HOTPATH_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS review_tally_insert_count AFTER INSERT ON review_log"
    f" WHEN NEW.undone = 0 BEGIN {_tally('NEW', '1')} END",
    "CREATE TRIGGER IF NOT EXISTS review_tally_insert_group AFTER INSERT ON review_log"
    " WHEN NEW.undone = 0 AND (NEW.prior_state = 'review' OR NEW.counted_as IS NOT NULL)"
    f" BEGIN {_regroup('NEW.id', counted=False)} END",
    "CREATE TRIGGER IF NOT EXISTS review_tally_insert_next AFTER INSERT ON review_log"
    f" WHEN NEW.undone = 0 AND EXISTS {NEXT_ANSWER.format(row='NEW')}"
    f" BEGIN {_regroup(NEXT_ANSWER.format(row='NEW'))} END",
)
#: The groups and the tally of a log kept before the triggers (a migrated database): each
#: answer's group from the window function, once.
GROUP_FILL = (
    "UPDATE review_log SET counted_as = g.counted_as FROM (SELECT id, CASE"
    f" WHEN waited < {MATURE_DAYS} THEN 'young' WHEN waited >= {MATURE_DAYS} THEN 'mature'"
    " END AS counted_as FROM (SELECT id, prior_state, julianday(reviewed_at)"
    " - julianday(lag(reviewed_at) OVER (PARTITION BY card_id ORDER BY reviewed_at, id))"
    " AS waited FROM review_log WHERE undone = 0) WHERE prior_state = 'review') AS g"
    " WHERE review_log.id = g.id AND g.counted_as IS NOT NULL"
)
TALLY_FILL = (
    f"INSERT INTO review_tally ({_TALLY_COLUMNS})"
    " SELECT coalesce(deck_id, 0), coalesce(prior_state, ''), count(*), sum(rating != 1),"
    " sum(counted_as IS 'young'), sum(counted_as IS 'young' AND rating != 1),"
    " sum(counted_as IS 'mature'), sum(counted_as IS 'mature' AND rating != 1)"
    " FROM review_log WHERE undone = 0 GROUP BY 1, 2"
)


#: What `card_tally` counts the cards by (store.tables.CardTallyRow), each as an expression of
#: a card row: whether it was ever answered (state is not 'new'), not its state, so that the
#: tally changes at a card's first answer only, never on the answers after it.
CARD_TALLY_KEY = {
    "deck_id": "{row}.deck_id",
    "answered": "{row}.state != 'new'",
    "suspended": "{row}.suspended",
    "retired": "{row}.retired",
    "leech": "{row}.leech",
}
_CARD_TALLY_COLUMNS = ", ".join(CARD_TALLY_KEY)


def _card_tally(row: str, sign: int) -> str:
    values = ", ".join(value.format(row=row) for value in CARD_TALLY_KEY.values())
    return (
        f"INSERT INTO card_tally ({_CARD_TALLY_COLUMNS}, cards) VALUES ({values}, {sign})"
        f" ON CONFLICT ({_CARD_TALLY_COLUMNS}) DO UPDATE SET cards = cards + excluded.cards;"
    )


def _note_tally(row: str, sign: int) -> str:
    return (
        f"INSERT INTO note_tally (deck_id, notes) VALUES ({row}.deck_id, {sign})"
        " ON CONFLICT (deck_id) DO UPDATE SET notes = notes + excluded.notes;"
    )


_KEY_CHANGED = " OR ".join(
    f"({value.format(row='OLD')}) IS NOT ({value.format(row='NEW')})"
    for value in CARD_TALLY_KEY.values()
)
#: The triggers that keep `card_tally` and `note_tally` equal to the cards and notes there
#: are. An update fires only when it names a column they read, and counts only when a
#: counted value changed: an answer counts once in a card's life (its first, or the undo of
#: it), every other answer adds one test of the WHEN clause and nothing else.
#: A note's stored cut (`note.cut`) forgotten when a write changes what it was cut from,
#: unless the same write gives the cut anew: whatever wrote the change (the program, an Anki
#: package's edits, or a hand edit of the database), the cut is never stale.
CUT_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS note_cut_stale AFTER UPDATE OF word, ipa, pos, definition"
    " ON note WHEN NEW.cut IS NOT NULL AND NEW.cut IS OLD.cut AND (NEW.word IS NOT OLD.word"
    " OR NEW.ipa IS NOT OLD.ipa OR NEW.pos IS NOT OLD.pos OR NEW.definition IS NOT"
    " OLD.definition) BEGIN UPDATE note SET cut = NULL WHERE id = NEW.id; END",
)

COUNT_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS card_tally_insert AFTER INSERT ON card"
    f" BEGIN {_card_tally('NEW', 1)} END",
    "CREATE TRIGGER IF NOT EXISTS card_tally_delete AFTER DELETE ON card"
    f" BEGIN {_card_tally('OLD', -1)} END",
    "CREATE TRIGGER IF NOT EXISTS card_tally_update"
    " AFTER UPDATE OF deck_id, state, suspended, retired, leech"
    f" ON card WHEN {_KEY_CHANGED} BEGIN {_card_tally('OLD', -1)} {_card_tally('NEW', 1)} END",
    "CREATE TRIGGER IF NOT EXISTS note_tally_insert AFTER INSERT ON note"
    f" BEGIN {_note_tally('NEW', 1)} END",
    "CREATE TRIGGER IF NOT EXISTS note_tally_delete AFTER DELETE ON note"
    f" BEGIN {_note_tally('OLD', -1)} END",
    "CREATE TRIGGER IF NOT EXISTS note_tally_update AFTER UPDATE OF deck_id ON note"
    " WHEN OLD.deck_id IS NOT NEW.deck_id"
    f" BEGIN {_note_tally('OLD', -1)} {_note_tally('NEW', 1)} END",
)
#: The two tallies counted afresh from the cards and notes (a migrated database, or one
#: written with the triggers dropped): one pass over each table.
COUNT_FILL = (
    "DELETE FROM card_tally",
    f"INSERT INTO card_tally ({_CARD_TALLY_COLUMNS}, cards) SELECT"
    f" {', '.join(v.format(row='card') for v in CARD_TALLY_KEY.values())}, count(*)"
    " FROM card GROUP BY 1, 2, 3, 4, 5",
    "DELETE FROM note_tally",
    "INSERT INTO note_tally (deck_id, notes) SELECT deck_id, count(*) FROM note GROUP BY deck_id",
)
#: The cards buried past their due, with what the forecast reads of them: it moves each to
#: the day it comes back. Only a bury puts a card in (a card answered since is due after its
#: burial and leaves it), so an answer to any other card leaves the index as it is.
BURIED = "buried_until > due"
BURIED_COLUMNS = ("buried_until", "due", "state", "deck_id", "suspended", "retired")
#: Every card ever buried (a burial is never cleared), with what the queue counts read of it:
#: those buried at a time are the range past it, the few a day's burials made.
BURIED_AT = "buried_until IS NOT NULL AND suspended = 0 AND retired = 0"
BURIED_AT_COLUMNS = ("buried_until", "deck_id", "state", "due")


#: A review card the due tally counts (store.tables.DueTallyRow), as an expression of a row.
_DUE_COUNTED = (
    "{row}.state = 'review' AND {row}.suspended = 0 AND {row}.retired = 0 AND {row}.due IS NOT NULL"
)
#: The day of a card's due in the tally: the date of its stored UTC time.
DUE_DAY = "substr({row}.due, 1, 10)"


def _due_key(row: str) -> str:
    return (
        f"(CASE WHEN {_DUE_COUNTED.format(row=row)}"
        f" THEN {row}.deck_id || ' ' || {DUE_DAY.format(row=row)} END)"
    )


def _due_less(row: str) -> str:
    where = (
        f"{_DUE_COUNTED.format(row=row)} AND deck_id = {row}.deck_id"
        f" AND day = {DUE_DAY.format(row=row)}"
    )
    return (
        f"UPDATE due_tally SET cards = cards - 1 WHERE {where};"
        f" DELETE FROM due_tally WHERE {where} AND cards <= 0;"
    )


def _due_more(row: str) -> str:
    return (
        f"INSERT INTO due_tally (deck_id, day, cards) SELECT {row}.deck_id,"
        f" {DUE_DAY.format(row=row)}, 1 WHERE {_DUE_COUNTED.format(row=row)}"
        " ON CONFLICT (deck_id, day) DO UPDATE SET cards = cards + 1;"
    )


#: The triggers that keep `due_tally` equal to the live, unsuspended review cards by deck and
#: day of due. An answer to a review card moves it from one day to another (two writes); an
#: update that leaves a card's deck, day and being counted as they were writes nothing.
DUE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS due_tally_insert AFTER INSERT ON card"
    f" WHEN {_DUE_COUNTED.format(row='NEW')} BEGIN {_due_more('NEW')} END",
    "CREATE TRIGGER IF NOT EXISTS due_tally_delete AFTER DELETE ON card"
    f" WHEN {_DUE_COUNTED.format(row='OLD')} BEGIN {_due_less('OLD')} END",
    "CREATE TRIGGER IF NOT EXISTS due_tally_update"
    " AFTER UPDATE OF deck_id, state, due, suspended, retired ON card"
    f" WHEN {_due_key('OLD')} IS NOT {_due_key('NEW')}"
    f" BEGIN {_due_less('OLD')} {_due_more('NEW')} END",
)
#: The due tally counted afresh from the cards (a migrated database, or one written with the
#: triggers dropped): one pass over the review queue.
DUE_FILL = (
    "DELETE FROM due_tally",
    f"INSERT INTO due_tally (deck_id, day, cards) SELECT deck_id, {DUE_DAY.format(row='card')},"
    f" count(*) FROM card WHERE {_DUE_COUNTED.format(row='card')} GROUP BY 1, 2",
)


#: A card the forecast tally counts (store.tables.ForecastTallyRow): learning, relearning or
#: review, live and not suspended, as an expression of a row. The states are compared one by
#: one: an IN list in a trigger builds its lookup table again at each firing.
_FORECAST_COUNTED = (
    "({row}.state = 'review' OR {row}.state = 'learning' OR {row}.state = 'relearning')"
    " AND {row}.suspended = 0 AND {row}.retired = 0"
)
_FORECAST_LEARNING = "({row}.state != 'review')"
#: The tally's two grains: the UTC day of a card's due, and its ten minutes ("YYYY-MM-DD
#: HH:M": every zone's day boundary but a few on a quarter to the hour falls on one), as text
#: that sorts as the due does; '' for no due.
FORECAST_SLOTS = {
    0: "coalesce(substr({row}.due, 1, 10), '')",
    1: "coalesce(substr({row}.due, 1, 15), '')",
}


def _forecast_key(row: str) -> str:
    return (
        f"(CASE WHEN {_FORECAST_COUNTED.format(row=row)}"
        f" THEN {_FORECAST_LEARNING.format(row=row)} || {FORECAST_SLOTS[1].format(row=row)} END)"
    )


def _forecast_add(row: str, sign: int) -> str:
    """Count the card `row` (OLD or NEW) with `sign` in its day and its ten minutes; rows
    left at 0 by a card going are deleted."""
    learning = _FORECAST_LEARNING.format(row=row)
    rows = ", ".join(
        f"({grain}, {learning}, {slot.format(row=row)}, {sign})"
        for grain, slot in FORECAST_SLOTS.items()
    )
    out = (
        f"INSERT INTO forecast_tally (grain, learning, slot, cards) VALUES {rows}"
        " ON CONFLICT (grain, learning, slot) DO UPDATE SET cards = cards + excluded.cards;"
    )
    if sign < 0:
        out += "".join(
            f" DELETE FROM forecast_tally WHERE grain = {grain} AND learning = {learning}"
            f" AND slot = {slot.format(row=row)} AND cards = 0;"
            for grain, slot in FORECAST_SLOTS.items()
        )
    return out


_FORECAST_MOVED = f"{_forecast_key('OLD')} IS NOT {_forecast_key('NEW')}"
#: The triggers that keep `forecast_tally` equal to the live, unsuspended cards in learning,
#: relearning or review, of every deck, by whether learning, UTC day and ten minutes of due.
#: An answer moves its card from one ten minutes (and often day) to another: the card's
#: old place counted down, its new one up (two upserts and two seeks); an update that
#: leaves a card's ten minutes, learning and being counted as they were writes nothing.
FORECAST_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS forecast_tally_insert AFTER INSERT ON card"
    f" WHEN {_FORECAST_COUNTED.format(row='NEW')} BEGIN {_forecast_add('NEW', 1)} END",
    "CREATE TRIGGER IF NOT EXISTS forecast_tally_delete AFTER DELETE ON card"
    f" WHEN {_FORECAST_COUNTED.format(row='OLD')} BEGIN {_forecast_add('OLD', -1)} END",
    "CREATE TRIGGER IF NOT EXISTS forecast_tally_update_old"
    " AFTER UPDATE OF state, due, suspended, retired ON card"
    f" WHEN {_FORECAST_COUNTED.format(row='OLD')} AND {_FORECAST_MOVED}"
    f" BEGIN {_forecast_add('OLD', -1)} END",
    "CREATE TRIGGER IF NOT EXISTS forecast_tally_update_new"
    " AFTER UPDATE OF state, due, suspended, retired ON card"
    f" WHEN {_FORECAST_COUNTED.format(row='NEW')} AND {_FORECAST_MOVED}"
    f" BEGIN {_forecast_add('NEW', 1)} END",
)
#: The forecast tally counted afresh from the cards (a migrated database, or one written
#: with the triggers dropped): one pass over the cards, a group by of each grain.
FORECAST_FILL = (
    "DELETE FROM forecast_tally",
    *(
        "INSERT INTO forecast_tally (grain, learning, slot, cards)"
        f" SELECT {grain}, {_FORECAST_LEARNING.format(row='card')},"
        f" {slot.format(row='card')}, count(*) FROM card"
        f" WHERE {_FORECAST_COUNTED.format(row='card')} GROUP BY 1, 2, 3"
        for grain, slot in FORECAST_SLOTS.items()
    ),
)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a table model (SQLModel sets `__table__` but does not declare it)."""
    table = getattr(model, "__table__", None)
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def _time(**kwargs: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))


class DeckRow(SQLModel, table=True):
    """A deck: a named set of notes from one source document."""

    __tablename__ = "deck"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column_kwargs={"unique": True})
    title: str | None = None
    source: str | None = None
    tags: str = "[]"  # JSON array
    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.9
    created_at: datetime = _time(nullable=False)


class NoteRow(SQLModel, table=True):
    """A vocabulary entry of a deck."""

    __tablename__ = "note"
    # List and Browse order, (deck_id, position, id): the `ix_note_browse` index (search.py).
    __table_args__ = (UniqueConstraint("deck_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    # No index of its own: the unique (deck_id, key) starts with it.
    deck_id: int = Field(foreign_key="deck.id")
    key: str  # note_key(word): identity across re-imports
    word: str
    ipa: str | None = None
    pos: str
    definition: str
    synonyms: str = "[]"  # JSON array
    example: str = ""
    syllables: str = ""
    # The headword's forms (flashcards.text.forms.dump_forms), found at import, so that
    # finding its uses later needs no lemminflect. NULL: computed again when needed.
    forms: str | None = None
    # The learner's edits: a JSON object of each edited field and the document's value it
    # replaced. A re-import keeps these fields as the learner wrote them. NULL: no edit.
    edited: str | None = None
    # Where the example uses the word, found at import: JSON [[start, end], ...]. NULL (a
    # note stored before, or edited since): found again when needed.
    example_spans: str | None = None
    position: int = 0  # order in the document
    line: int = 0  # line of the entry in the document
    in_source: bool = True  # False once an import no longer finds it in the document
    created_at: datetime = _time(nullable=False)
    updated_at: datetime = _time(nullable=False)
    # The headword cut into syllables from its word, IPA, part of speech and definition
    # (flashcards.text.syllables.syllable_text), cut at import so that an export cuts
    # nothing. NULL (a note stored before, or one of those four changed since: CUT_TRIGGERS):
    # cut again when needed. Never the learner's: `syllables` holds those, and wins.
    cut: str | None = None


class ContextRow(SQLModel, table=True):
    """A sentence of the talk that uses a note's word."""

    __tablename__ = "context"
    __table_args__ = (UniqueConstraint("note_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id")  # indexed by the unique (note_id, position)
    position: int
    sentence: str
    # Where the sentence uses the note's word, found at import: JSON [[start, end], ...].
    # NULL (a context stored before): found again when needed.
    spans: str | None = None


class CardRow(SQLModel, table=True):
    """One thing to remember about a note, with its FSRS state."""

    __tablename__ = "card"
    __table_args__ = (
        UniqueConstraint("note_id", "kind"),
        # The queues of live, unsuspended cards (COUNTED). Every deck's: the next card walks
        # it in order (by due; new cards, whose due is NULL, by id) and reads the rest of
        # the card from the table; it holds no column a bury changes, so that an answer's
        # burying of its siblings leaves it as it is. Each deck's: the same order, and every
        # column the counts test (suspended and retired too: SQLite reads the table for a
        # column of the WHERE), so that they read the index alone.
        Index("ix_card_due", *QUEUE_COLUMNS, sqlite_where=text(COUNTED)),
        Index("ix_card_counts", *DECK_QUEUE_COLUMNS, sqlite_where=text(COUNTED)),
        # The few cards set aside (suspended, or tagged leech), for the statistics.
        Index("ix_card_aside", *ASIDE_COLUMNS, sqlite_where=text(ASIDE)),
        Index("ix_card_buried", *BURIED_COLUMNS, sqlite_where=text(BURIED)),
        Index("ix_card_buried_at", *BURIED_AT_COLUMNS, sqlite_where=text(BURIED_AT)),
    )

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id")  # indexed by the unique (note_id, kind)
    deck_id: int = Field(foreign_key="deck.id")  # the note's deck, for per-deck queues
    kind: str  # CardKind
    state: str = "new"  # CardState
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = _time(nullable=True)
    last_review: datetime | None = _time(nullable=True)
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    leech: bool = False
    buried_until: datetime | None = _time(nullable=True)
    retired: bool = False  # a context card whose note has no context any more
    context_turn: int = 0  # which context sentence to show next
    created_at: datetime = _time(nullable=False)


class ReviewRow(SQLModel, table=True):
    """One answer to a card. Append-only; undo marks a row undone instead of deleting it."""

    __tablename__ = "review_log"
    __table_args__ = (
        # Today's answers by deck and prior state, read from the index alone (daily limits).
        Index("ix_review_log_day", *LOG_DAY_COLUMNS),
        # A card's answers in time order (then by id, which every index ends with): its
        # answers for the schedule, and the previous and next answer the tally's triggers
        # seek.
        Index("ix_review_log_card", *LOG_CARD_COLUMNS),
    )

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id")
    deck_id: int | None = Field(default=None, foreign_key="deck.id")  # the card's deck
    rating: int
    reviewed_at: datetime = _time(nullable=False)
    duration_ms: int | None = None
    answer: str | None = None  # what was typed
    grade: str | None = None  # right / near / wrong
    shown: str | None = None  # the context sentence shown, for context cards
    state_before: str = "{}"  # JSON snapshot of the card before the answer, for undo
    prior_state: str | None = None  # the card's state before the answer (daily limits, retention)
    state: str = "new"  # the card's state after the answer
    due: datetime | None = _time(nullable=True)  # the card's due after the answer
    stability: float | None = None
    difficulty: float | None = None
    buried_note_until: datetime | None = _time(nullable=True)
    undone: bool = False
    source: str | None = None  # where the answer was given: None here, "anki" from Anki
    anki_id: int | None = None  # the id of Anki's revlog row, for an answer from Anki
    # The group of the tally's young/mature split this answer is counted in ('young',
    # 'mature'; NULL: neither, as an answer undone, not to a review card, or a card's first).
    # Kept by TALLY_TRIGGERS.
    counted_as: str | None = None


class ReviewTallyRow(SQLModel, table=True):
    """The log's answers in force, by deck and prior state (kept by TALLY_TRIGGERS): the
    statistics' totals and true retention, read without counting the log. 0 and '' stand
    for an answer without a deck or a prior state."""

    __tablename__ = "review_tally"

    deck_id: int = Field(primary_key=True)
    prior_state: str = Field(primary_key=True)
    answers: int = 0
    passed: int = 0  # not Again
    # The reviews (prior_state 'review') of young and of mature cards (see TALLY_TRIGGERS),
    # and how many of them were not Again.
    young: int = 0
    young_passed: int = 0
    mature: int = 0
    mature_passed: int = 0


class CardTallyRow(SQLModel, table=True):
    """The cards there are, by deck, whether answered, suspended, retired and leech (kept by
    COUNT_TRIGGERS): the statistics' counts, read without counting the cards (the answered
    ones by state: the few learning ones from the queue index, the rest are reviews)."""

    __tablename__ = "card_tally"

    deck_id: int = Field(primary_key=True)
    answered: bool = Field(primary_key=True)  # state is not 'new'
    suspended: bool = Field(primary_key=True)
    retired: bool = Field(primary_key=True)
    leech: bool = Field(primary_key=True)
    cards: int = 0


class DueTallyRow(SQLModel, table=True):
    """The live, unsuspended review cards of each deck by the UTC day they are due (kept by
    DUE_TRIGGERS): the reviews due before a time are the days before its own, summed, and
    the part of its day before it, counted along the queue index."""

    __tablename__ = "due_tally"
    __table_args__ = {"sqlite_with_rowid": False}

    deck_id: int = Field(primary_key=True)
    day: str = Field(primary_key=True)  # the date of the due, "YYYY-MM-DD"
    cards: int = 0


class ForecastTallyRow(SQLModel, table=True):
    """The live, unsuspended cards in learning, relearning or review, of every deck, by
    whether learning (relearning too) and the UTC day (`grain` 0) and ten minutes (`grain`
    1) they are due (kept by FORECAST_TRIGGERS): the statistics' forecast of every deck adds
    up whole days and the ten minutes of a day before its boundary, and its learning count
    the learning days, without reading the cards."""

    __tablename__ = "forecast_tally"
    __table_args__ = {"sqlite_with_rowid": False}

    grain: int = Field(primary_key=True)  # 0: a day; 1: ten minutes (FORECAST_SLOTS)
    learning: bool = Field(primary_key=True)  # state is learning or relearning
    slot: str = Field(primary_key=True)  # "YYYY-MM-DD" or "YYYY-MM-DD HH:M"; '' for no due
    cards: int = 0


class NoteTallyRow(SQLModel, table=True):
    """The notes of each deck (kept by COUNT_TRIGGERS)."""

    __tablename__ = "note_tally"

    deck_id: int = Field(primary_key=True)
    notes: int = 0


class QuizRow(SQLModel, table=True):
    """An answer given in an example-sentence quiz. Never touches the schedule."""

    __tablename__ = "quiz_result"

    id: int | None = Field(default=None, primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", index=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    quiz: str  # one id per quiz run
    sentence: str
    mode: str  # typed / choice
    answer: str
    correct: bool
    answered_at: datetime = _time(nullable=False)


class SettingRow(SQLModel, table=True):
    """A program-wide setting (for example the hour at which a new day starts)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


# The search index, its triggers and the browse order's index (store/search.py), made with
# the tables they read.
def _make_search(target: Table, connection: Any, **kw: Any) -> None:
    for statement in search.SCHEMA:
        connection.exec_driver_sql(statement)


event.listen(table_of(ContextRow), "after_create", _make_search)
