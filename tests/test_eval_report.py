"""The committed evaluation text is made from the committed JSON: no hand-copied numbers that go stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from avrec_desktop.evaluation import report

EVAL = Path(__file__).resolve().parents[1] / "eval"
RESULTS = json.loads((EVAL / "results.json").read_text())


def test_results_md_is_the_json_rendered():
    assert (EVAL / "results.md").read_text() == "\n".join(report.markdown_lines(RESULTS)) + "\n"


def test_the_readme_summary_is_the_json_rendered():
    text = (EVAL / "README.md").read_text()
    assert report.with_summary(text, RESULTS) == text, (
        "eval/README.md's summary differs from results.json: "
        "python -m avrec_desktop.evaluation.report eval/results.json eval/README.md")


def test_the_summary_reads_its_numbers_from_the_json():
    changed = json.loads(json.dumps(RESULTS))
    text = (EVAL / "README.md").read_text()
    if changed.get("kind") == "learning-sweep":  # dev and held-out side by side (eval/results_page)
        corpus = changed["corpora"][changed["judged"]]
        first = next(iter(corpus["flips"].values()))
        first["results"]["no-text"]["model"]["skip_31_60"]["mean"] = 0.4321
        assert "**0.432**" in report.with_summary(text, changed)
        assert "**0.432**" not in text
    else:
        changed["results"][changed["judged"]]["model"]["skip_31_60"]["mean"] = 0.4321
        assert "model 0.432 ±" in report.with_summary(text, changed)
    with pytest.raises(ValueError, match="markers"):
        report.with_summary("no markers here", RESULTS)


def test_every_results_page_says_the_numbers_are_in_sample():
    for page in (EVAL / "README.md", EVAL / "results.md", EVAL.parent / "README.md"):
        assert "in-sample" in page.read_text().lower(), page
