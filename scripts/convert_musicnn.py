#!/usr/bin/env python3
"""Convert the MusiCNN checkpoints inside the ``musicnn==0.1.0`` wheel to safetensors, once.

    .venv/bin/python scripts/convert_musicnn.py /path/to/musicnn-0.1.0-py3-none-any.whl \
        [--out avrec_desktop/encoders/weights/musicnn]

The wheel (ISC licence, fetched with ``pip download --no-deps musicnn==0.1.0``) holds TensorFlow 1
checkpoints in the tensor-bundle format. This script reads them with nothing but the standard library
and numpy: the ``.index`` file is a LevelDB-style table (SSTable) whose values are ``BundleEntryProto``
messages (dtype, shape, shard, offset, size, crc32c) and the ``.data-00000-of-00001`` file holds the raw
little-endian tensors. Optimizer slots (Adam moments, beta powers) and the step counter are dropped, the
kernels are moved to torch's layout and each model becomes one safetensors file with the torch module's
parameter names (see ``avrec_desktop/encoders/musicnn_model.py``). The tag names are read from the
wheel's ``configuration.py`` as data (``ast.literal_eval``). Output is byte-identical run after run.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import struct
import sys
import zipfile
from pathlib import Path

import numpy as np

# ---------------------------------------------------------------------------------------------------
# crc32c (Castagnoli), as LevelDB and TensorFlow use it, with their "mask" for stored checksums.

_CRC_TABLE: list[int] = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    table = _CRC_TABLE
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def crc32c_mask(crc: int) -> int:
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


# ---------------------------------------------------------------------------------------------------
# Varints and the protobuf wire format (only what BundleEntryProto / BundleHeaderProto use).


class BundleFormatError(ValueError):
    """The bytes are not a tensor bundle this reader understands."""


def read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise BundleFormatError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise BundleFormatError("varint too long")


def proto_fields(buf: bytes):
    """Yield (field number, wire type, value) of a protobuf message; value is int or bytes."""
    pos = 0
    while pos < len(buf):
        tag, pos = read_varint(buf, pos)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = read_varint(buf, pos)
        elif wire == 1:
            value = struct.unpack_from("<Q", buf, pos)[0]
            pos += 8
        elif wire == 2:
            length, pos = read_varint(buf, pos)
            value = buf[pos:pos + length]
            if len(value) != length:
                raise BundleFormatError("truncated field")
            pos += length
        elif wire == 5:
            value = struct.unpack_from("<I", buf, pos)[0]
            pos += 4
        else:
            raise BundleFormatError(f"unsupported wire type {wire}")
        yield field, wire, value


# ---------------------------------------------------------------------------------------------------
# The SSTable (LevelDB table format) of the .index file.

TABLE_MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48


def _block_handle(buf: bytes, pos: int) -> tuple[int, int, int]:
    offset, pos = read_varint(buf, pos)
    size, pos = read_varint(buf, pos)
    return offset, size, pos


def _read_block(table: bytes, offset: int, size: int) -> bytes:
    block = table[offset:offset + size]
    trailer = table[offset + size:offset + size + 5]
    if len(block) != size or len(trailer) != 5:
        raise BundleFormatError("block past the end of the table")
    if trailer[0] != 0:
        raise BundleFormatError(f"compressed table block (type {trailer[0]}) is not supported")
    stored = struct.unpack("<I", trailer[1:])[0]
    if crc32c_mask(crc32c(block + trailer[:1])) != stored:
        raise BundleFormatError("table block checksum mismatch")
    return block


def _block_entries(block: bytes) -> list[tuple[bytes, bytes]]:
    if len(block) < 4:
        raise BundleFormatError("block too short")
    n_restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    end = len(block) - 4 - 4 * n_restarts
    if end < 0:
        raise BundleFormatError("bad restart array")
    entries: list[tuple[bytes, bytes]] = []
    key = b""
    pos = 0
    while pos < end:
        shared, pos = read_varint(block, pos)
        non_shared, pos = read_varint(block, pos)
        value_len, pos = read_varint(block, pos)
        if shared > len(key) or pos + non_shared + value_len > end:
            raise BundleFormatError("bad block entry")
        key = key[:shared] + block[pos:pos + non_shared]
        pos += non_shared
        entries.append((key, block[pos:pos + value_len]))
        pos += value_len
    return entries


def read_table(table: bytes) -> dict[bytes, bytes]:
    """Every key -> value of an uncompressed LevelDB-format table."""
    if len(table) < FOOTER_SIZE:
        raise BundleFormatError("index file too short")
    footer = table[-FOOTER_SIZE:]
    if struct.unpack("<Q", footer[-8:])[0] != TABLE_MAGIC:
        raise BundleFormatError("not a table (bad magic)")
    _, _, pos = _block_handle(footer, 0)  # the metaindex block: unused by tensor bundles
    index_offset, index_size, _ = _block_handle(footer, pos)
    out: dict[bytes, bytes] = {}
    for _, handle in _block_entries(_read_block(table, index_offset, index_size)):
        offset, size, _ = _block_handle(handle, 0)
        for key, value in _block_entries(_read_block(table, offset, size)):
            out[key] = value
    return out


# ---------------------------------------------------------------------------------------------------
# BundleEntryProto -> numpy arrays.

# tensorflow/core/framework/types.proto
_DTYPES = {1: "<f4", 2: "<f8", 3: "<i4", 4: "u1", 5: "<i2", 6: "i1", 9: "<i8", 10: "?", 19: "<f2"}


def parse_entry(value: bytes) -> dict:
    entry = {"dtype": 0, "shape": [], "shard_id": 0, "offset": 0, "size": 0, "crc32c": None}
    for field, _, v in proto_fields(value):
        if field == 1:
            entry["dtype"] = v
        elif field == 2:  # TensorShapeProto: repeated Dim dim = 2 {int64 size = 1}
            for f2, _, dim in proto_fields(v):
                if f2 == 2:
                    size = 0
                    for f3, _, s in proto_fields(dim):
                        if f3 == 1:
                            size = s
                    entry["shape"].append(size)
                elif f2 == 3 and v:
                    raise BundleFormatError("tensor of unknown rank")
        elif field == 3:
            entry["shard_id"] = v
        elif field == 4:
            entry["offset"] = v
        elif field == 5:
            entry["size"] = v
        elif field == 6:
            entry["crc32c"] = v
        elif field == 7:
            raise BundleFormatError("sliced tensors are not supported")
    return entry


def read_bundle(index: bytes, data: bytes) -> dict[str, np.ndarray]:
    """All tensors of a single-shard tensor bundle, by variable name, checksums verified."""
    tensors: dict[str, np.ndarray] = {}
    for key, value in read_table(index).items():
        if key == b"":  # BundleHeaderProto: num_shards = 1, endianness = 2 (0 = little)
            for field, _, v in proto_fields(value):
                if field == 1 and v != 1:
                    raise BundleFormatError(f"{v} shards; only single-shard bundles are supported")
                if field == 2 and v != 0:
                    raise BundleFormatError("big-endian bundle")
            continue
        name = key.decode("utf-8")
        entry = parse_entry(value)
        if entry["dtype"] not in _DTYPES:
            raise BundleFormatError(f"{name}: unsupported dtype {entry['dtype']}")
        raw = data[entry["offset"]:entry["offset"] + entry["size"]]
        if len(raw) != entry["size"]:
            raise BundleFormatError(f"{name}: data past the end of the data file")
        if entry["crc32c"] is not None and crc32c_mask(crc32c(raw)) != entry["crc32c"]:
            raise BundleFormatError(f"{name}: data checksum mismatch")
        array = np.frombuffer(raw, dtype=np.dtype(_DTYPES[entry["dtype"]]))
        tensors[name] = array.reshape(entry["shape"]).copy()
    return tensors


# ---------------------------------------------------------------------------------------------------
# TensorFlow variable names -> torch parameter names and layouts.

_BN = ("gamma", "beta", "moving_mean", "moving_variance")
_BN_TORCH = ("weight", "bias", "running_mean", "running_var")

# Creation order in the original graph: tf.compat.v1.layers numbers layers of a kind as they are built.
_CONV2D = {"conv2d": "timbral_38", "conv2d_1": "timbral_67", "conv2d_2": "temporal_128",
           "conv2d_3": "temporal_64", "conv2d_4": "temporal_32"}
_CONV1D = {"conv2d_5": "mid1", "conv2d_6": "mid2", "conv2d_7": "mid3"}
_BATCHNORM = {"batch_normalization": "input_bn", "batch_normalization_1": "timbral_38_bn",
              "batch_normalization_2": "timbral_67_bn", "batch_normalization_3": "temporal_128_bn",
              "batch_normalization_4": "temporal_64_bn", "batch_normalization_5": "temporal_32_bn",
              "batch_normalization_6": "mid1_bn", "batch_normalization_7": "mid2_bn",
              "batch_normalization_8": "mid3_bn", "batch_normalization_9": "pool_bn",
              "batch_normalization_10": "dense_bn"}
_DENSE = {"dense": "dense", "dense_1": "out"}


def is_optimizer_state(name: str) -> bool:
    last = name.rsplit("/", 1)[-1]
    return last.startswith("Adam") or name in ("beta1_power", "beta2_power", "global_step")


def to_torch(tf_tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The model's variables in torch layout, keyed by MusicnnNet's state_dict names."""
    out: dict[str, np.ndarray] = {}
    for name, value in tf_tensors.items():
        if is_optimizer_state(name):
            continue
        layer, var = name.split("/")
        if layer in _CONV2D:  # HWIO -> OIHW
            t = value.transpose(3, 2, 0, 1) if var == "kernel" else value
            out[f"{_CONV2D[layer]}.{'weight' if var == 'kernel' else 'bias'}"] = t
        elif layer in _CONV1D:  # (7, C, 1, O): a 1-D conv over time with C input channels -> (O, C, 7)
            t = value[:, :, 0, :].transpose(2, 1, 0) if var == "kernel" else value
            out[f"{_CONV1D[layer]}.{'weight' if var == 'kernel' else 'bias'}"] = t
        elif layer in _BATCHNORM:
            out[f"{_BATCHNORM[layer]}.{_BN_TORCH[_BN.index(var)]}"] = value
        elif layer in _DENSE:  # (in, out) -> (out, in)
            t = value.T if var == "kernel" else value
            out[f"{_DENSE[layer]}.{'weight' if var == 'kernel' else 'bias'}"] = t
        else:
            raise BundleFormatError(f"unexpected variable {name}")
    return {k: np.ascontiguousarray(v, dtype="<f4") for k, v in out.items()}


# ---------------------------------------------------------------------------------------------------
# A deterministic safetensors writer (sorted names, fixed JSON, 8-byte aligned header).


def safetensors_bytes(tensors: dict[str, np.ndarray], metadata: dict[str, str]) -> bytes:
    header: dict[str, object] = {"__metadata__": dict(sorted(metadata.items()))}
    chunks: list[bytes] = []
    offset = 0
    for name in sorted(tensors):
        arr = tensors[name]
        if arr.dtype != np.dtype("<f4"):
            raise ValueError(f"{name}: only float32 is written")
        raw = arr.tobytes(order="C")
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    head = json.dumps(header, separators=(",", ":"), sort_keys=False).encode("utf-8")
    head += b" " * (-len(head) % 8)
    return struct.pack("<Q", len(head)) + head + b"".join(chunks)


def read_labels(config_source: str) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for node in ast.parse(config_source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("MSD_LABELS", "MTT_LABELS"):
                labels[node.targets[0].id[:3]] = list(ast.literal_eval(node.value))
    return labels


MODELS = ("MSD", "MTT")


def convert(wheel: Path, out_dir: Path) -> dict[str, str]:
    """Write the weights, tags and source record; return {file name: sha256}."""
    wheel_sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, bytes] = {}
    with zipfile.ZipFile(wheel) as zf:
        labels = read_labels(zf.read("musicnn/configuration.py").decode("utf-8"))
        licence = zf.read("musicnn-0.1.0.dist-info/LICENSE.md").decode("utf-8")
        for model in MODELS:
            folder = f"musicnn/{model}_musicnn/"
            tf_tensors = read_bundle(zf.read(folder + ".index"), zf.read(folder + ".data-00000-of-00001"))
            tensors = to_torch(tf_tensors)
            if len(labels[model]) != tensors["out.bias"].shape[0]:
                raise BundleFormatError(f"{model}: {len(labels[model])} tags for {tensors['out.bias'].shape[0]} outputs")
            meta = {"model": f"{model}_musicnn", "source": wheel.name, "source_sha256": wheel_sha,
                    "tags": json.dumps(labels[model], ensure_ascii=False)}
            written[f"{model.lower()}_musicnn.safetensors"] = safetensors_bytes(tensors, meta)
    tags = {m: labels[m] for m in MODELS}
    written["tags.json"] = (json.dumps(tags, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    written["LICENSE-musicnn.md"] = (
        "The MusiCNN weights in this folder were converted from the musicnn 0.1.0 wheel, under this licence:\n\n"
        + licence.rstrip("\n") + "\n").encode("utf-8")
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(written.items())}
    source = {"wheel": wheel.name, "wheel_sha256": wheel_sha,
              "command": f"python scripts/convert_musicnn.py {wheel.name} --out avrec_desktop/encoders/weights/musicnn",
              "files_sha256": digests}
    written["SOURCE.json"] = (json.dumps(source, indent=1) + "\n").encode("utf-8")
    written["README.md"] = _readme(wheel.name, wheel_sha, source["command"], digests).encode("utf-8")
    for name, data in written.items():
        (out_dir / name).write_bytes(data)
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(written.items())}


def _readme(wheel_name: str, wheel_sha: str, command: str, digests: dict[str, str]) -> str:
    lines = [
        "# MusiCNN weights (converted, do not edit)",
        "",
        "MusiCNN (Pons & Serra, \"musicnn: pre-trained convolutional neural networks for music audio tagging\",",
        "2019), trained on the Million Song Dataset (`msd_musicnn`) and MagnaTagATune (`mtt_musicnn`), 50 tags",
        "each (`tags.json`, also in each file's metadata). Licence: ISC, see `LICENSE-musicnn.md`.",
        "",
        f"- Source: `{wheel_name}` from PyPI (`pip download --no-deps musicnn==0.1.0`)",
        f"- Source sha256: `{wheel_sha}`",
        f"- Converted with: `{command}` (no TensorFlow needed; byte-identical on every run)",
        "- Layout: torch (OIHW convs, (out, in) dense), names of `avrec_desktop.encoders.musicnn_model.MusicnnNet`;",
        "  optimizer slots dropped.",
        "",
        "sha256 of the converted files:",
        "",
    ]
    lines += [f"- `{name}`: `{digest}`" for name, digest in digests.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("wheel", type=Path, help="musicnn-0.1.0-py3-none-any.whl")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "avrec_desktop/encoders/weights/musicnn")
    args = parser.parse_args(argv)
    for name, digest in convert(args.wheel, args.out).items():
        print(f"{digest}  {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
