"""Cover art in the window: the player bar shows the playing item's cover, Up next rows a small one, a
placeholder when there is none; covers load off the GUI thread."""

import threading

import pytest

import mediagen
from avrec_desktop.ui.covers import CoverCache
from avrec_desktop.ui.tasks import TaskRunner
from test_ui_window import wait_ready, window  # noqa: F401  (fixture)

mutagen = pytest.importorskip("mutagen")
from mutagen.flac import FLAC, Picture  # noqa: E402

RED, BLUE = (220, 20, 20), (20, 40, 210)


def with_cover(path, rgb):
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/png", mediagen.png_bytes(64, 64, rgb)
    audio = FLAC(path)
    audio.add_picture(picture)
    audio.save()
    return path


def centre_colour(pixmap):
    image = pixmap.toImage()
    colour = image.pixelColor(image.width() // 2, image.height() // 2)
    return colour.red(), colour.green(), colour.blue()


def close_to(a, b, tol=30):
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def test_player_bar_and_up_next_show_the_cover_of_each_item(window, qtbot, tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    red = with_cover(mediagen.write_audio(music / "red.flac", 3.0, tags={"title": "Red"}), RED)
    blue = with_cover(mediagen.write_audio(music / "blue.flac", 3.0, freq=660, tags={"title": "Blue"}), BLUE)
    mediagen.write_audio(music / "plain.wav", 3.0, freq=550, tags={"title": "Plain"})
    window.controller.add_folder(str(music), "music")
    wait_ready(qtbot, window, 3)
    store = window.controller.core.store
    ids = {name: store.media_by_path(str(music / name)).id for name in ("red.flac", "blue.flac", "plain.wav")}
    bar = window.player_bar.cover
    placeholder = centre_colour(bar.pixmap())
    assert not bar.has_cover()

    window.controller.play(ids["red.flac"])
    qtbot.waitUntil(lambda: bar.media_id == ids["red.flac"] and bar.has_cover(), timeout=60000)
    assert close_to(centre_colour(bar.pixmap()), RED)

    window.controller.play(ids["blue.flac"])
    qtbot.waitUntil(lambda: bar.media_id == ids["blue.flac"] and bar.has_cover(), timeout=60000)
    assert close_to(centre_colour(bar.pixmap()), BLUE)

    window.controller.play(ids["plain.wav"])  # no picture: the placeholder
    qtbot.waitUntil(lambda: bar.media_id == ids["plain.wav"], timeout=60000)
    assert not bar.has_cover() and centre_colour(bar.pixmap()) == placeholder

    # Up next: a row for the red track paints its cover at the row's left
    queue = window.controller.queue
    queue.insert_next(store.get_media(ids["red.flac"]))
    panel = window.up_next
    covers = window.controller.covers
    qtbot.waitUntil(lambda: any(covers.cached(ids["red.flac"], side) is not None for side in range(16, 80)),
                    timeout=60000)
    rect = panel.list.visualRect(queue.index(0))
    image = panel.list.viewport().grab().toImage()
    side = rect.height() - 8
    colour = image.pixelColor(rect.left() + 8 + side // 2, rect.top() + 4 + side // 2)
    assert close_to((colour.red(), colour.green(), colour.blue()), RED)


def test_covers_load_off_the_gui_thread_and_a_missing_cover_is_the_placeholder(qtbot, qapp, tmp_path):
    path = tmp_path / "c.png"
    path.write_bytes(mediagen.png_bytes(50, 30, BLUE))
    threads = []

    def lookup(media_id):
        threads.append(threading.current_thread())
        if media_id == 2:
            raise OSError("gone")
        return path if media_id == 1 else None

    runner = TaskRunner()
    covers = CoverCache(lookup, runner)
    arrived = []
    covers.ready.connect(arrived.append)
    first = covers.pixmap(1, 24)
    assert covers.cached(1, 24) is None  # not loaded yet: the placeholder meanwhile
    assert first.cacheKey() == covers.placeholder(24).cacheKey()
    covers.pixmap(2, 24), covers.pixmap(3, 24)
    qtbot.waitUntil(lambda: set(arrived) == {1, 2, 3}, timeout=60000)
    assert threading.main_thread() not in threads
    loaded = covers.pixmap(1, 24)
    assert loaded.width() == round(24 * loaded.devicePixelRatio())
    assert close_to(centre_colour(loaded), BLUE)
    assert covers.cached(2, 24) is None and covers.cached(3, 24) is None  # error, none: placeholder
    assert covers.pixmap(3, 24).cacheKey() == covers.placeholder(24).cacheKey()
    assert len(threads) == 3  # each asked once
    runner.wait(60000)
