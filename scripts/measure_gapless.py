"""How long the silence is between two tracks that follow each other in Up next (not a test: a measurement).

It builds the real window on a throw-away library (generated WAV tracks), plays the first, lets each track
end by itself and records, for every change of track, the time from the player's EndOfMedia to the first
position > 0 of the next track (what a listener hears as the gap, give or take the sound card's buffer).
Prints one line per gap and the median. Run with QT_QPA_PLATFORM=offscreen:
    .venv/bin/python scripts/measure_gapless.py [tracks] [seconds]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    tracks = int(argv[1]) if len(argv) > 1 else 6
    seconds = float(argv[2]) if len(argv) > 2 else 2.0
    root = Path(tempfile.mkdtemp(prefix="avrec-gap-"))
    for var in ("AVREC_DATA_DIR", "AVREC_CACHE_DIR", "AVREC_CONFIG_DIR", "AVREC_MODELS_DIR"):
        (root / var).mkdir()
        os.environ[var] = str(root / var)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import mediagen
    from PySide6.QtCore import QTimer
    from PySide6.QtMultimedia import QMediaPlayer
    from PySide6.QtWidgets import QApplication

    from avrec_desktop.ui.app import build
    from avrec_desktop.ui.tasks import SyncTaskRunner

    app = QApplication([])
    music = root / "music"
    music.mkdir()
    for i in range(tracks):
        mediagen.write_audio(music / f"{i:02d}.wav", seconds, freq=220 + 40 * i, tags={"title": f"T{i}"})
    window = build(app, runner=SyncTaskRunner(), encoders_factory="fake_encoders:make", start_background=False)
    controller = window.controller
    controller.add_folder(str(music), "music")
    store = controller.core.store
    deadline = time.monotonic() + 120
    while store.status_counts()["ready"] < tracks and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    items = sorted(store.all_media(), key=lambda m: m.path)
    ended_at: list[float] = []
    gaps: list[float] = []
    state = {"waiting": False}

    def on_status(status):
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            ended_at.append(time.perf_counter())
            state["waiting"] = True

    def on_position(seconds_now, _duration):
        if state["waiting"] and seconds_now > 0 and controller.player.current is not None:
            state["waiting"] = False
            gaps.append(time.perf_counter() - ended_at[-1])

    controller.player.position_changed.connect(on_position)
    watched = set()

    def watch():  # the QMediaPlayer in use (should a second one ever be swapped in)
        media = controller.player.player
        if id(media) not in watched:
            watched.add(id(media))
            media.mediaStatusChanged.connect(on_status)
    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(5)
    watch()
    controller.play(items[0].id, item=items[0])
    controller.queue.clear_suggestions()
    for item in reversed(items[1:]):
        controller.queue.insert_next(item, [], pinned=True, source="queue")
    deadline = time.monotonic() + tracks * (seconds + 10)
    while len(gaps) < tracks - 1 and time.monotonic() < deadline:
        app.processEvents()
        if state["waiting"] and controller.player.current is not None and controller.player.player.position() > 0:
            on_position(controller.player.player.position() / 1000.0, 0.0)  # polled: finer than its signal
        time.sleep(0.0005)
    for i, gap in enumerate(gaps):
        print(f"gap {i + 1}: {gap * 1000:.1f} ms")
    if gaps:
        print(f"median gap: {statistics.median(gaps) * 1000:.1f} ms over {len(gaps)} track changes")
    controller.player.close()
    controller.shutdown()
    return 0 if gaps else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
