"""bench/results.json (one entry per case, scale and database; a run replaces only its own entries) and the
table between the marker comments of a README."""

import json
import re
from pathlib import Path

from .settings import ROOT

RESULTS = ROOT / "bench" / "results.json"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _key(entry: dict) -> tuple:
    """A case whatever its size (a run with another sheet size replaces the old row)."""
    return re.sub(r"[\d,]+", "N", entry["case"]), entry["scale"], entry["db"]


def merge(entries: list[dict], path: Path = RESULTS) -> list[dict]:
    old = json.loads(path.read_text()) if path.exists() else []
    mine = {_key(e) for e in entries}
    kept = [e for e in old if _key(e) not in mine]
    merged = sorted(kept + entries, key=lambda e: (e["scale"], e["db"], e.get("order", 99), e["case"]))
    path.write_text(json.dumps(merged, ensure_ascii=False, indent=1) + "\n")
    return merged


def _meets(entry: dict) -> str:
    ratio, goal = entry.get("ratio"), entry.get("goal")
    if ratio is None or goal is None:
        return ""
    ok = ratio >= goal if entry.get("goal_kind") == "min" else ratio <= goal
    return "✅" if ok else "❌"


def _seconds(value) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def table(entries: list[dict], *, scales: set[str], machine: str) -> str:
    lines = [machine, "",
             "| scale | db (measured, UTC) | case | ours (median) | anchor | anchor (median) | ratio | goal | met |",
             "|---|---|---|---|---|---|---|---|---|"]
    for e in entries:
        if e["scale"] not in scales:
            continue
        goal = e.get("goal")
        goal_text = "" if goal is None else (f"≥ {goal}" if e.get("goal_kind") == "min" else f"≤ {goal}")
        ours = e.get("ours_text") or _seconds(e.get("ours_s"))
        anchor_time = e.get("anchor_text") or _seconds(e.get("anchor_s"))
        ratio = "" if e.get("ratio") is None else f"{e['ratio']:.2f}"
        when = f" ({e['measured']})" if e.get("measured") else ""
        lines.append(f"| {e['scale']} | {e['db']}{when} | {e['case']} | {ours} | {e['anchor']} | {anchor_time} | {ratio} "
                     f"| {goal_text} | {_meets(e)} |")
    return "\n".join(lines)


def write_table(readme: Path, text: str) -> None:
    content = readme.read_text() if readme.exists() else ""
    block = f"{START}\n{text}\n{END}"
    if START in content and END in content:
        head, rest = content.split(START, 1)
        content = head + block + rest.split(END, 1)[1]
    else:
        content = content.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(content)
