"""The installed command under attack: outputs that would overwrite the database, terminal
escape sequences in document text, files that are not documents, output encodings that cannot
carry the text, and leftovers of a killed export."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from support import SEED, flashcards_exe

Run = Callable[..., subprocess.CompletedProcess[str]]
DEFAULT_NAME = "making-ai-accessible-with-andrej-karpathy-and-stephanie-zhan.apkg"

# OSC 52 (write the clipboard) in a part of speech, ESC c (reset the terminal) in a word and
# in the title, a CSI colour and a bidi override in a definition.
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
HOSTILE = (
    "Key Vocabularies and Common Phrases:\n\n"
    f"1. w\x1bcx [wɪks] - (n.{OSC52}) - A def \x1b[31mred\u202e. - Synonyms: (a\x9b2J, b)\n\n"
    "The w\x1bcx is here.\n\n"
    "The Talk \x1bc title\n\n"
    "Say w\x1bcx now. More text here.\n"
)
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def one_line_error(r: subprocess.CompletedProcess[str], message: str) -> bool:
    return (
        r.returncode == 1
        and r.stderr.count("\n") == 1
        and r.stderr.startswith("flashcards: ")
        and message in r.stderr
        and "Traceback" not in r.stderr
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_on(
    db: Path, *args: str, cwd: Path, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, NO_COLOR="1", **env)
    full.pop("FLASHCARDS_DB", None)
    return subprocess.run(
        [flashcards_exe(), "--db", str(db), *args],
        env=full,
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )


@pytest.fixture
def seeded(cli: Run) -> Run:
    assert cli("import", str(SEED)).returncode == 0
    return cli


# -- export never writes over the database ----------------------------------------------------


@pytest.fixture
def package_named_db(seeded: Run, db_path: Path, tmp_path: Path) -> Path:
    """A copy of the seeded database under a package's name (as `cp flashcards.db x.apkg`)."""
    db = tmp_path / "self.apkg"
    shutil.copy(db_path, db)
    return db


def test_export_over_the_database_is_refused(package_named_db: Path, tmp_path: Path) -> None:
    before = digest(package_named_db)
    r = run_on(package_named_db, "export", "-o", str(package_named_db), cwd=tmp_path)
    assert one_line_error(r, "is the database"), r.stderr
    assert digest(package_named_db) == before


@pytest.mark.parametrize("how", ["relative", "symlink", "hardlink", "wal", "shm"])
def test_export_over_the_database_by_another_name(
    package_named_db: Path, tmp_path: Path, how: str
) -> None:
    before = digest(package_named_db)
    other = tmp_path / "other"
    other.mkdir()
    if how == "relative":
        target = "../self.apkg"
    elif how == "symlink":
        (other / "link.apkg").symlink_to(package_named_db)
        target = "link.apkg"
    elif how == "hardlink":
        os.link(package_named_db, other / "hard.apkg")
        target = "hard.apkg"
    else:  # a link to the -wal or -shm file, which may exist or not
        (other / "journal.apkg").symlink_to(tmp_path / f"self.apkg-{how}")
        target = "journal.apkg"
    r = run_on(package_named_db, "export", "-o", target, cwd=other)
    assert one_line_error(r, "database"), r.stderr
    assert digest(package_named_db) == before
    assert not list(other.glob("*.part")) and not list(tmp_path.glob(".*.part"))


def test_the_default_name_can_be_the_database(seeded: Run, db_path: Path, tmp_path: Path) -> None:
    db = tmp_path / DEFAULT_NAME
    shutil.copy(db_path, db)
    before = digest(db)
    r = run_on(
        db,
        "export",
        "--deck",
        "Making AI accessible with Andrej Karpathy and Stephanie Zhan",
        cwd=tmp_path,
    )
    assert one_line_error(r, "is the database"), r.stderr
    assert digest(db) == before


# -- export: devices, the root, files that are not packages, leftovers ------------------------


@pytest.mark.parametrize("target", ["/dev/null", "/dev/full", "/"])
def test_devices_and_the_root_are_refused(seeded: Run, target: str) -> None:
    strays = [Path("/dev/null.apkg"), Path("/dev/full.apkg"), Path("/" + DEFAULT_NAME)]
    before = [p.exists() for p in strays]
    r = seeded("export", "-o", target)
    assert one_line_error(r, target), r.stderr
    assert [p.exists() for p in strays] == before


def test_a_file_that_is_not_a_package_is_not_replaced(seeded: Run, tmp_path: Path) -> None:
    notes = tmp_path / "notes.apkg"
    notes.write_text("my notes, not a package\n")
    r = seeded("export", "-o", str(notes))
    assert one_line_error(r, "--force"), r.stderr
    assert notes.read_text() == "my notes, not a package\n"
    # a zip that holds no collection is not a package either
    with zipfile.ZipFile(tmp_path / "photos.apkg", "w") as z:
        z.writestr("a.jpg", b"jpeg")
    assert one_line_error(seeded("export", "-o", str(tmp_path / "photos.apkg")), "--force")
    r = seeded("export", "-o", str(notes), "--force")
    assert r.returncode == 0, r.stderr
    assert zipfile.is_zipfile(notes)


def test_an_existing_package_is_replaced(seeded: Run, tmp_path: Path) -> None:
    target = tmp_path / "deck.apkg"
    assert seeded("export", "-o", str(target)).returncode == 0
    first = target.stat().st_mtime_ns
    time.sleep(0.01)
    r = seeded("export", "-o", str(target))
    assert r.returncode == 0, r.stderr
    assert target.stat().st_mtime_ns != first


@pytest.mark.slow
def test_a_killed_export_leaves_nothing_behind(cli: Run, db_path: Path, tmp_path: Path) -> None:
    """SIGKILL while the package is written; the next export clears what the killed one left,
    and nothing is ever left in the temporary directory."""
    entries = "".join(
        f"{i}. word{i}x [w] - (n.) - Meaning {i}. - Synonyms: (a, b)\n\nThe word{i}x here.\n\n"
        for i in range(1, 3001)
    )
    talk = " ".join(f"Say word{i}x now." for i in range(1, 3001))
    doc = tmp_path / "big.txt"
    doc.write_text(f"Key Vocabularies and Common Phrases:\n\n{entries}Big Talk\n\n{talk}\n")
    assert cli("import", str(doc)).returncode == 0
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), NO_COLOR="1")
    proc = subprocess.Popen(
        [flashcards_exe(), "--db", str(db_path), "export", "-o", str(out / "big.apkg")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob(".*.part")) and proc.poll() is None:
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not (out / "big.apkg").exists(), "the export finished before it could be killed"
    left = sorted(p.name for p in out.iterdir())
    assert any(n.startswith(".big.apkg.") and n.endswith(".part") for n in left), left
    assert any(n.startswith(".flashcards-export-") for n in left), left
    r = run_on(db_path, "export", "-o", str(out / "big.apkg"), cwd=tmp_path, TMPDIR=str(temp))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["big.apkg"]
    assert list(temp.iterdir()) == []


# -- document text never reaches the terminal raw ---------------------------------------------


def assert_no_raw_controls(*texts: str) -> None:
    for text in texts:
        for ch in RAW:
            assert ch not in text, f"{ch!r} reached the terminal: {text!r}"


@pytest.mark.slow
def test_escape_sequences_are_shown_not_sent(cli: Run, tmp_path: Path) -> None:
    doc = tmp_path / "evil.txt"
    doc.write_text(HOSTILE, encoding="utf-8")
    imported = cli("import", str(doc))
    assert imported.returncode == 0, imported.stderr
    listed = cli("list")
    stats = cli("stats")
    exported = cli("export", "-o", str(tmp_path / "evil.apkg"))
    unknown = cli("list", "--deck", "The Talk \x1bc title!")
    for r in (imported, listed, stats, exported):
        assert r.returncode == 0, r.stderr
        assert_no_raw_controls(r.stdout, r.stderr)
    assert_no_raw_controls(unknown.stdout, unknown.stderr)
    assert "w\\x1bcx" in listed.stdout  # shown, as an escape
    assert "n.\\x1b]52;c;" in listed.stdout  # the part of speech, shown (and cut)
    assert "w\\x1bcx" in imported.stderr  # the warnings name the word
    assert "\\x1bc title" in imported.stdout  # the summary names the deck
    # JSON keeps the values exactly
    (note,) = json.loads(cli("list", "--json").stdout)
    assert note["word"] == "w\x1bcx" and note["pos"] == f"n.{OSC52}"
    assert_no_raw_controls(cli("list", "--json").stdout)


# -- files that are not documents -------------------------------------------------------------


def test_a_fifo_is_refused_at_once(cli: Run, tmp_path: Path, db_path: Path) -> None:
    fifo = tmp_path / "talk.txt"
    os.mkfifo(fifo)
    r = run_on(db_path, "import", str(fifo), cwd=tmp_path, timeout=15)  # a hang fails
    assert one_line_error(r, "not a regular file"), r.stderr
    assert json.loads(cli("list", "--json").stdout) == []


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null", "/dev/tty", "."])
def test_devices_and_directories_are_refused(db_path: Path, tmp_path: Path, path: str) -> None:
    r = run_on(db_path, "import", path, cwd=tmp_path, timeout=15)
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert "not a regular file" in r.stderr or "is a directory" in r.stderr


def test_an_oversize_file_is_refused_before_reading(cli: Run, tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:  # sparse: 65 MB that take no room and no time
        f.truncate(65 * 1024 * 1024)
    r = run_on(tmp_path / "x.db", "import", str(big), cwd=tmp_path, timeout=15)
    assert one_line_error(r, "too large"), r.stderr
    assert "64 MB" in r.stderr


# -- output encodings that cannot carry the text ----------------------------------------------


def test_ascii_output(seeded: Run, db_path: Path, tmp_path: Path) -> None:
    enc = {"PYTHONIOENCODING": "ascii"}
    r = run_on(db_path, "list", "--json", cwd=tmp_path, **enc)
    assert r.returncode == 0, r.stderr
    notes = json.loads(r.stdout)
    assert next(n for n in notes if n["word"] == "niche")["ipa"] == "niːʃ"
    for args in (("list",), ("stats",), ("stats", "--json"), ("import", str(SEED))):
        r = run_on(db_path, *args, cwd=tmp_path, **enc)
        assert r.returncode == 0 and "Traceback" not in r.stderr, (args, r.stderr)
    assert "ni\\u02d0\\u0283" in run_on(db_path, "list", cwd=tmp_path, **enc).stdout


def test_only_the_leftovers_of_dead_exports_are_removed(tmp_path: Path) -> None:
    from flashcards.export.service import remove_leftovers

    dead = subprocess.Popen(["true"])  # a process that has ended
    dead.wait()
    alive = os.getpid()
    names = {
        f".deck.apkg.{dead.pid}-0123abcd.part": "file",
        f".flashcards-export-{dead.pid}-0123abcd": "dir",
        f".deck.apkg.{alive}-0123abcd.part": "file",
        f".flashcards-export-{alive}-0123abcd": "dir",
        ".deck.apkg.part": "file",  # not ours: no pid
        "notes.12-0123abcd.part": "file",  # not hidden: not ours
    }
    for name, kind in names.items():
        (tmp_path / name).mkdir() if kind == "dir" else (tmp_path / name).write_text("x")
    removed = sorted(p.name for p in remove_leftovers(tmp_path))
    assert removed == sorted(n for n in names if str(dead.pid) in n)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        n for n in names if str(dead.pid) not in n
    )
