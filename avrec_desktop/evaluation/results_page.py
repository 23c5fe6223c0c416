"""``eval/results.md`` and the README summary from a learning sweep: dev and held-out side by side.

A sweep (``sweep.run_sweep``: every corpus × every flip, one run) becomes one table per metric with a
column per (corpus, flip) and a row per strategy — random and similarity-only are the baselines, the
oracle the ceiling — then the targets per column, play-similar precision@5 per corpus, and the commands
that made the file. ``report.markdown_lines`` / ``report.readme_summary_lines`` hand a sweep here, so
``python -m avrec_desktop.evaluation.report eval/results.json eval/README.md`` rewrites both from it.
"""

from __future__ import annotations

from avrec_desktop.evaluation.sweep import SHOWN, TITLES, TARGET_CONFIG

COMMANDS = (
    "avrec eval /work/evalmusic --held-out /work/heldout --flip 0.1,0.2 --configs no-text --out eval/learning.json",
    "cp eval/learning.json eval/results.json",
    "python -m avrec_desktop.evaluation.report eval/results.json eval/README.md",
)
METRICS = (("skip_31_60", "Skip rate over suggestions 31–60 (mean ± std over runs; lower is better)"),
           ("coverage", "Catalogue coverage (distinct items suggested / library)"),
           ("loved_share", "Share of suggestions from a loved label"))


def columns(report: dict) -> list[tuple[str, str, dict]]:
    """(corpus, flip, per-flip report) in the sweep's order: dev first, then held-out."""
    return [(name, flip, rep) for name, corpus in report["corpora"].items()
            for flip, rep in corpus["flips"].items()]


def _mean(rep: dict, strategy: str, metric: str) -> dict | None:
    return rep["results"].get(TARGET_CONFIG, {}).get(strategy, {}).get(metric)


def _target_cells(t: dict) -> tuple[str, str, str, str]:
    if "vs_random" not in t:
        return ("—",) * 4
    cov = t.get("coverage") or {}

    def cell(part: dict) -> str:
        return f"{part['ratio']:.2f}× {'pass' if part['pass'] else '**fail**'}" if part else "—"

    return cell(t["vs_random"]), cell(t["vs_similarity"]), cell(cov), f"**{t['verdict']}**"


def page_lines(report: dict) -> list[str]:
    cols = columns(report)
    head = "| | " + " | ".join(f"{name}, flip {flip}" for name, flip, _ in cols) + " |"
    rule = "|---|" + "---|" * len(cols)
    first = cols[0][2] if cols else None
    lines = ["# Evaluation results: dev and held-out side by side", ""]
    if first:
        st = first["settings"]
        lines += [f"Listener: {first['listener']['describe'].split(', flip')[0]} (`evaluation/listener.py`). "
                  f"{st['profiles']} profiles × {st['seeds']} seeds × {st['steps']} suggestions, cool-down "
                  f"{st['cooldown']} plays, configuration `{TARGET_CONFIG}` (content only: text vectors off), "
                  f"all columns from one run ({report['seconds']} s). Recommend code `{first['code']['recommend']}`, "
                  f"evaluation `{first['code']['evaluation']}`.", ""]
    for name, corpus in report["corpora"].items():
        rep = next(iter(corpus["flips"].values()))
        lib = rep["library"]
        lines.append(f"- **{name}**: `{lib['source']}`, {lib['items']} items, {len(lib['labels'])} labels; "
                     f"{corpus['note']}.")
    lines += ["", "The dev corpus is in-sample (everything that is chosen is chosen there); the held-out corpus is "
              "only ever reported (protocol: `eval/README.md`).", ""]
    for metric, title in METRICS:
        lines += [f"## {title}", "", head, rule]
        for strategy in SHOWN:
            cells = []
            for _, _, rep in cols:
                m = _mean(rep, strategy, metric)
                cells.append("—" if m is None else (f"{m['mean']:.3f} ± {m['std']:.3f}" if metric == "skip_31_60"
                                                    else f"{m['mean']:.3f}"))
            lines.append(f"| {TITLES[strategy]} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["## Targets (issue 9, judged on held-out)", "", head, rule]
    rows = [_target_cells(rep["targets"].get(TARGET_CONFIG, {})) for _, _, rep in cols]
    for j, label in enumerate(("model/random ≤ 0.5×", "model/similarity-only ≤ 0.75×",
                               "coverage model/random ≥ 0.67×", "verdict")):
        lines.append(f"| {label} | " + " | ".join(r[j] for r in rows) + " |")
    ceilings = []
    for _, _, rep in cols:
        o, r = _mean(rep, "oracle", "skip_31_60"), _mean(rep, "random", "skip_31_60")
        ceilings.append(f"{o['mean'] / r['mean']:.2f}×" if o and r and r["mean"] else "—")
    lines.append("| ceiling: oracle/random | " + " | ".join(ceilings) + " |")
    lines += ["", f"**Verdict ({report['judged']}): {report['verdict']}**", "",
              "## Play similar: precision@5 (audio alone, inside the evaluation)", "",
              "| corpus | audio | random |", "|---|---|---|"]
    for name, corpus in report["corpora"].items():
        p = next(iter(corpus["flips"].values()))["play_similar_precision_at_5"].get("audio")
        if p:
            lines.append(f"| {name} | {p['mean']:.3f} | {p['random']:.3f} |")
    lines += ["", "Audio similarity of every descriptor on both corpora: `similarity.md`. Per corpus and flip "
              "with bored skips: `learning.md`.", "", "## Commands", "", "```sh", *COMMANDS, "```"]
    return lines


def summary_lines(report: dict) -> list[str]:
    """The README's short summary: skip 31–60 of every strategy per column, and the verdicts."""
    lines = ["", "Dev is in-sample; held-out is only reported. Skip rate over suggestions 31–60, `no-text` "
             f"(random · similarity-only · **model** · oracle), one run ({report['seconds']} s):", ""]
    for name, flip, rep in columns(report):
        vals = [_mean(rep, s, "skip_31_60") for s in SHOWN]
        cells = [("—" if v is None else f"{v['mean']:.3f}") for v in vals]
        t = rep["targets"].get(TARGET_CONFIG, {})
        ratios = (f"; model/random {t['vs_random']['ratio']:.2f}×, model/similarity-only "
                  f"{t['vs_similarity']['ratio']:.2f}×, coverage {t['coverage']['ratio']:.2f}× random's: "
                  f"**{t['verdict']}**") if "vs_random" in t and t.get("coverage") else ""
        lines.append(f"- {name}, flip {flip}: {cells[0]} · {cells[1]} · **{cells[2]}** · {cells[3]}{ratios}.")
    lines += ["", f"Verdict ({report['judged']}): **{report['verdict']}**. Tables: `results.md`.", ""]
    return lines
