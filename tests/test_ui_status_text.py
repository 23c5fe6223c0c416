"""The status bar never says "Library up to date" while files are still waiting to be analysed."""

import pytest

pytest.importorskip("PySide6.QtWidgets")

from avrec_desktop.indexing.progress import Progress  # noqa: E402
from avrec_desktop.ui.status_panel import progress_text  # noqa: E402


def _text(**fields) -> str:
    p = Progress()
    for k, v in fields.items():
        setattr(p, k, v)
    return progress_text(p.as_dict())


def test_only_a_finished_library_is_up_to_date():
    assert _text(state="starting", remaining=7) == "Starting analysis · 7 waiting"  # analysers loading models
    assert _text(state="starting") == "Starting analysis…"
    assert _text(state="working", remaining=0, done=0) == "Analysing…"
    assert _text(state="working", done=2, remaining=5).startswith("Analysing 2 of 7")
    assert _text(state="stopped", remaining=3) == "Analysis not running · 3 waiting"
    assert _text(state="paused", done=1, remaining=2) == "Analysis paused · 1 of 3"
    assert _text(state="idle", done=7) == "Library up to date"
    assert _text(state="stopped", done=7) == "Library up to date"
