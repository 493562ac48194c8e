"""`flashcards mine`: quality on the seed talk, and time and memory on a 1 MB talk.

    .venv/bin/python -m bench.mine [--runs N]

Quality: the seed's transcript (what follows its title line) mined as plain text; how many
of the list's words that the talk uses are among the top 30, and the share of those 30 with
a definition and with IPA; the same for the held-out talks of tests/fixtures/mining/heldout
(each written with the ten words a learner would want from it, chosen before the ranking was
run on it, so that the ranking is not fitted to the seed: sleep and bread, then cycling and
restoration, which also hold words of middling frequency used once, as the seed's list does).

Speed: a synthetic talk of about 1 MB (sentences of common words, each with one real word of
middling to low frequency, so that there are thousands of distinct candidates) mined with
`-o`, against `flashcards import` of the document that wrote, whole processes, interleaved;
peak memory (maximum resident set) of each.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import PYTHON, ROOT, alternate, flashcards_command, fresh_db, timed_process
from bench.synth import FILLER

SEED = ROOT / "data" / "making-ai-accessible-karpathy-zhan.txt"
TARGETS = [
    "agi",
    "intimidating",
    "niche",
    "poached",
    "oligopoly",
    "autonomous",
    "vibrant",
    "co-design",
]
_PEAK = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "assert done.returncode == 0, done.stderr.decode()[-400:]\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def seed_talk(out: Path) -> Path:
    """The seed's transcript after its title line, as a plain text file."""
    from flashcards.mining import read_source

    out.write_text(read_source(SEED).text, encoding="utf-8")
    return out


HELD_OUT = ROOT / "tests" / "fixtures" / "mining" / "heldout"


def quality(
    work: Path, talk: Path | None = None, targets: list[str] = TARGETS
) -> dict[str, object]:
    talk = talk or seed_talk(work / "talk.txt")
    _, done = timed_process(
        [
            *flashcards_command(),
            "--db",
            str(work / "q.db"),
            "mine",
            str(talk),
            "--top",
            "30",
            "--json",
        ]
    )
    found = json.loads(done.stdout)
    ranks = {}
    for target in targets:
        where = [i + 1 for i, m in enumerate(found) if target == m["word"] or target in m["forms"]]
        ranks[target] = where[0] if where else None
    n = len(found)
    return {
        "top": n,
        "targets_in_top": sum(1 for r in ranks.values() if r is not None),
        "ranks": ranks,
        "with_definition": sum(1 for m in found if m["definition"]) / n,
        "with_ipa": sum(1 for m in found if m["ipa"]) / n,
        "with_both": sum(1 for m in found if m["definition"] and m["ipa"]) / n,
        "words": [m["word"] for m in found],
    }


def big_talk(out: Path, size: int = 1_000_000, seed: int = 7) -> Path:
    from wordfreq import top_n_list

    rng = random.Random(seed)
    real = [w for w in top_n_list("en", 60000)[5000:] if w.isalpha() and len(w) > 3]
    lines, paragraph, total = [], [], 0
    while total < size:
        body = [rng.choice(FILLER) for _ in range(rng.randint(6, 16))]
        body.insert(rng.randrange(len(body)), rng.choice(real))
        sentence = " ".join(body).capitalize() + "."
        paragraph.append(sentence)
        total += len(sentence) + 1
        if len(paragraph) >= 6:
            lines += [" ".join(paragraph), ""]
            paragraph = []
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def peak_mb(argv: list[str]) -> float:
    done = subprocess.run([PYTHON, "-c", _PEAK, *argv], capture_output=True, text=True, check=True)
    return int(done.stdout.strip()) / 1024


def speed(work: Path, runs: int) -> dict[str, object]:
    talk = big_talk(work / "big.txt")
    document = work / "big-words.txt"
    db = work / "speed.db"
    exe = flashcards_command()

    def mine() -> float:
        return timed_process([*exe, "--db", str(db), "mine", str(talk), "-o", str(document)])[0]

    def imported() -> float:
        fresh_db(db)
        elapsed = timed_process([*exe, "--db", str(db), "import", str(document)])[0]
        fresh_db(db)
        return elapsed

    mine()  # writes the document the import reads
    mined, imports = alternate(runs, mine, imported)
    mine_peak = peak_mb([*exe, "--db", str(db), "mine", str(talk), "--top", "20", "--json"])
    fresh_db(db)
    import_peak = peak_mb([*exe, "--db", str(db), "import", str(document)])
    fresh_db(db)
    return {
        "talk_bytes": talk.stat().st_size,
        "mine_s": statistics.median(mined),
        "import_s": statistics.median(imports),
        "ratio": statistics.median(mined) / statistics.median(imports),
        "mine_samples": mined,
        "import_samples": imports,
        "mine_peak_mb": round(mine_peak, 1),
        "import_peak_mb": round(import_peak, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        held = json.loads((HELD_OUT / "targets.json").read_text(encoding="utf-8"))
        results = {
            "quality": quality(work),
            "held_out": {
                name: quality(work, HELD_OUT / name, held[name])
                for name in held
                if name.endswith(".txt")
            },
            "speed": speed(work, args.runs),
        }
    q, s, h = results["quality"], results["speed"], results["held_out"]
    assert isinstance(q, dict) and isinstance(s, dict) and isinstance(h, dict)
    for name, found in [("seed talk", q), *h.items()]:
        print(
            f"{name}: {found['targets_in_top']} of {len(found['ranks'])} list words in the "
            f"top {found['top']}; with a definition {found['with_definition']:.0%}, with IPA "
            f"{found['with_ipa']:.0%}, both {found['with_both']:.0%}"
        )
        print(f"  ranks: {found['ranks']}")
    print(
        f"1 MB talk ({s['talk_bytes']:,} bytes): mine -o {s['mine_s']:.2f} s, import of its "
        f"document {s['import_s']:.2f} s, ratio {s['ratio']:.2f}; peak memory "
        f"{s['mine_peak_mb']} MB against {s['import_peak_mb']} MB"
    )
    (ROOT / "bench" / "mine.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
