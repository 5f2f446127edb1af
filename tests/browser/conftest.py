"""A live tuijin for the browser suite: the demo zone in a database of its own (SQLite, or PostgreSQL when the
suite runs there), served by gunicorn on loopback, driven by Playwright in Debian's Chromium. One server per
test process: `make test` and CI run the suite in one process of its own after the parallel run (`-m browser`);
each test opens its own browser context, so sessions never leak between them."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "Tuijin-demo-2025"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
SHOTS = Path(os.environ.get("TUIJIN_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _server_database(var: Path) -> str:
    """The live server's own database: a SQLite file, or, when the suite runs on PostgreSQL, a database of
    its own beside the test database (created afresh)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{var / 'browser.sqlite3'}"
    import psycopg

    base, _, name = url.rpartition("/")
    # named for this run, so two runs on one server (a CI run beside a local one) never drop each other's
    browser_db = f"{name or 'tuijin'}_browser_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{browser_db}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{browser_db}"')
    return f"{base}/{browser_db}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for the browser suite: apt-get install chromium fonts-noto-cjk")
    var = tmp_path_factory.mktemp("browser-var")
    env = {**os.environ, "DATABASE_URL": _server_database(var), "TUIJIN_VAR_DIR": str(var),
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    tuijin = str(Path(sys.executable).parent / "tuijin")
    # the database is brand-new (a fresh file, or a PostgreSQL database just created): no --reset, whose flush
    # the audit trail's PostgreSQL trigger would refuse
    built = subprocess.run([tuijin, "demo", "--no-serve"], env=env, capture_output=True, text=True)
    if built.returncode:
        pytest.fail(f"the demo zone was not built for the browser suite:\n{built.stdout[-2000:]}\n{built.stderr[-6000:]}")
    port = _free_port()
    log = open(var / "server.log", "wb")  # noqa: SIM115 - kept open for the server's lifetime
    server = subprocess.Popen([tuijin, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/accounts/login/", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError((var / "server.log").read_text()) from None
            time.sleep(0.5)
    yield url
    os.killpg(server.pid, 15)
    server.wait(timeout=20)
    log.close()
    _drop_server_database(env["DATABASE_URL"])


def _drop_server_database(url: str) -> None:
    if not url.startswith("postgres"):
        return  # the SQLite file goes with pytest's temporary directory
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Module scope: Playwright's sync API runs an event loop in this thread while it is open, and Django refuses
# database calls from a thread with a running loop, so it must be closed before the worker's other tests run.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Session:
    """One user's browser session on the live server."""

    def __init__(self, browser, base: str, viewport: dict):
        self.base = base
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()

    def login(self, username: str, password: str = PASSWORD):
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("form button")
        self.page.wait_for_load_state()
        return self.page

    def go(self, path: str):
        self.page.goto(f"{self.base}{path}")
        return self.page

    def shot(self, name: str):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_timeout(400)  # let charts draw
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.fixture
def open_session(browser, live_url):
    sessions = []

    def open_(username: str | None = None, viewport: dict = DESKTOP) -> Session:
        session = Session(browser, live_url, viewport)
        sessions.append(session)
        if username:
            session.login(username)
        return session

    yield open_
    for session in sessions:
        session.context.close()
