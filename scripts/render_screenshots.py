"""Render screenshots of the main views with a small generated library.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/render_screenshots.py docs/screenshots
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/render_screenshots.py docs/screenshots zh_CN

With a language (zh_CN; a CJK font such as fonts-noto-cjk must be installed), the window is shown in it and
only the Music page (zh_CN.png) and For you (zh_CN-for-you.png) are taken.

Everything happens in a temporary data folder: generated tagged music and videos are analysed by the real
worker, a few plays and skips are recorded, then each page is rendered to a PNG.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

ARTISTS = ["Nightjar", "Paper Boats", "Low Tide", "Copperline", "Ada Vale"]
MOODS = [("tone", 220), ("chirp", 440), ("beats", 330), ("noise", 0), ("tone", 523)]
# one embedded cover per artist's album (but Copperline's: their songs show the placeholder)
COVERS = [(196, 84, 62), (58, 110, 165), (72, 140, 98), None, (132, 86, 170)]


def make_library(root: Path) -> tuple[Path, Path]:
    import mediagen

    music, videos = root / "Music", root / "Videos"
    music.mkdir(parents=True)
    videos.mkdir(parents=True)
    for i in range(24):
        kind, freq = MOODS[i % len(MOODS)]
        artist = ARTISTS[i % len(ARTISTS)]
        rgb = COVERS[i % len(COVERS)]
        mediagen.write_audio(music / f"{artist} - song {i + 1}.mp3", 4.0 + i % 5, kind=kind, freq=freq or 330,
                             seed=i, cover=mediagen.png_bytes(200, 200, rgb) if rgb else None, tags={"title": f"{['Harbour', 'Lanterns', 'Quiet Hours', 'Static', 'Amber'][i % 5]} {i + 1}",
                                           "artist": artist, "album": f"{artist} Sessions",
                                           "genre": ["ambient", "folk", "electronic", "noise", "classical"][i % 5]})
    for i, pattern in enumerate(["scenes", "gradient", "bars", "noise"]):
        mediagen.write_video(videos / f"clip {i + 1}.mp4", 3.0, pattern=pattern, with_audio=True, seed=i)
    return music, videos


def main(out_dir: str, language: str | None = None) -> int:
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="avrec-shots-"))
    for var in ("AVREC_DATA_DIR", "AVREC_CACHE_DIR", "AVREC_CONFIG_DIR", "AVREC_MODELS_DIR"):
        os.environ[var] = str(tmp / var.lower())
    music, videos = make_library(tmp / "media")

    from avrec_desktop.core import AppCore

    core = AppCore()
    core.add_folder(str(music), "music")
    core.add_folder(str(videos), "video")
    core.start_indexing(exit_when_idle=True).wait_idle(600)
    core.stop_indexing()
    items = core.store.all_media(kind="audio")
    now = time.time() - 3600
    for n, item in enumerate(items[:10]):
        skip = n % 3 == 2
        core.record_event(item.id, "start", session="shots", auto=n > 0, ts=now + n * 60)
        core.record_event(item.id, "end", session="shots", auto=n > 0, reason="skipped" if skip else "finished",
                          position=6.0 if skip else item.duration, duration=item.duration, ts=now + n * 60 + 30)
    for item in items[1:24:4]:  # a few likes and a disliked video: their ♥/✕ show in every list
        core.record_event(item.id, "like", ts=now + 700)
    clips = core.store.all_media(kind="video")
    core.record_event(clips[-1].id, "like", ts=now + 710)
    core.record_event(clips[0].id, "dislike", ts=now + 720)
    core.close()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from avrec_desktop.ui.app import build

    app = QApplication(sys.argv[:1])
    app.setApplicationName("avrec-desktop")
    if language:
        from avrec_desktop.ui import i18n

        i18n.install(app, language)
    window = build(app)
    window.resize(1360, 820)
    window.show()
    shots = [("Music", "music.png"), ("Videos", "videos.png"), ("For you", "for-you.png"),  # Videos: the grid
             ("History", "history.png"), ("Folders", "folders.png")]
    if language:
        shots = [("Music", f"{language}.png"), ("For you", f"{language}-for-you.png")]
    state = {"i": 0}

    def step():
        if state["i"] == 0:
            first = window.music.model.media_id_at(0)
            window.controller.play_similar(first)
            window.controller.show_similar(first)
        if state["i"] < len(shots):
            page, name = shots[state["i"]]
            window.show_page(page)
            QTimer.singleShot(1500, lambda: (window.grab().save(str(out / name)), advance()))
        elif language:
            finish()
        elif state["i"] == len(shots):  # a video full screen, its controls showing (the whole screen)
            window.controller.play(window.videos.model.media_id_at(0))
            QTimer.singleShot(600, lambda: (window._full_screen_video(), window.video.controls.poke()))
            QTimer.singleShot(1500, lambda: (window.video.controls.poke(), QTimer.singleShot(300, full_screen_shot)))
        else:
            window.close()
            app.quit()

    def full_screen_shot():
        app.primaryScreen().grabWindow(0).save(str(out / "fullscreen-video.png"))
        window.video.set_full_screen(False)
        QTimer.singleShot(800, why_shot)

    def why_shot():  # Why this? on the third row of Music, while the first track plays
        window.show_page("Music")
        window.controller.play(window.music.model.media_id_at(0))
        view = window.music.table
        view.setFocus()
        view.setCurrentIndex(window.music.model.index(2, 0))
        QTimer.singleShot(1500, lambda: window.controller.explain(window.music.model.media_id_at(2)))
        QTimer.singleShot(4000, lambda: (window.grab().save(str(out / "why-this.png"))
                                         if getattr(window, "why", None) is None else _with_popover(), settings_shot()))

    def _with_popover():
        shot = window.screen().grabWindow(0, window.x(), window.y(), window.frameGeometry().width(),
                                          window.frameGeometry().height())
        shot.save(str(out / "why-this.png"))
        window.why.close()

    def settings_shot():
        from avrec_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(window.controller, window)
        dialog.show()
        QTimer.singleShot(1500, lambda: (dialog.grab().save(str(out / "settings.png")), dialog.close(), finish()))

    def finish():
        window.close()
        app.quit()

    def advance():
        state["i"] += 1
        step()

    def when_analysis_reported(waited=0):  # as a user sees it once the worker has said where it stands
        starting = window.indexing.label.text().startswith("Starting") or (language and waited < 4000)
        if starting and waited < 60_000:
            QTimer.singleShot(500, lambda: when_analysis_reported(waited + 500))
        else:
            step()

    QTimer.singleShot(2500, when_analysis_reported)
    app.exec()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots",
                          sys.argv[2] if len(sys.argv) > 2 else None))
