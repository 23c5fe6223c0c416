"""Run by tests/test_ui_multimedia_threads.py in a process of its own: what every window test does to the
player, many times over — a new PlayerController and video surface, a video with sound playing, full
screen on and off, Stop, new widgets shown — and prints "done" if nothing froze.

    python tests/multimedia_churn.py CLIP ROUNDS SEED
"""

import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(clip: str, rounds: int, seed: int) -> int:
    app = QApplication([])
    from avrec_desktop.ui.player import NowPlaying, PlayerController
    from avrec_desktop.ui.video_panel import VideoSurface

    rng = random.Random(seed)
    kept = []  # the tests' controllers outlive their windows, as these do
    for i in range(rounds):
        player = PlayerController(lambda *a, **k: None, app)
        surface = VideoSurface(player)
        surface.resize(320, 180)
        surface.show()
        player.play(NowPlaying(media_id=i + 1, path=clip, kind="video", title="clip", duration=20.0))
        wait(rng.randint(50, 1200))
        if rng.random() < 0.5:
            surface.showFullScreen()
            wait(rng.randint(10, 300))
            surface.showNormal()
        player.close()
        for _ in range(3):  # widgets shown (and so connected) while FFmpeg's threads wind down
            label = QLabel("x")
            label.show()
            label.deleteLater()
        surface.close()
        surface.deleteLater()
        kept.append(player)
        print(i, flush=True)
    wait(500)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    t0 = time.monotonic()
    code = main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    os._exit(code)  # what froze at exit is not this check's question
