"""Headwords cut in a worker process during an import: the same database, whatever happens
to the worker."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from flashcards import importing
from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.text import cuts_ahead, side_process
from flashcards.text.cuts_ahead import CutsAhead, headword_cut

from support import SEED, T0


def _notes(path: Path) -> list[tuple[object, ...]]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(
            "SELECT key, word, cut, forms, syllables FROM note ORDER BY id"
        ).fetchall()
    finally:
        raw.close()


def _imported(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[object], CutsAhead]:
    """The seed imported into a new database at ``path``: its notes, and the cuts used."""
    used: list[CutsAhead] = []

    def noted(size: int) -> CutsAhead:
        cuts = cuts_ahead.cuts_ahead(size)
        used.append(cuts)
        return cuts

    monkeypatch.setattr(importing, "cuts_ahead", noted)
    store = Store.open(path)
    import_file(store, SEED, T0)
    store.close()
    (cuts,) = used
    return list(_notes(path)), cuts


@pytest.fixture
def alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The seed's notes as an import that cuts them itself stores them."""
    monkeypatch.setenv("FLASHCARDS_IMPORT_WORKER", "0")
    notes, cuts = _imported(tmp_path / "alone.db", monkeypatch)
    assert not cuts.parallel and cuts.there == 0 and cuts.here == 10
    monkeypatch.delenv("FLASHCARDS_IMPORT_WORKER")
    return notes


def test_a_worker_cuts_what_the_import_would(
    alone: list[object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASHCARDS_IMPORT_WORKER", "1")
    notes, cuts = _imported(tmp_path / "worker.db", monkeypatch)
    assert notes == alone
    assert cuts.there == 10 and cuts.here == 0
    assert not cuts.parallel  # stopped once the import is done
    assert notes[5][:3] == ("oligopoly", "oligopoly", "ol·i·gop·o·ly")  # type: ignore[index]


@pytest.mark.parametrize(
    "worker",
    [
        "import sys; sys.exit(3)",  # dies at once
        "import sys, time; sys.stdin.buffer.read(8); time.sleep(60)",  # silent
        # answers out of turn: one cut too few
        "import sys; from flashcards.text import side_process as s;"
        " batch = s.read_message(sys.stdin.buffer);"
        " s.write_message(sys.stdout.buffer, ['x'] * (len(batch) - 1)); sys.stdout.flush()",
        # answers something that is not cuts
        "import sys; from flashcards.text import side_process as s;"
        " batch = s.read_message(sys.stdin.buffer);"
        " s.write_message(sys.stdout.buffer, [3] * len(batch)); sys.stdout.flush()",
        # garbage on its output
        "import sys; sys.stdout.buffer.write(b'\\xff' * 64); sys.stdout.flush()",
    ],
    ids=["dies", "silent", "too-few", "not-cuts", "garbage"],
)
def test_whatever_the_worker_does_the_import_is_the_same(
    worker: str, alone: list[object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASHCARDS_IMPORT_WORKER", "1")
    monkeypatch.setattr(cuts_ahead, "PATIENCE", 0.5)
    monkeypatch.setattr(cuts_ahead, "_command", lambda: [sys.executable, "-c", worker])
    notes, cuts = _imported(tmp_path / "worker.db", monkeypatch)
    assert notes == alone
    assert cuts.there == 0 and cuts.here == 10


def test_a_worker_that_cannot_start_leaves_the_cutting_here(
    alone: list[object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASHCARDS_IMPORT_WORKER", "1")
    monkeypatch.setattr(cuts_ahead, "_command", lambda: [str(tmp_path / "no-such-python")])
    notes, cuts = _imported(tmp_path / "worker.db", monkeypatch)
    assert notes == alone and cuts.here == 10


def test_a_worker_starts_for_a_large_document_on_a_free_processor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FLASHCARDS_IMPORT_WORKER", raising=False)
    monkeypatch.setattr(side_process.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(side_process.os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    large, small = cuts_ahead.MIN_BYTES, cuts_ahead.MIN_BYTES - 1
    with cuts_ahead.cuts_ahead(large) as cuts:
        assert cuts.parallel
    with cuts_ahead.cuts_ahead(small) as cuts:
        assert not cuts.parallel
    monkeypatch.setattr(side_process.os, "getloadavg", lambda: (1.7, 1.0, 1.0))  # busy
    with cuts_ahead.cuts_ahead(large) as cuts:
        assert not cuts.parallel
    monkeypatch.setenv("FLASHCARDS_IMPORT_WORKER", "1")
    with cuts_ahead.cuts_ahead(small) as cuts:
        assert cuts.parallel
    monkeypatch.setenv("FLASHCARDS_IMPORT_WORKER", "0")
    monkeypatch.setattr(side_process.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    with cuts_ahead.cuts_ahead(large) as cuts:
        assert not cuts.parallel


def test_a_headword_not_given_the_worker_is_cut_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHCARDS_IMPORT_WORKER", "1")
    given = [("oligopoly", "ˌɒlɪˈɡɒpəli", "noun", "a market of few sellers")]
    with cuts_ahead.cuts_ahead(0) as cuts:
        cuts.give(given * 3)  # each once
        assert cuts.cut(*given[0]) == headword_cut(*given[0]) == "ol·i·gop·o·ly"
        assert cuts.cut("co-design", None, "noun", "designing together") == "co·de·sign"
        assert (cuts.there, cuts.here) == (1, 1)
