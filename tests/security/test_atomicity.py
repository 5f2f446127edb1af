"""No lost updates, nothing half-saved (issue 5, 等保 数据完整性).

1. A process killed in the middle of an import, a bulletin issue or a period close leaves the database exactly
   as it was. Real subprocesses (`manage.py import-sheet`, `manage.py bulletin --issue`, the period_close
   service) run against a scratch SQLite file holding the demo zone and are SIGKILLed inside their write
   transaction. These tests always use their own SQLite file, whatever DATABASE_URL says: a SIGKILL is
   meaningful for the embedded database, whose recovery is the application's (WAL) configuration; on
   PostgreSQL the server itself rolls back a killed client's transaction.
2. SQLite as configured (WAL, BEGIN IMMEDIATE, 20 s busy timeout) lets several processes write at once through
   the services without "database is locked".
3. Two people on the same report through the page: the second save is refused and the first is kept. (The
   project forms are covered by tests/test_versions.py and tests/test_bad_input.py, the service by
   tests/dispatch/test_dispatch_services.py.)
"""

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from openpyxl import Workbook

from tuijin.core.models import AuditEvent
from tuijin.dispatch.models import Period, ProgressReport
from tuijin.projects.models import ListMembership, Project

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("atomicity_worker.py")
PERIOD = "2025-06"  # the demo zone's open period
STALE = "已被他人修改"
# The models the issue names, by table: compared first so a failure says which one changed.
NAMED = {"Project": "projects_project", "ProgressReport": "dispatch_progressreport",
         "AuditEvent": "core_auditevent", "Region": "org_region", "Department": "org_department",
         "Enterprise": "org_enterprise"}


# --- the scratch database ----------------------------------------------------------------------------------------

def child_env(var_dir: Path) -> dict:
    """The environment of a child process: its own SQLite file under var_dir, never the tests' database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(TUIJIN_VAR_DIR=str(var_dir), TUIJIN_ENV="development", TUIJIN_DEBUG="1",
               DJANGO_SETTINGS_MODULE="config.settings", PYTHONUNBUFFERED="1")
    return env


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The demo zone (migrated, a coordinator, 47 projects, 2024-01 … 2025-05 closed, 2025-06 open), built once
    by `manage.py demo --no-serve` (about 7 s); each test works on a copy."""
    var = tmp_path_factory.mktemp("demo-zone")
    done = subprocess.run([sys.executable, "manage.py", "demo", "--no-serve"], cwd=ROOT, env=child_env(var),
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return var / "tuijin.sqlite3"


@pytest.fixture
def var_dir(demo_db, tmp_path) -> Path:
    var = tmp_path / "var"
    var.mkdir()
    shutil.copy(demo_db, var / "tuijin.sqlite3")
    return var


def every_table(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read through a fresh connection (which also runs SQLite's WAL recovery)."""
    with closing(sqlite3.connect(db)) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall() for name in names}


def assert_as_before(db: Path, before: dict) -> None:
    after = every_table(db)
    for model, table in NAMED.items():
        assert len(after[table]) == len(before[table]), f"{model}: {len(before[table])} rows → {len(after[table])}"
        assert after[table] == before[table], f"{model} rows changed"
    assert after == before, [t for t in after if after[t] != before.get(t)]
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def write_lock_held(probe: sqlite3.Connection) -> bool:
    """Whether another connection holds the database's write lock: BEGIN IMMEDIATE with no busy timeout."""
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error), error
        return True
    probe.execute("ROLLBACK")
    return False


# --- the sheet ---------------------------------------------------------------------------------------------------

HEADER = ["序号", "县区", "项目名称", "项目单位", "建设性质", "建设起止年限", "总投资", "2025年计划投资",
          "1-6月完成投资", "开工时间", "形象进度", "存在问题", "责任领导", "责任单位"]


def dispatch_sheet(path: Path, rows: int) -> Path:
    """A dispatch sheet in the layout of tests/exchange/test_sheet_import.py (title, note, header, rows), in 万元
    for 1-6月. Every row is a new project, and rows also bring new regions, enterprises, departments and
    leaders, started projects and problems: an import writes to every table the test compares. Rows repeat
    the same few patterns, so a short sheet that commits cleanly (the pause-at-commit import below) shows a
    long one would too: the long sheet's unchanged database is due to the kill, not to a rejected sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2025年重点项目推进情况表"])
    sheet.append(["填报单位：高新区项目办　　截至2025年6月底　　单位：万元"])
    sheet.append(HEADER)
    for i in range(1, rows + 1):
        sheet.append([i, f"断电测试片区{i % 5}", f"断电测试项目{i:05d}号", f"断电测试企业{i % 40}有限公司", "新建",
                      "2025-2026", 1000 + i, 500, 100 + i % 10, "2025.03" if i % 2 else None, "主体施工",
                      f"用地问题{i}" if i % 3 == 0 else "无", f"断电测试领导{i % 4}", f"断电测试局{i % 6}"])
    workbook.save(path)
    return path


def start(args: list, var_dir: Path, name: str) -> subprocess.Popen:
    """A child process with the venv's Python, its output kept in var_dir/NAME.out and .err."""
    with (var_dir / f"{name}.out").open("w") as out, (var_dir / f"{name}.err").open("w") as err:
        return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=child_env(var_dir), stdout=out, stderr=err)


def output(var_dir: Path, name: str) -> tuple[str, str]:
    return (var_dir / f"{name}.out").read_text(), (var_dir / f"{name}.err").read_text()


# --- 1. killed in the middle -------------------------------------------------------------------------------------

def test_an_import_killed_mid_transaction_leaves_the_database_as_before(var_dir):
    """The unchanged `manage.py import-sheet` with 3,000 new projects (a full run takes over a minute here), killed
    a second into its write transaction.

    The kill point: the import writes nothing outside its one transaction.atomic() (the sheet is parsed first,
    the result printed after), and the SQLite settings begin every transaction with BEGIN IMMEDIATE, which takes
    the database's write lock at once. So "another connection cannot take the write lock" (a BEGIN IMMEDIATE
    probe with no busy timeout) means the import is inside its transaction. The WAL file is no signal: SQLite
    keeps an uncommitted transaction's pages in its cache (2 MB) and spills them to the WAL only when it
    overflows, which takes this import longer than the test should. After the lock is first seen, the test waits
    a second (rows being written: about 30 ms a row here), checks the lock is still held and the process
    alive, and kills it. The printed summary never appears: import_sheet never returned."""
    db = var_dir / "tuijin.sqlite3"
    sheet = dispatch_sheet(var_dir / "big.xlsx", rows=3000)
    before = every_table(db)
    process = start(["manage.py", "import-sheet", str(sheet), "--period", PERIOD, "--user", "coordinator"],
                    var_dir, "import")
    try:
        with closing(sqlite3.connect(db, timeout=0, isolation_level=None)) as probe:
            deadline = time.monotonic() + 60
            while not write_lock_held(probe):
                assert process.poll() is None, f"the import ended before writing: {output(var_dir, 'import')}"
                assert time.monotonic() < deadline, "the import never began its transaction"
                time.sleep(0.02)
            time.sleep(1)
            assert process.poll() is None and write_lock_held(probe), "the import left its transaction too soon"
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    stdout, _stderr = output(var_dir, "import")
    assert "新建" not in stdout, stdout
    assert_as_before(db, before)


# What each paused process must have written inside its transaction before the kill (seen by the process itself,
# in the marker): proof that the kill comes after every write of the operation, with only the COMMIT missing.
def import_done(marker, before):
    return (marker["actions"].count("project.create") == 40 and "report.import" in marker["actions"]
            and "region.create" in marker["actions"] and "enterprise.create" in marker["actions"]
            and marker["counts"]["projects_project"] == len(before["projects_project"]) + 40)


def bulletin_done(marker, before):
    return (marker["actions"] == ["bulletin.issue"]
            and marker["counts"]["dispatch_bulletin"] == len(before["dispatch_bulletin"]) + 1)


def close_done(marker, before):
    return (marker["actions"] == ["period.close", "warnings.snapshot"]
            and marker["period_status"]["2025-6"] == "closed")


PAUSED = {
    "import": (lambda v: ["import-sheet", str(dispatch_sheet(v / "small.xlsx", rows=40)), "--period", PERIOD,
                          "--user", "coordinator"], import_done),
    "bulletin": (lambda v: ["bulletin", "--period", PERIOD, "-o", str(v / "bulletin.docx"), "--issue",
                            "--user", "coordinator"], bulletin_done),
    "close": (lambda v: ["close-period", PERIOD, "coordinator"], close_done),
}


@pytest.mark.parametrize("operation", list(PAUSED))
def test_killed_at_the_commit_leaves_the_database_as_before(operation, var_dir):
    """The kill point: the worker runs the operation unchanged but replaces the connection's COMMIT by a pause,
    after writing (from inside its open transaction) what it has written so far. When that marker appears, every
    statement of the import / bulletin issue / period close has run and only the COMMIT is missing: the latest,
    most half-saved moment a process can die at. The test kills it there."""
    db = var_dir / "tuijin.sqlite3"
    command, done = PAUSED[operation]
    args = command(var_dir)
    before = every_table(db)
    marker = var_dir / "marker.json"
    process = start([str(WORKER), "pause-at-commit", str(marker), "--", *args], var_dir, operation)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, f"{operation} ended without reaching its commit: {output(var_dir, operation)}"
            assert time.monotonic() < deadline, f"{operation} never reached its commit"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    inside = json.loads(marker.read_text(encoding="utf-8"))
    assert inside["in_transaction"] and done(inside, before), inside
    assert_as_before(db, before)

    if operation == "bulletin":
        # Issued again for real, the bulletin is 第1期: the killed attempt left no number taken.
        again = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=child_env(var_dir),
                               capture_output=True, text=True, timeout=60)
        assert again.returncode == 0, again.stderr
        assert "（第1期）" in again.stdout
        with closing(sqlite3.connect(db)) as conn:
            assert conn.execute("SELECT number FROM dispatch_bulletin").fetchall() == [(1,)]


# --- 2. SQLite concurrency ---------------------------------------------------------------------------------------

WRITERS, WRITES, HOLD = 4, 15, 1.0


def test_concurrent_writers_never_see_database_is_locked(var_dir):
    """Four processes, each a different user saving its own project's report 15 times through report_save and
    recording 15 audit events through audit.record, start together on the demo zone's SQLite file. The test
    itself holds the write lock for the first second, so every writer's first write has to wait for it: with
    the settings' busy timeout they wait and succeed; a fifth writer with the timeout set to 0 (the negative
    control) fails at once with "database is locked", which shows the test would see the error."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking: PostgreSQL has row locks and no busy timeout")
    db = var_dir / "tuijin.sqlite3"
    go = var_dir / "go"
    processes = []
    for index in range(WRITERS + 1):
        control = index == WRITERS  # a few attempts, all made while the test still holds the lock
        args = [str(WORKER), "write", "--index", str(index), "--writes", str(3 if control else WRITES),
                "--go", str(go), "--out", str(var_dir / f"writer{index}.json")]
        if control:
            args += ["--timeout", "0"]
        processes.append(start(args, var_dir, f"writer{index}"))
    try:
        deadline = time.monotonic() + 60
        while not all((var_dir / f"writer{i}.json.ready").exists() for i in range(WRITERS + 1)):
            assert all(p.poll() is None for p in processes), "a writer failed to start"
            assert time.monotonic() < deadline, "the writers never got ready"
            time.sleep(0.02)
        with closing(sqlite3.connect(db, isolation_level=None)) as holder:
            holder.execute("BEGIN IMMEDIATE")
            released_at = time.time() + HOLD
            go.touch()
            time.sleep(HOLD)
            holder.execute("ROLLBACK")
        for process in processes:
            process.wait(timeout=60)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    results = []
    for index in range(len(processes)):
        report = var_dir / f"writer{index}.json"
        assert report.exists(), output(var_dir, f"writer{index}")
        results.append(json.loads(report.read_text(encoding="utf-8")))

    writers, control = results[:WRITERS], results[WRITERS]
    for index, (process, result) in enumerate(zip(processes, writers, strict=False)):
        assert result["errors"] == [] and process.returncode == 0, (index, result.get("traceback"))
        assert (result["saved"], result["recorded"]) == (WRITES, WRITES)
        assert result["first_saved"] >= released_at - 0.05, "a writer saved while the test held the lock"
    assert len({r["user"] for r in writers}) == len({r["project"] for r in writers}) == WRITERS
    assert max(r["start"] for r in writers) < min(r["end"] for r in writers), "the writers did not overlap"

    assert processes[WRITERS].returncode == 1 and control["saved"] == 0
    assert len(control["errors"]) == 3 and all("database is locked" in e for e in control["errors"]), control

    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM core_auditevent WHERE action = 'test.concurrent'").fetchone()[0] \
            == WRITERS * WRITES
        for index, result in enumerate(writers):
            invest, text = conn.execute(
                "SELECT r.invest_month, r.progress_text FROM dispatch_progressreport r JOIN dispatch_period p "
                "ON p.id = r.period_id WHERE r.project_id = ? AND p.year = 2025 AND p.month = 6",
                (result["project"],)).fetchone()
            assert (Decimal(str(invest)), text) == (Decimal(100 * index + WRITES - 1), f"并发写入{WRITES - 1}")


# --- 3. two people on the same report, through the page ----------------------------------------------------------

@pytest.fixture
def due(project, programme):
    """`project` is due to report in an open May 2025: on the 2025 list and under construction."""
    ListMembership.objects.create(project=project, programme=programme, annual_plan=Decimal(1000))
    Project.objects.filter(pk=project.pk).update(stage="construction", actual_start=date(2025, 1, 5))
    return Period.objects.create(region=project.region, year=2025, month=5, deadline=date(2025, 6, 5))


def person(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opened_version(client, url) -> str:
    """The version the report form carries when this person opens it ("" for a report not yet filled)."""
    html = client.get(url).content.decode()
    match = re.search(r'<input type="hidden" name="version"(?: value="(\d*)")?', html)
    assert match, "the report form carries no version"
    return match[1] or ""


def form(version, invest, text, button="save") -> dict:
    return {"invest_month": invest, "progress_text": text, "version": version, button: "1"}


def report_state(period, project):
    return list(ProgressReport.objects.filter(period=period, project=project).values(
        "invest_month", "progress_text", "status", "version", "submitted_by"))


def data_events():
    return list(AuditEvent.objects.exclude(action__in=["login", "logout", "access.denied"]).values_list("pk", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("button", ["save", "submit"])
def test_the_second_person_on_a_report_is_refused_and_the_first_kept(button, due, project, owner_user,
                                                                     department_user):
    """The owner and the lead department both open the same draft report; the owner saves first. The department's
    save (or 报送) on the form it opened earlier is refused with the reason in Chinese, and the owner's figures,
    status and version stay, with no audit event for the refused save."""
    ProgressReport.objects.create(period=due, project=project, invest_month=Decimal(10), progress_text="初稿")
    url = f"/dispatch/{due.pk}/projects/{project.pk}/"
    owner, department = person(owner_user), person(department_user)
    owner_opened, department_opened = opened_version(owner, url), opened_version(department, url)
    assert owner_opened == department_opened == "1"

    assert owner.post(url, form(owner_opened, "150", "业主填的形象进度")).status_code == 302
    kept, events = report_state(due, project), data_events()
    assert kept[0]["invest_month"] == Decimal(150) and kept[0]["version"] == 2

    response = department.post(url, form(department_opened, "999", "责任单位填的形象进度", button))
    assert response.status_code == 200
    html = response.content.decode()
    assert "未保存" in html and "保存未成功：此报告在您打开之后已被他人修改，请刷新后再填。" in html
    assert report_state(due, project) == kept and data_events() == events

    # Refreshed, the department sees the owner's figures and the current version, and can save over them.
    assert opened_version(department, url) == "2"
    assert "业主填的形象进度" in department.get(url).content.decode()


@pytest.mark.django_db
def test_two_people_filling_a_new_report_the_second_is_refused(due, project, owner_user, department_user):
    url = f"/dispatch/{due.pk}/projects/{project.pk}/"
    owner, department = person(owner_user), person(department_user)
    owner_opened, department_opened = opened_version(owner, url), opened_version(department, url)
    assert owner.post(url, form(owner_opened, "150", "业主填的形象进度")).status_code == 302
    kept = report_state(due, project)

    response = department.post(url, form(department_opened, "999", "责任单位填的形象进度"))
    assert STALE in response.content.decode()
    assert report_state(due, project) == kept
