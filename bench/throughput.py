"""Throughput on PostgreSQL: gunicorn (pinned) with 2 workers, 20 concurrent clients for 30 s per page (threads
with keep-alive connections), logged in as a leader; requests per second of the dashboard and the registry as a
fraction of a trivial page's (the login page) on the same server, their p99, and errors (anything but 200)."""

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .settings import PORT, ROOT, TODAY

CLIENTS = 20
SECONDS = 30.0
GOAL = 0.25


def _client(path: str, cookie: str, stop: float, latencies: list, errors: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        except (OSError, http.client.HTTPException) as error:
            errors.append(type(error).__name__)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            continue
        latencies.append(time.perf_counter() - started)
    connection.close()


def load(path: str, cookie: str) -> dict:
    latencies, errors = [], []
    stop = time.perf_counter() + SECONDS
    threads = [threading.Thread(target=_client, args=(path, cookie, stop, latencies, errors)) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else None
    return {"rps": len(latencies) / elapsed, "p99": p99, "errors": len(errors), "requests": len(latencies)}


def _wait(process) -> None:
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited") from None
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer")


def _ms(seconds) -> str:
    return "— (no request finished)" if seconds is None else f"{seconds * 1000:.0f} ms"


def measure_all(args, scene) -> list[dict]:
    from django.db.models import Count
    from django.test import Client

    from tuijin.projects.models import Project

    client = Client()
    client.force_login(scene.leader)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    department = (Project.objects.filter(stage="construction").values("lead_department_id")
                  .annotate(n=Count("pk")).order_by("-n").first()["lead_department_id"])
    env = {**os.environ, "TUIJIN_DEBUG": "0", "TUIJIN_DEFAULT_YEAR": str(TODAY.year)}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = open(ROOT / "var" / "bench" / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen([str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
                                "--workers", "2", "--timeout", "120"], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        _wait(process)
        pages = {"trivial": ("/accounts/login/", ""),
                 "dashboard": (f"/dashboard/?as_of={TODAY.isoformat()}", cookie),
                 "registry": (f"/projects/?stage=construction&department={department}&sort=-annual", cookie)}
        results = {}
        for name, (path, page_cookie) in pages.items():
            results[name] = load(path, page_cookie)
            r = results[name]
            print(f"— throughput {name}: {r['rps']:.1f} req/s, p99 {_ms(r['p99'])}, "
                  f"{r['errors']} errors, {r['requests']} requests", flush=True)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
    trivial = results["trivial"]["rps"]
    entries = []
    for name in ("dashboard", "registry"):
        r = results[name]
        entries.append({
            "case": f"throughput, {name} (gunicorn 2 workers, {CLIENTS} clients, {SECONDS:.0f} s)",
            "scale": args.scale, "db": args.db, "ours_s": None,
            "ours_text": f"{r['rps']:.1f} req/s, p99 {_ms(r['p99'])}, {r['errors']} errors",
            "anchor": "login page, same server", "anchor_s": None, "anchor_text": f"{trivial:.1f} req/s",
            "ratio": round(r["rps"] / trivial, 3), "goal": GOAL, "goal_kind": "min", "order": 30,
            "errors": r["errors"], "p99_s": r["p99"]})
    return entries
