"""Disk trouble: a read-only database directory, a full disk: clear messages, no half-writes."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from support import SEED, flashcards_exe


def unprivileged() -> list[str]:
    """A prefix that runs a command without root's power to ignore file permissions."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("unshare"):
        pytest.skip("running as root without unshare: permissions cannot be enforced")
    probe = subprocess.run(["unshare", "--user", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("user namespaces are not available here")
    return ["unshare", "--user"]


def dump(path: Path) -> list[str]:
    raw = sqlite3.connect(path)
    try:
        return list(raw.iterdump())
    finally:
        raw.close()


def run(
    *args: str, prefix: list[str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), flashcards_exe(), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.slow
def test_import_into_a_read_only_directory(tmp_path: Path) -> None:
    prefix = unprivileged()
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "f.db"
    assert run("--db", str(db), "import", str(SEED)).returncode == 0
    before = dump(db)
    for name in os.listdir(folder):
        os.chmod(folder / name, 0o444)
    os.chmod(folder, 0o555)
    try:
        r = run("--db", str(db), "import", str(SEED), "--deck", "again", prefix=prefix)
    finally:
        os.chmod(folder, 0o755)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert str(db) in r.stderr
    assert dump(db) == before


def test_new_database_in_a_read_only_directory(tmp_path: Path) -> None:
    prefix = unprivileged()
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o555)
    r = run("--db", str(folder / "new.db"), "import", str(SEED), prefix=prefix)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert list(folder.iterdir()) == []


def test_database_in_a_missing_directory(tmp_path: Path) -> None:
    r = run("--db", str(tmp_path / "nowhere" / "f.db"), "import", str(SEED))
    assert r.returncode == 1 and "does not exist" in r.stderr
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.slow
def test_full_disk(tmp_path: Path) -> None:
    from bench.synth import make_document

    db = tmp_path / "f.db"
    assert run("--db", str(db), "import", str(SEED)).returncode == 0
    before = dump(db)
    big = tmp_path / "big.txt"
    big.write_text(make_document(2000, 200_000), encoding="utf-8")
    size = db.stat().st_size

    def limit() -> None:  # the file-size limit makes writes fail as a full disk does
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 100_000, size + 100_000))

    r = run("--db", str(db), "import", str(big), preexec_fn=limit)
    assert r.returncode == 1, r.stdout
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert "nothing was" in r.stderr
    assert dump(db) == before
