"""Figures 4 and 5: start-up to the first card on screen, and a review session's peak memory.

Both run `flashcards review` on a synthetic collection in a real terminal (a private tmux
server; see `bench/terminal.py`), with FLASHCARDS_DB naming the database.

- Start-up: from starting the program until the first card's text is on the screen (its
  screen polled every 5 ms), against a bare Textual app showing one Static
  (`bench/bare_app.py`) measured the same way, runs of the two interleaved; both from
  bytecode, as installed (`compile_program`). Which card comes
  first is asked of `Study` before each run, so what is waited for is the card itself, not
  a heading.
- Memory: the same program after its first card and a few answers typed into it; its peak
  resident set (VmHWM) read from /proc. Measured twice, whatever the builder stored: with the
  uses of each word in its sentences (spans) absent, as in a database migrated from schema 4,
  where the review finds them itself (the headline figure), and present, as an import stores
  them. For reference: the bare app's, and a headless session of `Study` through 100 answers
  (`bench/session.py`, which reports its own).
"""

from __future__ import annotations

import compileall
import json
import sqlite3
from pathlib import Path

from bench.collection import copy_collection
from bench.common import (
    PYTHON,
    ROOT,
    Figure,
    Measure,
    alternate,
    flashcards_command,
    timed_process,
)
from bench.terminal import TerminalError, Tmux, peak_rss_mb
from flashcards.domain import CardKind
from flashcards.store import Store
from flashcards.study import Study, StudyCard
from flashcards.text.forms import find_uses

BARE_TEXT = "A bare Textual app is on the screen"
MASK = "_____"


def program() -> list[str]:
    """How a learner starts a review."""
    return [*flashcards_command(), "review"]


def card_text(card: StudyCard) -> str:
    """A piece of the card's question that is on screen once the card is."""
    if card.kind is CardKind.MEANING:
        return card.note.word
    if card.kind is CardKind.RECALL:
        return card.note.definition[:40]
    pieces = [p.strip() for p in (card.blanked or "").split(MASK)]
    return max(pieces, key=len)[:40]


def first_card(database: Path) -> str:
    store = Store.open(database)
    try:
        card = Study(store, None).next_card()
    finally:
        store.close()
    if card is None:
        raise TerminalError(f"{database}: no card to review")
    return card_text(card)


def compile_program() -> None:
    """Write the bytecode of the program's modules, as installing it does. Without it, a
    run under PYTHONDONTWRITEBYTECODE (or from a read-only tree) compiles every module of
    the program at each start, while Textual's, installed, is already compiled: the ratio
    would count the compiler, not the start-up."""
    compileall.compile_dir(ROOT / "flashcards", quiet=1)


def startup(work: Path, collection: Path, cards: int, runs: int) -> Figure:
    compile_program()
    database = copy_collection(collection, work / "startup.db")
    env = {"FLASHCARDS_DB": str(database)}
    bare = [PYTHON, str(ROOT / "bench" / "bare_app.py"), BARE_TEXT]
    with Tmux() as tmux:

        def ours() -> float:
            return tmux.time_to_screen(program(), first_card(database), env)

        def baseline() -> float:
            return tmux.time_to_screen(bare, BARE_TEXT)

        baseline()  # warm the file caches of both before anything is timed
        ours()
        bare_s, ours_s = alternate(runs, baseline, ours)
    return Figure(
        key="startup",
        title=f"start-up to the first card at {cards:,} cards (tmux)",
        ours=Measure("flashcards review, until the card's text is on screen", "s", ours_s),
        baseline=Measure("bare Textual app with one Static, until it is on screen", "s", bare_s),
        target=1.5,
        target_on="ratio",
        details={"terminal": "tmux 100x30, screen polled every 5 ms", "runs": runs},
    )


def set_spans(database: Path, present: bool) -> None:
    """Store where each sentence (and each note's example) uses its word, as an import does
    (`present`), or store none, as in a database migrated from schema 4."""
    conn = sqlite3.connect(database)
    try:
        with conn:
            if not present:
                conn.execute("UPDATE context SET spans = NULL")
                conn.execute("UPDATE note SET example_spans = NULL")
                return
            notes = {
                note_id: (word, pos, example)
                for note_id, word, pos, example in conn.execute(
                    "SELECT id, word, pos, example FROM note"
                )
            }
            conn.executemany(
                "UPDATE note SET example_spans = ? WHERE id = ?",
                ((_dumped(find_uses(example, word, pos)), note_id)
                 for note_id, (word, pos, example) in notes.items()),
            )  # fmt: skip
            contexts = conn.execute("SELECT id, note_id, sentence FROM context").fetchall()
            conn.executemany(
                "UPDATE context SET spans = ? WHERE id = ?",
                ((_dumped(find_uses(sentence, *notes[note_id][:2])), context_id)
                 for context_id, note_id, sentence in contexts),
            )  # fmt: skip
    finally:
        conn.close()


def _dumped(spans: list[tuple[int, int]]) -> str:
    """Spans as the store keeps them: JSON [[start, end], ...]."""
    return json.dumps([list(span) for span in spans], separators=(",", ":"))


def _answer_in_terminal(tmux: Tmux, session: str, answers: int) -> int:
    """Answer cards as a learner would: type something (or reveal), Enter, then 3 (Good)."""
    done = 0
    for n in range(1, answers + 1):
        try:
            tmux.wait_for(session, "Rate", timeout=10, gone=True)  # the front, all drawn
            tmux.send(session, "x", "Enter")
            tmux.wait_for(session, "Rate", timeout=10)  # the back, with the rating keys
            tmux.send(session, "3")
            tmux.wait_for(session, f"Done {n}", timeout=10)
        except TerminalError:
            break
        done = n
    return done


def headless_peak_mb(database: Path, answers: int) -> tuple[float, int]:
    """Peak RSS (MB) of `bench/session.py` through `answers` answers, and how many it gave."""
    argv = [PYTHON, str(ROOT / "bench" / "session.py"), str(database), str(answers)]
    done = json.loads(timed_process(argv)[1].stdout)
    return float(done["peak_rss_mb"]), int(done["answers"])


def memory(work: Path, collection: Path, cards: int, answers: int, runs: int) -> Figure:
    cases: dict[bool, list[float]] = {False: [], True: []}
    bare_peaks, answered = [], []
    bare = [PYTHON, str(ROOT / "bench" / "bare_app.py"), BARE_TEXT]
    with Tmux() as tmux:
        for run in range(runs):
            for present in (False, True):
                database = copy_collection(collection, work / f"memory-{run}-{present}.db")
                set_spans(database, present)
                session = tmux.start(program(), {"FLASHCARDS_DB": str(database)})
                try:
                    tmux.wait_for(session, first_card(database), timeout=30)
                    answered.append(_answer_in_terminal(tmux, session, answers))
                    cases[present].append(peak_rss_mb(tmux.pid(session)))
                finally:
                    tmux.stop(session)
            session = tmux.start(bare)
            try:
                tmux.wait_for(session, BARE_TEXT, timeout=30)
                bare_peaks.append(peak_rss_mb(tmux.pid(session)))
            finally:
                tmux.stop(session)
    headless_db = copy_collection(collection, work / "memory-headless.db")
    set_spans(headless_db, False)
    headless_mb, headless_answers = headless_peak_mb(headless_db, 100)
    return Figure(
        key="memory",
        title=f"peak memory of a review session at {cards:,} cards",
        ours=Measure(
            f"flashcards review in tmux: first card + {answers} answers, peak RSS"
            " (no stored spans, as migrated from schema 4)",
            "MB",
            cases[False],
        ),
        baseline=Measure("bare Textual app with one Static, peak RSS", "MB", bare_peaks),
        target=80.0,
        target_on="value",
        details={
            "answers_given": answered,
            "spans_stored_peak_mb": cases[True],
            "headless_study_peak_mb": headless_mb,
            "headless_study_answers": headless_answers,
        },
    )
