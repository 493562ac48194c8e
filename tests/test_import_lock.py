"""An import makes its plan without the write lock and applies it in one short transaction:
an answer given meanwhile is saved at once, and a change to the deck meanwhile (a note
edited) makes the plan again rather than overwrite it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from flashcards.importing import import_file
from flashcards.store import Store, importer

from study_support import GOOD, Clock, session
from support import SEED, T0


def edited_seed(tmp_path: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    assert "Describing something" in text
    path = tmp_path / SEED.name
    path.write_text(text.replace("Describing something", "Said of something"), encoding="utf-8")
    return path


def nobody_holds_the_write_lock(db_path: Path) -> None:
    raw = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        raw.execute("BEGIN IMMEDIATE")  # "database is locked" at once if the import held it
        raw.execute("ROLLBACK")
    finally:
        raw.close()


def test_an_answer_during_the_import_is_saved_at_once(
    seeded_store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    learner = Store.open(db_path)
    study = session(learner, Clock(T0))
    card = study.next_card()
    assert card is not None
    real = importer.plan_import
    answered: list[Any] = []

    def planning(*args: Any, **kwargs: Any) -> importer.ImportPlan:
        nobody_holds_the_write_lock(db_path)
        if not answered:
            answered.append(study.answer(card, GOOD))
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "plan_import", planning)
    _, report = import_file(seeded_store, edited_seed(tmp_path), T0)
    assert answered and "intimidating" in report.updated
    assert [c.reps for c in seeded_store.note(card.note.id).cards if c.id == card.card_id] == [1]
    learner.close()


def test_a_note_edited_during_the_planning_is_planned_again(
    seeded_store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (niche,) = [n for n in seeded_store.notes() if n.word == "niche"]
    real = importer.plan_import
    plans: list[int] = []

    def planning(*args: Any, **kwargs: Any) -> importer.ImportPlan:
        plan = real(*args, **kwargs)
        if not plans:  # the learner edits a note between the plan and its write
            seeded_store.edit_note(niche.id, T0, definition="My own words.")
        plans.append(1)
        return plan

    monkeypatch.setattr(importer, "plan_import", planning)
    _, report = import_file(seeded_store, edited_seed(tmp_path), T0)
    assert len(plans) == 2
    assert seeded_store.note(niche.id).definition == "My own words."
    assert any(k.startswith("niche (definition") for k in report.kept_edits)
