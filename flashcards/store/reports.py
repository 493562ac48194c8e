"""Read-only counting queries behind statistics."""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import datetime
from itertools import accumulate

from flashcards.store.repository import Store
from flashcards.store.sqlite import sql, to_db_time

# Every query reads a tally or a range of an index: the cards' and the notes' tallies for
# the counts; for every deck, the forecast tally (learning and review cards by UTC day and
# ten minutes of due) for the learning cards and each day's due cards, and for one deck,
# its part of the queue index; the small index of cards buried past their due for the
# forecast and "due today"; the log's (reviewed_at, ...) index for today; and the log's
# tally by deck and prior state for the totals and true retention.
_DECK = {False: "", True: " AND deck_id = :deck"}

# The cards by whether answered, from the cards' tally (store.tables.CardTallyRow); of the
# answered ones, the learning cards are a range of the queue index (few: a card learns for
# a day or two), and the rest are reviews.
_TALLIED = (
    "SELECT coalesce(sum(cards), 0), coalesce(sum(cards * (suspended = 0 AND NOT answered)), 0),"
    " coalesce(sum(cards * (suspended = 0 AND answered)), 0),"
    " coalesce(sum(cards * (suspended = 1)), 0), coalesce(sum(cards * (leech = 1)), 0)"
    " FROM card_tally WHERE retired = 0{deck}"
)
_TALLIED_COUNTS = {
    one: sql(f"report.card_counts{'.deck' if one else ''}", _TALLIED.format(deck=_DECK[one]))
    for one in (False, True)
}
_LEARNING = (
    "SELECT count(*) FROM card INDEXED BY {index} WHERE state IN ('learning', 'relearning')"
    " AND suspended = 0 AND retired = 0{deck}"
)
_LEARNING_COUNTS = {
    # Every deck's: the learning days of the forecast tally (store.tables.ForecastTallyRow).
    False: sql(
        "report.learning",
        "SELECT coalesce(sum(cards), 0) FROM forecast_tally WHERE grain = 0 AND learning = 1",
    ),
    True: sql("report.learning.deck", _LEARNING.format(index="ix_card_counts", deck=_DECK[True])),
}
_NOTES = {
    False: sql("report.notes", "SELECT coalesce(sum(notes), 0) FROM note_tally"),
    True: sql(
        "report.notes.deck", "SELECT coalesce(sum(notes), 0) FROM note_tally WHERE deck_id = :deck"
    ),
}
# A range of the day index (named: the planner, with no statistics, would take another).
_BY_DAY = "review_log INDEXED BY ix_review_log_day"
_BETWEEN = (
    f"SELECT count(*) FROM {_BY_DAY}"
    " WHERE reviewed_at >= :since AND reviewed_at < :until AND undone = 0{deck}"
)
_LATER = f"SELECT count(*) FROM {_BY_DAY} WHERE reviewed_at > :now AND undone = 0{{deck}}"
# Every answer in force, and true retention: the log's tally (store.tables.ReviewTallyRow).
_TOTAL = "SELECT coalesce(sum(answers), 0) FROM review_tally WHERE 1{deck}"
_REVIEWS = {
    (what, one): sql(f"report.reviews.{what}{'.deck' if one else ''}", text.format(deck=_DECK[one]))
    for what, text in (("total", _TOTAL), ("between", _BETWEEN), ("later", _LATER))
    for one in (False, True)
}
_SCHEDULED = "state IN ('learning', 'relearning', 'review')"
# The cards due on each day, from the days' ends (`:ends`, a JSON array): one range of the
# queue index a day and state, each between two constants (the day before's end, or nothing
# for day 0, which takes everything overdue); every deck's along (state, due), one deck's
# along (deck_id, state, due).
_DAY_RANGES = (
    "SELECT day, (SELECT count(*) FROM card INDEXED BY {index} WHERE {scheduled}{deck}"
    " AND due >= since AND due < until AND suspended = 0 AND retired = 0) FROM"
    " (SELECT key AS day, value AS until, coalesce(lag(value) OVER (ORDER BY key), '') AS since"
    " FROM json_each(:ends)) ORDER BY day"
)
_DUE_BY_DAY = {
    one: sql(
        f"report.forecast{'.deck' if one else ''}",
        _DAY_RANGES.format(
            index="ix_card_counts" if one else "ix_card_due",
            scheduled=_SCHEDULED,
            deck=_DECK[one],
        ),
    )
    for one in (False, True)
}
# The cards buried past their due until after today: each comes back on a later day than
# its due says (the partial index of the few there are: its condition, store.tables.BURIED,
# written out so that the planner can take it; INDEXED BY fails if the two part).
_MOVED = (
    "SELECT due, buried_until FROM card INDEXED BY ix_card_buried"
    f" WHERE buried_until >= :first AND buried_until > due AND {_SCHEDULED} AND due < :last"
    " AND suspended = 0 AND retired = 0{deck}"
)
# Every deck's forecast from the forecast tally: the cards due before an instant are its
# whole UTC days before the instant's day, that day's tens of minutes before the instant's
# (or the day less its tens from there on, when fewer), and the minutes of the instant's ten
# before it along the index (none when the day ends on a whole ten minutes, as every zone's
# but a few on a quarter to the hour does).
_TALLY_DAYS = sql(
    "report.forecast.tally_days",
    "SELECT slot, cards FROM forecast_tally WHERE grain = 0 AND learning IN (0, 1)"
    " AND slot > '' AND slot <= :last",
)
_TALLY_TENS = sql(
    "report.forecast.tally_tens",
    "SELECT (SELECT coalesce(sum(cards), 0) FROM forecast_tally WHERE grain = 1"
    " AND learning IN (0, 1) AND slot >= json_extract(value, '$[0]')"
    " AND slot < json_extract(value, '$[1]')) FROM json_each(:ranges) ORDER BY key",
)
_MINUTES = sql(
    "report.forecast.minutes",
    f"SELECT count(*) FROM card INDEXED BY ix_card_due WHERE {_SCHEDULED}"
    " AND due >= :since AND due < :until AND suspended = 0 AND retired = 0",
)
_BURIED_PAST_DUE = {
    one: sql(f"report.forecast.buried{'.deck' if one else ''}", _MOVED.format(deck=_DECK[one]))
    for one in (False, True)
}
_RETENTION = "SELECT sum(answers), sum(passed) FROM review_tally WHERE prior_state = 'review'{deck}"
_RETENTIONS = {
    one: sql(f"report.retention{'.deck' if one else ''}", _RETENTION.format(deck=_DECK[one]))
    for one in (False, True)
}


_SOLE_DECK = sql("report.sole_deck", "SELECT min(id) FROM deck HAVING count(*) = 1")


def sole_deck(store: Store) -> int | None:
    """The id of the one deck there is; None when there are none, or several."""
    with store.reading() as conn:
        row = conn.execute(_SOLE_DECK).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def card_counts(
    store: Store, deck_id: int | None, due_before: datetime, *, due_today: int | None = None
) -> dict[str, int]:
    """Notes and live cards by state; `due_today` counts learning and review cards due
    before `due_before` that can be shown before it (not suspended, not buried until then:
    day 0 of `due_forecast`, which a caller that has it passes in); `leeches` counts cards
    tagged leech."""
    one = deck_id is not None
    with store.reading() as conn:
        row = conn.execute(_TALLIED_COUNTS[one], {"deck": deck_id}).fetchone()
        cards, new, answered, suspended, leeches = (int(x) for x in row)
        learning = int(conn.execute(_LEARNING_COUNTS[one], {"deck": deck_id}).fetchone()[0])
        note_count = conn.execute(_NOTES[one], {"deck": deck_id}).fetchone()[0]
    if due_today is None:
        due_today = due_forecast(store, deck_id, [due_before])[0]
    return {
        "notes": int(note_count),
        "cards": cards,
        "new": new,
        "learning": learning,
        "review": answered - learning,
        "suspended": suspended,
        "due_today": due_today,
        "leeches": leeches,
    }


def review_counts(
    store: Store, deck_id: int | None, since: datetime, until: datetime, now: datetime
) -> dict[str, int]:
    """Answers ever recorded, from `since` to before `until` (today), and recorded later than
    `now` (under a clock set to the future); undone answers excluded."""
    params = {
        "since": to_db_time(since),
        "until": to_db_time(until),
        "now": to_db_time(now),
        "deck": deck_id,
    }
    one = deck_id is not None
    with store.reading() as conn:
        total, today, future = (
            int(conn.execute(_REVIEWS[what, one], params).fetchone()[0])
            for what in ("total", "between", "later")
        )
    return {"reviews_total": total, "reviews_today": today, "reviews_in_future": future}


def due_forecast(store: Store, deck_id: int | None, day_ends: Sequence[datetime]) -> list[int]:
    """Learning and review cards due on each day, given the instants at which the days end:
    day 0 takes everything overdue. A buried card counts on the day it comes back, a
    suspended one not at all (so day 0 agrees with `due_today`)."""
    if not day_ends:
        return []
    if any(end.second or end.microsecond for end in day_ends):
        raise ValueError("days end on whole minutes")
    ends = [to_db_time(end) for end in day_ends]
    one = deck_id is not None
    with store.reading() as conn:
        if one:
            ranges = conn.execute(_DUE_BY_DAY[one], {"ends": json.dumps(ends), "deck": deck_id})
            counts = [int(count) for _, count in ranges]
        else:
            due_before = _tallied_before(conn, ends)
            counts = [b - a for a, b in zip([0, *due_before], due_before, strict=False)]
        params = {"first": ends[0], "last": ends[-1], "deck": deck_id}
        for due, buried_until in conn.execute(_BURIED_PAST_DUE[one], params):
            counts[bisect_right(ends, due)] -= 1  # not on the day it is due
            day = bisect_right(ends, buried_until)  # but on the first that ends after it
            if day < len(ends):
                counts[day] += 1
    return counts


def _tallied_before(conn: sqlite3.Connection, ends: Sequence[str]) -> list[int]:
    """The cards of every deck due before each of `ends` (stored times, in order), as the
    forecast counts them, from the forecast tally: its cost follows the days and quarters
    read (the days overdue, the forecast's, at most half a day's tens of minutes for each
    end), never the cards."""
    whole: dict[str, int] = {}  # each day's cards, learning or not
    for day, cards in conn.execute(_TALLY_DAYS, {"last": ends[-1][:10]}):
        whole[str(day)] = whole.get(str(day), 0) + int(cards)
    slots = sorted(whole)
    before = list(accumulate((whole[day] for day in slots), initial=0))
    ranges, minutes, signs = [], [], []
    for end in ends:
        day, ten = end[:10], end[:15]  # "YYYY-MM-DD", "YYYY-MM-DD HH:M"
        if int(end[11:13]) < 12:  # the tens of the day before the end's
            ranges.append((f"{day} ", ten))
            signs.append(1)
        else:  # the day less its tens from the end's on
            ranges.append((ten, f"{day}!"))
            signs.append(-1)
        minutes.append((ten, end) if end > ten + "0:00.000000" else None)
    tens = [int(n) for (n,) in conn.execute(_TALLY_TENS, {"ranges": json.dumps(ranges)})]
    out = []
    for end, tens_sum, sign, part in zip(ends, tens, signs, minutes, strict=True):
        day = end[:10]
        due = before[bisect_left(slots, day)]
        due += tens_sum if sign > 0 else whole.get(day, 0) - tens_sum
        if part is not None:
            since, until = part
            due += int(conn.execute(_MINUTES, {"since": since, "until": until}).fetchone()[0])
        out.append(due)
    return out


def true_retention(store: Store, deck_id: int | None) -> float | None:
    """The share of answers to cards in review state that were not Again (undone answers
    left out); None when there are none. Read from the log's tally, not the log."""
    with store.reading() as conn:
        total, passed = conn.execute(_RETENTIONS[deck_id is not None], {"deck": deck_id}).fetchone()
    return int(passed or 0) / total if total else None
