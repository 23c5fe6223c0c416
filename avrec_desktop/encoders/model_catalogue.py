"""The few CLIP models ``avrec models download`` knows how to fetch, with where they come from and their sha256.

Why a short fixed list: a download is started only by the user, and each entry here is a model we know open_clip
loads with our code. Every entry carries the full sha256 of its file; a download (and an import under the same
model id) is installed only when the whole digest matches. No prefix checks.

Where the digests come from, honestly: this list was written on a machine without network access, so neither
file was hashed here. The Hugging Face file is pinned to one repository revision, and its digest and exact size
are the ones two unrelated public projects pin for that file; the open_clip release file's digest is the one a
public model-download script pins, and it agrees with the 8 hex digits open_clip put in the file name. When an
entry has no ``sha256`` (none today), the download is pinned by its exact size and its digest is recorded on the
first download (trust on first use, in ``clip/known_hashes.json``); every later download must match it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class KnownModel:
    model_id: str
    arch: str  # open_clip architecture name
    tag: str  # open_clip pretrained tag (picks image normalisation, quick_gelu)
    url: str
    size_bytes: int  # for display before the download starts; checked exactly when ``size_exact``
    sha256: str | None = None  # full hex digest; None = trust on first use (see the module docstring)
    size_exact: bool = False
    hash_source: str = ""  # where the digest comes from
    license: str = ""
    description: str = ""

    def __post_init__(self):
        if self.sha256 is not None and not SHA256_RE.match(self.sha256):
            raise ValueError(f"{self.model_id}: sha256 must be 64 lowercase hex digits, got {self.sha256!r}")


_HF_REVISION = "1a25a446712ba5ee05982a381eed697ef9b435cf"

KNOWN_MODELS: dict[str, KnownModel] = {
    m.model_id: m
    for m in (
        KnownModel(
            model_id="ViT-B-32-laion2b_s34b_b79k",
            arch="ViT-B-32",
            tag="laion2b_s34b_b79k",
            url=f"https://huggingface.co/laion/CLIP-ViT-B-32-laion2B-s34B-b79K/resolve/{_HF_REVISION}/open_clip_model.safetensors",
            size_bytes=605_143_316,
            size_exact=True,
            sha256="ac4f8c4b88af6d963118cbf40ad93176d092abbedfcb752601ae1866352656e6",
            hash_source="as pinned for this file by two independent public projects; not re-hashed here (no network)",
            license="MIT",
            description="CLIP ViT-B/32 trained on LAION-2B (66.6% ImageNet zero-shot); recommended, ~19 images/s on 2 CPU threads",
        ),
        KnownModel(
            model_id="ViT-B-32-laion2b_e16",
            arch="ViT-B-32",
            tag="laion2b_e16",
            url="https://github.com/mlfoundations/open_clip/releases/download/v0.2-weights/vit_b_32-laion2b_e16-af8dbd0c.pth",
            size_bytes=605_000_000,  # approximate: the exact size is not known here
            sha256="af8dbd0c4bf1654db018a2a70fd839c3a6e79d2fdac33303f06d0d8aae16a65c",
            hash_source="as pinned by a public model-download script; starts with the af8dbd0c in open_clip's file name",
            license="MIT",
            description="CLIP ViT-B/32 trained on LAION-2B, an earlier open_clip run",
        ),
    )
}


# -- CLAP (optional, clap.py): a model is a folder of files, each with its own digest ------------------------
# Pinned to one revision of the Hugging Face repository (its "main" when this list was written, found through a
# stored copy of the repository's file listing). No sha256 of these files could be found or computed here (no
# network to huggingface.co, and no public page that lists them was found): every ``sha256`` is None, so a
# download is trust-on-first-use: each file's full sha256 is computed while it streams, printed, stored in the
# install's manifest and in ``clap/known_hashes.json``, and every later download must match it. A digest added
# here later is checked in full. Sizes are the listing's rounded ones, for the progress bar and the disk check.
_CLAP_REVISION = "8fa0f1c6d0433df6e97c127f64b2a1d6c0dcda8a"


@dataclass(frozen=True)
class ClapFile:
    name: str
    size_bytes: int  # approximate (the listing's "615 MB"): never checked exactly
    sha256: str | None = None

    def __post_init__(self):
        if self.sha256 is not None and not SHA256_RE.match(self.sha256):
            raise ValueError(f"{self.name}: sha256 must be 64 lowercase hex digits, got {self.sha256!r}")


@dataclass(frozen=True)
class KnownClapModel:
    model_id: str
    base_url: str  # each file is base_url + name
    files: tuple[ClapFile, ...]
    hash_source: str = ""
    license: str = ""
    description: str = ""
    arch: str = "clap-htsat"
    kind: str = "clap"

    @property
    def size_bytes(self) -> int:
        return sum(f.size_bytes for f in self.files)


CLAP_MODELS: dict[str, KnownClapModel] = {
    m.model_id: m
    for m in (
        KnownClapModel(
            model_id="laion-clap-htsat-unfused",
            base_url=f"https://huggingface.co/laion/clap-htsat-unfused/resolve/{_CLAP_REVISION}/",
            files=(
                ClapFile("config.json", 5_390),
                ClapFile("preprocessor_config.json", 541),
                ClapFile("tokenizer.json", 2_110_000),
                ClapFile("tokenizer_config.json", 384),
                ClapFile("special_tokens_map.json", 280),
                ClapFile("vocab.json", 798_000),
                ClapFile("merges.txt", 456_000),
                ClapFile("pytorch_model.bin", 615_000_000),
            ),
            hash_source="none published here: trust on first use (the first download's sha256 is recorded)",
            license="Apache-2.0",
            description="optional: CLAP (LAION, HTSAT audio + RoBERTa text) for free-text audio search, ~615 MB",
        ),
    )
}
