"""Load test: 50 concurrent users for 60 seconds against gunicorn on PostgreSQL, loopback only.

Two halves in one file:
- the locust users (imported by locust as its locustfile): each logs in as one of the demo accounts and then
  opens the dashboard, the registry and project pages, and saves its monthly report (owners);
- the run (`python bench/load.py`, which `make load` calls): build the demo zone in the database named by
  LOAD_DATABASE_URL, start gunicorn (2 workers) on 127.0.0.1, run locust headless for a bounded time, stop
  gunicorn, and write bench/load-results.json (requests per second, p95, p99 and errors, per endpoint and in
  total).
"""

import json
import os
import platform
import random
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from locust import HttpUser, between, events, task

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "load-results.json"
PASSWORD = os.environ.get("LOAD_PASSWORD", "Tuijin-demo-2025")
# Who the simulated users are: mostly the owners and departments who file and follow reports, a few of the
# office and the leaders who read the dashboard.
ACCOUNTS = ["owner"] * 4 + ["department"] * 3 + ["coordinator"] * 2 + ["leader"]
PROJECT_LINK = re.compile(r'href="/projects/(\d+)/"')
REPORT_LINK = re.compile(r'href="/dispatch/(\d+)/projects/(\d+)/"')
VERSION = re.compile(r'name="version" value="(\d*)"')
OPENED = re.compile(r'name="opened" value="([^"]*)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --------------------------------------------------------------------------------------------------------
# The users


class OfficeUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.account = random.choice(ACCOUNTS)
        page = self.client.get("/accounts/login/", name="login (page)")
        token = CSRF.search(page.text).group(1)
        with self.client.post("/accounts/login/", name="login",
                              data={"username": self.account, "password": PASSWORD,
                                    "csrfmiddlewaretoken": token},
                              catch_response=True) as response:
            if "/accounts/login/" in response.url:
                response.failure("login refused")
        registry = self.client.get("/projects/", name="registry")
        self.projects = sorted(set(PROJECT_LINK.findall(registry.text))) or ["0"]
        self.reports = []
        if self.account == "owner":
            periods = self.client.get("/dispatch/", name="periods").text
            board = re.search(r'href="/dispatch/(\d+)/"', periods)
            if board:
                listing = self.client.get(f"/dispatch/{board.group(1)}/", name="dispatch board").text
                self.reports = sorted(set(REPORT_LINK.findall(listing)))

    @task(3)
    def dashboard(self):
        self.client.get("/dashboard/", name="dashboard")

    @task(3)
    def registry(self):
        self.client.get("/projects/", name="registry")

    @task(2)
    def registry_search(self):
        self.client.get("/projects/", params={"q": random.choice(["道路", "产业", "工程", "项目"])},
                        name="registry (search)")

    @task(4)
    def project_page(self):
        self.client.get(f"/projects/{random.choice(self.projects)}/", name="project page")

    @task(2)
    def report_submission(self):
        """An owner opens its report and saves the month's figures (a draft: it can be saved again)."""
        if not self.reports:
            return
        period, project = random.choice(self.reports)
        url = f"/dispatch/{period}/projects/{project}/"
        page = self.client.get(url, name="report (page)")
        version, opened, token = VERSION.search(page.text), OPENED.search(page.text), CSRF.search(page.text)
        if not (version and token):
            return  # not editable now (already filed): nothing to save
        data = {"csrfmiddlewaretoken": token.group(1), "version": version.group(1),
                "opened": opened.group(1) if opened else "", "invest_month": str(random.randint(10, 500)),
                "progress_text": "负载测试：主体施工中", "progress_pct": str(random.randint(10, 90))}
        with self.client.post(url, data=data, name="report (save)", catch_response=True) as response:
            # Saved (back on the report page with 草稿已保存) or refused because another user saved the same
            # report a moment earlier (已被他人修改): both are right answers; anything else is an error.
            if response.status_code != 200 or not ("草稿已保存" in response.text or "已被他人修改" in response.text):
                response.failure(f"report save: {response.status_code}")


@events.quitting.add_listener
def write_results(environment, **kwargs):
    if os.environ.get("LOAD_RESULTS") is None:
        return
    stats = environment.stats

    def row(entry) -> dict:
        return {"requests": entry.num_requests, "errors": entry.num_failures,
                "rps": round(entry.total_rps, 2),
                "median_ms": entry.median_response_time,
                "p95_ms": entry.get_response_time_percentile(0.95),
                "p99_ms": entry.get_response_time_percentile(0.99),
                "max_ms": round(entry.max_response_time or 0)}

    endpoints = {f"{method} {name}": row(entry) for (name, method), entry in sorted(stats.entries.items())}
    payload = json.loads(Path(os.environ["LOAD_RESULTS"]).read_text()) if Path(
        os.environ["LOAD_RESULTS"]).exists() else {}
    payload.update({"total": row(stats.total), "endpoints": endpoints,
                    "errors": [{"endpoint": f"{e.method} {e.name}", "error": str(e.error),
                                "occurrences": e.occurrences} for e in stats.errors.values()]})
    Path(os.environ["LOAD_RESULTS"]).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


# --------------------------------------------------------------------------------------------------------
# The run


def _prepare(database_url: str) -> None:
    """Create the database if need be, build the demo zone afresh, and give the owners their June reports
    back (returned by the department) so that the load's report saves are real writes."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(database_url)
    with psycopg.connect(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432,
                         user=config["USER"], password=config["PASSWORD"] or None, dbname="postgres",
                         autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([str(ROOT / ".venv/bin/tuijin"), "demo", "--no-serve", "--reset"], env=env, check=True,
                   cwd=ROOT, timeout=900)
    script = (
        "from tuijin.dispatch.models import ProgressReport\n"
        "from tuijin.dispatch.services import report_return\n"
        "from tuijin.org.models import User\n"
        "dept = User.objects.get(username='department')\n"
        "for r in ProgressReport.objects.filter(period__status='open', status='submitted',\n"
        "                                       project__owner=User.objects.get(username='owner').enterprise):\n"
        "    report_return(actor=dept, report=r, reason='负载测试：退回以便反复保存')\n"
    )
    subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c", script], env=env, check=True,
                   cwd=ROOT, timeout=300)


def _wait_for(port: int, seconds: float) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port} within {seconds:.0f} s")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="50 users for 60 s against gunicorn on PostgreSQL")
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 8105)))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-prepare", action="store_true", help="use the database as it is")
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgres"):
        raise SystemExit("LOAD_DATABASE_URL must name a PostgreSQL database, e.g. "
                         "postgres://postgres@127.0.0.1:5432/tuijin_load")
    if not args.skip_prepare:
        _prepare(args.database_url)
    env = {**os.environ, "DATABASE_URL": args.database_url, "TUIJIN_DEBUG": "0", "TUIJIN_LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--timeout", "60"], cwd=ROOT, env=env, start_new_session=True)
    try:
        _wait_for(args.port, 60)
        RESULTS.write_text(json.dumps({
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "users": args.users, "seconds": args.seconds, "ramp_seconds": max(1, args.users // 2),
            "gunicorn_workers": args.workers, "load_average_before": os.getloadavg(),
            "database": "PostgreSQL (demo zone)", "cpus": os.cpu_count(), "python": platform.python_version(),
        }, ensure_ascii=False, indent=2) + "\n")
        # Users arrive over `ramp` seconds (each one's login costs a password hash: a storm of 50 at once only
        # measures the hash), then all of them work together for `seconds`; the statistics cover both.
        ramp = max(1, args.users // 2)
        subprocess.run(
            [str(ROOT / ".venv/bin/locust"), "-f", str(Path(__file__)), "--headless", "--only-summary",
             "--host", f"http://127.0.0.1:{args.port}", "--users", str(args.users),
             "--spawn-rate", f"{args.users / ramp:.2f}", "--run-time", f"{ramp + args.seconds}s",
             "--stop-timeout", "10"],
            cwd=ROOT, env={**os.environ, "LOAD_RESULTS": str(RESULTS)}, timeout=ramp + args.seconds + 120,
            check=False)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    results = json.loads(RESULTS.read_text())
    total = results.get("total", {})
    print(f"{total.get('requests')} requests, {total.get('rps')} req/s, p95 {total.get('p95_ms')} ms, "
          f"p99 {total.get('p99_ms')} ms, {total.get('errors')} errors → {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
