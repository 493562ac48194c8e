"""The pure helpers that turn notes and grades into screen text."""

from __future__ import annotations

from datetime import timedelta

from flashcards.domain import CardKind, Note
from flashcards.text.grading import Grade, Verdict, grade
from flashcards.tui import render
from flashcards.tui.widgets.charts import column_rows


def note(**fields: object) -> Note:
    values: dict[str, object] = {
        "id": 1,
        "deck": "d",
        "word": "intimidating",
        "ipa": "ɪnˈtɪmɪˌdeɪtɪŋ",
        "pos": "adjective",
        "definition": "Frightening.",
        "synonyms": ("daunting", "formidable"),
        "example": "To his picture, like a very intimidating",
        "contexts": (),
        "syllables": "in·tim·i·dat·ing",
    }
    values.update(fields)
    return Note(**values)  # type: ignore[arg-type]


def test_clean_replaces_control_characters_one_for_one() -> None:
    text = "a\x1b[31mb\x07c\u202ed\ne"
    cleaned = render.clean(text)
    assert len(cleaned) == len(text)
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\u202e" not in cleaned
    assert "\n" not in cleaned and "\n" in render.clean(text, lines=True)
    assert render.clean(None) == ""


def test_plain_text_is_never_markup() -> None:
    assert render.plain("[bold]x[/bold]").plain == "[bold]x[/bold]"
    assert render.plain("[bold]x[/bold]").spans == []


def test_highlighted_marks_every_form_of_the_word() -> None:
    content = render.highlighted("He was poached; they poach people.", "poached", "verb")
    marked = [content.plain[s.start : s.end] for s in content.spans]
    assert marked == ["poached", "poach"]
    assert render.highlighted("No use here.", "poached", "verb").spans == []


def test_stressed_syllable_is_marked_only_when_it_lines_up() -> None:
    line = render.syllable_line(note())
    assert line.plain == "in·tim·i·dat·ing"
    assert [line.plain[s.start : s.end] for s in line.spans] == ["tim"]
    unsure = render.syllable_line(note(ipa="ˈfoʊ"))  # one vowel for five parts
    assert unsure.spans == []
    edited = render.syllable_line(note(syllables="intim·idating"))  # not pyphen's parts
    assert edited.spans == []


def test_hints_grow_one_at_a_time() -> None:
    n = note()
    assert render.hints("intimidating", n, 0) is None
    assert "“i”" in render.hints("intimidating", n, 1).plain
    assert "12 letters" in render.hints("intimidating", n, 2).plain
    assert "like “daunting”" in render.hints("intimidating", n, 3).plain
    assert "2 words of 5 + 3 letters" in render.hints("carve out", n, 2).plain


def test_front_and_back() -> None:
    n = note()
    assert "intimidating" in render.front(CardKind.MEANING, n, None).plain
    recall = render.front(CardKind.RECALL, n, None).plain
    assert "Frightening." in recall and "intimidating" not in recall
    context = render.front(CardKind.CONTEXT, n, "a very _____").plain
    assert "a very _____" in context and "intimidating" not in context
    grade = Grade(Verdict.NEAR, "intimidating", "intimdating")
    back = render.back(n, sentence=None, title="A talk", grade=grade).plain
    for part in ("≈ Near miss", "intimdating", "it is spelled intimidating", "Frightening."):
        assert part in back
    assert "Synonyms: daunting, formidable" in back and "From: A talk" in back


def test_grade_lines() -> None:
    assert render.grade_line(Grade(Verdict.RIGHT, "niche", "Niche")).plain == "✓ Right: niche"
    wrong = render.grade_line(Grade(Verdict.WRONG, "niche", "")).plain
    assert wrong == "✗ Wrong: no answer; the answer is niche"


def test_a_near_miss_says_what_kind_of_miss() -> None:
    form = grade("poach", "poach", "verb", expected_form="poached")
    assert form.other_form
    line = render.grade_line(form).plain
    assert line == "≈ Near miss: you typed “poach”; the sentence needs poached"
    typo = grade("poched", "poach", "verb", expected_form="poached")
    assert not typo.other_form
    assert render.grade_line(typo).plain.endswith("; it is spelled poached")


def test_intervals_and_durations() -> None:
    assert render.interval(timedelta(seconds=30)) == "<1m"
    assert render.interval(timedelta(minutes=10)) == "10m"
    assert render.interval(timedelta(hours=5)) == "5h"
    assert render.interval(timedelta(days=8)) == "8d"
    assert render.interval(timedelta(days=75)) == "2.5mo"
    assert render.interval(timedelta(days=800)) == "2.2y"
    assert render.duration(42) == "42s"
    assert render.duration(200) == "3m 20s"
    assert render.duration(3900) == "1h 05m"


def test_column_chart_rows() -> None:
    rows = column_rows([0, 4, 8, 1], height=2, width=8)
    assert len(rows) == 2 and all(len(r) == 8 for r in rows)
    top, bottom = rows
    assert bottom[0] == " " and top[0] == " "  # zero: nothing
    assert bottom[2] == "█" and top[2] == " "  # half of the highest
    assert bottom[4] == "█" and top[4] == "█"  # the highest
    assert bottom[6] == "▂" and top[6] == " "  # a small value is never invisible
    assert all(r[1::2] == "    " for r in rows)  # a gap after each column
    assert column_rows([], 3, 10) == []
