"""Notes made in a worker process during an export: the same package, whatever happens
to the worker."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.domain import Rating, note_key
from flashcards.export import cutting, export_deck, making, service
from flashcards.export.fields import syllables_html
from flashcards.store import Store, listing
from flashcards.store.work import Work
from flashcards.study import Study
from flashcards.text import side_process

Run = Callable[..., subprocess.CompletedProcess[str]]
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def content(package: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a package holds, without the ids and times an export takes from the clock."""
    with zipfile.ZipFile(package) as archive:
        data = archive.read("collection.anki2")
    copy = package.with_suffix(".anki2")
    copy.write_bytes(data)
    conn = sqlite3.connect(copy)
    try:
        return {
            "notes": conn.execute(
                "SELECT guid, mid, tags, flds, sfld, csum FROM notes ORDER BY id"
            ).fetchall(),
            "cards": conn.execute(
                "SELECT ord, did, type, queue, due, ivl, factor, reps, lapses FROM cards"
                " ORDER BY id"
            ).fetchall(),
        }
    finally:
        conn.close()
        copy.unlink()


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of four notes, so that the seed deck's ten go to the worker in three pages."""

    def pages(work: Work, deck: object) -> Iterator[list[listing.ExportRow]]:
        return work.export_pages(deck.id, page_size=4)  # type: ignore[attr-defined]

    monkeypatch.setattr(service, "_notes", pages)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[tuple[cutting.Cutter, bool]]:
    """Each cutter an export makes, with whether it had a worker when made."""
    found: list[tuple[cutting.Cutter, bool]] = []
    real = cutting.cutter

    def spied(notes: int) -> cutting.Cutter:
        cuts = real(notes)
        found.append((cuts, cuts.parallel))
        return cuts

    monkeypatch.setattr(service, "cutter", spied)
    return found


def sequential(store: Store, path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    with monkeypatch.context() as patch:
        patch.setenv("FLASHCARDS_EXPORT_WORKER", "0")
        export_deck(store, path, now=NOW)
    return path


def slow_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Export with a worker that starts half a second late (the export makes pages while it
    waits)."""
    monkeypatch.setenv("FLASHCARDS_EXPORT_WORKER", "1")
    slow = (
        "import sys, time; time.sleep(0.5); from flashcards.export import cutting;"
        " cutting.serve(sys.stdin.buffer, sys.stdout.buffer)"
    )
    monkeypatch.setattr(cutting, "_command", lambda: [sys.executable, "-c", slow])


def test_the_worker_answers_what_the_export_would_make(seeded_store: Store) -> None:
    notes = seeded_store.notes()
    with seeded_store.reading() as conn:
        (deck,) = seeded_store.decks()
        rows = [row for page in listing.export_pages(conn, deck.id) for row in page]
    assert [row[0] for row in rows] == [n.id for n in notes]
    entries: list[making.Entry] = [(*r, note_key(r[1]), f"{r[0]}.mp3") for r in rows]
    given = io.BytesIO()
    for page in (entries[:3], entries[3:]):
        cutting.write_message(given, ("Deck", "A talk", page))
    given.seek(0)
    answers = io.BytesIO()
    cutting.serve(given, answers)
    answers.seek(0)
    made = cutting.read_message(answers) + cutting.read_message(answers)  # type: ignore[operator]
    assert made == [making.make_note(e, "Deck", "A talk") for e in entries]
    assert [m[0][2] for m in made] == [syllables_html(n) for n in notes]
    assert "in·<b>tim</b>·i·dat·ing" in [m[0][2] for m in made]
    assert all(m[0][9] == f"[sound:{n.id}.mp3]" for m, n in zip(made, notes, strict=True))
    assert sum(len(m[2]) for m in made) > len(notes)  # the clozes come too


def test_a_message_cut_short_is_the_end() -> None:
    stream = io.BytesIO()
    cutting.write_message(stream, ["a", ("b", None, 3)])
    whole = stream.getvalue()
    assert cutting.read_message(io.BytesIO(whole)) == ["a", ("b", None, 3)]
    for cut in (whole[:3], whole[:-1], b""):
        with pytest.raises(EOFError):
            cutting.read_message(io.BytesIO(cut))


def test_an_export_with_a_worker_writes_the_same_package(
    seeded_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_pages: None,
    made: list[tuple[cutting.Cutter, bool]],
) -> None:
    alone = sequential(seeded_store, tmp_path / "alone.apkg", monkeypatch)
    assert made == [(made[0][0], False)]
    monkeypatch.setenv("FLASHCARDS_EXPORT_WORKER", "1")
    export_deck(seeded_store, tmp_path / "worker.apkg", now=NOW)
    cuts, parallel = made[1]
    assert parallel
    assert not cuts.parallel  # stopped once the export was written
    ours = content(tmp_path / "worker.apkg")
    assert ours == content(alone)
    assert any("in·<b>tim</b>·i·dat·ing" in flds for *_, flds, _, _ in ours["notes"])


def test_a_worker_that_dies_midway_leaves_the_rest_to_the_export(
    seeded_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_pages: None,
    made: list[tuple[cutting.Cutter, bool]],
) -> None:
    alone = sequential(seeded_store, tmp_path / "alone.apkg", monkeypatch)
    monkeypatch.setenv("FLASHCARDS_EXPORT_WORKER", "1")
    answers_once = (  # the worker's first answer, then it is gone
        "import sys; from flashcards.export import cutting as c;"
        " page = c.read_message(sys.stdin.buffer);"
        " c.write_message(sys.stdout.buffer, c._make(page))"
    )
    monkeypatch.setattr(cutting, "_command", lambda: [sys.executable, "-c", answers_once])
    export_deck(seeded_store, tmp_path / "killed.apkg", now=NOW)
    cuts = made[-1][0]
    # the first page from the worker, the rest here (the last ones without waiting for it)
    assert (cuts.there, cuts.here) == (1, 2)
    assert content(tmp_path / "killed.apkg") == content(alone)


def test_pages_shared_between_the_worker_and_the_export_make_the_same_package(
    seeded_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_pages: None,
    made: list[tuple[cutting.Cutter, bool]],
) -> None:
    """The worker is given two pages to make ahead (here); while it waits (here for a
    worker slow to start) the export makes the third itself, then the second (the last
    page given to the worker, which it has not begun)."""
    alone = sequential(seeded_store, tmp_path / "alone.apkg", monkeypatch)
    monkeypatch.setattr(cutting, "AHEAD", 2)
    slow_to_start(monkeypatch)
    export_deck(seeded_store, tmp_path / "shared.apkg", now=NOW)
    cuts = made[-1][0]
    assert (cuts.there, cuts.here) == (1, 2)
    assert content(tmp_path / "shared.apkg") == content(alone)


@pytest.mark.parametrize(
    "command",
    [
        ["/no/such/python"],  # cannot be started
        [sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'not marshal')"],
        [sys.executable, "-c", "import marshal, sys; marshal.dump(['x'], sys.stdout.buffer)"],
        [
            sys.executable,
            "-c",
            "import sys; from flashcards.export.cutting import write_message;"
            " write_message(sys.stdout.buffer, [('x',)] * 4)",
        ],
        [sys.executable, "-c", "raise SystemExit(3)"],
    ],
    ids=["missing", "garbage", "unframed", "a wrong answer", "exits"],
)
def test_a_worker_that_fails_changes_nothing(
    seeded_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_pages: None,
    command: list[str],
) -> None:
    alone = sequential(seeded_store, tmp_path / "alone.apkg", monkeypatch)
    monkeypatch.setenv("FLASHCARDS_EXPORT_WORKER", "1")
    monkeypatch.setattr(cutting, "_command", lambda: command)
    export_deck(seeded_store, tmp_path / "failed.apkg", now=NOW)
    assert content(tmp_path / "failed.apkg") == content(alone)


def test_an_export_from_a_thread_starts_its_worker(
    seeded_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    made: list[tuple[cutting.Cutter, bool]],
) -> None:
    """The app exports from a worker thread: the process is a new interpreter, no fork."""
    alone = sequential(seeded_store, tmp_path / "alone.apkg", monkeypatch)
    monkeypatch.setenv("FLASHCARDS_EXPORT_WORKER", "1")
    failed: list[BaseException] = []

    def export() -> None:
        try:
            export_deck(seeded_store, tmp_path / "thread.apkg", now=NOW)
        except BaseException as exc:  # reported below
            failed.append(exc)

    thread = threading.Thread(target=export)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive() and failed == []
    assert made[-1][1]
    assert content(tmp_path / "thread.apkg") == content(alone)


def test_no_worker_for_a_small_export_or_on_a_busy_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FLASHCARDS_EXPORT_WORKER", raising=False)
    monkeypatch.setattr(side_process.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(side_process.os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    assert not cutting.cutter(cutting.MIN_NOTES - 1).parallel
    with cutting.cutter(cutting.MIN_NOTES) as cuts:
        assert cuts.parallel
    monkeypatch.setattr(side_process.os, "getloadavg", lambda: (1.7, 1.0, 1.0))
    assert not cutting.cutter(cutting.MIN_NOTES).parallel  # both processors are taken
    monkeypatch.setattr(side_process.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(side_process.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert not cutting.cutter(10 * cutting.MIN_NOTES).parallel  # one processor
    monkeypatch.setenv("FLASHCARDS_EXPORT_WORKER", "1")
    with cutting.cutter(1) as cuts:
        assert cuts.parallel
    monkeypatch.setenv("FLASHCARDS_EXPORT_WORKER", "0")
    monkeypatch.setattr(
        side_process.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False
    )
    assert not cutting.cutter(10 * cutting.MIN_NOTES).parallel


def test_the_command_exports_the_same_package_with_its_worker(
    cli: Run, seed_path: Path, tmp_path: Path
) -> None:
    assert cli("import", str(seed_path)).returncode == 0
    for worker in ("0", "1"):
        done = cli(
            "export",
            "-o",
            str(tmp_path / f"worker-{worker}.apkg"),
            "--no-scheduling",
            extra_env={"FLASHCARDS_EXPORT_WORKER": worker},
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
    with_worker = content(tmp_path / "worker-1.apkg")
    assert with_worker == content(tmp_path / "worker-0.apkg")
    assert any("in·<b>tim</b>·i·dat·ing" in flds for *_, flds, _, _ in with_worker["notes"])


def test_a_failed_export_stops_its_worker(
    seeded_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_pages: None,
    made: list[tuple[cutting.Cutter, bool]],
) -> None:
    monkeypatch.setenv("FLASHCARDS_EXPORT_WORKER", "1")
    started: list[subprocess.Popen[bytes]] = []

    def write_then_fail(
        decks: Iterator[service.anki.PackageDeck], *args: object, **options: object
    ) -> object:
        started.append(made[-1][0]._process)  # type: ignore[arg-type]
        next(iter(next(iter(decks)).notes))  # the worker has pages to cut
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service.anki, "write_package", write_then_fail)
    with pytest.raises(service.ExportError, match="No space left on device"):
        export_deck(seeded_store, tmp_path / "failed.apkg", now=NOW)
    assert started and started[0] is not None
    assert started[0].returncode is not None  # stopped and waited for, not left running
    assert not made[-1][0].parallel
    assert not (tmp_path / "failed.apkg").exists()


def test_shared_pages_give_the_very_collection_with_schedules(
    seeded_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_pages: None,
    made: list[tuple[cutting.Cutter, bool]],
) -> None:
    """With the same time, the collection the worker and the export made between them is
    the sequential one byte for byte: fields, GUIDs, ids, schedules and review log."""
    study = Study(seeded_store, clock=lambda: NOW, fuzz=False)
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY):
        card = study.next_card()
        assert card is not None
        study.answer(card, rating, duration_ms=1500)
    alone = sequential(seeded_store, tmp_path / "alone.apkg", monkeypatch)
    monkeypatch.setattr(cutting, "AHEAD", 1)  # the worker one page, the export the next
    slow_to_start(monkeypatch)
    export_deck(seeded_store, tmp_path / "shared.apkg", now=NOW)
    cuts = made[-1][0]
    assert cuts.there >= 1 and cuts.here >= 1
    with zipfile.ZipFile(alone) as a, zipfile.ZipFile(tmp_path / "shared.apkg") as b:
        ours, theirs = a.read("collection.anki2"), b.read("collection.anki2")
    assert ours == theirs
    conn = sqlite3.connect(":memory:")
    conn.deserialize(ours)
    assert conn.execute("SELECT count(*) FROM revlog").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM cards WHERE type > 0").fetchone()[0] >= 2
