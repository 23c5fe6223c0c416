"""The report in other shapes: the JSON file, lines for a terminal, and a Markdown page.

``write_report(report, "eval/results.json")`` writes the JSON (indented, one line per run, so a committed
file diffs readably) and, beside it, ``results.md``: the same numbers as tables, made by the same run,
so a README can point at them instead of copying numbers that go stale.
"""

from __future__ import annotations

import json
from pathlib import Path

COLUMNS = [("skip_1_10", "skip 1-10"), ("skip_11_30", "skip 11-30"), ("skip_31_60", "skip 31-60"),
           ("loved_share", "loved"), ("diversity", "diversity"), ("coverage", "coverage")]


def write_report(report: dict, out: str | Path) -> Path:
    """The report as indented JSON, one line per run (so a committed results file diffs readably)."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    marker = "\"@runs@\""
    text = json.dumps({**report, "runs": "@runs@"}, indent=1)
    runs = "[\n" + ",\n".join("  " + json.dumps(r) for r in report["runs"]) + "\n ]"
    path.write_text(text.replace(marker, runs) + "\n")
    path.with_suffix(".md").write_text("\n".join(markdown_lines(report)) + "\n")
    return path


def summary_lines(report: dict) -> list[str]:
    """A few readable lines: the table per configuration, play-similar precision, the verdict."""
    lines = [f"library: {report['library']['source']} — {report['library']['items']} items, "
             f"{len(report['library']['labels'])} labels; {len(report['runs'])} runs in {report['seconds']} s"]
    columns = COLUMNS
    for config, by_strategy in report["results"].items():
        lines.append("")
        lines.append(f"[{config}]  mean ± std over {report['settings']['profiles']} profiles × "
                     f"{report['settings']['seeds']} seeds")
        lines.append(f"{'strategy':<11}" + "".join(f"{title:>15}" for _, title in columns))
        for name, metrics in by_strategy.items():
            cells = []
            for key, _ in columns:
                m = metrics.get(key)
                cells.append(f"{m['mean']:.3f} ± {m['std']:.3f}" if m else "—")
            lines.append(f"{name:<11}" + "".join(f"{c:>15}" for c in cells))
        t = report["targets"][config]
        if "vs_random" in t:
            lines.append(f"targets (skip 31-60): model {t['model']:.3f} ≤ {t['vs_random']['limit']:.3f} "
                         f"(½ random) {'PASS' if t['vs_random']['pass'] else 'FAIL'}; ≤ "
                         f"{t['vs_similarity']['limit']:.3f} (¾ similarity) "
                         f"{'PASS' if t['vs_similarity']['pass'] else 'FAIL'}")
            wins = t.get("model_better_in")
            if wins:
                lines.append(f"model lower than random in {wins['random']:.0%}, than similarity in "
                             f"{wins['similarity']:.0%} of paired runs (same profile and seed)")
    lines.append("")
    for config, by_strategy in report["suggest_ms"].items():
        if by_strategy.get("model"):
            m = by_strategy["model"]
            lines.append(f"model next() [{config}]: p50 {m['p50']} ms, p95 {m['p95']} ms over {m['calls']} calls")
    for modality, p in report["play_similar_precision_at_5"].items():
        lines.append(f"play similar precision@5 ({modality}): {p['mean']} (random {p['random']})")
    lines.append(f"verdict ({report['judged']}): {report['verdict']}")
    return lines


def _cell(metric: dict | None) -> str:
    return f"{metric['mean']:.3f} ± {metric['std']:.3f}" if metric else "—"


def markdown_lines(report: dict) -> list[str]:
    """The results as Markdown: one table per configuration, targets, precision, speed."""
    lib, st = report["library"], report["settings"]
    lines = ["# Evaluation results", "",
             f"Library `{lib['source']}`: {lib['items']} items in {len(lib['labels'])} labels "
             f"({', '.join(f'{k} {v}' for k, v in lib['labels'].items())}). "
             f"{st['profiles']} profiles × {st['seeds']} seeds × {st['steps']} suggestions, flip "
             f"{st['listener']['flip']}, cool-down {st['cooldown']} plays; {len(report['runs'])} runs in "
             f"{report['seconds']} s. Code: recommend `{report['code']['recommend']}`, evaluation "
             f"`{report['code']['evaluation']}`.", "",
             f"**Verdict ({report['judged']}): {report['verdict']}**"]
    for config, by_strategy in report["results"].items():
        lines += ["", f"## `{config}` — mean ± std over runs", "",
                  "| strategy | " + " | ".join(title for _, title in COLUMNS) + " |",
                  "|---" * (len(COLUMNS) + 1) + "|"]
        for name, metrics in by_strategy.items():
            lines.append(f"| {name} | " + " | ".join(_cell(metrics.get(key)) for key, _ in COLUMNS) + " |")
        t = report["targets"][config]
        if "vs_random" in t:
            lines += ["", f"Skip rate over suggestions 31–60: model {t['model']:.3f}; ≤ ½ random "
                      f"({t['vs_random']['limit']:.3f}): **{'pass' if t['vs_random']['pass'] else 'fail'}**; "
                      f"≤ ¾ similarity-only ({t['vs_similarity']['limit']:.3f}): "
                      f"**{'pass' if t['vs_similarity']['pass'] else 'fail'}**."]
            wins = t.get("model_better_in")
            if wins:
                lines.append(f"The model's is lower than random's in {wins['random']:.0%} and than "
                             f"similarity-only's in {wins['similarity']:.0%} of paired runs (same profile "
                             "and seed).")
        ms = report["suggest_ms"].get(config, {}).get("model")
        if ms:
            lines += ["", f"`next`: p50 {ms['p50']} ms, p95 {ms['p95']} ms over {ms['calls']} calls."]
    lines += ["", "## Play similar: precision@5 by label", "",
              "| label | " + " | ".join(report["play_similar_precision_at_5"]) + " |",
              "|---" * (len(report["play_similar_precision_at_5"]) + 1) + "|"]
    precision = report["play_similar_precision_at_5"]
    labels = sorted({lab for p in precision.values() for lab in p["by_label"]})
    for lab in labels:
        lines.append(f"| {lab} | " + " | ".join(f"{p['by_label'].get(lab, float('nan')):.2f}"
                                               for p in precision.values()) + " |")
    lines.append("| **all seeds** | " + " | ".join(f"**{p['mean']:.3f}**" for p in precision.values()) + " |")
    first = next(iter(precision.values()))
    lines += ["", f"Random picking would score {first['random']:.3f}."]
    profiles = "; ".join(f"loves {', '.join(p['loved'])} / dislikes {', '.join(p['disliked'])}"
                         for p in report["profiles"])
    lines += ["", f"Profiles: {profiles}."]
    return lines
