"""Build flashcards/text/forms_table.txt.gz: lemminflect's known words as data.

    .venv/bin/python scripts/make_forms_table.py

For each part of speech that word forms inflect (VERB, NOUN, ADJ, ADV) and each lower-case
word lemminflect has lemmas for, the table holds the forms `flashcards.text.forms` takes for
that word: the word, its lemmas and every inflection of each lemma, lower-cased, one line
each, ``POS<TAB>word<TAB>its other forms`` (tab-separated: a form may hold a space), sorted
so that a look-up is a binary search over the lines and loading the table parses nothing
but its lines. The
table's first lines hold lemminflect's inflection-style model (the small network that picks
regular, doubled or Greco-Latin suffixes for a word it does not know), so that unknown words
get the very suffixes lemminflect would give them, without lemminflect or numpy at run time.

Run it again whenever lemminflect changes (and bump `FORMS_VERSION` if the table changes).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import lemminflect
from lemminflect.core.InflectionRules import MorphologyStyleModel
from lemminflect.core.Lemmatizer import Lemmatizer

OUT = Path(__file__).resolve().parent.parent / "flashcards" / "text" / "forms_table.txt.gz"
UPOS = ("VERB", "NOUN", "ADJ", "ADV")


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


def main() -> None:
    lemmatizer = Lemmatizer()
    words = {w.lower() for w in lemmatizer._getLemmaDict()} | {
        w.lower() for w in lemmatizer._getOverridesDict()
    }
    lines = model_lines()
    table = []
    for upos in UPOS:
        for word in words:
            if word != "".join(word.split()):
                continue  # a headword's words are looked up one by one
            forms = known_forms(word, upos)
            if forms is not None:
                assert not any("\t" in form or "\n" in form for form in forms), forms
                table.append(f"{upos}\t{word}\t" + "\t".join(sorted(forms - {word})))
    lines.extend(sorted(table))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{OUT}: {len(data):,} bytes, {OUT.stat().st_size:,} compressed")


if __name__ == "__main__":
    main()
