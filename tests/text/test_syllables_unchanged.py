"""The syllables of every fixture word are what pyphen's cutting gave: the hyphenation points
are pyphen's own, and the cut text and its stressed part match the file made from it."""

from __future__ import annotations

import json
from pathlib import Path

import pyphen
import pytest

from flashcards.text import forms, hyphenation
from flashcards.text.syllables import stressed_parts, syllable_text

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "syllables" / "expected.json"
CASES: list[list[str | None]] = json.loads(EXPECTED.read_text(encoding="utf-8"))


def pyphen_points(word: str) -> tuple[int, ...]:
    fresh = pyphen.Pyphen(lang="en_US", left=1, right=1)
    return tuple(int(p) for p in fresh.positions(word))


def table_words() -> list[str]:
    """Every tenth word of the word-form table (some 6,000 English words)."""
    lines = forms._table().lines()
    words = {w for line in lines for w in line.split() if w.isalpha()}
    return sorted(words)[::10]


def test_the_patterns_are_pyphens() -> None:
    ours = hyphenation.parse(Path(pyphen.LANGUAGES["en_US"]).read_text(encoding="utf-8"))
    assert ours == pyphen.Pyphen(lang="en_US").hd.patterns
    assert len(ours) > 10_000


def test_the_points_are_pyphens_on_fixture_and_dictionary_words() -> None:
    words = sorted({str(c[0]) for c in CASES}) + table_words()
    words += ["", "a", "Vibrant", "CO-DESIGN", "İstanbul", "Straße", "naïve", "rock'n'roll"]
    assert len(words) > 8_000
    differ = [w for w in words if hyphenation.points(w) != pyphen_points(w)]
    assert differ == []


@pytest.mark.parametrize("start", range(0, len(CASES), 500))
def test_the_syllables_and_the_stressed_part_are_unchanged(start: int) -> None:
    differ = []
    for word, ipa, pos, definition, shown, stressed in CASES[start : start + 500]:
        assert word is not None
        now = syllable_text(word, ipa, definition=definition or "", pos=pos or "")
        marked = [piece for piece, on in stressed_parts(now, ipa) if on]
        if (now, marked[0] if marked else None) != (shown, stressed):
            differ.append((word, ipa, shown, stressed, now, marked))
    assert differ == []


def test_the_expected_cases_cover_the_seed_and_ipa_with_stress() -> None:
    words = {c[0] for c in CASES}
    assert {"oligopoly", "co-design", "amplifier", "agi", "intimidating"} <= words
    stressed = [c for c in CASES if c[5] is not None]
    assert len(stressed) > 1000
