"""The Anki round trip of 10,000 notes, against Anki's own import of the same package.

    python -m bench.roundtrip [--notes N] [--runs R]

The collection: N notes (3N cards, two cloze sentences a note, ten review-log rows a
scheduled card; `bench.collection`). Ours, each a whole process as a learner runs it:
`flashcards export` with the schedule, then `flashcards import` of the package Anki exports
after it imported ours and 200 more answers were given in it. The baseline, also a whole
process: Anki (the `anki` library) importing our package with scheduling into a fresh
collection. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path

from bench.collection import build_collection
from bench.common import PYTHON, alternate, flashcards_command, timed_process

ANKI_IMPORT = """
import sys
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[2])
col.import_anki_package(ImportAnkiPackageRequest(package_path=sys.argv[1],
    options=ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=True)))
print(col.card_count(), col.db.scalar("select count() from revlog"))
col.close()
"""

ANKI_ANSWER_AND_EXPORT = """
import sys
from anki.collection import Collection, ExportAnkiPackageOptions
col = Collection(sys.argv[1])
given = 0
for did in [d.id for d in col.decks.all_names_and_ids() if d.name.startswith("ESL::")]:
    col.decks.select(did)
    for _ in range(10):
        card = col.sched.getCard()
        if card is None:
            break
        col.sched.answerCard(card, 3)
        given += 1
col.export_anki_package(out_path=sys.argv[2], options=ExportAnkiPackageOptions(
    with_scheduling=True, with_media=False, legacy=False), limit=None)
col.close()
print(given)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-roundtrip-") as folder:
        work = Path(folder)
        source = work / "source.db"
        held = build_collection(source, args.notes * 3)
        db = work / "flashcards.db"
        package = work / "deck.apkg"
        from_anki = work / "from-anki.apkg"
        exe = flashcards_command()
        env = {"FLASHCARDS_DB": str(db)}
        shutil.copy(source, db)

        # One trip untimed, to make the package Anki sends back.
        timed_process([*exe, "export", "-o", str(package)], env=env)
        anki_dir = work / "anki"
        anki_dir.mkdir()
        collection = anki_dir / "collection.anki2"
        _, done = timed_process([PYTHON, "-c", ANKI_IMPORT, str(package), str(collection)])
        anki_cards, anki_revlog = (int(x) for x in done.stdout.split())
        _, done = timed_process(
            [PYTHON, "-c", ANKI_ANSWER_AND_EXPORT, str(collection), str(from_anki)]
        )
        answered_in_anki = int(done.stdout)

        def export() -> float:
            return timed_process([*exe, "export", "-o", str(package)], env=env)[0]

        def merge() -> float:
            shutil.copy(source, db)  # a database that has not seen Anki's answers yet
            for suffix in ("-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            seconds, done = timed_process([*exe, "import", str(from_anki)], env=env)
            merge.summary = done.stdout.strip()  # type: ignore[attr-defined]
            return seconds

        def anki_import() -> float:
            target = work / "fresh"
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            argv = [PYTHON, "-c", ANKI_IMPORT, str(package), str(target / "collection.anki2")]
            return timed_process(argv)[0]

        exports, merges, baseline = alternate(args.runs, export, merge, anki_import)
        trip = [e + m for e, m in zip(exports, merges, strict=True)]
        result = {
            "collection": held,
            "package": {"cards_in_anki": anki_cards, "revlog_rows_in_anki": anki_revlog},
            "answered_in_anki": answered_in_anki,
            "import_summary": getattr(merge, "summary", ""),
            "export_s": statistics.median(exports),
            "import_s": statistics.median(merges),
            "round_trip_s": statistics.median(trip),
            "anki_import_s": statistics.median(baseline),
            "ratio": statistics.median(trip) / statistics.median(baseline),
            "samples": {"export": exports, "import": merges, "anki_import": baseline},
        }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
