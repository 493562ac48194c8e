"""The Anki round trip, proven with the real `anki` library: answers given here go to Anki
with their schedule, answers given in Anki come back, and the two make one history."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from textual.widgets import Input

from flashcards.domain import CardKind, CardState, Rating, note_key
from flashcards.export import export_deck
from flashcards.export.anki import note_guid
from flashcards.importing import import_file
from flashcards.roundtrip.inbound import import_package
from flashcards.roundtrip.package import PackageError
from flashcards.store import Store
from flashcards.store.browse import note_page
from flashcards.study import Study
from flashcards.tui.screens.importer import ImportScreen

from support import SEED
from tui_support import SIZE, make_app, screen_text, settle

ORDS = {CardKind.MEANING: 0, CardKind.RECALL: 1}
RATINGS = [Rating.GOOD, Rating.EASY, Rating.AGAIN, Rating.GOOD, Rating.HARD, Rating.GOOD]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def answer_here(store: Store, clock: Clock, count: int, step: timedelta) -> int:
    study = Study(store, clock=clock, fuzz=False)
    done = 0
    for i in range(count):
        card = study.next_card()
        if card is None:
            break
        study.answer(card, RATINGS[i % len(RATINGS)], duration_ms=3000 + i)
        clock.now += step
        done += 1
    return done


@pytest.fixture
def answered(db_path: Path) -> Iterator[tuple[Store, Clock]]:
    """The seed deck answered here over three days, the last answers two hours ago."""
    start = datetime.now(UTC) - timedelta(days=3)
    clock = Clock(start)
    store = Store.open(db_path)
    import_file(store, SEED, start)
    for day in range(3):
        clock.now = start + timedelta(days=day)
        answer_here(store, clock, 10, timedelta(minutes=3))
    clock.now = datetime.now(UTC) - timedelta(hours=2)
    answer_here(store, clock, 4, timedelta(minutes=1))
    yield store, clock
    store.close()


def fresh_collection(folder: Path) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_into(col: Any, package: Path) -> None:
    col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(package),
            options=ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=True),
        )
    )


def anki_cards_of(col: Any, store: Store) -> dict[int, Any]:
    """Our card id -> the Anki card holding its schedule (the first cloze note for context)."""
    by_guid = {guid: nid for nid, guid in col.db.all("SELECT id, guid FROM notes")}
    out: dict[int, Any] = {}
    for note in store.notes():
        deck, key = note.deck, note_key(note.word)
        for card in note.cards:
            if card.kind is CardKind.CONTEXT:
                guids = [note_guid(("cloze", deck, key, s)) for s in dict.fromkeys(note.contexts)]
                ords = [0]
            else:
                guids, ords = [note_guid(("vocabulary", deck, key))], [ORDS[card.kind]]
            found = [
                col.db.scalar("SELECT id FROM cards WHERE nid = ? AND ord = ?", by_guid[g], ords[0])
                for g in guids
                if g in by_guid
            ]
            if not found:
                continue
            # A context card is several cloze notes in Anki: the one answered last there holds
            # the schedule that comes back (Anki fuzzes each one's learning steps its own way).
            last = {
                cid: col.db.scalar("SELECT max(id) FROM revlog WHERE cid = ?", cid) or 0
                for cid in found
            }
            out[card.id] = col.get_card(max(found, key=lambda cid: (last[cid], -found.index(cid))))
    return out


def our_cards(store: Store) -> dict[int, dict[str, Any]]:
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT id, state, due, stability, difficulty, reps, lapses, suspended, last_review "
            "FROM card"
        ).fetchall()
        logs = dict(
            conn.execute(
                "SELECT card_id, count(*) FROM review_log WHERE undone = 0 GROUP BY card_id"
            ).fetchall()
        )
    return {
        r[0]: {
            "state": CardState(r[1]),
            "due": datetime.fromisoformat(r[2]).replace(tzinfo=UTC) if r[2] else None,
            "stability": r[3],
            "difficulty": r[4],
            "reps": r[5],
            "lapses": r[6],
            "suspended": bool(r[7]),
            "log": logs.get(r[0], 0),
            "last_review": datetime.fromisoformat(r[8]).replace(tzinfo=UTC) if r[8] else None,
        }
        for r in rows
    }


ANKI_TYPE = {CardState.NEW: 0, CardState.LEARNING: 1, CardState.REVIEW: 2, CardState.RELEARNING: 3}


def anki_due_at(col: Any, card: Any) -> datetime:
    if card.queue in (1, 0) or card.due > 1_000_000_000:
        return datetime.fromtimestamp(card.due, UTC)
    days = card.due - col.sched.today
    return datetime.fromtimestamp(col.sched.day_cutoff, UTC) + timedelta(days=days - 1)


def assert_same_day(ours: datetime, anki: datetime) -> None:
    assert abs(ours - anki) <= timedelta(days=1, hours=1), (ours, anki)


def test_export_carries_every_field_into_a_fresh_anki(
    answered: tuple[Store, Clock], tmp_path: Path
) -> None:
    store, _ = answered
    study = Study(store, fuzz=False)
    target = study.next_card()
    assert target is not None
    study.suspend(target)
    buried = study.next_card()
    assert buried is not None and buried.card_id != target.card_id
    study.bury(buried)
    package = tmp_path / "deck.apkg"
    export_deck(store, package, now=datetime.now(UTC))
    col = fresh_collection(tmp_path / "anki")
    try:
        import_into(col, package)
        mine = our_cards(store)
        theirs = anki_cards_of(col, store)
        compared = 0
        for card_id, ours in mine.items():
            anki = theirs[card_id]
            if ours["suspended"]:
                assert anki.queue == -1
            elif card_id == buried.card_id:
                assert anki.queue == -3  # buried, until Anki's next day
            assert anki.type == ANKI_TYPE[ours["state"]], (card_id, ours)
            if ours["state"] is CardState.NEW:
                assert anki.reps == 0
                continue
            compared += 1
            assert (anki.reps, anki.lapses) == (ours["reps"], ours["lapses"])
            assert_same_day(ours["due"], anki_due_at(col, anki))
            if ours["state"] is not CardState.REVIEW:
                assert abs(anki.due - ours["due"].timestamp()) <= 1
            else:
                assert anki.ivl == max(1, round((ours["due"] - ours["last_review"]).days))
            assert anki.memory_state.stability == pytest.approx(ours["stability"], abs=1e-3)
            assert anki.memory_state.difficulty == pytest.approx(ours["difficulty"], abs=1e-2)
            count = col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", anki.id)
            assert count == ours["log"]
        assert compared >= 10
        assert col.db.scalar("SELECT count() FROM revlog") == sum(c["log"] for c in mine.values())
        # Declared scheduler v2: Anki kept the learning answers' ratings as they were.
        eases = sorted(r[0] for r in col.db.all("SELECT ease FROM revlog"))
        with store.reading() as conn:
            ratings = sorted(
                r[0] for r in conn.execute("SELECT rating FROM review_log WHERE undone = 0")
            )
        assert eases == ratings
    finally:
        col.close()


def test_no_scheduling_exports_every_card_new(
    answered: tuple[Store, Clock], tmp_path: Path
) -> None:
    store, _ = answered
    package = tmp_path / "fresh.apkg"
    export_deck(store, package, now=datetime.now(UTC), scheduling=False)
    col = fresh_collection(tmp_path / "anki")
    try:
        import_into(col, package)
        assert col.db.all("SELECT DISTINCT type, queue FROM cards") == [[0, 0]]
        assert col.db.scalar("SELECT count() FROM revlog") == 0
    finally:
        col.close()


def answer_in_anki(col: Any, count: int) -> int:
    did = col.decks.id_for_name("ESL::Making AI accessible with Andrej Karpathy and Stephanie Zhan")
    col.decks.select(did)
    given = 0
    for i in range(count):
        card = col.sched.getCard()
        if card is None:
            break
        col.sched.answerCard(card, [3, 4, 3, 1, 3][i % 5])
        given += 1
    return given


def export_from_anki(col: Any, kind: str, legacy: bool, out: Path) -> Path:
    if kind == "apkg":
        path = out / f"from-anki-{legacy}.apkg"
        col.export_anki_package(
            out_path=str(path),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=False, with_media=False, legacy=legacy
            ),
            limit=None,
        )
    else:
        path = out / f"from-anki-{legacy}.colpkg"
        col.export_collection_package(str(path), include_media=False, legacy=legacy)
        col.reopen()
    return path


def log_rows(store: Store) -> list[tuple[Any, ...]]:
    with store.reading() as conn:
        return conn.execute(
            "SELECT card_id, rating, reviewed_at, source, anki_id FROM review_log "
            "WHERE undone = 0 ORDER BY card_id, reviewed_at"
        ).fetchall()


@pytest.mark.parametrize(
    ("kind", "legacy"),
    [("apkg", False), ("apkg", True), ("colpkg", False), ("colpkg", True)],
    ids=["apkg", "apkg-legacy", "colpkg", "colpkg-legacy"],
)
def test_answers_made_in_anki_come_back_and_merge(
    answered: tuple[Store, Clock], tmp_path: Path, kind: str, legacy: bool
) -> None:
    store, clock = answered
    package = tmp_path / "deck.apkg"
    export_deck(store, package, now=datetime.now(UTC) - timedelta(minutes=50))
    exported = len(log_rows(store))
    col = fresh_collection(tmp_path / "anki")
    try:
        import_into(col, package)
        # A review on each side in between: one here (40 minutes ago), then Anki's (now).
        clock.now = datetime.now(UTC) - timedelta(minutes=40)
        assert answer_here(store, clock, 1, timedelta(minutes=1)) == 1
        given = answer_in_anki(col, 12)
        assert given >= 8
        foreign = col.new_note(col.models.by_name("Basic"))
        foreign["Front"], foreign["Back"] = "bonjour", "hello"
        col.add_note(foreign, col.decks.id_for_name("Default"))
        from_anki = export_from_anki(col, kind, legacy, tmp_path)
        merged = import_package(store, from_anki, datetime.now(UTC))
        assert merged.reviews_added == given
        assert merged.foreign_notes == 1
        rows = log_rows(store)
        assert len(rows) == exported + 1 + given
        assert sum(1 for r in rows if r[3] == "anki") == given
        # The merged log is one history in time order, every Anki answer in it once.
        anki_ids = {r[4] for r in rows if r[3] == "anki"}
        revlog = col.db.all("SELECT id, cid, ease FROM revlog ORDER BY id")
        assert len(anki_ids) == given and anki_ids <= {r[0] for r in revlog}
        # Each card answered last in Anki is due when Anki has it due.
        theirs = anki_cards_of(col, store)
        mine = our_cards(store)
        checked = 0
        for card_id, anki in theirs.items():
            last_anki = col.db.scalar("SELECT max(id) FROM revlog WHERE cid = ?", anki.id)
            with store.reading() as conn:
                row = conn.execute(
                    "SELECT source FROM review_log WHERE card_id = ? AND undone = 0 "
                    "ORDER BY reviewed_at DESC LIMIT 1",
                    (card_id,),
                ).fetchone()
            last = row[0] if row else None
            if last != "anki" or last_anki is None:
                continue
            checked += 1
            assert mine[card_id]["log"] >= col.db.scalar(
                "SELECT count() FROM revlog WHERE cid = ?", anki.id
            )
            assert_same_day(mine[card_id]["due"], anki_due_at(col, anki))
            if anki.queue == 1:
                assert abs(mine[card_id]["due"].timestamp() - anki.due) <= 1
        assert checked >= 5
        # A second import adds nothing.
        again = import_package(store, from_anki, datetime.now(UTC))
        assert again.reviews_added == 0 and again.cards_changed == 0
        assert log_rows(store) == rows
    finally:
        col.close()
    # The one history goes on to a new device whole: Anki's answers keep their revlog ids.
    export_deck(store, tmp_path / "again.apkg", now=datetime.now(UTC))
    phone = fresh_collection(tmp_path / "phone")
    try:
        import_into(phone, tmp_path / "again.apkg")
        ids = {r[0] for r in phone.db.all("SELECT id FROM revlog")}
        assert len(ids) == len(rows) and anki_ids <= ids
    finally:
        phone.close()


def database_state(path: Path) -> str:
    raw = sqlite3.connect(path)
    try:
        dump = "\n".join(raw.iterdump())
    finally:
        raw.close()
    return hashlib.sha256(dump.encode()).hexdigest()


def foreign_package(tmp_path: Path) -> Path:
    col = fresh_collection(tmp_path / "foreign")
    try:
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = "bonjour", "hello"
        col.add_note(note, col.decks.id_for_name("Default"))
        path = tmp_path / "foreign.apkg"
        col.export_anki_package(
            out_path=str(path),
            options=ExportAnkiPackageOptions(with_scheduling=True, with_media=False, legacy=False),
            limit=None,
        )
    finally:
        col.close()
    return path


def newer_package(tmp_path: Path, source: Path) -> Path:
    path = tmp_path / "newer.apkg"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for name in old.namelist():
            new.writestr(name, old.read(name) if name != "meta" else b"\x08\x09")
    return path


def test_bad_packages_are_refused_with_one_line(cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(db_path)
    import_file(store, SEED, datetime.now(UTC))
    store.close()
    before = database_state(db_path)
    (tmp_path / "text.apkg").write_text("not a zip at all\n")
    with zipfile.ZipFile(tmp_path / "empty.colpkg", "w") as z:
        z.writestr("media", "{}")
    foreign = foreign_package(tmp_path)
    with zipfile.ZipFile(foreign) as full, zipfile.ZipFile(tmp_path / "stub.apkg", "w") as stub:
        stub.writestr("collection.anki2", full.read("collection.anki2"))  # "Please update"
    through_the_command = {
        "text.apkg": "not a zip",
        str(newer_package(tmp_path, foreign)): "newer Anki",
        str(foreign): "came from flashcards",
    }
    for name, message in through_the_command.items():
        r = cli("import", name)
        assert r.returncode == 1, (name, r.stdout)
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
        assert message in r.stderr, (name, r.stderr)
        assert database_state(db_path) == before
    # The same error, one line each, for the rest (the command prints it as above).
    store = Store.open(db_path)
    try:
        for name, message in {
            "stub.apkg": "newer Anki",
            "empty.colpkg": "no collection",
            "missing.apkg": "no such file",
        }.items():
            with pytest.raises(PackageError, match=message) as caught:
                import_package(store, tmp_path / name, datetime.now(UTC))
            assert "\n" not in str(caught.value)
    finally:
        store.close()
    assert database_state(db_path) == before


def test_import_command_prints_the_summary(cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(db_path)
    import_file(store, SEED, datetime.now(UTC) - timedelta(hours=2))
    clock = Clock(datetime.now(UTC) - timedelta(hours=1))
    answer_here(store, clock, 5, timedelta(minutes=1))
    store.close()
    r = cli("export", "-o", "deck.apkg")
    assert r.returncode == 0, r.stderr
    col = fresh_collection(tmp_path / "anki")
    try:
        import_into(col, tmp_path / "deck.apkg")
        given = answer_in_anki(col, 4)
        # An edit in Anki comes back as an edit.
        nid = col.find_notes('"Word:niche"')[0]
        note = col.get_note(nid)
        note["Definition"] = "A small, specialised market."
        col.update_note(note)
        out = export_from_anki(col, "apkg", False, tmp_path)
    finally:
        col.close()
    r = cli("import", str(out))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert re.fullmatch(
        rf".*: {given} reviews added to {given} cards, [1-9] notes unchanged, 0 not ours", lines[0]
    ), lines
    assert "edited in Anki: niche: definition" in r.stdout
    store = Store.open(db_path)
    niche = next(n for n in store.notes() if n.word == "niche")
    store.close()
    assert niche.definition == "A small, specialised market."
    r = cli("import", str(out))
    assert r.stdout.splitlines()[0].endswith(
        "0 reviews added to 0 cards, 10 notes unchanged, 0 not ours"
    )


def test_into_anki_writes_our_answers_into_a_closed_collection(
    answered: tuple[Store, Clock], cli, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store, clock = answered
    package = tmp_path / "deck.apkg"
    export_deck(store, package, now=datetime.now(UTC) - timedelta(minutes=30))
    col = fresh_collection(tmp_path / "anki")
    import_into(col, package)
    in_anki = answer_in_anki(col, 3)
    before = col.db.scalar("SELECT count() FROM revlog")
    # Anki has the collection open: refused, nothing written.
    r = cli("export", "--into-anki", str(tmp_path / "anki" / "collection.anki2"))
    assert r.returncode == 1 and "open in Anki" in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1
    col.close()
    # Answers given here afterwards (a minute from now, after Anki's).
    clock.now = datetime.now(UTC) + timedelta(minutes=1)
    here = answer_here(store, clock, 6, timedelta(seconds=20))
    assert here == 6
    store.close()
    r = cli("export", "--into-anki", str(tmp_path / "anki" / "collection.anki2"), "-o", "x.apkg")
    assert r.returncode == 1 and "for a package" in r.stderr, r.stderr
    r = cli("export", "--into-anki", str(tmp_path / "anki" / "collection.anki2"))
    assert r.returncode == 0, r.stderr
    assert f"{here} reviews added" in r.stdout, r.stdout
    assert list((tmp_path / "anki" / "backups").iterdir()), "no backup was made"
    store = Store.open(db_path)
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        assert col.db.scalar("SELECT count() FROM revlog") == before + here
        assert before >= in_anki
        mine = our_cards(store)
        theirs = anki_cards_of(col, store)
        with store.reading() as conn:
            recent = [
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT card_id FROM review_log WHERE reviewed_at > ?",
                    ((clock.now - timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S.%f"),),
                )
            ]
        assert recent
        for card_id in recent:
            anki = theirs[card_id]
            ours = mine[card_id]
            assert anki.type == ANKI_TYPE[ours["state"]]
            assert_same_day(ours["due"], anki_due_at(col, anki))
            count = col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", anki.id)
            assert count >= ours["log"]
        # Anki's scheduler takes it from there: the cards due now are offered.
        did = col.decks.id_for_name(
            "ESL::Making AI accessible with Andrej Karpathy and Stephanie Zhan"
        )
        col.decks.select(did)
        assert col.sched.getCard() is not None
    finally:
        col.close()
        store.close()


async def test_the_app_imports_an_anki_package(
    answered: tuple[Store, Clock], tmp_path: Path
) -> None:
    store, _ = answered
    package = tmp_path / "deck.apkg"
    export_deck(store, package, now=datetime.now(UTC) - timedelta(minutes=30))
    col = fresh_collection(tmp_path / "anki")
    try:
        import_into(col, package)
        given = answer_in_anki(col, 3)
        from_anki = export_from_anki(col, "colpkg", False, tmp_path)
    finally:
        col.close()
    before = len(log_rows(store))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(from_anki)
        await pilot.press("ctrl+r")
        await settle(pilot)
        text = " ".join(screen_text(pilot).split())
        assert f"{given} reviews added to {given} cards" in text, text
    assert len(log_rows(store)) == before + given


def package_with_edits(db_path: Path, tmp_path: Path, words: dict[str, tuple[str, str]]) -> Path:
    """The seed answered here, exported, answered in Anki and with the given fields of some
    notes edited there ({word: (field, value)}), exported back from Anki."""
    store = Store.open(db_path)
    import_file(store, SEED, datetime.now(UTC) - timedelta(hours=2))
    answer_here(store, Clock(datetime.now(UTC) - timedelta(hours=1)), 5, timedelta(minutes=1))
    export_deck(store, tmp_path / "deck.apkg", now=datetime.now(UTC) - timedelta(minutes=50))
    store.close()
    col = fresh_collection(tmp_path / "anki")
    try:
        import_into(col, tmp_path / "deck.apkg")
        assert answer_in_anki(col, 4) == 4
        for word, (name, value) in words.items():
            note = col.get_note(col.find_notes(f'"Word:{word}"')[0])
            note[name] = value
            col.update_note(note)
        return export_from_anki(col, "apkg", False, tmp_path)
    finally:
        col.close()


def test_an_edit_that_cannot_be_adopted_is_a_warning_and_the_rest_lands(
    db_path: Path, tmp_path: Path
) -> None:
    out = package_with_edits(
        db_path,
        tmp_path,
        {"niche": ("Word", "vibrant"), "poached": ("Definition", "Hired away from a rival.")},
    )
    store = Store.open(db_path)
    try:
        merged = import_package(store, out, datetime.now(UTC))
        assert merged.reviews_added == 4
        assert any("niche" in w and "not adopted" in w for w in merged.warnings), merged.warnings
        words = {n.word: n for n in store.notes()}
        assert "niche" in words  # the clashing rename was refused
        assert words["poached"].definition == "Hired away from a rival."
        # The adopted edit is searchable at once.
        assert [n.word for n in note_page(store, query="rival").notes] == ["poached"]
    finally:
        store.close()


def test_a_package_import_that_fails_midway_leaves_the_database_as_it_was(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answers and field edits are one transaction: a failure while adopting an edit (after
    the answers were merged) leaves neither."""
    out = package_with_edits(db_path, tmp_path, {"niche": ("Definition", "A small market.")})
    before = database_state(db_path)

    def crash(*args: object, **kwargs: object) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr("flashcards.store.work.Work.edit_note", crash)
    store = Store.open(db_path)
    try:
        with pytest.raises(KeyboardInterrupt):
            import_package(store, out, datetime.now(UTC))
    finally:
        store.close()
    assert database_state(db_path) == before
    monkeypatch.undo()
    store = Store.open(db_path)
    try:
        merged = import_package(store, out, datetime.now(UTC))
        assert merged.reviews_added == 4 and [e.word for e in merged.edits] == ["niche"]
    finally:
        store.close()


def test_our_own_package_reads_back_as_nothing_new(
    answered: tuple[Store, Clock], tmp_path: Path
) -> None:
    """A package we wrote has a real `collection.anki2` (no newer collection beside it): it is
    read, and every answer in it is recognised as one of ours."""
    store, _ = answered
    package = tmp_path / "deck.apkg"
    export_deck(store, package, now=datetime.now(UTC))
    with zipfile.ZipFile(package) as z:
        assert "collection.anki2" in z.namelist() and "collection.anki21b" not in z.namelist()
    before = log_rows(store)
    merged = import_package(store, package, datetime.now(UTC))
    assert (merged.reviews_added, merged.cards_changed, merged.foreign_notes) == (0, 0, 0)
    assert merged.notes_unchanged == 10 and not merged.edits
    assert log_rows(store) == before


def test_a_note_with_damaged_edits_is_a_warning_and_the_rest_lands(
    db_path: Path, tmp_path: Path
) -> None:
    """A hand-edited note whose record of edits is not JSON: the Anki edit of it is not
    adopted (a warning naming the bad value, the note as it was), the answers land."""
    out = package_with_edits(
        db_path,
        tmp_path,
        {"niche": ("Definition", "A small market."), "poached": ("Definition", "Hired away.")},
    )
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE note SET edited = '{\"definition\": ' WHERE word = 'niche'")
    conn.close()
    store = Store.open(db_path)
    try:
        kept = next(n for n in store.notes() if n.word == "niche")
        merged = import_package(store, out, datetime.now(UTC))
        assert merged.reviews_added == 4
        (warning,) = merged.warnings
        assert "niche" in warning and "bad value" in warning and "edited" in warning, warning
        words = {n.word: n for n in store.notes()}
        assert words["niche"].definition == kept.definition
        assert words["poached"].definition == "Hired away."
    finally:
        store.close()
    conn = sqlite3.connect(db_path)
    try:
        edited = conn.execute("SELECT edited FROM note WHERE word = 'niche'").fetchone()[0]
    finally:
        conn.close()
    assert edited == '{"definition": '
