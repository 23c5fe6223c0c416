"""Search by meaning without the text model in the window: a small long-lived child process holds the
query encoders (MiniLM, and CLIP's and CLAP's text towers when their weights are installed) and turns a query into
its vectors over a pipe, so torch (~400 MB) never loads in the window.

The parent starts it on first need (``QueryEncoderProcess.encode``); the child loads the encoders once
and answers one JSON line per query: ``{"text": {"name", "version", "vector"}, "visual": {...}}`` (a
space is absent when no encoder serves it) or ``{"error": "..."}``. It ends when its stdin closes
(the parent closed it or died) and, on Linux, the moment the parent dies (``indexing/lifeline.py``).
``EncodedQuery`` hands a vector the child made to ``recommend.search`` as if it were the encoder.

Encoders: ``AVREC_ENCODERS_FACTORY`` (tests) when set, else ``encoders.registry.query_encoders()``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import numpy as np

from avrec_desktop.errors import AvrecError


class QueryEncoderError(AvrecError):
    """The query encoder process could not start, load its model or answer."""


class EncodedQuery:
    """One query's vector behind the ``encode([text]) -> (1, dim)`` shape of an encoder."""

    def __init__(self, text: str, name: str | None, version: str | None, vector):
        self.text, self.name, self.version = text, name, version
        self.vector = np.asarray(vector, dtype=np.float32)

    def encode(self, texts):
        if list(texts) != [self.text]:
            raise QueryEncoderError("this vector was made for another query")
        return self.vector[None, :]


class QueryEncoderProcess:
    """The parent's end: ``encode(text)`` blocks (call it off the GUI thread) and is thread-safe."""

    def __init__(self, env: dict | None = None):
        self._env = env
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self.spaces: dict[str, tuple[str, str]] = {}  # space -> (name, version), once started
        self._release = threading.Event()  # ends the thread that spawned the child

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self) -> dict[str, tuple[str, str]]:
        """Start the child and wait until its encoders are loaded (idempotent); returns its spaces."""
        with self._lock:
            return self._start()

    def _start(self) -> dict[str, tuple[str, str]]:
        if self._proc is not None and self._proc.poll() is None:
            return self.spaces
        self._release.set()  # a child that ended: its spawner thread ends too
        env = {**os.environ, **(self._env or {})}
        # the child imports what this process can (tests' encoder factories live on the tests' path)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))
        self._proc = self._spawn([sys.executable, "-m", "avrec_desktop.recommend.query_encoder_process",
                                  str(os.getpid())], env)
        hello = self._read()
        self.spaces = {space: (v["name"], v["version"]) for space, v in hello.get("spaces", {}).items()}
        return self.spaces

    def _spawn(self, cmd: list[str], env: dict) -> subprocess.Popen:
        """Start the child from a thread that lives as long as it: the child's lifeline (PR_SET_PDEATHSIG)
        fires when the spawning thread ends, and the caller's may be a pool thread that expires idle."""
        box: dict = {}
        started = threading.Event()
        self._release = release = threading.Event()

        def spawner():
            try:
                box["proc"] = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                               stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1)
            except OSError as exc:
                box["error"] = exc
            started.set()
            if "proc" in box:
                release.wait()
        threading.Thread(target=spawner, name="avrec-query-encoder", daemon=True).start()
        started.wait()
        if "error" in box:
            raise QueryEncoderError(f"could not start the query encoder process: {box['error']}")
        return box["proc"]

    def _read(self) -> dict:
        proc = self._proc
        line = proc.stdout.readline() if proc is not None else ""
        if not line:
            if proc is not None:
                proc.wait()
            if self._proc is proc:
                self._proc = None
            raise QueryEncoderError("the query encoder process ended before it answered")
        answer = json.loads(line)
        if "error" in answer:
            raise QueryEncoderError(answer["error"])
        return answer

    def encode(self, text: str) -> dict[str, EncodedQuery]:
        """The query's vector per space ("text", "visual", "clap"): starts the child on first use."""
        with self._lock:
            self._start()
            proc = self._proc
            try:
                if proc is None:
                    raise OSError("it was closed")
                proc.stdin.write(json.dumps({"text": text}) + "\n")
                proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError) as exc:
                self._proc = None
                raise QueryEncoderError(f"the query encoder process is gone: {exc}") from exc
            answer = self._read()
        return {space: EncodedQuery(text, v["name"], v["version"], v["vector"]) for space, v in answer.items()}

    def close(self, timeout: float = 5.0) -> None:
        # Not under the lock: an ``encode`` waiting on a child that never answers holds it, and closing
        # the child's stdin (or killing it) is what ends that wait.
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()  # the child's loop ends
            proc.wait(timeout)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        finally:
            self._release.set()


def _load():
    factory = os.environ.get("AVREC_ENCODERS_FACTORY")
    if factory:
        from avrec_desktop.indexing.worker import load_encoders

        encoders = load_encoders(factory)
    else:
        from avrec_desktop.encoders.registry import query_encoders

        encoders = query_encoders()
    out = {"text": encoders["text"]}
    visual = encoders.get("visual")
    if visual is not None and hasattr(visual, "encode_text"):
        out["visual"] = _ClipText(visual)
    clap = encoders.get("clap")  # the optional CLAP model: its text tower for free-text audio search
    if clap is not None and hasattr(clap, "encode_text"):
        out["clap"] = _ClipText(clap)
    return out


class _ClipText:
    def __init__(self, clip):
        self.clip, self.name, self.version = clip, getattr(clip, "name", None), getattr(clip, "version", None)

    def encode(self, texts):
        return self.clip.encode_text(list(texts))


def _stamp(encoder) -> dict:
    return {"name": getattr(encoder, "name", None),
            "version": None if getattr(encoder, "version", None) is None else str(encoder.version)}


def main(argv: list[str] | None = None) -> int:
    from avrec_desktop.indexing.lifeline import die_with_parent

    argv = sys.argv[1:] if argv is None else argv
    die_with_parent(int(argv[0]) if argv else None)
    out = sys.stdout
    sys.stdout = sys.stderr  # whatever a model library prints never breaks the protocol
    try:
        encoders = _load()
    except Exception as exc:  # told to the parent, which keeps searching by words
        out.write(json.dumps({"error": f"could not load the text model: {exc}"}) + "\n")
        out.flush()
        return 1
    out.write(json.dumps({"spaces": {space: _stamp(e) for space, e in encoders.items()}}) + "\n")
    out.flush()
    for line in sys.stdin:
        try:
            text = json.loads(line)["text"]
            answer = {}
            for space, encoder in encoders.items():
                vector = np.asarray(encoder.encode([text]), dtype=np.float32)
                answer[space] = {**_stamp(encoder), "vector": vector.reshape(-1).tolist()}
        except Exception as exc:
            answer = {"error": f"could not encode the query: {exc}"}
        out.write(json.dumps(answer) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
