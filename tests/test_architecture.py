"""Layering rules that keep the core usable without a GUI."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "avrec_desktop"
FACES = {"cli.py", "cli_commands.py", "cli_learning.py", "__main__.py"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_only_ui_imports_qt():
    offenders = [str(rel) for rel, tree in _modules() if rel.parts[0] != "ui"
                 and any(name.split(".")[0] in ("PySide6", "shiboken6") for name in _imports(tree))]
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt():
    modules = sorted(".".join(("avrec_desktop",) + rel.with_suffix("").parts).removesuffix(".__init__")
                     for rel, _ in _modules() if rel.parts[0] != "ui" and rel.name != "__main__.py")
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_library_code_neither_prints_nor_exits():
    offenders = []
    for rel, tree in _modules():
        if rel.name in FACES or rel.parts[0] in ("ui", "bench"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f"{getattr(f.value, 'id', '')}.{f.attr}" \
                    if isinstance(f, ast.Attribute) else ""
                if name in ("print", "sys.exit", "exit", "quit", "os._exit"):
                    offenders.append(f"{rel}:{node.lineno} {name}")
    assert offenders == []


def test_paths_are_resolved_when_asked_not_at_import(tmp_path, monkeypatch):
    from avrec_desktop import paths

    for var, func in (("AVREC_DATA_DIR", paths.data_dir), ("AVREC_CACHE_DIR", paths.cache_dir),
                      ("AVREC_CONFIG_DIR", paths.config_dir), ("AVREC_MODELS_DIR", paths.models_dir)):
        target = tmp_path / var.lower()
        monkeypatch.setenv(var, str(target))
        assert func() == target and target.is_dir()
    monkeypatch.setenv("AVREC_DB", str(tmp_path / "x.sqlite3"))
    assert paths.database_path() == tmp_path / "x.sqlite3"
    monkeypatch.delenv("AVREC_DATA_DIR")
    monkeypatch.delenv("AVREC_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.database_path() == tmp_path / "xdg" / "avrec-desktop" / "library.sqlite3"
