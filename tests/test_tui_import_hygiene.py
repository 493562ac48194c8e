"""The headless modules never import Textual; only the app does (and cli.py, lazily)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEADLESS = [
    "flashcards.domain",
    "flashcards.documents",
    "flashcards.store",
    "flashcards.study",
    "flashcards.review_session",
    "flashcards.quiz",
    "flashcards.library",
    "flashcards.importing",
    "flashcards.stats",
    "flashcards.cli",
    "flashcards.tui",
    "flashcards.tui.services",
]


def loaded_after_import(module: str) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("module", HEADLESS)
def test_module_does_not_import_textual(module: str) -> None:
    loaded = loaded_after_import(module)
    assert module in loaded
    assert not [m for m in loaded if m == "textual" or m.startswith("textual.")]
    assert "rich" not in loaded


def test_the_app_module_does_import_textual() -> None:
    # The check above would pass vacuously if the probe could not see Textual at all.
    assert "textual.app" in loaded_after_import("flashcards.tui.app")


FIRST_CARD = """
import asyncio, gc, json, sys
from textual.app import App
from flashcards.store import Store
from flashcards.tui.app import FlashcardsApp
from flashcards.tui.services import Services, Start

frames = []
display = App._display
def recorded(app, screen, renderable):
    # What the first frames of the review showed (and had loaded), as they were written
    # (Textual holds frames back while the app mounts its first screen: those are not).
    written = renderable is not None and not app._batch_count
    if type(screen).__name__ == "ReviewScreen" and written and len(frames) < 2:
        frames.append({
            "card": screen.shown is not None,
            "footer": len(screen.query("Footer")),
            "buttons": len(screen.query("Button")),
            "answer_box": len(screen.query("Input")),
            "rating_bar": len(screen.query("RatingBar")),
            "notice": len(screen.query("Notice")),
            "progress_bar": len(screen.query("ProgressBar")),
            "header": len(screen.query("Header")),
            "header_stand_in": len(screen.query("HeaderStandIn")),
            "collecting": gc.isenabled(),
            "modules": sorted(sys.modules),
        })
    return display(app, screen, renderable)
App._display = recorded

async def main():
    services = Services(Store.open(sys.argv[1]), fuzz=False)
    services.look_ahead(None)  # as the command line does, before Textual is imported ...
    for _ in range(400):  # ... which gives it the time it needs (Textual is loaded here)
        if services.first_card_found(None):
            break
        await asyncio.sleep(0.01)
    gc.disable()  # as the command line does while the app starts
    app = FlashcardsApp(services, Start("review"))
    async with app.run_test() as pilot:
        for _ in range(400):
            await pilot.pause(0.05)
            if getattr(app.screen, "shown", None) is not None and app.screen.query("FooterKey"):
                break
        order = [w.id or type(w).__name__ for w in app.screen.walk_children(with_self=False)]
        assert app.screen.shown is not None, "no card on screen"
        footer = app.screen.query_one("Footer")
        print(json.dumps({
            "first": frames[0],
            "css": sorted(str(path) for path, _ in app.stylesheet.source),
            "front": app.screen.state.phase == "front",
            "collecting": gc.isenabled(),
            "settled_footer": [key.description for key in footer.query("FooterKey")],
            "settled": [n for n in order if n in ("Header", "HeaderStandIn", "progress", "queue",
                                                 "card-body", "answer", "card-hint", "ratings",
                                                 "notice", "Footer")],
        }))

asyncio.run(main())
"""
#: What the first card of a review does not need: loaded when the learner goes there.
DEFERRED = (
    "flashcards.tui.screens.home",
    "flashcards.tui.screens.browse",
    "flashcards.tui.screens.stats",
    "flashcards.tui.screens.quiz",
    "flashcards.tui.screens.importer",
    "flashcards.tui.screens.mine",
    "flashcards.tui.screens.export",
    "flashcards.tui.screens.help",
    "flashcards.tui.screens.note_editor",
    "flashcards.tui.screens.card_info",
    "flashcards.library",
    "flashcards.quiz",
    "flashcards.memory",
    "flashcards.stats",
    "flashcards.importing",
    "flashcards.mining",
    "flashcards.export",
    "flashcards.roundtrip",
    "flashcards.optimizer",
    # The store's modules that only an import, an edit, a listing or a new database needs.
    "flashcards.store.importer",
    "flashcards.store.listing",
    "flashcards.store.search",
    "flashcards.store.schema",
    "flashcards.store.db",
    "importlib.resources",
)
#: The style sheets of the other screens, loaded when each is first opened.
OTHER_SCREENS_CSS = ("home", "quiz", "browse", "stats", "forms", "dialogs")


def test_the_first_card_loads_only_the_review(cli, db_path) -> None:  # type: ignore[no-untyped-def]
    from support import ROOT, SEED

    assert cli("import", str(SEED)).returncode == 0
    done = subprocess.run(
        [sys.executable, "-c", FIRST_CARD, str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    first = found["first"]
    loaded = set(first["modules"])
    assert "flashcards.tui.screens.review" in loaded  # the probe sees the review itself
    early = sorted(m for m in loaded if m.startswith(DEFERRED))
    assert early == []
    sheets = {Path(path).name for path in found["css"]}
    assert "app.tcss" in sheets
    assert sheets.isdisjoint(f"{name}.tcss" for name in OTHER_SCREENS_CSS)
    # ... and app.tcss does not take their rules back.
    app_sheet = (ROOT / "flashcards" / "tui" / "app.tcss").read_text(encoding="utf-8")
    for rule in ("#home-intro", "#options", "#notes", "#stats-body", "#import-", "#editor-"):
        assert rule not in app_sheet, rule
    # The card found while the app loaded is in the very first frame ("Finding today's
    # cards…" is never drawn); that frame has no footer and no rating buttons (made for the
    # first back), nor the session line's bar and counts, the answer box, the rating bar or
    # the status line (mounted with the footer); the header is drawn by its stand-in ...
    assert first["card"], "the first frame was drawn without the card"
    assert first["footer"] == 0 and first["buttons"] == 0
    assert first["answer_box"] == 0 and first["rating_bar"] == 0 and first["notice"] == 0
    assert first["progress_bar"] == 0
    assert first["header"] == 0 and first["header_stand_in"] == 1
    assert not any(m.startswith("textual.widgets._progress_bar") for m in loaded)
    assert not any(m.startswith("textual.widgets._header") for m in loaded)
    assert not first["collecting"]  # the cyclic collector is still paused ...
    assert not any(m.startswith("textual.widgets._footer") for m in loaded)
    # ... and the footer follows at once, with the front's keys.
    assert found["front"]
    assert found["collecting"]  # ... and runs again once the rest is there
    assert {"Back", "Answer", "Bury", "Suspend", "Edit"} <= set(found["settled_footer"])
    # ... with the rest, in the places compose would have put them.
    assert found["settled"] == [
        "Header", "progress", "queue", "card-body", "answer", "card-hint", "ratings", "notice",
        "Footer",
    ]  # fmt: skip
