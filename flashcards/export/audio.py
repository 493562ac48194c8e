"""Spoken pronunciations of words, as WAV files made by espeak-ng (optional).

espeak-ng is a system program, not a Python dependency: when it is missing the export goes
on without audio and says so. Words are passed on standard input, never as arguments, so a
word starting with "-" is spoken rather than read as an option. File names are derived from
the voice and the word, so they are unique per word, stable from one export to the next (Anki
keeps one copy), and safe inside Anki's ``[sound:...]`` tag.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from flashcards.export.fields import slug

__all__ = ["PROGRAM", "VOICE", "Pronunciations", "audio_file_name", "espeak", "pronounce"]

PROGRAM = "espeak-ng"
VOICE = "en-us"
_TIMEOUT = 30.0


@dataclass
class Pronunciations:
    """WAV files by word, and one line for each word that could not be spoken."""

    files: dict[str, Path] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def espeak() -> str | None:
    """The path of espeak-ng, or None when it is not installed."""
    return shutil.which(PROGRAM)


def audio_file_name(word: str, voice: str = VOICE) -> str:
    """A unique, stable media file name for the pronunciation of ``word``."""
    digest = hashlib.sha1(f"{voice}\x1f{word}".encode()).hexdigest()[:10]
    return f"flashcards-{slug(word, 40) or 'word'}-{digest}.wav"


def _speak(program: str, word: str, out: Path) -> str | None:
    """Write ``out``; an explanation when that failed."""
    try:
        done = subprocess.run(
            [program, "-v", VOICE, "-w", str(out), "--stdin"],
            input=word,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{word}: no audio ({PROGRAM}: {exc})"
    if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        reason = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return f"{word}: no audio ({PROGRAM}: {reason})"
    return None


def pronounce(words: Iterable[str], folder: Path, program: str) -> Pronunciations:
    """Speak each distinct word into a WAV file in ``folder`` with ``program`` (espeak-ng).

    Runs a few espeak-ng processes at a time; each takes some 20 ms.
    """
    distinct = list(dict.fromkeys(w for w in words if w.strip()))
    targets = {w: folder / audio_file_name(w) for w in distinct}
    result = Pronunciations()
    if not distinct:
        return result
    workers = min(8, os.cpu_count() or 1, len(distinct))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(lambda w: _speak(program, w, targets[w]), distinct))
    for word, failure in zip(distinct, outcomes, strict=True):
        if failure is None:
            result.files[word] = targets[word]
        else:
            result.failures.append(failure)
    return result
