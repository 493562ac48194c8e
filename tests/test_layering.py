"""The layering contracts of pyproject.toml ([tool.importlinter]), run as `lint-imports`."""

from __future__ import annotations

import os
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


def run(config: Path | None = None, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    args = [lint_imports(), "--no-cache"]
    if config is not None:
        args += ["--config", str(config)]
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=300, env=env)


def test_the_layering_contracts_hold() -> None:
    done = run()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Contracts: 4 kept, 0 broken." in done.stdout


def test_a_contract_breaks_when_the_store_imports_text(tmp_path: Path) -> None:
    # A copy of the package whose store imports text: the contracts must catch it, so the
    # check is not vacuous.
    shutil.copytree(ROOT / "flashcards", tmp_path / "flashcards")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    convert = tmp_path / "flashcards" / "store" / "convert.py"
    source = convert.read_text(encoding="utf-8")
    convert.write_text(
        source.replace("import json\n", "import json\n\nimport flashcards.text.forms\n", 1),
        encoding="utf-8",
    )
    done = run(tmp_path / "pyproject.toml", root=tmp_path)
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


#: The store's connection-yielding methods (`Store.reading`, `Store.writing`): for its own
#: modules only; a service gets a `store.work.Work` instead.
_RAW_TRANSACTIONS = {"reading", "writing", "unbound"}


def raw_transactions(source: str) -> list[int]:
    """The lines of `source` that call a `.reading()`, `.writing()` or `.unbound()`."""
    import ast

    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _RAW_TRANSACTIONS
    ]


def test_no_connection_of_the_store_leaves_the_store() -> None:
    assert raw_transactions("with store.writing() as conn:\n    pass\n") == [1]
    assert raw_transactions("with store.work(write=True) as work:\n    pass\n") == []
    found = {}
    for path in sorted((ROOT / "flashcards").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name.startswith("flashcards/store/"):
            continue
        lines = raw_transactions(path.read_text(encoding="utf-8"))
        if lines:
            found[name] = lines
    assert found == {}, f"store connections taken outside the store: {found}"
