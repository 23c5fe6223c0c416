"""Running `avrec` as real processes for the worker tests: fake encoders injected through the
environment, every process tagged so the tests can find what is still alive (no psutil: /proc)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def make_tracks(root: Path, names, *, seconds: float, base_freq: float, step: float) -> Path:
    """Short tagged WAV tones named ``<name>.wav`` in ``root`` (each a different pitch); returns ``root``."""
    import mediagen

    root.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        mediagen.write_audio(root / f"{name}.wav", seconds, freq=base_freq + step * i, tags={"title": name})
    return root


def cli_env(db: Path, *, factory: str = "fake_encoders:make", delay: float = 0.0, **extra) -> dict:
    env = os.environ.copy()
    env.update(AVREC_DB=str(db), AVREC_ENCODERS_FACTORY=factory, AVREC_TEST_ENCODE_DELAY=str(delay),
               PYTHONPATH=os.pathsep.join([str(TESTS), str(ROOT), env.get("PYTHONPATH", "")]),
               AVREC_TEST_MARK=uuid.uuid4().hex, **{k: str(v) for k, v in extra.items()})
    return env


def avrec(env: dict, *args, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "avrec_desktop", *map(str, args)], env=env, text=True,
                          capture_output=True, timeout=timeout)


def avrec_popen(env: dict, *args, output=subprocess.PIPE) -> subprocess.Popen:
    """``output``: where stdout and stderr go (a file, to never wait on a pipe an orphan still holds)."""
    return subprocess.Popen([sys.executable, "-m", "avrec_desktop", *map(str, args)], env=env, text=True,
                            stdout=output, stderr=output if output is not subprocess.PIPE else subprocess.PIPE)


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(x) for x in f.read().split())
    except OSError:
        pass
    return out


def worker_of(pid: int) -> int | None:
    """The analysis worker spawned by process ``pid`` (not multiprocessing's resource tracker)."""
    for child in children(pid):
        line = _cmdline(child)
        if "spawn_main" in line:
            return child
    return None


def process_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except OSError:
        return False


def marked(env: dict) -> list[int]:
    """Live (non-zombie) processes started with this environment's mark: a CLI and whatever it spawned."""
    needle = f"AVREC_TEST_MARK={env['AVREC_TEST_MARK']}".encode()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as f:
                if needle not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{name}/stat", "rb") as f:
                if f.read().rsplit(b")", 1)[1].split()[0] in (b"Z", b"X"):
                    continue
        except OSError:
            continue
        found.append(int(name))
    return found


def wait_for(predicate, timeout: float = 30.0, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return None
