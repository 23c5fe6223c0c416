"""The evaluation runner: reproducible reports, fair runs, honest verdicts, and its command line."""

import json
from pathlib import Path

import pytest

from avrec_desktop.evaluation import __main__ as eval_main
from avrec_desktop.evaluation import runner
from avrec_desktop.evaluation.listener import Listener, Profile
from avrec_desktop.evaluation.runner import EvalSettings, evaluate, summary_lines, targets
from avrec_desktop.evaluation.simulate import run_session
from avrec_desktop.evaluation.strategies import RandomOrder
from avrec_desktop.store import Store
from eval_testlib import build_synthetic_library

BASELINES = ("random", "similarity")


def small(**kw):
    return EvalSettings(profiles=2, seeds=2, steps=30, configs=("no-text",), strategies=BASELINES, **kw)


def strip_timing(report):
    return {k: v for k, v in report.items() if k not in ("seconds", "suggest_ms")}


def test_report_is_json_and_reproducible(tmp_path):
    lib = build_synthetic_library(tmp_path)
    one = evaluate(lib, small())
    two = evaluate(lib, small())
    assert strip_timing(one) == strip_timing(two)
    json.loads(json.dumps(one))
    assert len(one["runs"]) == 2 * 2 * 2
    res = one["results"]["no-text"]
    for name in BASELINES:
        assert res[name]["suggestions"]["mean"] == 30
        assert 0.0 <= res[name]["skip_1_10"]["mean"] <= 1.0
        assert res[name]["fallbacks"]["mean"] == 0
    assert one["verdict"].startswith("not judged")
    p = one["play_similar_precision_at_5"]["audio"]
    assert p["seeds"] == 72 and p["mean"] > 2 * p["random"]
    assert any("similarity" in line for line in summary_lines(one))


def test_same_listener_luck_across_strategies(tmp_path):
    """Hand picks fall on the same steps whatever the strategy suggested."""
    lib = build_synthetic_library(tmp_path)
    report = evaluate(lib, small())
    by_key = {}
    for run in report["runs"]:
        by_key.setdefault((run["profile"], run["seed"]), set()).add(run["hand_picks"])
    assert all(len(v) == 1 for v in by_key.values())


def test_events_go_to_the_store_as_the_player_writes_them(tmp_path):
    lib = build_synthetic_library(tmp_path)
    store = Store(lib.copy_to(tmp_path / "run.sqlite3"))
    try:
        listener = Listener(Profile(("label0", "label1"), ("label2", "label3")), lib.labels, seed=0)
        durations = {m.id: m.duration for m in store.all_media()}
        session = run_session(RandomOrder(store, list(lib.labels), seed=(0, 0)), listener, durations,
                              steps=25, cooldown=20, session_id="s1")
        events = store.events_after(0)
    finally:
        store.close()
    assert len(events) == 2 * len(session.plays)
    ts = [e["ts"] for e in events]
    assert ts == sorted(ts)
    for start, end, play in zip(events[::2], events[1::2], session.plays):
        assert (start["type"], end["type"]) == ("start", "end")
        assert start["media_id"] == end["media_id"] == play.media_id
        assert start["session"] == end["session"] == "s1"
        if play.suggestion:
            assert start["auto"] == end["auto"] == 1 and start["source"] == "up-next"
            assert start["seed_id"] == session.plays[play.step - 1].media_id
        else:
            assert start["auto"] == 0 and start["source"] == "library" and start["seed_id"] is None
        if play.finished:
            assert end["reason"] == "finished" and end["position"] == end["duration"]
        else:
            assert end["reason"] == "skipped" and 1.0 <= end["position"] <= 0.9 * end["duration"]
            assert end["ts"] - start["ts"] == pytest.approx(end["position"])
    history = [p.media_id for p in session.plays]
    for n, media_id in enumerate(history):  # the cool-down: no replay within 20 plays
        assert media_id not in history[max(0, n - 20):n]
    assert not session.plays[0].suggestion  # a session opens with a pick by hand


def test_targets_verdicts():
    def res(model, rnd, sim):
        return {"model": {"skip_31_60": {"mean": model}}, "random": {"skip_31_60": {"mean": rnd}},
                "similarity": {"skip_31_60": {"mean": sim}}}

    assert targets(res(0.2, 0.5, 0.4))["verdict"] == "pass"
    t = targets(res(0.26, 0.5, 0.4))
    assert t["verdict"] == "fail" and not t["vs_random"]["pass"] and t["vs_similarity"]["pass"]
    t = targets(res(0.2, 0.5, 0.25))
    assert t["verdict"] == "fail" and t["vs_random"]["pass"] and not t["vs_similarity"]["pass"]
    assert targets({"random": {"skip_31_60": {"mean": 0.5}}})["verdict"].startswith("not judged")
    runs = [{"profile": p, "seed": 0, "strategy": name, "skip_31_60": value}
            for p, values in enumerate([(0.1, 0.5, 0.3), (0.4, 0.5, 0.3)])
            for name, value in zip(("model", "random", "similarity"), values)]
    assert targets(res(0.25, 0.5, 0.3), runs)["model_better_in"] == {"random": 1.0, "similarity": 0.5}


def test_command_line_writes_the_report(tmp_path, monkeypatch, capsys):
    lib = build_synthetic_library(tmp_path)
    seen = {}

    def fake_prepare(dest, **kw):
        seen["dest"] = dest
        return lib

    monkeypatch.setattr(runner, "prepare_library", fake_prepare)
    out = tmp_path / "out" / "results.json"
    rc = eval_main.main([str(tmp_path / "dest"), "--profiles", "2", "--seeds", "1", "--steps", "12", "--flip", "0.1",
                         "--configs", "no-text", "--strategies", "random,similarity", "--out", str(out), "-q"])
    assert rc == 0 and seen["dest"] == str(tmp_path / "dest")
    report = json.loads(out.read_text())
    assert report["settings"]["steps"] == 12 and report["settings"]["listener"]["flip"] == 0.1
    assert "results written to" in capsys.readouterr().out
    page = (tmp_path / "out" / "results.md").read_text()
    assert "## `no-text`" in page and "| similarity |" in page and "precision@5" in page
    assert "Listener: independent" in page and report["listener"]["kind"] == "independent"


def test_command_line_sweeps_flips_and_corpora_in_one_run(tmp_path, monkeypatch, capsys):
    libs = {"dev": build_synthetic_library(tmp_path / "a", seed=0),
            "held": build_synthetic_library(tmp_path / "b", seed=1)}
    monkeypatch.setattr(runner, "prepare_library", lambda dest, **kw: libs[Path(dest).name])
    out = tmp_path / "sweep.json"
    rc = eval_main.main([str(tmp_path / "dev"), "--held-out", str(tmp_path / "held"), "--flip", "0.1,0.2",
                         "--profiles", "1", "--seeds", "1", "--steps", "32", "--configs", "no-text",
                         "--out", str(out), "-q"])
    assert rc in (0, 4)
    report = json.loads(out.read_text())
    assert list(report["corpora"]) == ["dev", "held-out"] and report["judged"] == "held-out"
    for corpus in report["corpora"].values():
        assert list(corpus["flips"]) == ["0.1", "0.2"]
        t = corpus["flips"]["0.2"]["targets"]["no-text"]
        assert {"vs_random", "vs_similarity", "coverage"} <= set(t)
        assert corpus["flips"]["0.2"]["settings"]["listener"]["flip"] == 0.2
    page = out.with_suffix(".md").read_text()
    assert "## held-out — flip 0.2" in page and "model/random" in page and "coverage model/random" in page
    assert "Listener: **independent (" in page and "--flip 0.1,0.2" in page
    assert "[held-out flip 0.1]" in capsys.readouterr().out


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError):
        EvalSettings(strategies=("telepathy",)).check()
    with pytest.raises(ValueError):
        EvalSettings(steps=0).check()
    assert eval_main.main([str(tmp_path / "missing"), "-q", "--out", str(tmp_path / "x.json")]) == 1
    assert eval_main.main([str(tmp_path / "missing"), "-q", "--flip", "0.1,x", "--out", str(tmp_path / "x.json")]) == 1
