"""Make ``import torchvision`` (and so ``open_clip``, ``timm``, transformers models) work with a CPU torch.

Why: pip may pair a CPU-only torch with a CUDA build of torchvision. Its compiled ops then cannot load and
``import torchvision`` dies in ``torchvision._meta_registrations`` with ``RuntimeError: operator
torchvision::nms does not exist``, which takes ``import open_clip`` down with it (see STACK.md, "Known
traps"). We only need torchvision's transforms and models, not its compiled ops.

The fix, applied once before torchvision is first imported: try to load torchvision's ``_C`` library
ourselves; if that fails with ``OSError``, register empty modules for the two torchvision submodules that
register meta/autograd kernels of the missing ops. Transforms and models then import and work;
``torchvision.ops.nms`` and ``torchvision.io.decode_*`` do not (nothing here uses them).

Call :func:`ensure_torchvision_importable` (it is idempotent and cheap) before importing open_clip,
timm or transformers vision models. Importing this module does nothing by itself.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import threading
import types
from pathlib import Path

log = logging.getLogger(__name__)

_STUBBED = ("torchvision._meta_registrations", "torchvision._autograd_registrations")
_lock = threading.Lock()
_state: str | None = None  # None (not checked), "native", "stubbed", "absent", "already-imported"


def ensure_torchvision_importable() -> str:
    """Prepare torchvision's import; return how: ``native``, ``stubbed``, ``absent`` or ``already-imported``."""
    global _state
    with _lock:
        if _state is not None:
            return _state
        _state = _prepare()
        if _state == "stubbed":
            log.info("torchvision's compiled ops do not match torch; using transforms and models only")
        return _state


def _prepare() -> str:
    if "torchvision" in sys.modules:
        return "already-imported"
    spec = importlib.util.find_spec("torchvision")
    if spec is None or not spec.submodule_search_locations:
        return "absent"
    import torch

    package_dir = Path(next(iter(spec.submodule_search_locations)))
    libraries = sorted(package_dir.glob("_C*.so")) + sorted(package_dir.glob("_C*.pyd"))
    if not libraries:
        _install_stubs()
        return "stubbed"
    try:
        torch.ops.load_library(str(libraries[0]))
    except (OSError, RuntimeError):
        _install_stubs()
        return "stubbed"
    return "native"


def _install_stubs() -> None:
    for name in _STUBBED:
        if name not in sys.modules:
            stub = types.ModuleType(name)
            stub.__doc__ = "Empty stand-in installed by avrec_desktop.encoders.torch_compat."
            sys.modules[name] = stub
