"""`flashcards export` as the installed program: one line on success, one clear line and exit
status 1 on every failure, never a traceback or a partial file."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from support import SEED, flashcards_exe

DEFAULT_NAME = "making-ai-accessible-with-andrej-karpathy-and-stephanie-zhan.apkg"
Run = Callable[..., subprocess.CompletedProcess[str]]


def failed(r: subprocess.CompletedProcess[str], message: str) -> bool:
    """Exit status 1, nothing on stdout, one line on stderr containing `message`."""
    return (
        r.returncode == 1
        and r.stdout == ""
        and r.stderr.count("\n") == 1
        and r.stderr.startswith("flashcards: ")
        and message in r.stderr
        and "Traceback" not in r.stderr
    )


def notes_in(package: Path) -> int:
    """How many notes a real Anki collection holds after importing `package`."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    folder = package.parent / f"anki-{package.stem}"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(package),
                options=ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=False),
            )
        )
        return int(col.note_count())
    finally:
        col.close()


def run(
    cwd: Path, db: Path, *args: str, prefix: list[str] | None = None, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The program with a chosen PATH or command prefix (the `cli` fixture fixes both)."""
    env = dict(os.environ, NO_COLOR="1")
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [*(prefix or []), flashcards_exe(), "--db", str(db), *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.fixture
def seeded(cli: Run) -> Run:
    assert cli("import", str(SEED)).returncode == 0
    return cli


def test_export_to_a_named_file(seeded: Run, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    r = seeded("export", "-o", "out/deck.apkg")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "wrote out/deck.apkg: 26 notes (10 words, 16 cloze sentences), 36 cards, 1 deck\n"
    )
    assert r.stderr == ""
    assert os.listdir(tmp_path / "out") == ["deck.apkg"]
    assert notes_in(tmp_path / "out" / "deck.apkg") == 26


def test_default_file_name_from_the_deck(seeded: Run, tmp_path: Path) -> None:
    r = seeded("export")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"wrote {DEFAULT_NAME}: 26 notes")
    assert (tmp_path / DEFAULT_NAME).is_file()
    # --deck names the same file; a directory as -o gets that name inside it.
    (tmp_path / "exports").mkdir()
    deck = "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
    r = seeded("export", "--deck", deck, "-o", "exports")
    assert r.returncode == 0, r.stderr
    assert os.listdir(tmp_path / "exports") == [DEFAULT_NAME]


def test_every_deck_without_deck_option(seeded: Run, tmp_path: Path) -> None:
    assert seeded("import", str(SEED), "--deck", "Again").returncode == 0
    r = seeded("export")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "wrote flashcards.apkg: 52 notes (20 words, 32 cloze sentences), 72 cards, 2 decks\n"
    )
    assert notes_in(tmp_path / "flashcards.apkg") == 52
    r = seeded("export", "--deck", "Again", "-o", "again.apkg")
    assert r.returncode == 0 and ", 36 cards, 1 deck\n" in r.stdout


def test_missing_directory(seeded: Run, tmp_path: Path) -> None:
    r = seeded("export", "-o", "nowhere/deck.apkg")
    assert failed(r, "nowhere: no such directory"), r
    assert not (tmp_path / "nowhere").exists()


def test_a_file_where_a_directory_should_be(seeded: Run, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    r = seeded("export", "-o", "plain/deck.apkg")
    assert failed(r, "plain: not a directory"), r


def unprivileged() -> list[str]:
    """A prefix that runs a command without root's power to ignore file permissions."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("unshare"):
        pytest.skip("running as root without unshare: permissions cannot be enforced")
    if subprocess.run(["unshare", "--user", "true"], capture_output=True).returncode != 0:
        pytest.skip("user namespaces are not available here")
    return ["unshare", "--user"]


def test_unwritable_directory(seeded: Run, tmp_path: Path, db_path: Path) -> None:
    prefix = unprivileged()
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o555)
    # Under `unshare --user` root is nobody: let nobody use the database beside the folder.
    os.chmod(tmp_path, 0o777)
    for file in tmp_path.glob("flashcards.db*"):
        os.chmod(file, 0o666)
    try:
        r = run(tmp_path, db_path, "export", "-o", "ro/deck.apkg", prefix=prefix)
    finally:
        folder.chmod(0o755)
    assert failed(r, "ro/deck.apkg: cannot write (Permission denied)"), r
    assert os.listdir(folder) == []


def test_unknown_deck(seeded: Run, tmp_path: Path) -> None:
    r = seeded("export", "--deck", "Nope")
    assert failed(r, "no deck named 'Nope'"), r
    assert not list(tmp_path.glob("*.apkg"))


def test_empty_database(cli: Run, tmp_path: Path) -> None:
    r = cli("export", "-o", "deck.apkg")
    assert failed(r, "nothing to export: there are no decks yet"), r
    assert not (tmp_path / "deck.apkg").exists()


def test_audio_without_espeak(seeded: Run, tmp_path: Path, db_path: Path) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    r = run(tmp_path, db_path, "export", "--audio", "-o", "a.apkg", path=str(empty_bin))
    assert r.returncode == 0
    assert r.stderr == (
        "flashcards: espeak-ng is not installed: exported without audio "
        "(install espeak-ng to add pronunciations)\n"
    )
    assert r.stdout.startswith("wrote a.apkg: 26 notes") and "audio" not in r.stdout


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_audio_with_espeak(seeded: Run, tmp_path: Path) -> None:
    r = seeded("export", "--audio", "-o", "a.apkg")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.rstrip().endswith(", 10 audio files")
    with zipfile.ZipFile(tmp_path / "a.apkg") as z:
        assert len(z.namelist()) == 12  # the collection, the media map and ten sounds
