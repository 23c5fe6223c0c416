"""What the quick first pass costs with the fused audio encoder: sonic on one window and MusiCNN-MSD on one 3 s
patch of it, never the MTT tagger (issue #9 §4: cheap first, the full model later), stored under a quick
version of its own so the old 12 s quick vectors are not mixed in."""

from __future__ import annotations

import numpy as np
import torch

from avrec_desktop.bench.bench_tracks import write_track
from avrec_desktop.encoders.sonic_musicnn import LEARNED_DIM, SonicMusicnnEncoder, fuse
from avrec_desktop.indexing.quick import QuickSettings, quick_analyse
from avrec_desktop.media.audio import audio_clip
from avrec_desktop.library import add_folder, scan_folder
from avrec_desktop.store import Store
from avrec_desktop.store.quick import is_quick, quick_version, usable_under


class Spy:
    def __init__(self, name):
        self.name, self.batches = name, []

    def __call__(self, x):
        if self.name == "MTT":
            raise AssertionError("the quick pass ran the MTT tagger")
        self.batches.append(tuple(x.shape))
        n = x.shape[0]
        pen = torch.arange(n * LEARNED_DIM, dtype=torch.float32).reshape(n, LEARNED_DIM) % 7
        return torch.full((n, 50), 0.5), pen


class SpyNets(SonicMusicnnEncoder):
    def _load_weights(self):
        return Spy("MSD"), Spy("MTT"), "cpu"


def test_the_quick_pass_runs_sonic_on_its_window_and_msd_on_one_patch(tmp_path):
    (tmp_path / "music").mkdir()
    path = write_track(tmp_path / "music" / "long.wav", 50.0, seed=3)
    store = Store(tmp_path / "db.sqlite3")
    scan_folder(store, add_folder(store, str(tmp_path / "music"), "music"))
    [item] = store.all_media()
    store.close()
    encoder = SpyNets()
    settings = QuickSettings()
    outcome = quick_analyse(item, {"audio": encoder}, settings)
    assert outcome is not None and outcome.quick
    [embedding] = outcome.embeddings
    assert (embedding.encoder, embedding.version) == (encoder.name, quick_version(encoder.version))
    vector = np.asarray(embedding.vector)
    msd = encoder._load()[0]
    assert msd.batches == [(1, 187, 96)]  # one 3 s patch, out of the four a 12 s window holds
    window = audio_clip(path, window_seconds=settings.window_seconds, max_windows=1,
                        whole_below=settings.window_seconds)
    pen = np.arange(LEARNED_DIM, dtype=np.float32) % 7
    expected = fuse(encoder.sonic.encode([window]), pen[None, :])[0]
    assert vector.shape == (encoder.dim,) and np.allclose(vector, expected, atol=1e-6)


def test_quick_vectors_of_the_old_twelve_second_musicnn_pass_are_not_mixed_in():
    old = "1.abc.def+quick"  # what d300224 stored: sonic + MusiCNN on the 12 s window
    assert not usable_under(old, "1.abc.def")
    assert usable_under(quick_version("1.abc.def"), "1.abc.def") and is_quick(quick_version("1.abc.def"))
