"""The commands that open the app: their arguments and errors (without a terminal)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

from flashcards.cli import build_parser

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_review_and_quiz_arguments() -> None:
    parser = build_parser()
    args = parser.parse_args(["review", "--deck", "X"])
    assert args.deck == "X" and args.run.__name__ == "cmd_review"
    args = parser.parse_args(["quiz", "--count", "5", "--typed"])
    assert (args.count, args.typed, args.deck) == (5, True, None)
    assert parser.parse_args(["quiz"]).count == 10


@pytest.mark.parametrize("count", ["0", "-3", "many"])
def test_quiz_count_must_be_a_positive_number(cli: Run, count: str) -> None:
    done = cli("quiz", "--count", count)
    assert done.returncode == 2
    assert "--count" in done.stderr and "Traceback" not in done.stderr


def test_unknown_deck_is_an_error_before_the_app_opens(cli: Run) -> None:
    done = cli("review", "--deck", "No such deck")
    assert done.returncode == 1
    assert "no deck named 'No such deck'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_app_needs_a_terminal(cli: Run) -> None:
    done = cli()
    assert done.returncode == 1
    assert "needs a terminal" in done.stderr and "Traceback" not in done.stderr
    listed = cli("list", "--json")
    assert listed.returncode == 0 and listed.stdout.strip().startswith("[")
