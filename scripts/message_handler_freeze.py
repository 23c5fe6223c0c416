"""Reproduce (or rule out) the QtMultimedia freeze that a Python Qt message handler causes.

Rounds of quick audio plays through the real PlayerController (0-30 ms apart, new controllers, old ones
dropped), offscreen, with or without a Python handler installed by ``qInstallMessageHandler`` as
pytest-qt's log capture does. Prints the rounds done, then "done"; a run that stops printing is frozen
(attach ``gdb -p PID -batch -ex 'thread apply all bt'``: FFmpeg's audio renderer waits in ``take_gil`` under
``QMessageLogger::warning``, the GUI thread in ``QLatch::waitInternal``). See ui/cross_thread.py.

    for s in 1 2 3 4 5 6 7 8 9 10; do timeout 60 .venv/bin/python scripts/message_handler_freeze.py \
        --python-handler --seed $s > /dev/null 2>&1; echo $?; done    # 124 = frozen
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python-handler", action="store_true", help="install a Python Qt message handler")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QLabel

    import mediagen
    from avrec_desktop.ui.player import NowPlaying, PlayerController

    app = QApplication([])
    messages: list[str] = []
    if args.python_handler:
        qInstallMessageHandler(lambda _mode, _context, text: messages.append(text))

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    folder = Path(tempfile.mkdtemp(prefix="avrec-freeze-"))
    paths = []
    for j in range(3):
        path = folder / f"tone{j}.wav"
        mediagen.write_audio(path, 20.0, freq=440 + 110 * j)
        paths.append(str(path))
    rng = random.Random(args.seed)
    kept = []
    for i in range(args.rounds):
        player = PlayerController(lambda *a, **k: None, app)
        for k in range(rng.randint(1, 4)):
            player.play(NowPlaying(media_id=k + 1, path=rng.choice(paths), kind="music", title="tone",
                                   duration=20.0))
            wait(rng.randint(0, 30))
            for _ in range(5):
                label = QLabel("x")
                label.show()
                label.deleteLater()
        if rng.random() < 0.5:
            player.close()
        kept.append(player)
        if rng.random() < 0.3:
            victim = kept.pop(rng.randrange(len(kept)))
            victim.setParent(None)
            del victim
            gc.collect()
        print(i, flush=True)
    print("done", flush=True)
    os._exit(0)  # what a half-stopped player does at exit is not this script's question


if __name__ == "__main__":
    raise SystemExit(main())
