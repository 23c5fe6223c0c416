"""Device choice and the worker thread cap."""

from __future__ import annotations

import pytest

from avrec_desktop.encoders.device import configure_threads, default_worker_threads, pick_device


def test_default_threads_leave_a_core_for_the_gui():
    assert default_worker_threads(1) == 1
    assert default_worker_threads(2) == 1
    assert default_worker_threads(8) == 7


def test_configure_threads_caps_torch_and_blas(monkeypatch):
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    try:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            monkeypatch.delenv(var, raising=False)
        assert configure_threads(1) == 1
        assert torch.get_num_threads() == 1
        import os

        assert os.environ["OMP_NUM_THREADS"] == "1"
        threadpoolctl = pytest.importorskip("threadpoolctl")
        assert all(pool["num_threads"] == 1 for pool in threadpoolctl.threadpool_info())
    finally:
        torch.set_num_threads(before)


def test_forced_and_fallback_devices(monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.delenv("AVREC_DEVICE", raising=False)
    monkeypatch.setenv("AVREC_FORCE_CPU", "1")
    assert pick_device() == "cpu"
    monkeypatch.delenv("AVREC_FORCE_CPU")
    monkeypatch.setenv("AVREC_DEVICE", "cuda")
    assert pick_device() == ("cuda" if torch.cuda.is_available() else "cpu")
    monkeypatch.delenv("AVREC_DEVICE")
    auto = pick_device()
    assert auto in ("cuda", "mps", "cpu")
    assert (auto == "cuda") == torch.cuda.is_available()
    assert pick_device("cpu") == "cpu"
