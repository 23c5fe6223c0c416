"""MusiCNN in torch: the numpy front end against librosa, the shipped weights, the loader's typed errors and
the checkpoint converter's tensor-bundle reader (scripts/convert_musicnn.py). Offline; parity with the TF
original is tests/test_musicnn_parity.py."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import struct
from pathlib import Path

import numpy as np
import pytest
import torch

from avrec_desktop.encoders import musicnn_frontend as frontend
from avrec_desktop.encoders.musicnn_model import WEIGHTS_DIR, MusicnnNet, load_musicnn
from avrec_desktop.errors import BadArgument, ModelInstallError, ModelNotInstalled

ROOT = Path(__file__).resolve().parent.parent


def _converter():
    spec = importlib.util.spec_from_file_location("convert_musicnn", ROOT / "scripts" / "convert_musicnn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _music(seconds: float, seed: int = 0) -> np.ndarray:
    """A gliding tone over noise with a silent start: energy in many bands, exact zeros at the edge."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * 16000)) / 16000
    wave = 0.3 * np.sin(2 * np.pi * (220 + 60 * t) * t) + 0.05 * rng.standard_normal(t.size)
    wave[:3000] = 0.0
    return wave.astype(np.float32)


# --- front end -----------------------------------------------------------------------------------

def test_mel_filters_equal_librosa_slaney():
    import librosa

    ref = librosa.filters.mel(sr=16000, n_fft=512, n_mels=96)  # what the musicnn extractor gets
    assert frontend.mel_filters().shape == (96, 257)
    np.testing.assert_allclose(frontend.mel_filters(), ref, rtol=1e-5, atol=1e-8)


def test_log_mel_equals_the_extractor_formula_with_librosa():
    import librosa

    wave = _music(7.3)
    ref = librosa.feature.melspectrogram(y=wave, sr=16000, hop_length=256, n_fft=512, n_mels=96).T
    ref = np.log10(1 + 10000 * ref)
    mine = frontend.log_mel(wave)
    assert mine.dtype == np.float32 and mine.shape == ref.shape == (1 + wave.size // 256, 96)
    np.testing.assert_allclose(mine, ref, atol=2e-5)
    assert mine[0].max() < mine[-1].max()  # the silent start is quiet: not a constant output


def test_patches_are_back_to_back_187_frame_windows():
    wave = _music(7.3)
    spec = frontend.log_mel(wave)
    batch = frontend.patches(wave)
    assert batch.dtype == np.float32 and batch.shape == (spec.shape[0] // 187, 187, 96) == (2, 187, 96)
    np.testing.assert_array_equal(batch[1], spec[187:374])
    overlapping = frontend.patches(wave, hop_frames=100)
    assert overlapping.shape == (3, 187, 96)
    np.testing.assert_array_equal(overlapping[2], spec[200:387])


def test_short_audio_is_repeated_into_one_patch():
    wave = _music(1.0)
    spec = frontend.log_mel(wave)
    batch = frontend.patches(wave)
    assert batch.shape == (1, 187, 96)
    np.testing.assert_array_equal(batch[0, spec.shape[0]:2 * spec.shape[0]], spec)


def test_resampling_to_16k_is_the_one_librosa_load_uses():
    import librosa

    t = np.arange(44100 * 2) / 44100
    wave = (0.5 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 7000 * t)).astype(np.float32)
    mine = frontend.resample_to_16k(wave, 44100)
    assert mine.dtype == np.float32 and mine.shape == (32000,)
    np.testing.assert_allclose(mine, librosa.resample(wave, orig_sr=44100, target_sr=16000), atol=1e-6)
    np.testing.assert_array_equal(frontend.resample_to_16k(mine, 16000), mine)  # already 16 kHz: as it is


@pytest.mark.parametrize("bad", [np.zeros((2, 16000), np.float32), np.zeros(0, np.float32)])
def test_frontend_rejects_non_mono_or_empty_input(bad):
    with pytest.raises(BadArgument):
        frontend.patches(bad)


# --- the shipped weights -----------------------------------------------------------------------

@pytest.mark.parametrize("name,first_tags", [("MSD", ["rock", "pop", "alternative"]),
                                             ("MTT", ["guitar", "classical", "slow"])])
def test_shipped_weights_load_and_tag(name, first_tags):
    net = load_musicnn(name)
    assert not net.training and net.name == name and len(net.tags) == 50 and net.tags[:3] == first_tags
    x = torch.from_numpy(np.concatenate([frontend.patches(_music(3.2, 1)), frontend.patches(_music(3.2, 2) * 0.01)]))
    with torch.inference_mode():
        probs, penultimate = net(x)
    assert probs.shape == (2, 50) and penultimate.shape == (2, 200)
    assert torch.isfinite(probs).all() and torch.isfinite(penultimate).all()
    assert ((probs > 0) & (probs < 1)).all()
    assert probs.std() > 1e-3 and (penultimate[0] - penultimate[1]).abs().max() > 1e-2


def test_shipped_folder_records_its_source_and_licence():
    source = json.loads((WEIGHTS_DIR / "SOURCE.json").read_text())
    assert source["wheel"] == "musicnn-0.1.0-py3-none-any.whl" and len(source["wheel_sha256"]) == 64
    for name, digest in source["files_sha256"].items():
        assert hashlib.sha256((WEIGHTS_DIR / name).read_bytes()).hexdigest() == digest, name
    assert "ISC" in (WEIGHTS_DIR / "README.md").read_text()
    assert "Permission to use, copy, modify" in (WEIGHTS_DIR / "LICENSE-musicnn.md").read_text()
    tags = json.loads((WEIGHTS_DIR / "tags.json").read_text())
    assert tags["MSD"] == load_musicnn("MSD").tags and len(tags["MTT"]) == 50


# --- the loader, on a tiny random model ----------------------------------------------------------

def _tiny(tmp_path: Path) -> tuple[MusicnnNet, Path]:
    from safetensors.torch import save_file

    torch.manual_seed(0)
    net = MusicnnNet(["a", "b", "c"], timbral=4, temporal=3, mid=5, dense=6)
    with torch.no_grad():
        for key, value in net.state_dict().items():
            value.copy_(torch.rand_like(value) + 0.5 if "var" in key else torch.randn_like(value) * 0.3)
    save_file(net.state_dict(), str(tmp_path / "msd_musicnn.safetensors"), metadata={"tags": json.dumps(net.tags)})
    return net.eval(), tmp_path / "msd_musicnn.safetensors"


def test_a_tiny_random_model_loads_through_the_real_loader(tmp_path):
    saved, _ = _tiny(tmp_path)
    net = load_musicnn("msd", weights_dir=tmp_path)
    assert net.tags == ["a", "b", "c"] and len(net.weights_sha256) == 64
    x = torch.from_numpy(frontend.patches(_music(3.5)))
    with torch.inference_mode():
        got, want = net(x), saved(x)
    assert got[0].shape == (1, 3) and got[1].shape == (1, 6)
    torch.testing.assert_close(got[0], want[0])
    torch.testing.assert_close(got[1], want[1])


def _one_line(exc: Exception) -> str:
    message = str(exc)
    assert message and "\n" not in message
    return message


def test_missing_weights_raise_model_not_installed(tmp_path):
    with pytest.raises(ModelNotInstalled) as info:
        load_musicnn("MTT", weights_dir=tmp_path)
    assert "mtt_musicnn.safetensors" in _one_line(info.value)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "no_tags", "missing_tensor"])
def test_damaged_weights_raise_a_one_line_install_error(tmp_path, damage):
    from safetensors.torch import save_file

    net, path = _tiny(tmp_path)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\xff" * 64)
    elif damage == "no_tags":
        save_file(net.state_dict(), str(path))
    else:
        state = dict(net.state_dict())
        del state["mid2.weight"]
        save_file(state, str(path), metadata={"tags": json.dumps(net.tags)})
    with pytest.raises(ModelInstallError) as info:
        load_musicnn("MSD", weights_dir=tmp_path)
    assert "msd_musicnn.safetensors" in _one_line(info.value)


def test_unknown_model_and_bad_input_shape_are_bad_arguments():
    with pytest.raises(BadArgument):
        load_musicnn("VGG")
    net = MusicnnNet(["a"], timbral=2, temporal=2, mid=2, dense=2).eval()
    with pytest.raises(BadArgument):
        net(torch.zeros(1, 187, 40))


# --- the converter's tensor-bundle reader ----------------------------------------------------------

def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _block(conv, entries: list[tuple[bytes, bytes]]) -> bytes:
    """A LevelDB table block with prefix-compressed keys and one restart point."""
    body, previous = bytearray(), b""
    for key, value in entries:
        shared = 0
        while shared < min(len(key), len(previous)) and key[shared] == previous[shared]:
            shared += 1
        body += _varint(shared) + _varint(len(key) - shared) + _varint(len(value)) + key[shared:] + value
        previous = key
    body += struct.pack("<II", 0, 1)
    return bytes(body) + b"\x00" + struct.pack("<I", conv.crc32c_mask(conv.crc32c(bytes(body) + b"\x00")))


def _bundle(conv, tensors: dict[str, np.ndarray]) -> tuple[bytes, bytes]:
    data, entries = bytearray(), [(b"", b"\x08\x01")]  # BundleHeaderProto: num_shards = 1
    for name in sorted(tensors):
        raw = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        dims = b"".join(b"\x12" + _varint(len(d)) + d for d in (b"\x08" + _varint(s) for s in tensors[name].shape))
        entry = (b"\x08\x01" + b"\x12" + _varint(len(dims)) + dims + b"\x20" + _varint(len(data))
                 + b"\x28" + _varint(len(raw)) + b"\x35" + struct.pack("<I", conv.crc32c_mask(conv.crc32c(raw))))
        entries.append((name.encode(), entry))
        data += raw
    block = _block(conv, entries)
    index = _block(conv, [(entries[-1][0], _varint(0) + _varint(len(block) - 5))])
    meta = _block(conv, [])
    footer = (_varint(len(block)) + _varint(len(meta) - 5) + _varint(len(block) + len(meta))
              + _varint(len(index) - 5))
    footer = footer.ljust(40, b"\x00") + struct.pack("<Q", conv.TABLE_MAGIC)
    return block + meta + index + footer, bytes(data)


def test_crc32c_matches_the_standard_check_value():
    assert _converter().crc32c(b"123456789") == 0xE3069283


def test_bundle_reader_round_trips_and_drops_optimizer_slots():
    conv = _converter()
    rng = np.random.default_rng(3)
    tensors = {"conv2d/kernel": rng.standard_normal((7, 38, 1, 4)).astype(np.float32),
               "conv2d/kernel/Adam": rng.standard_normal((7, 38, 1, 4)).astype(np.float32),
               "conv2d/bias": rng.standard_normal(4).astype(np.float32),
               "dense/kernel": rng.standard_normal((10, 3)).astype(np.float32),
               "beta1_power": np.array(0.9, np.float32)}
    index, data = _bundle(conv, tensors)
    read = conv.read_bundle(index, data)
    assert sorted(read) == sorted(tensors)
    for name, value in tensors.items():
        np.testing.assert_array_equal(read[name], value)
    torch_layout = conv.to_torch(read)
    assert sorted(torch_layout) == ["dense.weight", "timbral_38.bias", "timbral_38.weight"]
    np.testing.assert_array_equal(torch_layout["timbral_38.weight"][2, 0, 5, 7], tensors["conv2d/kernel"][5, 7, 0, 2])
    np.testing.assert_array_equal(torch_layout["dense.weight"], tensors["dense/kernel"].T)
    damaged = bytearray(data)
    damaged[5] ^= 0xFF
    with pytest.raises(conv.BundleFormatError, match="checksum"):
        conv.read_bundle(index, bytes(damaged))


def test_safetensors_writer_is_deterministic_and_loadable(tmp_path):
    from safetensors.torch import load_file

    conv = _converter()
    tensors = {"b": np.arange(6, dtype="<f4").reshape(2, 3), "a": np.ones(5, dtype="<f4")}
    first = conv.safetensors_bytes(tensors, {"z": "1", "tags": "[]"})
    assert first == conv.safetensors_bytes(dict(reversed(tensors.items())), {"tags": "[]", "z": "1"})
    (tmp_path / "x.safetensors").write_bytes(first)
    loaded = load_file(str(tmp_path / "x.safetensors"))
    np.testing.assert_array_equal(loaded["b"].numpy(), tensors["b"])


@pytest.mark.skipif(not os.environ.get("AVREC_MUSICNN_WHEEL"), reason="set AVREC_MUSICNN_WHEEL to the musicnn wheel")
def test_converting_the_wheel_reproduces_the_shipped_files(tmp_path):
    digests = _converter().convert(Path(os.environ["AVREC_MUSICNN_WHEEL"]), tmp_path)
    for name, digest in digests.items():
        assert hashlib.sha256((WEIGHTS_DIR / name).read_bytes()).hexdigest() == digest, name
