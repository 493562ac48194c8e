"""A headless review session in its own process, for its peak memory.

    python bench/session.py DATABASE ANSWERS

Drives `Study` over every deck through ANSWERS answers (no user interface) and prints what
it did and its own peak RSS as JSON. The peak is read from /proc (VmHWM), which starts afresh
at exec: a child's ru_maxrss would carry over the resident size of the (large) benchmark
process it was forked from.
"""

from __future__ import annotations

import json
import sys

from flashcards.domain import Rating
from flashcards.store import Store
from flashcards.study import Study


def main(database: str, answers: int) -> None:
    store = Store.open(database)
    study = Study(store, None)
    done = 0
    card = study.next_card()
    study.counts()
    while card is not None and done < answers:
        typed = card.expected if card.typed else None
        study.answer(card, Rating.GOOD, typed=typed, duration_ms=3_000)
        done += 1
        card = study.next_card()
        study.counts()
    store.close()
    print(json.dumps({"answers": done, "peak_rss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    import resource  # no /proc: the same figure, from the kernel's accounting

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
