"""Peak resident memory of the sheet import and the 调度表 export, each in a fresh subprocess, next to the same
process's peak after Django and the data were set up (the baseline).

The peak is the kernel's high-water mark of the process's own memory (VmHWM in /proc/self/status).
resource.getrusage's ru_maxrss is reported too, but on Linux it also carries the resident size of the parent
the child was forked from (the bench runner, several hundred MB), so it cannot show the child's own peak.

    .venv/bin/python -m bench.memory --scale city --db sqlite --what export
"""

import argparse
import json
import os
import resource
import subprocess
import sys

from .settings import ROOT, configure

GOAL_MB = 300


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return _maxrss_mb()


def child(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale")
    parser.add_argument("--db")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--what", choices=["import", "export"])
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args(argv)
    configure(args.scale, args.db, args.seed)
    import django

    django.setup()
    from django.db import transaction

    from . import sheet
    from .data import scene

    s = scene()
    path = sheet.build(s.import_period, sheet.sheet_path(args.scale, args.db, args.rows), args.rows)
    baseline = _peak_mb()
    if args.what == "export":
        from tuijin.exchange.dispatch_sheet import dispatch_workbook

        size = len(dispatch_workbook(s.period))
        detail = f"{size // 1024} KB workbook"
    else:
        from tuijin.exchange.sheet_import import import_sheet

        with transaction.atomic():
            result = import_sheet(actor=s.coordinator, file=str(path), period=s.import_period)
            transaction.set_rollback(True)
        detail = f"{result.rows} rows, {len(result.errors)} errors"
    print(json.dumps({"peak_mb": round(_peak_mb(), 1), "baseline_mb": round(baseline, 1),
                      "maxrss_mb": round(_maxrss_mb(), 1), "detail": detail}))


def measure_all(args, scene) -> list[dict]:
    from tuijin.exchange.dispatch_sheet import sheet_projects

    entries = []
    for what, label in (("import", f"peak memory, import of a {args.import_rows:,}-row sheet (committed)"),
                        ("export", f"peak memory, 调度表 export of {sheet_projects(scene.period).count():,} projects")):
        output = subprocess.run(
            [sys.executable, "-m", "bench.memory", "--scale", args.scale, "--db", args.db, "--seed", str(args.seed),
             "--what", what, "--rows", str(args.import_rows)],
            cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, check=True).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        print(f"— {label}: peak {figures['peak_mb']} MB (after set-up {figures['baseline_mb']} MB; "
              f"{figures['detail']})", flush=True)
        entries.append({"case": label, "scale": args.scale, "db": args.db, "ours_s": None,
                        "ours_text": f"{figures['peak_mb']:.0f} MB", "anchor": "the goal (process peak RSS)",
                        "anchor_s": None, "anchor_text": f"{GOAL_MB} MB",
                        "ratio": round(figures["peak_mb"] / GOAL_MB, 3), "goal": 1.0, "order": 20,
                        "checked": f"baseline {figures['baseline_mb']} MB; ru_maxrss {figures['maxrss_mb']} MB "
                                   f"(includes the forked parent); {figures['detail']}"})
    return entries


if __name__ == "__main__":
    child()
