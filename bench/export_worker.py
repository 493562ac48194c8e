"""One timed export in a fresh process (cold caches, as a learner's `flashcards export`).

    python bench/export_worker.py ours DATABASE OUT.apkg
    python bench/export_worker.py genanki NOTES.json OUT.apkg

Modules are imported before the clock starts; everything the call does after that — our
lazy imports and table loads included — is timed. Prints {"seconds": ..., "cpu_seconds": ...,
"peak_rss_mb": ...} as JSON: the wall time, the CPU time of the process and of the worker
process an export may start, and the process's own peak resident memory (its memory map's
high-water mark, VmHWM: ``ru_maxrss`` would carry over the benchmark's own across exec);
for ours also ``own_cpu_seconds`` (this process alone), ``worker`` (1 when the export made
pages in a worker process), ``pages_here`` and ``pages_there`` (the pages of notes each
process made) and ``worker_peak_rss_mb`` (the worker's peak, as it reported it).
``FLASHCARDS_EXPORT_WORKER`` (0 or 1) chooses.

`genanki` is the baseline: bare genanki writing the notes of NOTES.json (the very notes our
export wrote, read back from its package by `bench/exporting.py`) with the same note types
(fields, templates, CSS), in the same decks, through ``Package.write_to_file``. As bare genanki
does by default, each note's GUID is a hash of its fields (ours hash a stable key instead:
the same work).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import UTC, datetime


def ours(database: str, out: str) -> dict[str, float | int]:
    from flashcards.export import cutting, export_deck, service
    from flashcards.store import Store

    workers: list[tuple[bool, cutting.Cutter]] = []

    def cutter(notes: int) -> cutting.Cutter:  # notes whether the export started a worker
        cuts = cutting.cutter(notes)
        workers.append((cuts.parallel, cuts))
        return cuts

    service.cutter = cutter  # type: ignore[attr-defined]
    start, cpu, own = time.perf_counter(), _cpu(), time.process_time()
    store = Store.open(database)
    report = export_deck(store, out, now=datetime.now(UTC))
    store.close()
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": _cpu() - cpu,
        "own_cpu_seconds": time.process_time() - own,
        "worker": int(any(parallel for parallel, _ in workers)),
        "pages_here": sum(cuts.here for _, cuts in workers),
        "pages_there": sum(cuts.there for _, cuts in workers),
        "worker_peak_rss_mb": max((cuts.worker_peak_mb or 0.0 for _, cuts in workers), default=0.0),
        "notes": report.notes,
        "cards": report.cards,
    }


def bare_genanki(notes_json: str, out: str) -> dict[str, float | int]:
    import genanki

    with open(notes_json, encoding="utf-8") as handle:
        package = json.load(handle)
    start, cpu = time.perf_counter(), _cpu()
    models = {
        kind: genanki.Model(
            spec["id"],
            spec["name"],
            fields=spec["fields"],
            templates=spec["templates"],
            css=spec["css"],
            model_type=spec["type"],
            sort_field_index=spec["sort_field_index"],
        )
        for kind, spec in package["models"].items()
    }
    package_decks = []
    notes = cards = 0
    for deck in package["decks"]:
        package_deck = genanki.Deck(deck["id"], deck["name"], deck["description"])
        for model, fields, tags, due in deck["notes"]:
            note = genanki.Note(model=models[model], fields=fields, tags=tags, due=due)
            package_deck.add_note(note)
            notes += 1
            cards += len(note.cards)
        package_decks.append(package_deck)
    genanki.Package(package_decks).write_to_file(out)
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": _cpu() - cpu,
        "notes": notes,
        "cards": cards,
    }


def peak_rss_mb() -> float:
    """This process's own peak resident memory in MiB (VmHWM, which starts afresh at exec;
    ``ru_maxrss`` would be the benchmark's, the process this one was forked from)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (an export's
    worker process, which it waits for)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    mode, source, target = sys.argv[1:4]
    result = ours(source, target) if mode == "ours" else bare_genanki(source, target)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))
