"""The bench database: built once per scale and seed with `tuijin synth`, then reused; plus the few records
the cases need (accounts, a region-wide period, a 1,000-project list), added idempotently."""

import time
from dataclasses import dataclass
from datetime import date

from .settings import SCALES, TODAY, database_url, key_file

BENCH_PASSWORD = "Bench-pass-2026"
LIST_NAME = f"{TODAY.year}年基准测试清单（1000个项目）"


def _key(scale: str, seed: int) -> str:
    return f"scale={scale} seed={seed} today={TODAY.isoformat()}"


def _postgres_exists(url: str) -> bool:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _postgres_recreate(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(scale: str, db: str, seed: int, log=print) -> None:
    """Make sure the database for (scale, db, seed) exists and is loaded. Run before django.setup()."""
    url = database_url(scale, db, seed)
    key = key_file(scale, db)
    fresh = key.exists() and key.read_text() == _key(scale, seed)
    if db == "sqlite":
        path = url.removeprefix("sqlite:///")
        from pathlib import Path

        fresh = fresh and Path(path).exists()
        if not fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)
    else:
        fresh = fresh and _postgres_exists(url)
        if not fresh:
            _postgres_recreate(url)
    if fresh:
        log(f"复用基准数据库 {url}（{_key(scale, seed)}）")
        return
    key.unlink(missing_ok=True)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from tuijin.synth.generator import Options, Synth

    log(f"生成基准数据 {scale}：{SCALES[scale]['projects']} 个项目 × {SCALES[scale]['years']} 年，种子 {seed} → {url}")
    started = time.perf_counter()
    stats = Synth(Options(**SCALES[scale], seed=seed, scale=scale, today=TODAY), log=log).run()
    log(f"载入 {stats.total_rows} 行，用时 {time.perf_counter() - started:.0f} 秒")
    if db == "postgres":
        # Statistics for the planner now, as autovacuum would do a little later on a live server.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    key.write_text(_key(scale, seed))


@dataclass
class Scene:
    """What the cases work on."""

    top: object  # the top region: every project is below it
    leader: object
    coordinator: object
    admin: object
    period: object  # June 2026 at the top region: the whole installation's 调度表 and figures
    import_period: object  # July 2026 at the top region, open, still empty: where the bench sheet is imported
    programme: object  # a list of 1,000 projects due to report in June
    as_of: date = TODAY


def scene() -> Scene:
    """The accounts, periods and list the cases need, created on first use (Django must be set up)."""
    from django.db import transaction

    from tuijin.core.roles import Role
    from tuijin.dispatch.models import Period
    from tuijin.org.models import Region, User

    with transaction.atomic():
        top = Region.objects.get(parent__isnull=True)

        def account(username, role, **extra):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, role=role, region=top, **extra)
                user.set_password(BENCH_PASSWORD)
                user.save()
            return user

        leader = account("bench-leader", Role.LEADER)
        coordinator = account("bench-coordinator", Role.COORDINATOR)
        # staff, not superuser: a superuser's every request is audited (break-glass), which would load the anchor
        admin = account("bench-admin", Role.ADMIN, is_staff=True)
        if admin.is_superuser:
            User.objects.filter(pk=admin.pk).update(is_superuser=False)
            admin.is_superuser = False

        def period(month, deadline):
            return Period.objects.get_or_create(region=top, year=TODAY.year, month=month, defaults={
                "deadline": deadline, "status": Period.Status.OPEN})[0]

        june = period(TODAY.month, date(TODAY.year, TODAY.month + 1, 5))
        july = period(TODAY.month + 1, date(TODAY.year, TODAY.month + 2, 5))
        programme = _thousand_list(top, june)
    return Scene(top, leader, coordinator, admin, june, july, programme)


def _thousand_list(top, period):
    """A list of 1,000 projects already due to report in `period` and on one of that year's lists, each with the
    annual plan it already carries (the largest of its lists), so no other figure changes."""
    from django.db.models import Max

    from tuijin.dispatch.selectors import expected_projects
    from tuijin.projects.models import ListMembership, ProgrammeList

    programme, created = ProgrammeList.objects.get_or_create(
        name=LIST_NAME, year=TODAY.year, defaults={"level": ProgrammeList.Level.CITY, "region": top})
    if not created:
        return programme
    plans = (ListMembership.objects.filter(programme__year=TODAY.year,
                                           project__in=expected_projects(period).values("pk"))
             .values("project_id").annotate(plan=Max("annual_plan")).order_by("project_id")[:1000])
    ListMembership.objects.bulk_create([ListMembership(project_id=row["project_id"], programme=programme,
                                                       annual_plan=row["plan"]) for row in plans])
    return programme
