"""The light signatures (``encoders/signatures.py``, ``encoders/sonic_layout.py``) equal the real encoders'.

Queries read (name, version) and the sonic layout from those light modules so that they never import scipy
or torch; if an encoder's name, version rule or layout changed without them, every query would miss the
stored vectors (or split the audio space wrongly), so each one is compared with the built encoder here.
"""

from __future__ import annotations

import subprocess
import sys

from avrec_desktop.encoders import models, signatures, sonic_layout
from avrec_desktop.encoders.clip import ClipEncoder
from avrec_desktop.encoders.registry import active_encoders, encoder_signature, encoder_signatures
from avrec_desktop.encoders.sonic import SonicEncoder
from avrec_desktop.encoders.sonic_features import FEATURE_GROUPS, GROUPS
from avrec_desktop.encoders.sonic_reference import REFERENCE
from avrec_desktop.encoders.text_minilm import MiniLMEncoder
from avrec_desktop.encoders.visual_descriptor import VisualDescriptorEncoder

from encoders_testlib import write_tiny_clip_folder


def _sig(encoder) -> tuple[str, str]:
    return encoder.name, encoder.version


def test_each_light_signature_is_the_encoders_own():
    assert signatures.sonic_signature() == _sig(SonicEncoder())
    assert signatures.minilm_signature() == _sig(MiniLMEncoder())
    assert signatures.visual_descriptor_signature() == _sig(VisualDescriptorEncoder())


def test_a_recalibrated_sonic_reference_changes_both_versions_alike():
    changed = {**REFERENCE, "mean": [m + 0.5 for m in REFERENCE["mean"]]}
    assert signatures.sonic_signature(changed) == _sig(SonicEncoder(changed))
    assert signatures.sonic_signature(changed) != signatures.sonic_signature()


def test_clip_signature_is_the_clip_encoders(tmp_path):
    installed = models.import_model(write_tiny_clip_folder(tmp_path / "src"), arch="tiny", model_id="tiny")
    assert signatures.clip_signature(installed.folder) == _sig(ClipEncoder(installed.folder))
    assert encoder_signature("visual") == _sig(active_encoders()["visual"])


def test_the_clip_folder_is_where_models_are_installed():
    from avrec_desktop.encoders.model_install import CLIP_KIND

    assert signatures.CLIP_FOLDER == CLIP_KIND


def test_registry_signatures_match_the_active_encoders():
    assert encoder_signatures() == {space: _sig(e) for space, e in active_encoders().items()}


def test_sonic_layout_matches_the_feature_code():
    assert sonic_layout.feature_groups() == list(FEATURE_GROUPS)
    assert sonic_layout.GROUPS == GROUPS
    assert len(sonic_layout.feature_groups()) == SonicEncoder.dim


def test_asking_for_signatures_imports_no_encoder_stack():
    code = ("import sys\n"
            "from avrec_desktop.encoders.registry import encoder_signatures\n"
            "from avrec_desktop.recommend.facets import sonic_groups\n"
            "encoder_signatures(); sonic_groups()\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'torch', 'av', 'numba'}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
