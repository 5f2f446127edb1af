"""A child process for tests/security/test_atomicity.py, run against a scratch SQLite database
(TUIJIN_VAR_DIR points at it). It is not a test module; the tests start it with the venv's Python.

    atomicity_worker.py pause-at-commit MARKER -- COMMAND ARGS...
        Runs the management command (import-sheet, bulletin, ...) or `close-period YYYY-MM USER` unchanged,
        except that the transaction's COMMIT never happens: when the outermost atomic block reaches it, the
        worker writes MARKER (a JSON of what its own open transaction has written, read inside it) and sleeps
        until the test kills it. Every statement of the transaction has run; only the commit is missing.

    atomicity_worker.py write --index I --writes K --go FILE --out FILE [--timeout SECONDS]
        One of several concurrent writers: picks the I-th (reporting user, project) pair of the open period,
        touches OUT.ready, waits for FILE to appear, then saves that project's report K times through
        report_save and records K audit events through audit.record, and writes what happened (errors
        included) to OUT as JSON.
        --timeout overrides the settings' busy timeout (the tests' negative control uses 0).
"""

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Tables whose counts the pause marker reports, as seen inside the uncommitted transaction.
WATCHED = ["projects_project", "dispatch_progressreport", "core_auditevent", "org_region", "org_department",
           "org_enterprise", "dispatch_bulletin", "dispatch_problem", "tracking_warningsnapshot"]


def pause_at_commit(marker: Path) -> None:
    """Replace the connection's COMMIT by: describe the open transaction, then wait to be killed."""
    from django.db import connection
    from django.db.backends.base.base import BaseDatabaseWrapper

    with connection.cursor() as cursor:  # autocommit read, before anything is written
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM core_auditevent")
        first_new_event = cursor.fetchone()[0] + 1

    def commit(self):
        raw = self.connection  # the sqlite3 connection, still inside the transaction Django began
        state = {
            "in_transaction": raw.in_transaction,
            "counts": {t: raw.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in WATCHED},
            "actions": [row[0] for row in raw.execute(
                "SELECT action FROM core_auditevent WHERE id >= ? ORDER BY id", (first_new_event,))],
            "period_status": dict(raw.execute("SELECT year || '-' || month, status FROM dispatch_period")),
        }
        written = marker.with_suffix(".partial")
        written.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(written, marker)  # the test sees the marker whole or not at all
        time.sleep(120)  # the test sends SIGKILL long before this ends
        os._exit(3)  # never commit, even if nobody kills us

    BaseDatabaseWrapper.commit = commit


def close_period(label: str, username: str) -> None:
    from tuijin.dispatch.models import Period
    from tuijin.dispatch.services import period_close
    from tuijin.org.models import User

    year, month = (int(x) for x in label.split("-"))
    actor = User.objects.get(username=username)
    period = Period.objects.get(region=actor.region, year=year, month=month)
    period_close(actor=actor, period=period, reason="atomicity test")


def run_paused(marker: Path, command: list[str]) -> None:
    import django

    django.setup()
    pause_at_commit(marker)
    if command[0] == "close-period":
        close_period(*command[1:])
    else:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", *command])
    os._exit(4)  # the command returned without committing anything: not what the test expects


def writer_pairs():
    """(user, project) pairs for the open period: each user reports one project of its own, whose report is
    still a draft or not yet filled (a submitted report cannot be saved again)."""
    from tuijin.dispatch.models import Period, ProgressReport
    from tuijin.dispatch.permissions import can_fill
    from tuijin.org.models import User
    from tuijin.projects.models import Project

    period = Period.objects.get(status=Period.Status.OPEN)
    locked = set(ProgressReport.objects.filter(period=period, status__in=["submitted", "approved"]).values_list(
        "project_id", flat=True))
    projects = [p for p in Project.objects.order_by("pk") if p.pk not in locked]
    pairs, taken = [], set()
    for user in User.objects.filter(role__in=["owner", "department"], is_active=True).order_by("username"):
        for project in projects:
            if project.pk not in taken and can_fill(user, project):
                pairs.append((user, project))
                taken.add(project.pk)
                break
    return period, pairs


def run_writer(args) -> None:
    if args.timeout is not None:
        import config.settings as config

        config.DATABASES["default"]["OPTIONS"]["timeout"] = args.timeout
    import django

    django.setup()
    from decimal import Decimal

    from tuijin.core import audit
    from tuijin.dispatch.models import ProgressReport
    from tuijin.dispatch.services import report_save

    period, pairs = writer_pairs()
    user, project = pairs[args.index]
    out = {"user": user.username, "project": project.pk, "saved": 0, "recorded": 0, "errors": []}
    go = Path(args.go)
    Path(f"{args.out}.ready").touch()  # set up and about to wait: the test starts everyone at once
    while not go.exists():
        time.sleep(0.01)
    out["start"] = time.time()
    for k in range(args.writes):
        try:
            current = ProgressReport.objects.filter(period=period, project=project).values_list(
                "version", flat=True).first()
            report_save(actor=user, period=period, project=project, submit=False, expected_version=current,
                        data={"invest_month": Decimal(100 * args.index + k), "progress_text": f"并发写入{k}"})
            out["saved"] += 1
            out.setdefault("first_saved", time.time())
            audit.record(actor=user, action="test.concurrent", project=project, changes={"k": [None, k]})
            out["recorded"] += 1
        except Exception as error:  # every failure is the finding: report it, do not stop at the first
            out["errors"].append(f"{type(error).__name__}: {error}")
            out["traceback"] = traceback.format_exc()
    out["end"] = time.time()
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    sys.exit(1 if out["errors"] else 0)


def main() -> None:
    if sys.argv[1] == "pause-at-commit":
        marker, separator, *command = sys.argv[2:]
        assert separator == "--", "usage: pause-at-commit MARKER -- COMMAND ARGS..."
        run_paused(Path(marker), command)
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["write"])
    parser.add_argument("--index", type=int, required=True)
    parser.add_argument("--writes", type=int, required=True)
    parser.add_argument("--go", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=float)
    run_writer(parser.parse_args())


if __name__ == "__main__":
    main()
