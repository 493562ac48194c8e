"""Fitting FSRS parameters to the learner's own history: the one module that imports
fsrs-rs-python (the Rust FSRS behind Anki; no torch).

Only `optimize`, the Statistics screen and `config` import this module, never the review:
a review schedules with `flashcards.scheduling` and the set the store keeps.

- The history: each card's answers in force, by learner day (the day starts at the
  day-start hour). Every answer given at least a day after the card's previous one is a
  *scored review*: FSRS predicted it, so it measures a parameter set.
- At least `MIN_REVIEWS` scored reviews are needed to fit one set (Anki asks for a few
  hundred); with that many of recognition (meaning) cards and of production (recall,
  context) cards, each group also gets a set of its own, and the pair is used when it
  predicts the history better than one set for both.
- A fit is kept only when it predicts the history better (lower log loss) than the set in
  use; the set it replaces is kept, to go back to (`revert`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from itertools import groupby
from typing import Any

import fsrs_rs_python as rs

from flashcards.domain import CardKind
from flashcards.errors import FlashcardsError
from flashcards.store import Store
from flashcards.store import parameters as stored
from flashcards.store.parameters import ALL, PRODUCTION, RECOGNITION, HistoryAnswer, ParameterSet

__all__ = [
    "MIN_REVIEWS",
    "Fit",
    "FitReport",
    "Quality",
    "fit_history",
    "optimize",
    "revert",
    "workload",
]

#: Scored reviews needed to fit one parameter set (and each group's own set).
MIN_REVIEWS = 400
GROUPS = (RECOGNITION, PRODUCTION)
GROUP_NAMES = {RECOGNITION: "recognition (meaning)", PRODUCTION: "production (recall, context)"}

#: Called with (steps done, steps in all, what is being done).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Quality:
    """How well a parameter set predicts a history: log loss and RMSE (binned), lower is
    better, as fsrs-rs evaluates them."""

    log_loss: float
    rmse: float

    def to_json(self) -> dict[str, float]:
        return {"log_loss": round(self.log_loss, 5), "rmse": round(self.rmse, 5)}


@dataclass(frozen=True)
class Fit:
    """One group's history and how each candidate set predicts it."""

    group: str  # all, recognition or production
    reviews: int  # scored reviews
    default: Quality
    in_use: Quality | None = None  # the set in use, when it is a fitted one
    one_set: Quality | None = None  # the set fitted to every card
    own_set: Quality | None = None  # the set fitted to this group alone


@dataclass(frozen=True)
class FitReport:
    """What a fit found and what was done with it."""

    reviews: int
    fits: tuple[Fit, ...] = ()
    chosen: ParameterSet | None = None  # the new set, None when nothing was kept
    kept: bool = False
    message: str = ""
    weights: Mapping[str, tuple[float, ...]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report for people to read."""
        out = [f"scored reviews: {self.reviews} (at least {MIN_REVIEWS} are needed to fit)"]
        if self.fits:
            out.append(
                f"{'':<30} {'reviews':>7}  {'default':>15}  {'in use':>15}  "
                f"{'one set':>15}  {'own set':>15}"
            )
            out.append(f"{'':<30} {'':>7}  {'(log loss / RMSE)':>15}")
            for fit in self.fits:
                out.append(
                    f"{GROUP_NAMES.get(fit.group, 'all cards'):<30} {fit.reviews:>7}  "
                    + "  ".join(
                        _quality(q) for q in (fit.default, fit.in_use, fit.one_set, fit.own_set)
                    )
                )
        out.append(self.message)
        return out


def _quality(quality: Quality | None) -> str:
    return f"{'—':>15}" if quality is None else f"{quality.log_loss:>7.4f} / {quality.rmse:.4f}"


# -- the history as fsrs-rs items --------------------------------------------------------------


def learner_day(hour: int, zone: tzinfo) -> Callable[[datetime], int]:
    """The learner's day number of an instant (days start at `hour`, local time)."""

    def day(moment: datetime) -> int:
        return (moment.astimezone(zone) - timedelta(hours=hour)).date().toordinal()

    return day


def items_of(
    history: Iterable[HistoryAnswer],
    day: Callable[[datetime], int],
    *,
    since: datetime | None = None,
    before: datetime | None = None,
) -> dict[str, list[rs.FSRSItem]]:
    """The scored reviews of a history, as fsrs-rs items by group (each item: a card's
    answers up to a scored one, with days elapsed between them). `since` / `before`: only
    the reviews scored in that time (the answers before them still make up each item)."""
    items: dict[str, list[rs.FSRSItem]] = {RECOGNITION: [], PRODUCTION: []}
    for _card, answers in groupby(history, key=lambda a: a.card_id):
        answered = list(answers)
        group = stored.group_of(answered[0].kind)
        reviews: list[rs.FSRSReview] = []
        previous: int | None = None
        for answer in answered:
            today = day(answer.reviewed_at)
            elapsed = 0 if previous is None else max(0, today - previous)
            previous = today
            reviews.append(rs.FSRSReview(int(answer.rating), elapsed))
            scored = len(reviews) > 1 and elapsed > 0
            if since is not None and answer.reviewed_at < since:
                scored = False
            if before is not None and answer.reviewed_at >= before:
                break
            if scored:
                items[group].append(rs.FSRSItem(list(reviews)))
    return items


def evaluate(weights: Sequence[float], items: Sequence[rs.FSRSItem]) -> Quality:
    result = rs.FSRS(list(weights)).evaluate(list(items))
    return Quality(float(result.log_loss), float(result.rmse_bins))


def fit_set(items: Sequence[rs.FSRSItem]) -> tuple[float, ...]:
    return tuple(rs.FSRS(list(rs.DEFAULT_PARAMETERS)).compute_parameters(list(items)))


def combined(qualities: Sequence[tuple[int, Quality]]) -> Quality:
    # Both measures are means over reviews: weigh each group by its reviews.
    total = sum(n for n, _ in qualities) or 1
    return Quality(
        sum(n * q.log_loss for n, q in qualities) / total,
        sum(n * q.rmse for n, q in qualities) / total,
    )


def fit_history(
    items: Mapping[str, Sequence[rs.FSRSItem]],
    in_use: ParameterSet | None = None,
    progress: Progress | None = None,
    *,
    min_reviews: int = MIN_REVIEWS,
) -> tuple[list[Fit], dict[str, tuple[float, ...]] | None, str]:
    """Fit one set to every scored review and, when each group has enough, one set per
    group; compare them with the defaults and the set in use on the same history.

    Returns the fits, the best weights (None when the history is too thin) and why."""
    tell = progress or (lambda _done, _total, _what: None)
    every = [item for group in GROUPS for item in items.get(group, ())]
    if len(every) < min_reviews:
        return (
            [],
            None,
            f"not enough history to fit: {len(every)} scored reviews, at least {min_reviews} "
            "are needed (answers given a day or more after a card's previous one); the "
            "default parameters stay in use",
        )
    split = all(len(items.get(g, ())) >= min_reviews for g in GROUPS)
    steps = 4 if split else 2
    tell(0, steps, "fitting one set to every card")
    one = fit_set(every)
    tell(1, steps, "measuring")
    fits = [
        Fit(
            ALL,
            len(every),
            default=evaluate(rs.DEFAULT_PARAMETERS, every),
            in_use=_in_use_quality(in_use, items),
            one_set=evaluate(one, every),
        )
    ]
    best: dict[str, tuple[float, ...]] = {ALL: one}
    best_loss = fits[0].one_set.log_loss if fits[0].one_set else float("inf")
    if split:
        own: dict[str, tuple[float, ...]] = {}
        for n, group in enumerate(GROUPS):
            tell(2 + n, steps, f"fitting {GROUP_NAMES[group]}")
            own[group] = fit_set(items[group])
        group_fits = [
            Fit(
                group,
                len(items[group]),
                default=evaluate(rs.DEFAULT_PARAMETERS, items[group]),
                in_use=_in_use_quality(in_use, {group: items[group]}),
                one_set=evaluate(one, items[group]),
                own_set=evaluate(own[group], items[group]),
            )
            for group in GROUPS
        ]
        pair = combined([(f.reviews, f.own_set) for f in group_fits if f.own_set])
        fits[0] = replace(fits[0], own_set=pair)
        fits.extend(group_fits)
        if pair.log_loss < best_loss:
            best, best_loss = own, pair.log_loss
    tell(steps, steps, "done")
    why = "one set per kind of card" if RECOGNITION in best else "one set for every card"
    if not split:
        why += (
            f" (a set per kind needs {min_reviews} scored reviews of each: recognition "
            f"{len(items.get(RECOGNITION, ()))}, production {len(items.get(PRODUCTION, ()))})"
        )
    return fits, best, why


def _in_use_quality(
    in_use: ParameterSet | None, items: Mapping[str, Sequence[rs.FSRSItem]]
) -> Quality | None:
    if in_use is None:
        return None
    parts = [
        (len(items[g]), evaluate(in_use.for_kind(_KIND_OF[g]), items[g]))
        for g in GROUPS
        if items.get(g)
    ]
    return combined(parts) if parts else None


_KIND_OF = {RECOGNITION: CardKind.MEANING, PRODUCTION: CardKind.RECALL}


# -- the service -------------------------------------------------------------------------------


def optimize(
    store: Store,
    deck_id: int | None,
    now: datetime,
    *,
    day_hour: int | None = None,
    zone: tzinfo | None = None,
    progress: Progress | None = None,
    min_reviews: int = MIN_REVIEWS,
) -> FitReport:
    """Fit the deck's (None: the collection's) history; keep the fit when it predicts that
    history better than the set in use, the replaced set kept to go back to."""
    from flashcards.clock import local_zone
    from flashcards.study import day_start_hour

    day_hour = day_start_hour(store, day_hour)
    zone = zone or local_zone()
    with store.work() as work:
        history = work.fitting_history(deck_id)
        before = work.parameters(deck_id)
    items = items_of(history, learner_day(day_hour, zone))
    reviews = sum(len(v) for v in items.values())
    fits, best, why = fit_history(items, before.current, progress, min_reviews=min_reviews)
    if best is None:
        return FitReport(reviews, message=why)
    total = fits[0]
    new_loss = (total.own_set if RECOGNITION in best else total.one_set) or total.default
    bar = total.in_use or total.default
    report = {"fits": [_fit_json(f) for f in fits], "per_kind": RECOGNITION in best}
    chosen = ParameterSet(best, now, reviews, report)
    if new_loss.log_loss >= bar.log_loss:
        what = "the set in use" if total.in_use else "the default parameters"
        return FitReport(
            reviews,
            tuple(fits),
            None,
            False,
            f"the fit ({why}) predicts this history no better than {what}; nothing changed",
            best,
        )
    with store.work(write=True) as work:
        current = work.parameters(deck_id).current
        work.save_parameters(deck_id, stored.StoredParameters(chosen, current))
    return FitReport(
        reviews,
        tuple(fits),
        chosen,
        True,
        f"kept: {why}; log loss {bar.log_loss:.4f} -> {new_loss.log_loss:.4f} "
        "(`flashcards optimize --revert` goes back)",
        best,
    )


def _fit_json(fit: Fit) -> dict[str, Any]:
    out: dict[str, Any] = {"group": fit.group, "reviews": fit.reviews}
    for name in ("default", "in_use", "one_set", "own_set"):
        quality = getattr(fit, name)
        if quality is not None:
            out[name] = quality.to_json()
    return out


def revert(store: Store, deck_id: int | None) -> StoredParameters:
    """Swap the set in use and the one before it (twice: back again)."""
    with store.work(write=True) as work:
        kept = work.parameters(deck_id)
        if kept.current is None and kept.previous is None:
            raise FlashcardsError("no fitted parameters to go back from (the defaults are in use)")
        swapped = stored.StoredParameters(kept.previous, kept.current)
        work.save_parameters(deck_id, swapped)
    return swapped


StoredParameters = stored.StoredParameters


# -- workload ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    """The simulated daily work of a deck at a desired retention."""

    retention: float
    first_month: float  # reviews a day, mean over the first 30 days
    reviews_per_day: float  # reviews a day, mean over the simulated year
    memorised: float  # cards remembered at the end

    def line(self) -> str:
        return (
            f"at retention {self.retention:.2f}: about {self.first_month:.0f} reviews a day "
            f"over the first month, {self.reviews_per_day:.0f} a day over a year, "
            f"{self.memorised:.0f} cards remembered after a year (FSRS simulator)"
        )


def workload(
    weights: Sequence[float] | None,
    retention: float,
    *,
    cards: int,
    new_per_day: int,
    reviews_per_day: int,
    days: int = 365,
    seed: int = 42,
) -> Workload:
    """FSRS' simulator: a deck of `cards` cards learnt at `new_per_day` new cards a day for
    `days` days at `retention` (no cost limit)."""
    config = rs.default_simulator_config()
    config.deck_size = max(1, cards)
    config.learn_span = days
    config.learn_limit = max(0, new_per_day)
    config.review_limit = max(1, reviews_per_day)
    config.max_cost_perday = 1e9
    result = rs.simulate(list(weights or rs.DEFAULT_PARAMETERS), retention, config, seed=seed)
    per_day = result.review_cnt_per_day
    memorised = result.memorized_cnt_per_day[-1] if result.memorized_cnt_per_day else 0.0
    month = per_day[:30]
    return Workload(
        retention,
        sum(month) / max(1, len(month)),
        sum(per_day) / max(1, len(per_day)),
        float(memorised),
    )


def deck_workload(store: Store, deck_id: int, retention: float) -> Workload:
    """The simulated daily reviews of a deck at `retention`: its cards learnt at its daily
    limits, each kind with its parameter set, summed."""
    deck = next((d for d in store.decks() if d.id == deck_id), None)
    if deck is None:
        raise FlashcardsError(f"no deck with id {deck_id}")
    counts: dict[str, int] = {RECOGNITION: 0, PRODUCTION: 0}
    for note in store.notes(deck_id):
        for card in note.cards:
            if not card.suspended:
                counts[stored.group_of(card.kind)] += 1
    with store.work() as work:
        chosen, _owner = work.parameters_in_use(deck_id)
    total = sum(counts.values()) or 1
    parts = [
        workload(
            chosen.for_kind(_KIND_OF[group]) if chosen else None,
            retention,
            cards=n,
            # The deck's daily limits, shared between the groups by their sizes.
            new_per_day=max(1, round(deck.new_per_day * n / total)),
            reviews_per_day=max(1, round(deck.reviews_per_day * n / total)),
        )
        for group, n in counts.items()
        if n
    ]
    return Workload(
        retention,
        sum(p.first_month for p in parts),
        sum(p.reviews_per_day for p in parts),
        sum(p.memorised for p in parts),
    )


def describe(chosen: ParameterSet | None) -> str:
    """One line on the set in use."""
    if chosen is None:
        return "in use: the default FSRS parameters"
    kind = "one set per kind of card" if chosen.per_kind else "one set for every card"
    return (
        f"in use: parameters fitted {chosen.fitted_at:%Y-%m-%d %H:%M} UTC on "
        f"{chosen.reviews} scored reviews ({kind})"
    )


# -- fitting beside the app ----------------------------------------------------------------


def optimize_beside(
    store: Store,
    deck_id: int | None,
    now: datetime,
    *,
    day_hour: int | None = None,
    zone: tzinfo | None = None,
    progress: Progress | None = None,
) -> FitReport:
    """`optimize` in a process of its own, for the app: fsrs-rs holds the interpreter's lock
    while it fits, which would freeze the screen (and a review) if it ran in a thread. The
    child reports its progress and its result one line each on its standard output."""
    import base64
    import json
    import pickle
    import subprocess
    import sys

    job = (str(store.path), deck_id, now, day_hour, zone)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, base64.b64encode(pickle.dumps(job))],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    result: FitReport | None = None
    error: str | None = None
    assert child.stdout is not None and child.stderr is not None
    for line in child.stdout:
        what, _, value = line.rstrip("\n").partition(" ")
        if what == "progress" and progress is not None:
            done, total, doing = json.loads(value)
            progress(done, total, doing)
        elif what == "done":
            result = pickle.loads(base64.b64decode(value))
        elif what == "error":
            error = value
    problem = child.stderr.read().strip().splitlines()
    child.wait()
    if error is not None:
        raise FlashcardsError(error)
    if result is None:
        raise FlashcardsError(f"fitting stopped: {problem[-1] if problem else 'no reason given'}")
    return result


def _child(job: str) -> int:
    import base64
    import json
    import pickle

    path, deck_id, now, day_hour, zone = pickle.loads(base64.b64decode(job))

    def progress(done: int, total: int, what: str) -> None:
        print("progress", json.dumps([done, total, what]), flush=True)

    try:
        store = Store.open(path)
        try:
            report = optimize(store, deck_id, now, day_hour=day_hour, zone=zone, progress=progress)
        finally:
            store.close()
    except FlashcardsError as exc:
        print("error", str(exc).replace("\n", " "), flush=True)
        return 1
    print("done", base64.b64encode(pickle.dumps(report)).decode(), flush=True)
    return 0


# Imported, not run as __main__, so that what it pickles names this module.
_CHILD = "import sys; from flashcards.optimizer import _child; sys.exit(_child(sys.argv[1]))"
