"""The learning evaluation over several flip rates and corpora in one run, side by side.

``avrec eval DEV [--held-out DIR] --flip 0.1,0.2`` evaluates every (corpus, flip) with the same settings
(``runner.evaluate``: profiles × seeds × strategies × configurations) and writes one JSON report with a
Markdown page beside it: per corpus and flip, per strategy, the skip rate over suggestions 31–60 and the
catalogue coverage; the ratios model/random and model/similarity-only; and the issue's targets marked
pass/fail (skip ≤ ½ random, ≤ ¾ similarity-only, coverage ≥ ⅔ random's).

The corpora are named ``dev`` (the one the recommender's defaults were tuned on: in-sample) and
``held-out`` (never tuned on: only reported). The verdict is the held-out one when a held-out corpus ran,
else the dev one; every (corpus, flip) keeps its own verdict.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from avrec_desktop.errors import BadArgument
from avrec_desktop.evaluation import runner
from avrec_desktop.evaluation.runner import TARGET_CONFIG, evaluate, make_settings

DEV, HELD_OUT = "dev", "held-out"
NOTES = {DEV: "in-sample: the ranking defaults and the sonic reference statistics were tuned here",
         HELD_OUT: "held-out: nothing was tuned on it; only ever reported"}
SHOWN = ("random", "similarity", "model", "oracle")
TITLES = {"random": "random", "similarity": "similarity-only", "model": "model", "oracle": "oracle (ceiling)"}


def parse_flips(text: str | float) -> tuple[float, ...]:
    """``"0.1,0.2"`` → (0.1, 0.2); not a number: ``BadArgument`` (a rate outside [0, 1] is refused later)."""
    if isinstance(text, (int, float)):
        return (float(text),)
    try:
        flips = tuple(float(part) for part in str(text).split(",") if part.strip())
    except ValueError:
        raise BadArgument(f"--flip takes rates between 0 and 1, comma-separated, not {text!r}") from None
    if not flips:
        raise BadArgument("--flip needs at least one rate")
    return flips


def run_sweep(corpora: dict[str, str | Path], flips: tuple[float, ...], *, cache_dir=None, progress=None,
              **settings) -> dict:
    """Every corpus (name → folder) × every flip; returns the combined report (JSON-serialisable)."""
    checked = [make_settings(flip=f, **settings) for f in flips]  # refuse bad settings before analysing
    began = time.perf_counter()
    out: dict = {"kind": "learning-sweep", "flips": list(flips), "listener": checked[0].listener.kind,
                 "corpora": {}}
    for name, folder in corpora.items():
        lib = runner.prepare_library(folder, cache_dir=cache_dir, progress=progress)
        reports = {}
        for flip, st in zip(flips, checked):
            if progress:
                progress(f"{name}: flip {flip:g}")
            reports[f"{flip:g}"] = evaluate(lib, st, progress=progress)
        out["corpora"][name] = {"note": NOTES.get(name, ""), "flips": reports}
    judged = HELD_OUT if HELD_OUT in out["corpora"] else next(iter(out["corpora"]), None)
    out["judged"] = judged
    verdicts = [r["verdict"] for r in out["corpora"].get(judged, {}).get("flips", {}).values()]
    out["verdict"] = "pass" if verdicts and all(v == "pass" for v in verdicts) else (
        "fail" if "fail" in verdicts else "not judged")
    out["seconds"] = round(time.perf_counter() - began, 1)
    return out


def write_sweep(report: dict, out: str | Path, command: str | None = None) -> Path:
    """The sweep as JSON (runs one line each) and, beside it, the Markdown page."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if command:
        report = {**report, "command": command}
    # the per-run rows stay out of the sweep file (rerun a single flip with --out to get them)
    slim = {**report, "corpora": {name: {**c, "flips": {f: {k: v for k, v in r.items() if k != "runs"}
                                                          for f, r in c["flips"].items()}}
                                  for name, c in report["corpora"].items()}}
    path.write_text(json.dumps(slim, indent=1) + "\n")
    path.with_suffix(".md").write_text("\n".join(markdown_lines(report)) + "\n")
    return path


def _ceiling(rep: dict) -> str:
    """The oracle's skip rate over random's: how low any recommender could go with this listener."""
    rows = {r[0]: r[1] for r in table_rows(rep)}
    if rows.get("oracle") is None or not rows.get("random"):
        return ""
    return f" Ceiling: the oracle's is {rows['oracle'] / rows['random']:.2f}× random's."


def _x(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}×"


def _pf(ok: bool | None) -> str:
    return "—" if ok is None else ("**pass**" if ok else "**fail**")


def table_rows(rep: dict, config: str = TARGET_CONFIG) -> list[tuple]:
    """(strategy, skip 31–60 mean, std, coverage mean, loved share, bored skips) per strategy."""
    res = rep["results"].get(config, {})
    rows = []
    for name in SHOWN:
        m = res.get(name)
        if not m:
            continue
        if "skip_31_60" not in m:  # a session shorter than 31 suggestions has no late phase
            continue
        rows.append((name, m["skip_31_60"]["mean"], m["skip_31_60"]["std"], m["coverage"]["mean"],
                     m["loved_share"]["mean"], m.get("bored_skips", {}).get("mean")))
    return rows


def markdown_lines(report: dict) -> list[str]:
    lines = ["# Learning: skip rate and coverage with an independent listener", ""]
    if report.get("command"):
        lines += [f"Command: `{report['command']}`", ""]
    first = next((r for c in report["corpora"].values() for r in c["flips"].values()), None)
    if first:
        st = first["settings"]
        lines += [f"Listener: **{first['listener']['describe'].split(', flip')[0]}** "
                  f"(see `avrec_desktop/evaluation/listener.py`). {st['profiles']} profiles × {st['seeds']} seeds × "
                  f"{st['steps']} suggestions, cool-down {st['cooldown']} plays, configuration `{TARGET_CONFIG}` "
                  f"(content only: text vectors off). Targets: model's skip rate over suggestions 31–60 ≤ ½ random's "
                  f"and ≤ ¾ similarity-only's; coverage (distinct items suggested / library) ≥ ⅔ random's.", ""]
    lines += [f"**Verdict ({report['judged']}): {report['verdict']}** ({report['seconds']} s)"]
    for name, corpus in report["corpora"].items():
        for flip, rep in corpus["flips"].items():
            lib = rep["library"]
            lines += ["", f"## {name} — flip {flip}", "",
                      f"`{lib['source']}`: {lib['items']} items, {len(lib['labels'])} labels; {corpus['note']}. "
                      f"Recommend code `{rep['code']['recommend']}`.", "",
                      "| strategy | skip 31-60 | coverage | loved share | bored skips |", "|---|---|---|---|---|"]
            for strat, mean, std, cov, loved, bored in table_rows(rep):
                lines.append(f"| {TITLES[strat]} | {mean:.3f} ± {std:.3f} | {cov:.3f} | {loved:.2f} | "
                             f"{'—' if bored is None else f'{bored:.1f}'} |")
            t = rep["targets"].get(TARGET_CONFIG, {})
            if "vs_random" in t:
                cov = t.get("coverage")
                lines += ["", f"model/random {_x(t['vs_random']['ratio'])} (target ≤ 0.5×) {_pf(t['vs_random']['pass'])}; "
                              f"model/similarity-only {_x(t['vs_similarity']['ratio'])} (target ≤ 0.75×) "
                              f"{_pf(t['vs_similarity']['pass'])}; coverage model/random "
                              + (f"{_x(cov['ratio'])} (target ≥ 0.67×) {_pf(cov['pass'])}" if cov else "—")
                              + f". Verdict: **{t['verdict']}**." + _ceiling(rep)]
    return lines


def summary_lines(report: dict) -> list[str]:
    lines = [f"listener: {report['listener']}; flips {', '.join(f'{f:g}' for f in report['flips'])}; "
             f"{report['seconds']} s"]
    for name, corpus in report["corpora"].items():
        for flip, rep in corpus["flips"].items():
            t = rep["targets"].get(TARGET_CONFIG, {})
            cells = ", ".join(f"{s} {m:.3f}/cov {c:.2f}" for s, m, _, c, _, _ in table_rows(rep))
            lines.append(f"[{name} flip {flip}] skip 31-60 / coverage: {cells}")
            if "vs_random" in t:
                cov = t.get("coverage")
                lines.append(f"  model/random {_x(t['vs_random']['ratio'])} {'PASS' if t['vs_random']['pass'] else 'FAIL'}"
                             f" (≤ 0.5); model/similarity {_x(t['vs_similarity']['ratio'])} "
                             f"{'PASS' if t['vs_similarity']['pass'] else 'FAIL'} (≤ 0.75); coverage "
                             + (f"{_x(cov['ratio'])} {'PASS' if cov['pass'] else 'FAIL'} (≥ 0.67)" if cov else "—"))
    lines.append(f"verdict ({report['judged']}): {report['verdict']}")
    return lines
