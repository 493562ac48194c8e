"""Turning notes, cards and grades into styled Content for the screens.

Everything shown here comes from documents and learners, so it may hold "[markup]" or
control characters: text is cleaned and placed in Content objects as plain text, never
interpolated into markup. Styles say what they mean with bold, underline and italic as well
as colour, so they survive NO_COLOR.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

from textual.content import Content

from flashcards.domain import CardKind, Note
from flashcards.text import terminal
from flashcards.text.forms import find_uses
from flashcards.text.grading import Grade, Verdict
from flashcards.text.masking import mask_word
from flashcards.text.syllables import shown_syllables, stressed_parts

WORD = "bold $accent"
HIGHLIGHT = "bold underline $accent"
STRESS = "bold underline"
MUTED = "$text-muted"
LABEL = "bold $text-muted"
POS = "italic"
RIGHT = "bold $success"
NEAR = "bold $warning"
WRONG = "bold $error"


def clean(text: str | None, *, lines: bool = False) -> str:
    """`text` safe to draw: control and bidi-override characters become spaces, one for one
    (so offsets into the text stay valid); newlines are kept only when `lines` is True.
    The command line shows the same characters as escapes (flashcards.text.terminal)."""
    return terminal.blanked(text, lines=lines)


def plain(text: str | None, style: str = "") -> Content:
    """Literal text (never parsed as markup), cleaned, in one style."""
    return Content.styled(clean(text), style)


def lines(*parts: Content | str | None) -> Content:
    """The parts that are not None, one per line ("" is an empty line)."""
    return Content("\n").join(
        p if isinstance(p, Content) else plain(p) for p in parts if p is not None
    )


def highlighted(sentence: str, word: str, pos: str, style: str = HIGHLIGHT) -> Content:
    """`sentence` with every use of `word` (in any of its forms) highlighted."""
    text = clean(sentence)
    pieces: list[str | tuple[str, str]] = []
    done = 0
    for start, end in find_uses(text, word, pos):
        pieces.append(text[done:start])
        pieces.append((text[start:end], style))
        done = end
    pieces.append(text[done:])
    return Content.assemble(*pieces)


def blanked(sentence: str) -> Content:
    """A sentence with its blanks ("_____") made to stand out."""
    text = clean(sentence)
    pieces: list[str | tuple[str, str]] = []
    done = 0
    for match in re.finditer(r"_{3,}", text):
        pieces.append(text[done : match.start()])
        pieces.append((match.group(), "bold $accent"))
        done = match.end()
    pieces.append(text[done:])
    return Content.assemble(*pieces)


def syllable_line(note: Note) -> Content:
    """The note's syllables with the stressed part marked, where the IPA says which
    (see stressed_parts: the Anki export marks the same part)."""
    shown = clean(shown_syllables(note) or note.word)
    return Content.assemble(
        *(
            (piece, STRESS) if stressed else piece
            for piece, stressed in stressed_parts(shown, note.ipa)
        )
    )


def headline(note: Note) -> Content:
    """Word  /ipa/  syl·la·bles  part of speech — on one line."""
    parts: list[str | Content | tuple[str, str]] = [(clean(note.word), WORD)]
    if note.ipa:
        parts += ["   ", (f"/{clean(note.ipa)}/", MUTED)]
    if "·" in shown_syllables(note):
        parts += ["   ", syllable_line(note)]
    parts += ["   ", (clean(note.pos), POS)]
    return Content.assemble(*parts)


def labelled(label: str, value: Content | str) -> Content:
    return Content.assemble(
        (f"{label}: ", LABEL), value if isinstance(value, Content) else plain(value)
    )


def synonyms(note: Note) -> Content | None:
    if not note.synonyms:
        return None
    return labelled("Synonyms", ", ".join(clean(s) for s in note.synonyms))


def hints(expected: str, note: Note, level: int) -> Content | None:
    """Up to `level` hints about the answer: first letter, length, a synonym."""
    if level <= 0:
        return None
    answer = clean(expected).strip()
    found: list[str] = []
    if answer:
        found.append(f"starts with “{answer[0]}”")
    if level >= 2:
        words = answer.split()
        counts = [sum(ch.isalnum() for ch in w) for w in words]
        if len(words) > 1:
            found.append(f"{len(words)} words of {' + '.join(map(str, counts))} letters")
        else:
            found.append(counted(sum(counts), "letter"))
    if level >= 3:
        found.append(f"like “{clean(note.synonyms[0])}”" if note.synonyms else "no synonym")
    return Content.assemble(("Hint: ", LABEL), (" · ".join(found), "italic"))


def front(kind: CardKind, note: Note, blanked_sentence: str | None) -> Content:
    """What a card asks."""
    if kind is CardKind.MEANING:
        return lines(
            plain("What does this mean?", MUTED),
            "",
            headline(note),
        )
    if kind is CardKind.RECALL:
        return lines(
            plain("Which word means…", MUTED),
            "",
            plain(mask_word(note.definition, note.word, note.pos), "bold"),
            plain(note.pos, POS),
        )
    return lines(
        plain("Which word fills the blank?", MUTED),
        "",
        blanked(blanked_sentence or ""),
        plain(note.pos, POS),
    )


def back(
    note: Note,
    *,
    sentence: str | None,
    title: str | None,
    grade: Grade | None,
) -> Content:
    """The whole note, the sentence the card showed, the talk, and the grade of a typed answer."""
    example = note.example.strip()
    shown_sentence = sentence.strip() if sentence else ""
    return lines(
        grade_line(grade) if grade is not None else None,
        headline(note),
        plain(note.definition),
        synonyms(note),
        labelled("In the talk", highlighted(shown_sentence, note.word, note.pos))
        if shown_sentence and shown_sentence != example
        else None,
        labelled("Example", highlighted(example, note.word, note.pos)) if example else None,
        labelled("From", plain(title, "italic")) if title else None,
    )


def grade_line(grade: Grade) -> Content:
    """✓ right / ≈ near miss with the form the sentence needs or the right spelling / ✗ wrong
    with the answer."""
    typed = clean(grade.typed).strip()
    expected = clean(grade.expected)
    if grade.verdict is Verdict.RIGHT:
        return Content.assemble(("✓ Right", RIGHT), ": ", (expected, "bold"))
    said: list[str | tuple[str, str]] = (
        ["you typed “", (typed, "italic"), "”"] if typed else ["no answer"]
    )
    if grade.verdict is Verdict.NEAR and grade.other_form:
        return Content.assemble(
            ("≈ Near miss", NEAR), ": ", *said, "; the sentence needs ", (expected, "bold italic")
        )
    if grade.verdict is Verdict.NEAR:
        return Content.assemble(
            ("≈ Near miss", NEAR), ": ", *said, "; it is spelled ", (expected, "bold underline")
        )
    return Content.assemble(("✗ Wrong", WRONG), ": ", *said, "; the answer is ", (expected, "bold"))


def interval(delta: timedelta) -> str:
    """A short interval: <1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def duration(seconds: float) -> str:
    """A session length: 45s, 3m 20s, 1h 05m."""
    total = round(seconds)
    if total < 60:
        return f"{total}s"
    if total < 3600:
        return f"{total // 60}m {total % 60:02d}s"
    return f"{total // 3600}h {total % 3600 // 60:02d}m"


def day_text(when: datetime | None, zone: tzinfo | None = None) -> str:
    """A due time as a local date."""
    return "—" if when is None else when.astimezone(zone).strftime("%Y-%m-%d")


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """The count with its noun: "1 warning", "2 warnings" (`plural`: not just an s)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def joined(items: Iterable[str], sep: str = ", ") -> str:
    return sep.join(clean(i) for i in items)
