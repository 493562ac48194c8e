"""Build flashcards/text/forms_table.txt: lemminflect's known words as data.

    .venv/bin/python scripts/make_forms_table.py

For each part of speech that word forms inflect (VERB, NOUN, ADJ, ADV) and each lower-case
word lemminflect has lemmas for, the table holds the forms `flashcards.text.forms` takes for
that word: the word, its lemmas and every inflection of each lemma, lower-cased, one line
each, ``POS<TAB>word<TAB>its other forms`` (tab-separated: a form may hold a space), sorted
by their UTF-8 bytes. The file is not loaded whole: a look-up reads one block of lines from
it, so nothing is decompressed and almost nothing stays in memory (it is stored uncompressed
for that; the wheel compresses it). Its first lines are an index, ``#at<TAB>offset<TAB>POS
<TAB>word`` for every `INDEX_EVERY`-th line (offsets from the file's start, of a fixed
width), so that a look-up is a binary search over the index and one search of the block of
lines it names. Then come lines that hold lemminflect's inflection-style model (the small
network that picks regular, doubled or Greco-Latin suffixes for a word it does not know), so
that unknown words get the very suffixes lemminflect would give them, without lemminflect or
numpy at run time.

Run it again whenever lemminflect changes (and bump `FORMS_VERSION` if the table changes).
"""

from __future__ import annotations

from pathlib import Path

import lemminflect
from lemminflect.core.InflectionRules import MorphologyStyleModel
from lemminflect.core.Lemmatizer import Lemmatizer

OUT = Path(__file__).resolve().parent.parent / "flashcards" / "text" / "forms_table.txt"
UPOS = ("VERB", "NOUN", "ADJ", "ADV")
#: One index line for this many lines of the table (a block of about 2 KB).
INDEX_EVERY = 64


def known_forms(word: str, upos: str) -> frozenset[str] | None:
    """What `flashcards.text.forms` took from lemminflect for a known `word` (None: unknown)."""
    lemmas = lemminflect.getAllLemmas(word, upos).get(upos, ())
    if not lemmas:
        return None
    forms = {word}
    for lemma in lemmas:
        forms.add(lemma)
        for inflected in lemminflect.getAllInflections(lemma, upos).values():
            forms.update(inflected)
    return frozenset(form.lower() for form in forms)


def model_lines() -> list[str]:
    kinfer = MorphologyStyleModel().kinfer
    w1, b1, w2, b2 = (weight.tolist() for weight in kinfer.weights)
    lines = ["#styles\t" + " ".join(kinfer.getOutputEnum())]
    lines.append("#b1\t" + " ".join(repr(x) for x in b1))
    lines.extend("#w1\t" + " ".join(repr(x) for x in row) for row in w1)
    lines.append("#b2\t" + " ".join(repr(x) for x in b2))
    lines.extend("#w2\t" + " ".join(repr(x) for x in row) for row in w2)
    return lines


def with_index(model: list[str], table: list[str]) -> bytes:
    """The file: the index of `table`'s blocks, the `model` lines, then `table`'s lines."""
    starts = range(0, len(table), INDEX_EVERY)

    def index(offsets: list[int]) -> list[str]:
        keys = [table[at].split("\t", 2)[:2] for at in starts]
        pairs = zip(offsets, keys, strict=True)
        return [f"#at\t{offset:010d}\t{upos}\t{word}" for offset, (upos, word) in pairs]

    head = len(("\n".join(index([0] * len(starts)) + model) + "\n").encode("utf-8"))
    offsets, at = [], head
    for n, line in enumerate(table):
        if n % INDEX_EVERY == 0:
            offsets.append(at)
        at += len(line.encode("utf-8")) + 1
    data = ("\n".join([*index(offsets), *model, *table]) + "\n").encode("utf-8")
    assert all(data[o - 1 : o] == b"\n" for o in offsets) and len(data) == at
    return data


def main() -> None:
    lemmatizer = Lemmatizer()
    words = {w.lower() for w in lemmatizer._getLemmaDict()} | {
        w.lower() for w in lemmatizer._getOverridesDict()
    }
    table = []
    for upos in UPOS:
        for word in words:
            if word != "".join(word.split()):
                continue  # a headword's words are looked up one by one
            forms = known_forms(word, upos)
            if forms is not None:
                assert not any("\t" in form or "\n" in form for form in forms), forms
                table.append(f"{upos}\t{word}\t" + "\t".join(sorted(forms - {word})))
    # Sorted as bytes, as the look-up compares them (UTF-8 keeps code-point order).
    table.sort(key=lambda line: line.encode("utf-8"))
    data = with_index(model_lines(), table)
    OUT.write_bytes(data)
    print(f"{OUT}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
