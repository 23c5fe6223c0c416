"""`avrec doctor` and scripts/system-deps: what is missing is named with its fix; nothing is installed twice."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest

from avrec_desktop.cli import main
from avrec_desktop.doctor import MISSING, NOTE, OK, checks, system_libs

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-deps"


def _lines(capsys) -> str:
    out = capsys.readouterr()
    return out.out + out.err


def _pretend_missing(monkeypatch, sonames: set[str], family: str = "debian"):
    """This machine, except that ``sonames`` are absent (neither dpkg nor the linker knows them)."""
    gone = {n for n in system_libs.NEEDS if n.probe.removeprefix("lib:") in sonames}
    real_dpkg = system_libs._dpkg_installed
    monkeypatch.setattr(system_libs, "family", lambda: family)
    monkeypatch.setattr(system_libs, "is_debian_like", lambda: family == "debian")
    monkeypatch.setattr(system_libs, "_dpkg_installed",
                        lambda names: real_dpkg(names) - {d for n in gone for d in n.debian}
                        if family == "debian" else set())
    real_has = system_libs.Prober.has_lib
    monkeypatch.setattr(system_libs.Prober, "has_lib", lambda self, s: s not in sonames and real_has(self, s))


# -- avrec doctor -------------------------------------------------------------------------------------
def test_doctor_on_a_ready_machine_says_ok_for_each_check(capsys):
    assert main(["doctor"]) == 0
    out = _lines(capsys)
    for name in ("python", "venv", "packages", "system libraries", "qt plugins", "qt start", "data folder",
                 "models folder", "free disk", "text model", "database"):
        assert f" {name}: " in out, name
    assert "missing " not in out


def test_a_missing_library_is_named_with_the_package_and_the_exit_is_non_zero(monkeypatch, capsys):
    _pretend_missing(monkeypatch, {"libpulse.so.0", "libxcb-cursor.so.0"})
    found = checks.check_system_libraries()
    assert found[0].status == MISSING
    assert "libpulse.so.0" in found[0].detail and "libxcb-cursor.so.0" in found[0].detail
    assert "apt-get install -y --no-install-recommends libpulse0 libxcb-cursor0" in found[0].fix
    monkeypatch.setattr(checks, "check_qt", lambda child=True: [])  # the child would still find them
    assert main(["doctor", "--system", "--quiet"]) == 1
    out = _lines(capsys)
    assert "missing  system libraries:" in out and "fix:" in out


def test_other_systems_get_their_own_package_names(monkeypatch):
    _pretend_missing(monkeypatch, {"libpulse.so.0", "libxcb-icccm.so.4"}, family="fedora")
    (check,) = [c for c in checks.check_system_libraries() if c.status == MISSING]
    assert "sudo dnf install -y pulseaudio-libs xcb-util-wm" in check.fix
    needs = system_libs.missing()
    assert system_libs.install_command(needs, "arch") == "sudo pacman -S --needed libpulse xcb-util-wm"


def test_a_damaged_database_points_to_repair(tmp_path, monkeypatch, capsys):
    db = tmp_path / "library.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("CREATE INDEX t_body ON t(body)")
    conn.executemany("INSERT INTO t (body) VALUES (?)", [(f"row {i} " * 20,) for i in range(3000)])
    conn.commit()
    conn.close()
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 20 * page
    data[8 * page:14 * page] = b"\xa5" * (6 * page)  # middle pages, header intact
    db.write_bytes(bytes(data))
    monkeypatch.setenv("AVREC_DB", str(db))
    check = checks.check_database()
    assert check.status == MISSING and "avrec doctor --repair" in check.fix
    assert main(["doctor"]) == 1
    assert "avrec doctor --repair" in _lines(capsys)


def test_a_database_from_a_newer_avrec_is_reported(tmp_path, monkeypatch):
    db = tmp_path / "library.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    monkeypatch.setenv("AVREC_DB", str(db))
    check = checks.check_database()
    assert check.status == MISSING and "newer" in check.detail


def test_a_healthy_database_is_ok_and_not_touched(store, monkeypatch):
    before = store.path.stat().st_mtime_ns
    monkeypatch.setenv("AVREC_DB", str(store.path))
    check = checks.check_database()
    assert check.status == OK and "quick_check ok" in check.detail
    assert store.path.stat().st_mtime_ns == before


def test_a_data_folder_that_cannot_be_created_is_missing(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AVREC_DATA_DIR", str(blocker / "data"))
    (data,) = [c for c in checks.check_data_dir() if c.name == "data folder"]
    assert data.status == MISSING


def test_no_clip_model_is_a_note_not_a_failure():
    visual = [c for c in checks.check_models() if c.name == "visual model"]
    assert visual and visual[0].status == NOTE and "avrec models" in visual[0].fix


def test_repair_prints_each_line_of_the_repair_then_checks_again(tmp_path, monkeypatch, capsys):
    calls = []
    fake = types.ModuleType("avrec_desktop.store.repair")
    fake.repair_database = lambda path: calls.append(path) or ["backed up to x.bak", "kept 12 items"]
    monkeypatch.setitem(sys.modules, "avrec_desktop.store.repair", fake)
    monkeypatch.setenv("AVREC_DB", str(tmp_path / "library.sqlite3"))
    assert main(["doctor", "--repair"]) == 0
    out = _lines(capsys)
    assert calls == [tmp_path / "library.sqlite3"]
    assert "backed up to x.bak\nkept 12 items\n" in out and " database: " in out


# -- the test session itself --------------------------------------------------------------------------
def test_a_qt_library_missing_stops_the_session_with_the_fix(monkeypatch):
    import importlib

    import conftest

    real = importlib.import_module

    def fake_import(name, *a, **kw):
        if name == "PySide6.QtMultimedia":
            raise ImportError("libpulse.so.0: cannot open shared object file: No such file or directory")
        return real(name, *a, **kw)

    assert conftest._qt_setup_problem() is None
    monkeypatch.setattr(importlib, "import_module", fake_import)
    problem = conftest._qt_setup_problem()
    assert problem.startswith("Qt cannot load libpulse.so.0")
    assert "make deps" in problem and "libpulse0" in problem


# -- scripts/system-deps ------------------------------------------------------------------------------
def _script():
    loader = importlib.machinery.SourceFileLoader("system_deps_script", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


class _Recorder:
    def __init__(self):
        self.calls: list[list[str]] = []

    def run(self, cmd, **kw):
        self.calls.append(list(cmd))
        out = "  Candidate: 1.0\n" if cmd[:2] == ["apt-cache", "policy"] else ""
        return subprocess.CompletedProcess(cmd, 0, stdout=out, stderr="")


def _fake_system(monkeypatch, script, missing_needs, euid=0, family="debian"):
    sl = system_libs
    state = {"missing": list(missing_needs)}
    fake = types.SimpleNamespace(**{k: getattr(sl, k) for k in dir(sl) if not k.startswith("__")})
    fake.family = lambda: family
    fake.missing = lambda needs=None, prober=None: [n for n in state["missing"] if needs is None or n in needs]
    monkeypatch.setattr(script, "load", lambda: fake)
    monkeypatch.setattr(script.os, "geteuid", lambda: euid)
    rec = _Recorder()

    def run(cmd, **kw):
        if "install" in cmd and cmd[0] != "apt-cache":
            state["missing"] = []
        return rec.run(cmd, **kw)

    monkeypatch.setattr(script.subprocess, "run", run)
    return rec


def test_system_deps_does_nothing_at_all_when_everything_is_there(monkeypatch):
    script = _script()
    rec = _fake_system(monkeypatch, script, [])
    assert script.main([]) == 0
    assert rec.calls == []


def test_system_deps_as_root_updates_once_and_installs_only_what_is_missing(monkeypatch):
    script = _script()
    pulse = next(n for n in system_libs.NEEDS if n.probe == "lib:libpulse.so.0")
    glib = next(n for n in system_libs.NEEDS if n.probe == "lib:libglib-2.0.so.0")
    rec = _fake_system(monkeypatch, script, [pulse, glib])
    assert script.main([]) == 0
    apt = [c for c in rec.calls if c[0] == "apt-get"]
    assert [c[1] for c in apt] == ["update", "install"]
    assert apt[1][-2:] == ["libpulse0", "libglib2.0-0"] and "-y" in apt[1]


def test_system_deps_without_root_asks_sudo_non_interactively_under_ci(monkeypatch):
    script = _script()
    pulse = next(n for n in system_libs.NEEDS if n.probe == "lib:libpulse.so.0")
    rec = _fake_system(monkeypatch, script, [pulse], euid=1000)
    monkeypatch.setattr(script.shutil, "which", lambda name: "/usr/bin/sudo" if name == "sudo" else None)
    monkeypatch.setenv("CI", "true")
    assert script.main([]) == 0
    assert [c[:3] for c in rec.calls if c[0] == "sudo"] == [["sudo", "-n", "apt-get"]] * 2


@pytest.mark.parametrize("family,command", [("fedora", "sudo dnf install -y pulseaudio-libs"),
                                            ("arch", "sudo pacman -S --needed libpulse")])
def test_system_deps_elsewhere_prints_the_command_and_stops(monkeypatch, capsys, family, command):
    script = _script()
    pulse = next(n for n in system_libs.NEEDS if n.probe == "lib:libpulse.so.0")
    rec = _fake_system(monkeypatch, script, [pulse], euid=1000, family=family)
    assert script.main([]) == 1
    assert rec.calls == []
    assert command in capsys.readouterr().err


def test_system_deps_on_this_machine_is_a_quiet_no_op():
    out = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
