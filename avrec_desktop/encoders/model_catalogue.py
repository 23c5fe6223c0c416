"""The few CLIP models ``avrec models download`` knows how to fetch, with where they come from.

Why a short fixed list: a download is started only by the user, and each entry here is a model we know open_clip
loads with our code. Sizes are approximate (ViT-B-32 holds ~151 M fp32 parameters, ~605 MB); progress uses
the server's Content-Length. Checksums: the GitHub release files of open_clip carry the first 8 hex digits of
their sha256 in the file name, and that prefix is checked; the Hugging Face file's sha256 is not recorded here
(it could not be fetched when this list was written), so the computed sha256 is stored in the manifest and the
download is trusted on HTTPS alone — fill in ``sha256`` once known.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownModel:
    model_id: str
    arch: str  # open_clip architecture name
    tag: str  # open_clip pretrained tag (picks image normalisation, quick_gelu)
    url: str
    size_bytes: int  # approximate, for display before the download starts
    sha256: str | None = None  # full digest when known
    sha256_prefix: str | None = None  # leading hex digits when only those are known
    license: str = ""
    description: str = ""


KNOWN_MODELS: dict[str, KnownModel] = {
    m.model_id: m
    for m in (
        KnownModel(
            model_id="ViT-B-32-laion2b_s34b_b79k",
            arch="ViT-B-32",
            tag="laion2b_s34b_b79k",
            url="https://huggingface.co/laion/CLIP-ViT-B-32-laion2B-s34B-b79K/resolve/main/open_clip_model.safetensors",
            size_bytes=605_000_000,
            license="MIT",
            description="CLIP ViT-B/32 trained on LAION-2B (66.6% ImageNet zero-shot); recommended, ~19 images/s on 2 CPU threads",
        ),
        KnownModel(
            model_id="ViT-B-32-laion2b_e16",
            arch="ViT-B-32",
            tag="laion2b_e16",
            url="https://github.com/mlfoundations/open_clip/releases/download/v0.2-weights/vit_b_32-laion2b_e16-af8dbd0c.pth",
            size_bytes=605_000_000,
            sha256_prefix="af8dbd0c",
            license="MIT",
            description="CLIP ViT-B/32 trained on LAION-2B, an earlier open_clip run; checksum-verified (sha256 prefix)",
        ),
    )
}
