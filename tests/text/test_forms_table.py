"""The shipped word-form table gives the very forms lemminflect gives, without lemminflect.

`scripts/make_forms_table.py` builds the table from lemminflect; these tests compare the
table (and its rules for unknown words) with lemminflect itself, for every word of the seed,
of the test fixtures and of the test modules' documents, and for the benchmark's made-up
headwords, in every part of speech that inflects."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.synth import headwords
from flashcards.documents import read_document
from flashcards.text import forms

from support import FIXTURES, ROOT, SEED

lemminflect = pytest.importorskip("lemminflect")

UPOS = ("VERB", "NOUN", "ADJ", "ADV")


def lemminflect_inflections(word: str, upos: str, guess: bool) -> frozenset[str]:
    """The forms as they were computed with lemminflect (the rules of `forms._inflections`)."""
    found = {word}
    lemmas = lemminflect.getAllLemmas(word, upos).get(upos, ())
    for lemma in lemmas:
        found.add(lemma)
        for inflected in lemminflect.getAllInflections(lemma, upos).values():
            found.update(inflected)
    if not lemmas and guess and word.replace("-", "").isalnum():
        head, hyphen, last = word.rpartition("-")
        if hyphen and head and last:
            found.update(head + hyphen + f for f in lemminflect_inflections(last, upos, guess))
        else:
            for inflected in lemminflect.getAllInflectionsOOV(word, upos).values():
                found.update(inflected)
    return frozenset(form.lower() for form in found)


def fixture_texts() -> Iterator[str]:
    yield SEED.read_text(encoding="utf-8")
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in {".txt", ".srt", ".vtt"}:
            yield path.read_text(encoding="utf-8-sig", errors="replace")
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        yield path.read_text(encoding="utf-8")


def fixture_words() -> list[str]:
    words: set[str] = set(headwords(500))
    for text in fixture_texts():
        words.update(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text.lower()))
    return sorted(words)


def test_the_table_agrees_with_lemminflect_on_every_fixture_word() -> None:
    words = fixture_words()
    assert {"poached", "co-design", "oligopoly", "intimidating"} <= set(words)
    differ = [
        (word, upos, guess)
        for word in words
        for upos in UPOS
        for guess in (True, False)
        if forms._inflections(word, upos, guess) != lemminflect_inflections(word, upos, guess)
    ]
    assert differ == []


def test_headwords_of_the_documents_have_the_same_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = [SEED, *sorted(FIXTURES.glob("*.txt"))]
    entries = [(e.word, e.pos) for path in documents for e in read_document(path).entries]
    assert len(entries) > 20
    ours = {entry: forms.word_forms(*entry) for entry in entries}
    forms._computed_forms.cache_clear()
    monkeypatch.setattr(forms, "_inflections", lemminflect_inflections)
    try:
        theirs = {entry: forms.word_forms(*entry) for entry in entries}
    finally:
        forms._computed_forms.cache_clear()
    assert ours == theirs
    assert ("poaching",) in ours[("poached", "verb")]


def test_unknown_words_get_lemminflects_doubled_and_greco_latin_suffixes() -> None:
    # Words lemminflect does not know, whose style its network decides.
    cases = {("perap", "VERB"): "regd", ("detecupus", "NOUN"): "glreg", ("lucuf", "NOUN"): "reg"}
    for (word, upos), style in cases.items():
        assert forms._known(word, upos) is None
        assert forms._style(word, upos) == style
        assert forms._inflections(word, upos, True) == lemminflect_inflections(word, upos, True)
    assert ("perapped",) in forms.word_forms("perap", "verb")
    assert ("detecupi",) in forms.word_forms("detecupus", "noun")


def test_unknown_words_by_the_thousand_get_lemminflects_forms() -> None:
    # The benchmark's made-up headwords, and the same with every Greco-Latin ending: a noun
    # whose ending no Greco-Latin rule takes gets its regular plural without the network.
    words = headwords(3000, seed=11)
    words += [w[:-1] + end for w in words[:200] for end in ("us", "um", "a", "is", "ex")]
    for word in words:
        for upos in ("NOUN", "VERB"):
            if forms._known(word, upos) is not None:
                continue  # a real word, after all
            ours = forms._unknown_inflections(word, upos)
            assert frozenset(ours) == lemminflect_inflections(word, upos, True), (word, upos)


def test_finding_uses_loads_neither_lemminflect_nor_numpy() -> None:
    code = (
        "import sys; from flashcards.text.forms import word_forms, find_uses;"
        "assert ('poaching',) in word_forms('poached', 'verb');"
        "assert find_uses('They perapped the cat.', 'perap', 'verb');"
        "print(sorted(m for m in ('lemminflect', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_the_table_is_in_the_package_sorted_with_its_index() -> None:
    table = Path(forms.__file__).with_name("forms_table.txt")
    assert table.stat().st_size < 3_000_000
    found = forms._table()
    # The style network's classes and layers come first, then the lines of word forms.
    model = [line.split("\t")[0] for line in found.model_lines()]
    assert model == ["#styles", "#w1", "#b1", "#w2", "#b2"]
    styles, (w1, b1), (w2, b2) = forms._style_model()
    assert styles == ["reg", "regd", "glreg"]
    assert len(w1) == 252 and {len(row) for row in w1} == {len(b1)} == {64}
    assert len(w2) == len(b2) == 3 and {len(row) for row in w2} == {64}
    lines = found.lines()
    encoded = [line.encode("utf-8") for line in lines]
    assert encoded == sorted(encoded)  # the index and its blocks need them sorted as bytes
    assert found.keys == sorted(found.keys) and len(found.keys) > 1_000


def test_every_line_of_the_table_is_found_through_its_index() -> None:
    lines = forms._table().lines()
    for line in lines:
        upos, word, *others = line.split("\t")
        assert forms._known(word, upos) == frozenset([word, *filter(None, others)]), line
    # Keys that fall before the first line, between two lines, after the last, and a word
    # that is only the start of another.
    first_upos, first_word, *_ = lines[0].split("\t")
    last_upos, last_word, *_ = lines[-1].split("\t")
    assert forms._known(first_word[:-1] or "0", first_upos) is None
    assert forms._known(last_word + "zz", last_upos) is None
    assert forms._known("poach", "VERB") is not None and forms._known("poac", "VERB") is None


LOOKUPS = """
import json
from flashcards.text import forms

def resident_kb():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmRSS:"))

before = resident_kb()
for word in ("poached", "intimidating", "run", "children", "oligopoly", "perap", "co-design"):
    for pos in ("verb", "noun", "adjective", "adverb"):
        forms.word_forms(word, pos)
print(json.dumps({"kb": resident_kb() - before, "known": forms._known("run", "VERB") is not None}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_looking_up_words_keeps_the_table_out_of_memory() -> None:
    # Parsed into lines, the table held about 10 MB; read a block at a time, it holds its index.
    done = subprocess.run(
        [sys.executable, "-c", LOOKUPS], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result = json.loads(done.stdout)
    assert result["known"]
    assert result["kb"] < 2_000, result
