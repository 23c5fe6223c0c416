"""torchvision/open_clip must import whatever torch build sits beside them (STACK.md, "Known traps")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_SCRIPT = """
import json, sys
from avrec_desktop.encoders.torch_compat import ensure_torchvision_importable
how = ensure_torchvision_importable()
import open_clip, torchvision
from torchvision import transforms
again = ensure_torchvision_importable()
print(json.dumps({"how": how, "again": again, "open_clip": open_clip.__version__,
                  "has_transforms": hasattr(transforms, "Compose")}))
"""


def test_open_clip_imports_after_the_fix():
    # a fresh interpreter: the fix only works before torchvision's first import
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["how"] in ("native", "stubbed")
    assert result["again"] == result["how"]  # idempotent: decided once per process
    assert result["has_transforms"]
