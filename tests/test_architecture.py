"""The dependency arrows of DEVELOPERS.md hold: every project import is checked statically."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("summarizer", "collector", "storage", "briefing", "bot", "config")

# package -> module prefixes of other project packages it may import
ALLOWED: dict[str, tuple[str, ...]] = {
    "summarizer": (),
    "config": (),
    "collector": ("summarizer", "config"),
    "storage": ("collector.models", "collector.sink", "summarizer.models"),
    "briefing": ("collector.models", "summarizer.models"),
    "bot": ("summarizer", "collector", "storage", "briefing", "config"),
}


def project_imports(path: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, module, imported names) for every import of a project package in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name, ()) for a in node.names if a.name.split(".")[0] in PACKAGES]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in PACKAGES:
                found.append((node.lineno, node.module, tuple(a.name for a in node.names)))
    return found


def allowed(package: str, module: str) -> bool:
    """True when `package` may import `module` under the arrows."""
    if module.split(".")[0] == package:
        return True
    return any(module == prefix or module.startswith(prefix + ".") for prefix in ALLOWED[package])


def violations() -> list[str]:
    """Every import that goes against the arrows, as 'file:line imports module'."""
    bad = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, module, names in project_imports(path):
                # `from collector import models` is an import of collector.models
                if allowed(package, module) or (names and all(allowed(package, f"{module}.{n}") for n in names)):
                    continue
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return bad


def test_dependency_arrows_hold() -> None:
    assert violations() == []


@pytest.mark.parametrize(
    "package, module, ok",
    [
        ("summarizer", "collector.models", False),
        ("storage", "collector.models", True),
        ("storage", "collector.pipeline", False),
        ("briefing", "storage", False),
        ("briefing", "summarizer.models", True),
        ("briefing", "summarizer", False),
        ("collector", "storage.store", False),
        ("bot", "storage", True),
        ("config", "summarizer", False),
        ("collector", "config.settings", True),
    ],
)
def test_arrow_rule(package: str, module: str, ok: bool) -> None:
    assert allowed(package, module) is ok


def test_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "mod.py"
    bad.write_text("import os\nfrom storage.store import Store\nimport collector.http\n", encoding="utf-8")
    assert project_imports(bad) == [(2, "storage.store", ("Store",)), (3, "collector.http", ())]
