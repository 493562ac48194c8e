"""Read-only figures behind retention before there is much history: answers so far, the
retention of young and of mature cards (a review answered less, or at least, MATURE_DAYS
after the card's previous answer), and the earliest time an answer can count as mature.

How long a card waited is the time since the card's previous answer that was not undone,
as the log has it; the log's tally keeps the split, by triggers (store.tables.TALLY_TRIGGERS,
with the threshold MATURE_DAYS), so that the figures never read the log. A review answer
with no earlier answer in the log counts in neither group.

The split equals the window-function definition (lag(reviewed_at) over each card's answers
in force, by time then id; tests/test_retention_tally.py keeps it as the oracle), answers
merged from Anki out of time order included. Where the two could part: one deck's figures
are the answers the log files under that deck (its deck_id, the card's deck when answered)
where the definition takes the card's deck now (the same while cards never change deck);
and the triggers follow answers added, undone, put back and deleted, not a log row whose
time, card, rating or prior state is rewritten in place (nothing does that)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flashcards.store.repository import Store
from flashcards.store.sqlite import from_db_time, sql
from flashcards.store.version import MATURE_DAYS

_ANSWERS = (
    "SELECT sum(answers), sum(passed), sum(young), sum(young_passed), sum(mature),"
    " sum(mature_passed) FROM review_tally WHERE 1{deck}"
)
_ANSWERS_OF = {
    False: sql("retention.answers", _ANSWERS.format(deck="")),
    True: sql("retention.answers.deck", _ANSWERS.format(deck=" AND deck_id = :deck")),
}
# A card's next answer comes at its due at the earliest; it is a mature one only once the
# card has waited MATURE_DAYS since its last answer.
_MATURE_FROM = (
    "SELECT min(max(due, strftime('%Y-%m-%d %H:%M:%f', last_review,"
    " '+' || :mature || ' days'))) FROM card"
    " WHERE retired = 0 AND suspended = 0 AND state != 'new'"
    " AND due IS NOT NULL AND last_review IS NOT NULL{deck}"
)
_MATURE_FROM_OF = {
    False: sql("retention.mature_from", _MATURE_FROM.format(deck="")),
    True: sql("retention.mature_from.deck", _MATURE_FROM.format(deck=" AND deck_id = :deck")),
}


def _share(passed: int, total: int) -> float | None:
    return passed / total if total else None


def retention_detail(store: Store, deck_id: int | None) -> dict[str, Any]:
    """Answers so far (undone ones left out) and how many were not Again; the reviews of
    young and of mature cards (MATURE_DAYS) with the share not Again (None without any);
    `mature_from`: the earliest time an answer can be a mature card's (None once there is
    one, or before any card is answered)."""
    params = {"deck": deck_id, "mature": MATURE_DAYS}
    one = deck_id is not None
    with store.reading() as conn:
        row = conn.execute(_ANSWERS_OF[one], params).fetchone()
        answers, passed, young, young_passed, old, old_passed = (int(x or 0) for x in row)
        earliest = None if old else conn.execute(_MATURE_FROM_OF[one], params).fetchone()[0]
    when: datetime | None = from_db_time(earliest)
    return {
        "answers": answers,
        "answers_passed": passed,
        "young_reviews": young,
        "young_retention": _share(young_passed, young),
        "mature_reviews": old,
        "mature_retention": _share(old_passed, old),
        "mature_days": MATURE_DAYS,
        "mature_from": None if when is None else when.isoformat().replace("+00:00", "Z"),
    }
