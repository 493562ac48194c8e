"""The command line as a new learner meets it: a readable `list`, a hint on an empty
database, and `--help` that explains every command and argument."""

from __future__ import annotations

import argparse
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from flashcards.cli import build_parser
from flashcards.text.terminal import width

from support import SEED, flashcards_exe

Run = Callable[..., subprocess.CompletedProcess[str]]
COMMANDS = ["import", "list", "stats", "review", "quiz", "export", "mine", "optimize", "config"]


def run_with(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, NO_COLOR="1", **env)
    return subprocess.run(
        [flashcards_exe(), "--db", str(db), *args],
        env=full,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=db.parent,
        timeout=60,
    )


def test_plain_list_is_a_table(cli: Run, db_path: Path) -> None:
    assert cli("import", str(SEED)).returncode == 0
    os.environ.pop("COLUMNS", None)
    wide = run_with(db_path, "list").stdout.splitlines()  # not a terminal: 100 columns
    assert wide[0].split() == ["WORD", "IPA", "PART", "OF", "SPEECH", "DEFINITION", "DUE"]
    niche = next(line for line in wide if line.startswith("niche "))
    assert "niːʃ" in niche and " noun " in niche and "A specialized segment" in niche
    assert niche.endswith("new")
    assert max(width(line) for line in wide) == 100  # the definitions are cut to fit
    assert any(line.rstrip().endswith("…  new") for line in wide)
    narrow = run_with(db_path, "list", COLUMNS="72").stdout.splitlines()
    assert max(width(line) for line in narrow) <= 72
    assert len(narrow) == len(wide) == 11
    assert [line.split()[0] for line in narrow[1:]] == [line.split()[0] for line in wide[1:]]


def test_empty_database_says_how_to_start(cli: Run) -> None:
    for args in (("list",), ("stats",)):
        r = cli(*args)
        assert r.returncode == 0, r.stderr
        assert "start `flashcards` to load the bundled deck" in r.stdout
        assert "flashcards import FILE" in r.stdout
    r = cli("export")
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert "start `flashcards` to load the bundled deck" in r.stderr
    assert cli("list", "--json").stdout.strip() == "[]"  # the JSON contract is unchanged


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_explains_itself(name: str) -> None:
    command = subcommands()[name]
    assert command.description and len(command.description) > 20
    for action in command._actions:
        assert action.help and action.help != argparse.SUPPRESS, (name, action.dest)


def test_help_as_printed(cli: Run) -> None:
    r = cli("import", "--help")
    assert r.returncode == 0
    assert "Import a vocabulary document" in r.stdout
    assert "UTF-8 text, at most 64 MB" in r.stdout
    assert set(subcommands()) == set(COMMANDS)
