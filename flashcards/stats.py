"""Statistics of a deck or of the whole collection: counts, today, forecast, retention."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from flashcards.clock import day_start, local_zone, next_day_start
from flashcards.memory import parameters_summary
from flashcards.store import Store
from flashcards.store.reports import card_counts, due_forecast, review_counts, true_retention
from flashcards.store.retention import retention_detail

# A review is a mature card's when the card waited MATURE_DAYS or more since its previous
# answer (Anki's threshold; the log's tally is split on it); a young card's when it waited
# less. Over a long history, true retention is the mature cards' share not Again.
from flashcards.store.version import MATURE_DAYS as MATURE_DAYS

FORECAST_DAYS = 30

#: The keys of `collection_stats`, in the order they are printed.
KEYS = (
    "notes",
    "cards",
    "new",
    "learning",
    "review",
    "suspended",
    "reviews_total",
    "reviews_today",
    "reviews_in_future",
    "due_today",
    "forecast",
    "retention",
    "leeches",
    "parameters",
    "retention_detail",
)


def day_ends(
    now: datetime, day_hour: int, zone: tzinfo, days: int = FORECAST_DAYS
) -> list[datetime]:
    """The instants at which today and each of the following days end (daylight saving
    included: a day is not always 24 hours)."""
    ends = [next_day_start(now, day_hour, zone)]
    while len(ends) < days:
        ends.append(next_day_start(ends[-1], day_hour, zone))
    return ends


def collection_stats(
    store: Store,
    now: datetime,
    deck_id: int | None = None,
    day_hour: int | None = None,
    zone: tzinfo | None = None,
    *,
    detail: bool = True,
) -> dict[str, Any]:
    """Counts by state, answers in total and today, cards due before the next day begins, the
    due forecast of the next 30 days (day 0 is today, overdue cards included), true retention
    (`retention`: the share of answers to review cards that were not Again, None before any),
    leeches, the FSRS parameters in use (`parameters`: whether fitted, when, on how many
    reviews, per kind or one set, the weights) and `retention_detail`: answers so far, young
    and mature cards' retention, and when the first mature answer can come
    (`retention_figures`, from the log's tally; left out when `detail` is False)."""
    from flashcards.study import day_start_hour

    hour = day_start_hour(store, day_hour)
    zone = zone or local_zone()
    ends = day_ends(now, hour, zone)
    stats: dict[str, Any] = {}
    forecast = due_forecast(store, deck_id, ends)
    stats.update(card_counts(store, deck_id, ends[0], due_today=forecast[0]))
    stats.update(review_counts(store, deck_id, day_start(now, hour, zone), ends[0], now))
    stats["forecast"] = forecast
    stats["retention"] = true_retention(store, deck_id)
    stats["parameters"] = parameters_summary(store, deck_id)
    if detail:
        stats["retention_detail"] = retention_figures(store, deck_id)
    return {k: stats[k] for k in KEYS if k in stats} | {
        k: v for k, v in stats.items() if k not in KEYS
    }


def retention_figures(store: Store, deck_id: int | None = None) -> dict[str, Any]:
    """Answers so far, the young and the mature cards' retention, and when the first mature
    answer can come (flashcards.store.retention, with the mature threshold)."""
    return retention_detail(store, deck_id)


def stats_lines(stats: dict[str, Any]) -> list[str]:
    """The statistics as lines for people to read."""
    lines = []
    for key, value in stats.items():
        label = key.replace("_", " ")
        if key == "forecast":
            later = " ".join(str(n) for n in value[1:])
            value = f"{value[0]} today, then {later} (one a day, next {len(value) - 1} days)"
        elif key == "retention":
            value = "no answer to a review card yet" if value is None else f"{value:.1%}"
            lines.append(f"{label:<16} {value}")
            lines.extend(detail_lines(stats.get("retention_detail")))
            continue
        elif key == "parameters":
            value = parameters_line(value)
        elif isinstance(value, (list, dict)):
            continue
        lines.append(f"{label:<16} {value}")
    return lines


def parameters_line(summary: dict[str, Any]) -> str:
    """The FSRS parameters in use, in a few words."""
    if not summary["fitted"]:
        return "FSRS defaults (`flashcards optimize` fits them to your reviews)"
    kind = "one set per kind of card" if summary["per_kind"] else "one set for every card"
    return f"fitted {summary['fitted_at'][:10]} on {summary['reviews']} reviews ({kind})"


def _percent(share: float | None, reviews: int) -> str:
    return f"{share:.1%} of {reviews} reviews" if share is not None else "no review yet"


def detail_lines(detail: dict[str, Any] | None, zone: tzinfo | None = None) -> list[str]:
    """Answers so far and the young and mature cards' retention, as lines for people."""
    if not detail:
        return []
    answers = detail["answers"]
    lines = [f"{'answers passed':<16} {detail['answers_passed']} of {answers} (not Again)"]
    lines.append(
        f"{'young cards':<16} {_percent(detail['young_retention'], detail['young_reviews'])}"
    )
    pending = mature_pending(detail, zone)
    mature = pending or _percent(detail["mature_retention"], detail["mature_reviews"])
    lines.append(f"{'true retention':<16} {mature}")
    return lines


def mature_pending(detail: dict[str, Any], zone: tzinfo | None = None) -> str | None:
    """When true retention (the mature cards') will appear, as words that follow "True
    retention": "appears once a card is reviewed 21 days or more after its last answer:
    earliest on Mar 23"; None once it has."""
    if detail["mature_reviews"]:
        return None
    days = detail["mature_days"]
    line = f"appears once a card is reviewed {days} days or more after its last answer"
    when = detail["mature_from"]
    if when is None:
        return line
    local = datetime.fromisoformat(when).astimezone(zone or local_zone())
    return f"{line}: earliest on {local:%b} {local.day}"
