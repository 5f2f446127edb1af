"""`make bench SCALE=city|province DB=sqlite|postgres`: build or reuse the bench database, check that each case
and its anchor agree, time both (warm-up, then several runs, median), and write bench/results.json and the
README table.

    .venv/bin/python -m bench.run --scale city --db sqlite [--seed 1] [--repeats 5] [--only dashboard,...]
"""

import argparse
import os
import platform
import sys
import time

from . import report
from .settings import ROOT, configure


def parse(argv=None):
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--scale", choices=["city", "province"], default="city")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds of timed runs per side of a case")
    parser.add_argument("--import-rows", type=int, default=10000, help="rows of the imported dispatch sheet")
    parser.add_argument("--only", default="", help="comma-separated case modules (dashboard,registry,...)")
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out (throughput,memory)")
    parser.add_argument("--readme", default="", help="README to put the table in (default: README.md for city, "
                                                     "bench/README.md for province)")
    return parser.parse_args(argv)


def NOTHING():
    return None


CASE_MODULES = ["dashboard", "registry", "warnings", "sheets", "bulletin"]


def machine_note(args, load_before: float) -> str:
    """Where and when, with the 1-minute load average before and after the run (read, not assumed): the machine is
    shared, and a loaded machine stretches every timing."""
    return (f"Latest run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} (`make bench SCALE={args.scale} "
            f"DB={args.db}`) on {platform.machine()} with {os.cpu_count()} cores; 1-minute load average "
            f"{load_before:.1f} before the run and {os.getloadavg()[0]:.1f} after it. Timings are medians. "
            f"Python {platform.python_version()}.")


def vacuum(args) -> None:
    """On PostgreSQL, before each part: the committed import's rolled-back rows leave dead tuples behind, and
    without a vacuum every later case (and the next run) scans them — the city dashboard went from 1.4 s to
    2.3 s after one import run, and back after VACUUM ANALYZE."""
    if args.db != "postgres":
        return
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main(argv=None) -> int:
    args = parse(argv)
    load_before = os.getloadavg()[0]
    configure(args.scale, args.db, args.seed)
    os.environ["BENCH_SCALE"], os.environ["BENCH_DB"] = args.scale, args.db
    os.environ["BENCH_IMPORT_ROWS"] = str(args.import_rows)
    from .data import prepare

    prepare(args.scale, args.db, args.seed)
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test Client read response.context (templates are rendered either way)
    settings.ALLOWED_HOSTS = ["*"]
    settings.ROOT_URLCONF = "bench.urls"  # adds the registry case's admin anchor
    from .data import scene
    from .timing import Timing, measure

    s = scene()
    seen: dict = {}

    def timed(work):
        """(result, Timing) of `work`. Its first run gives the result the agreement check reads and is the warm-up;
        a first run over half the budget is the one timed run (a second would only double the wait). A callable
        already timed is not timed again: the committed import's anchor is the dry run the case before timed."""
        if work not in seen:
            started = time.perf_counter()
            result = work()
            first = time.perf_counter() - started
            timing = Timing([first]) if first > args.budget / 2 else measure(
                work, repeats=args.repeats, warmup=NOTHING, budget=args.budget)
            seen[work] = (result, timing)
        return seen[work]

    only = {name for name in args.only.split(",") if name}
    skip = {name for name in args.skip.split(",") if name}
    entries = []
    for module_name in CASE_MODULES:
        if only and module_name not in only:
            continue
        vacuum(args)
        module = __import__(f"bench.cases.{module_name}", fromlist=["cases"])
        cases = module.cases(s) if hasattr(module, "cases") else [module.case(s)]
        for case in cases:
            print(f"— {case.name}", flush=True)
            mine, ours = timed(case.ours)
            anchors = [(case.name, case.anchor, case.anchor_fn)] + [
                (f"{case.name} (anchor: {label.split(',')[0]})", label, fn) for label, fn in case.more_anchors]
            for name, label, fn in anchors:
                theirs, anchor = timed(fn)
                note = case.agree(mine, theirs)
                print(f"  agree: {note}", flush=True)
                ratio = ours.median / anchor.median
                print(f"  ours {ours.median:.3f}s ({len(ours.runs)} runs)  {label} {anchor.median:.3f}s "
                      f"({len(anchor.runs)} runs)  ratio {ratio:.2f} (goal ≤ {case.goal})", flush=True)
                entries.append({"case": name, "scale": args.scale, "db": args.db,
                                "ours_s": round(ours.median, 4), "anchor": label,
                                "anchor_s": round(anchor.median, 4), "ratio": round(ratio, 3), "goal": case.goal,
                                "runs": [len(ours.runs), len(anchor.runs)], "checked": note, "order": case.order,
                                **case.extra})
    if "memory" not in skip and (not only or "memory" in only):
        from .memory import measure_all

        entries += measure_all(args, s)
    if args.db == "postgres" and "throughput" not in skip and (not only or "throughput" in only):
        from .throughput import measure_all as throughput

        vacuum(args)
        entries += throughput(args, s)
    stamp = time.strftime("%m-%d %H:%M", time.gmtime())
    for entry in entries:
        entry["measured"] = stamp
    merged = report.merge(entries)
    readme = ROOT / (args.readme or ("README.md" if args.scale == "city" else "bench/README.md"))
    scales = {"city"} if readme.name == "README.md" and readme.parent == ROOT else {args.scale}
    report.write_table(readme, report.table(merged, scales=scales, machine=machine_note(args, load_before)))
    print(f"wrote {report.RESULTS} and the table in {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
