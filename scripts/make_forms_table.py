"""Build flashcards/text/forms_table.txt: lemminflect's known words as data.

    .venv/bin/python scripts/make_forms_table.py

For each part of speech that word forms inflect (VERB, NOUN, ADJ, ADV) and each lower-case
word lemminflect has lemmas for, the table holds the forms `flashcards.text.forms` takes for
that word: the word, its lemmas and every inflection of each lemma, lower-cased, one line
each, ``POS<TAB>word<TAB>its other forms`` (tab-separated: a form may hold a space), sorted
by their UTF-8 bytes. The file is not loaded whole: a look-up reads one block of lines from
it, so nothing is decompressed and almost nothing stays in memory (it is stored uncompressed
for that; the wheel compresses it). Its first two lines are an index: where every
`INDEX_EVERY`-th line starts, and its part of speech and word, so that a look-up is a binary
search over the index and one search of the block of lines it names. Then come lines that
hold lemminflect's inflection-style model (the small
network that picks regular, doubled or Greco-Latin suffixes for a word it does not know), so
that unknown words get the very suffixes lemminflect would give them, without lemminflect or
numpy at run time.

Run it again whenever lemminflect changes (and bump `FORMS_VERSION` if the table changes).
"""

from __future__ import annotations

import struct
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


def _doubles(values: list[float]) -> str:
    """Numbers as the hexadecimal of their little-endian doubles (read back in one call)."""
    return struct.pack(f"<{len(values)}d", *values).hex()


def model_lines() -> list[str]:
    """The style network: its classes, then each layer's weights (rows of the first by input,
    of the second by output) and biases, as ``#name<TAB>rows<TAB>doubles``."""
    kinfer = MorphologyStyleModel().kinfer
    w1, b1, w2, b2 = (weight.tolist() for weight in kinfer.weights)
    by_output = [list(column) for column in zip(*w2, strict=True)]
    layers = {"w1": w1, "b1": [b1], "w2": by_output, "b2": [b2]}
    lines = ["#styles\t" + " ".join(kinfer.getOutputEnum())]
    for name, rows in layers.items():
        flat = [float(x) for row in rows for x in row]
        lines.append(f"#{name}\t{len(rows)}\t{_doubles(flat)}")
    return lines


def with_index(model: list[str], table: list[str]) -> bytes:
    """The file: the index of `table`'s blocks, the `model` lines, then `table`'s lines.

    The index is two lines: ``#at`` and the offsets (from the file's start, of a fixed width)
    of every `INDEX_EVERY`-th line of the table, then ``#keys`` and those lines' part of speech
    and word, all tab-separated."""
    starts = range(0, len(table), INDEX_EVERY)
    keys = "\t".join(
        table[at].split("\t", 2)[0] + "\t" + table[at].split("\t", 2)[1] for at in starts
    )

    def index(offsets: list[int]) -> list[str]:
        return ["#at\t" + "\t".join(f"{offset:010d}" for offset in offsets), "#keys\t" + keys]

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
