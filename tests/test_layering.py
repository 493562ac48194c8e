"""The layering contracts of pyproject.toml ([tool.importlinter]), run as `lint-imports`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT


def lint_imports() -> str:
    beside = Path(sys.executable).parent / "lint-imports"
    found = str(beside) if beside.exists() else shutil.which("lint-imports")
    if found is None:
        pytest.fail("lint-imports is not installed (the test extra has import-linter)")
    return found


def run(config: Path | None = None) -> subprocess.CompletedProcess[str]:
    args = [lint_imports(), "--no-cache"]
    if config is not None:
        args += ["--config", str(config)]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_layering_contracts_hold() -> None:
    done = run()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Contracts: 4 kept, 0 broken." in done.stdout


def test_a_contract_breaks_when_the_store_imports_the_app(tmp_path: Path) -> None:
    # The same contracts without their listed exceptions: the store's known imports of text
    # break them, so the check is not vacuous.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    stripped = text.replace(
        '    "flashcards.store.importer -> flashcards.text.forms",\n', ""
    ).replace('    "flashcards.store.convert -> flashcards.text.forms",\n', "")
    assert stripped != text
    config = tmp_path / "pyproject.toml"
    config.write_text(stripped, encoding="utf-8")
    done = run(config)
    assert done.returncode != 0
    assert "flashcards.store.convert -> flashcards.text.forms" in done.stdout


def test_the_app_reaches_the_store_with_no_exception() -> None:
    # The import report is the domain's: no screen needs a "tui -> store" exception.
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    app = contracts["app-through-services"]
    assert "flashcards.store" in app["forbidden_modules"]
    assert not app.get("ignore_imports")


def test_the_import_report_lives_in_the_domain() -> None:
    import flashcards.store
    import flashcards.store.importer
    from flashcards.domain import ImportReport

    assert ImportReport.__module__ == "flashcards.domain.imports"
    assert flashcards.store.importer.ImportReport is ImportReport
    assert not hasattr(flashcards.store, "ImportReport")
