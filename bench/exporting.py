"""Figure 2: exporting a deck to an Anki package, against bare genanki.

The deck: a synthetic document of N entries and a talk of about 1 MB, imported once. Ours:
``export_deck`` of the whole deck (store read, fields, clozes, genanki, zip), each run in a
fresh process so that its caches start cold as a learner's `flashcards export` does. The
baseline, also in fresh processes: bare genanki writing the very notes of our package (read
back from it) with the same note types, into the same decks. See `bench/export_worker.py`.
Ours is measured three ways in the same rounds: as the learner's export chooses (the
figure: a worker process shares the making of the notes when a processor is free), and with
and without the worker whatever the load (details). Peak memory is each process's own
(VmHWM), the export's worker apart.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from bench.common import PYTHON, ROOT, Figure, Measure, alternate, fresh_db, timed_process
from bench.startup import compile_program
from bench.synth import make_document
from flashcards.importing import import_file
from flashcards.store import Store

WORKER = ROOT / "bench" / "export_worker.py"


def build_deck(work: Path, entries: int, talk_bytes: int) -> Path:
    """A database holding one deck imported from a synthetic document."""
    document = work / "export-document.txt"
    document.write_text(make_document(entries, talk_bytes, seed=11), encoding="utf-8")
    path = fresh_db(work / "export.db")
    store = Store.open(path)
    import_file(store, document, datetime.now(UTC))
    store.close()
    return path


def package_notes(apkg: Path, out: Path) -> dict[str, int]:
    """The note types, decks and notes of an .apkg as JSON for the genanki baseline."""
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(apkg) as archive:
            archive.extract("collection.anki2", folder)
        db = sqlite3.connect(Path(folder) / "collection.anki2")
        models_json, decks_json = db.execute("SELECT models, decks FROM col").fetchone()
        notes = db.execute(
            "SELECT n.mid, n.flds, n.tags, min(c.did), min(c.due) FROM notes n "
            "JOIN cards c ON c.nid = n.id GROUP BY n.id ORDER BY n.id"
        ).fetchall()
        db.close()
    models = {
        mid: {
            "id": int(mid),
            "name": m["name"],
            "fields": [{"name": f["name"]} for f in m["flds"]],
            "templates": [
                {"name": t["name"], "qfmt": t["qfmt"], "afmt": t["afmt"]} for t in m["tmpls"]
            ],
            "css": m["css"],
            "type": m["type"],
            "sort_field_index": m.get("sortf", 0),
        }
        for mid, m in json.loads(models_json).items()
    }
    decks = {
        int(did): {"id": int(did), "name": d["name"], "description": d.get("desc", ""), "notes": []}
        for did, d in json.loads(decks_json).items()
    }
    for mid, fields, tags, did, due in notes:
        decks[did]["notes"].append([str(mid), fields.split("\x1f"), tags.split(), due])
    chosen = [d for d in decks.values() if d["notes"]]
    out.write_text(json.dumps({"models": models, "decks": chosen}), encoding="utf-8")
    return {"decks": len(chosen), "notes": len(notes)}


def measure(work: Path, entries: int, talk_bytes: int, runs: int) -> Figure:
    compile_program()  # as installed: no process compiles our modules (genanki's are)
    database = build_deck(work, entries, talk_bytes)
    ours_out = work / "export-ours.apkg"
    bare_out = work / "export-genanki.apkg"
    notes_json = work / "export-notes.json"
    # genanki's write_to_file leaves a temporary file behind on every call: keep them here.
    env = {"TMPDIR": str(work)}
    info: dict[str, dict[str, float]] = {}

    workers: list[int] = []

    def run(mode: str, source: Path, target: Path, worker: str = "") -> float:
        argv = [PYTHON, str(WORKER), mode, str(source), str(target)]
        chosen = env if not worker else env | {"FLASHCARDS_EXPORT_WORKER": worker}
        result = json.loads(timed_process(argv, env=chosen)[1].stdout)
        info[mode + worker] = result
        if mode == "ours" and not worker:
            workers.append(int(result["worker"]))
        return float(result["seconds"])

    run("ours", database, ours_out)  # warms the file caches, and gives the notes to copy
    workers.clear()
    package = package_notes(ours_out, notes_json)
    # ours as the learner's export chooses (a worker process for the syllables when a
    # processor is free), then ours with and without a worker whatever the load
    ours_s, bare_s, alone_s, parallel_s = alternate(
        runs,
        lambda: run("ours", database, ours_out),
        lambda: run("genanki", notes_json, bare_out),
        lambda: run("ours", database, ours_out, worker="0"),
        lambda: run("ours", database, ours_out, worker="1"),
    )
    bare = statistics.median(bare_s)
    return Figure(
        key="export",
        title=f"export of {entries:,} notes (+{package['notes'] - entries:,} cloze notes)",
        ours=Measure("export_deck (fresh process, imports excluded)", "s", ours_s),
        baseline=Measure("bare genanki, same notes (fresh process)", "s", bare_s),
        target=1.3,
        target_on="ratio",
        details={
            "vocabulary_notes": entries,
            "runs_with_a_worker": f"{sum(workers)} of {len(workers)}",
            "ratio_without_worker": statistics.median(alone_s) / bare,
            "ratio_with_worker": statistics.median(parallel_s) / bare,
            "without_worker_s": alone_s,
            "with_worker_s": parallel_s,
            "package": package,
            "ours_wrote": info.get("ours", {}),
            "genanki_wrote": info.get("genanki", {}),
            "ours_peak_rss_mb": info.get("ours", {}).get("peak_rss_mb"),
            "ours_worker_peak_rss_mb": info.get("ours", {}).get("worker_peak_rss_mb"),
            "ours_pages_here_and_there": [
                info.get("ours", {}).get("pages_here"),
                info.get("ours", {}).get("pages_there"),
            ],
            "genanki_peak_rss_mb": info.get("genanki", {}).get("peak_rss_mb"),
            "ours_bytes": ours_out.stat().st_size,
            "genanki_bytes": bare_out.stat().st_size,
        },
    )
