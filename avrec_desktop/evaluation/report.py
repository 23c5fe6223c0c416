"""The report in other shapes: the JSON file, lines for a terminal, and a Markdown page.

``write_report(report, "eval/results.json")`` writes the JSON (indented, one line per run, so a committed
file diffs readably) and, beside it, ``results.md``: the same numbers as tables, made by the same run,
so a README can point at them instead of copying numbers that go stale. ``eval/README.md``'s summary is
``readme_summary_lines`` of the same JSON (``python -m avrec_desktop.evaluation.report eval/results.json``
rewrites both from the JSON without rerunning anything; a test fails when either differs from it).
"""

from __future__ import annotations

import json
from pathlib import Path

IN_SAMPLE = ("**In-sample numbers.** The recommender's defaults and the sonic descriptor's reference statistics "
             "were tuned on this same labelled library, so these figures say the model learns here, not how well "
             "it generalises to a library it has not seen; a held-out evaluation is still to come.")
SUMMARY_BEGIN = "<!-- summary: generated from results.json by avrec_desktop.evaluation.report -->"
SUMMARY_END = "<!-- end of summary -->"

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


def regenerate(results: str | Path, readme: str | Path | None = None) -> None:
    """Rewrite ``results.md`` (and the summary block of ``readme``) from an existing results JSON."""
    path = Path(results)
    report = json.loads(path.read_text())
    path.with_suffix(".md").write_text("\n".join(markdown_lines(report)) + "\n")
    if readme is not None:
        readme = Path(readme)
        readme.write_text(with_summary(readme.read_text(), report))


def with_summary(text: str, report: dict) -> str:
    """``text`` with the lines between the summary markers replaced by ``readme_summary_lines(report)``."""
    head, found, rest = text.partition(SUMMARY_BEGIN)
    _, found_end, tail = rest.partition(SUMMARY_END)
    if not (found and found_end):
        raise ValueError("the README has no summary markers")
    return head + "\n".join([SUMMARY_BEGIN, *readme_summary_lines(report), SUMMARY_END]) + tail


def _verdict(t: dict, key: str) -> str:
    return "**pass**" if t[key]["pass"] else "**fail**"


def readme_summary_lines(report: dict) -> list[str]:
    """The short summary ``eval/README.md`` shows, every number read from the report."""
    if report.get("kind") == "learning-sweep":  # dev and held-out side by side
        from avrec_desktop.evaluation.results_page import summary_lines as sweep_summary

        return sweep_summary(report)
    judged = report["judged"]
    res, t = report["results"][judged], report["targets"][judged]
    n = res["model"]["skip_31_60"]["n"]

    def late(name):
        m = res[name]["skip_31_60"]
        return f"{m['mean']:.3f} ± {m['std']:.3f}"

    lines = ["", IN_SAMPLE, "",
             f"Run of recommend `{report['code']['recommend']}` / evaluation `{report['code']['evaluation']}` "
             f"({len(report['runs'])} runs in {report['seconds']} s):", "",
             f"- `{judged}` (judged), skip rate over suggestions 31–60, mean ± std of {n} runs: random "
             f"{late('random')}, similarity-only {late('similarity')}, **model {late('model')}**, oracle (ceiling) "
             f"{late('oracle')}. Targets: ≤ ½ random ({t['vs_random']['limit']:.3f}) {_verdict(t, 'vs_random')}, "
             f"≤ ¾ similarity-only ({t['vs_similarity']['limit']:.3f}) {_verdict(t, 'vs_similarity')}; the model is "
             f"lower than random in {t['model_better_in']['random']:.0%} and than similarity-only in "
             f"{t['model_better_in']['similarity']:.0%} of paired runs. Skip rate 1–10 → 31–60 for the model: "
             f"{res['model']['skip_1_10']['mean']:.3f} → {res['model']['skip_31_60']['mean']:.3f}; loved share "
             f"{res['model']['loved_share']['mean']:.2f} (similarity-only {res['similarity']['loved_share']['mean']:.2f}, "
             f"random {res['random']['loved_share']['mean']:.2f})."]
    for config, other in report["results"].items():
        if config == judged:
            continue
        ot = report["targets"][config]
        both = "both targets pass" if ot["vs_random"]["pass"] and ot["vs_similarity"]["pass"] else "a target fails"
        lines.append(f"- `{config}`: random {other['random']['skip_31_60']['mean']:.3f}, similarity-only "
                     f"{other['similarity']['skip_31_60']['mean']:.3f}, model {other['model']['skip_31_60']['mean']:.3f} "
                     f"({both}).")
    precision = report["play_similar_precision_at_5"]
    first = next(iter(precision.values()))
    lines.append(f"- \"Play similar\" precision@5 over {first['seeds']} seeds (random {first['random']:.3f}): "
                 + ", ".join(f"{'audio alone' if name == 'audio' else 'fused' if name == 'all' else name} "
                             f"**{p['mean']:.3f}**" for name, p in precision.items()) + ".")
    ms = report["suggest_ms"][judged]["model"]
    lines += [f"- `next`: p50 {ms['p50']} ms, p95 {ms['p95']} ms (`{judged}`), {report['library']['items']} items.", ""]
    return lines


def summary_lines(report: dict) -> list[str]:
    """A few readable lines: the table per configuration, play-similar precision, the verdict."""
    lines = [f"library: {report['library']['source']} — {report['library']['items']} items, "
             f"{len(report['library']['labels'])} labels; {len(report['runs'])} runs in {report['seconds']} s"]
    if report.get("listener"):
        lines.append(f"listener: {report['listener']['describe']}")
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
        if t.get("coverage"):
            c = t["coverage"]
            lines.append(f"coverage: model {c['model']:.3f} ≥ {c['limit']:.3f} (⅔ random) "
                         f"{'PASS' if c['pass'] else 'FAIL'}")
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
    if report.get("kind") == "learning-sweep":
        from avrec_desktop.evaluation.results_page import page_lines

        return page_lines(report)
    lib, st = report["library"], report["settings"]
    lines = ["# Evaluation results", "",
             f"Library `{lib['source']}`: {lib['items']} items in {len(lib['labels'])} labels "
             f"({', '.join(f'{k} {v}' for k, v in lib['labels'].items())}). "
             f"{st['profiles']} profiles × {st['seeds']} seeds × {st['steps']} suggestions, flip "
             f"{st['listener']['flip']}, cool-down {st['cooldown']} plays; {len(report['runs'])} runs in "
             f"{report['seconds']} s. Code: recommend `{report['code']['recommend']}`, evaluation "
             f"`{report['code']['evaluation']}`.", "",
             IN_SAMPLE, "",
             *([f"Listener: {report['listener']['describe']} (`evaluation/listener.py`).", ""]
               if report.get("listener") else []),
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


if __name__ == "__main__":
    import sys

    regenerate(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
