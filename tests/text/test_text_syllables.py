"""Tests for flashcards.text.syllables: pyphen parts and the stressed one."""

import pytest

from flashcards.text.syllables import stressed_syllable, syllable_text, syllables


@pytest.mark.parametrize(
    ("word", "parts", "text"),
    [
        ("intimidating", ["in", "tim", "i", "dat", "ing"], "in·tim·i·dat·ing"),
        # pyphen's en_US dictionary keeps two letters on each side of a break.
        ("oligopoly", ["oli", "gop", "oly"], "oli·gop·oly"),
        ("niche", ["niche"], "niche"),
        ("inspire", ["in", "spire"], "in·spire"),
        ("amplifier", ["am", "pli", "fi", "er"], "am·pli·fi·er"),
        ("Vibrant", ["Vi", "brant"], "Vi·brant"),
        ("co-design", ["co", "de", "sign"], "co·de·sign"),
        ("limited  competition", ["lim", "it", "ed", "com", "pe", "ti", "tion"], None),
        ("carve out", ["carve", "out"], "carve out"),
        ("", [], ""),
    ],
)
def test_syllables(word: str, parts: list[str], text: str | None) -> None:
    assert syllables(word) == parts
    if text is not None:
        assert syllable_text(word) == text


def test_syllable_text_keeps_one_space_between_words() -> None:
    assert syllable_text(" limited  competition ") == "lim·it·ed com·pe·ti·tion"


@pytest.mark.parametrize(
    ("word", "ipa", "index"),
    [
        ("intimidating", "[ɪnˈtɪmɪˌdeɪtɪŋ]", 1),
        ("inspire", "[ɪnˈspaɪər]", 1),
        ("vibrant", "[ˈvaɪbrənt]", 0),
        ("autonomous", "/ɔˈtɑːnəməs/", 1),
        ("co-design", "[kɒˈdɪzaɪn]", 1),
        ("button", "ˈbʌtn̩", 0),
        # one part: the stress can only be there
        ("niche", "[niːʃ]", 0),
        ("niche", None, 0),
        # counts that do not line up: five nuclei, three parts
        ("oligopoly", "[ˌɒlɪˈɡɒpəli]", None),
        # "aɪə" is one syllable or two: four parts line up
        ("amplifier", "[ˈæmplɪˌfaɪər]", 0),
        # nothing to go on
        ("intimidating", None, None),
        ("intimidating", "[ ext.pronunciation]", None),
        ("vibrant", "vaɪbrənt", None),
        ("", "ˈa", None),
    ],
)
def test_stressed_syllable(word: str, ipa: str | None, index: int | None) -> None:
    assert stressed_syllable(word, ipa) == index


def test_stressed_syllable_uses_the_first_alternative() -> None:
    assert stressed_syllable("vibrant", "ˈvaɪbrənt, ˈvaɪbɹənt") == 0
