"""The window never freezes: a heartbeat timer on the GUI thread while 200 files are analysed and the
user scrolls and searches. Core calls run on the task thread, analysis in the worker process."""

import time

import pytest

import mediagen

STALL_LIMIT_MS = 100


class Heartbeat:
    def __init__(self, interval_ms=10):
        from PySide6.QtCore import QTimer

        self.gaps = []
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.beat)

    def beat(self):
        now = time.perf_counter()
        self.gaps.append((now - self.last) * 1000)
        self.last = now

    def start(self):
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self):
        self.timer.stop()


@pytest.mark.timeout(300)
def test_no_stall_while_indexing_scrolling_and_searching(qtbot, qapp, tmp_path):
    from avrec_desktop.ui.app import build

    music = tmp_path / "music"
    music.mkdir()
    for i in range(200):
        mediagen.write_audio(music / f"track {i:03d}.wav", 0.3, freq=100 + 7 * i,
                             tags={"title": f"Track {i}", "artist": f"Artist {i % 17}"})
    window = build(qapp, start_background=False)  # the real task thread and the real encoders
    qtbot.addWidget(window)
    window.show()
    heart = Heartbeat()
    heart.start()
    window.controller.add_folder(str(music), "music")
    window.show_page("Music")
    store = window.controller.store
    words = ["track", "artist 3", "track 1", "nothing like this", ""]
    deadline = time.monotonic() + 240
    step = 0
    while store.status_counts()["ready"] < 200 and time.monotonic() < deadline:
        table = window.music.table
        (table.scrollToBottom if step % 2 else table.scrollToTop)()
        window.music.search_box.setText(words[step % len(words)])
        qtbot.wait(120)
        step += 1
    qtbot.wait(500)
    heart.stop()
    assert store.status_counts()["ready"] == 200
    gaps = sorted(heart.gaps)
    p99 = gaps[int(0.99 * (len(gaps) - 1))]
    print(f"heartbeat: {len(gaps)} beats, p99 gap {p99:.1f} ms, max {gaps[-1]:.1f} ms")
    assert gaps[-1] < STALL_LIMIT_MS, f"GUI thread stalled for {gaps[-1]:.0f} ms (p99 {p99:.0f} ms)"
    window.controller.shutdown()
