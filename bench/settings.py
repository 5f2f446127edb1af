"""Which database a bench run uses, chosen before Django starts: one per scale (and seed, for SQLite)."""

import os
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SCALES = {"city": {"projects": 5000, "years": 3}, "province": {"projects": 50000, "years": 3}}
# A fixed "today" so a database built once gives the same figures every run: the latest (open) period is
# June 2026 and every case looks at 30 June 2026.
TODAY = date(2026, 6, 30)
PORT = int(os.environ.get("BENCH_PORT", 8106))


def database_url(scale: str, db: str, seed: int) -> str:
    if db == "sqlite":
        return f"sqlite:///{VAR / f'{scale}-s{seed}.sqlite3'}"
    return f"{PG_SERVER}/tuijin_bench_{scale}"


def key_file(scale: str, db: str) -> Path:
    """Records which seed the database was built with (the SQLite file name already says it)."""
    return VAR / f"{db}-{scale}.key"


def configure(scale: str, db: str, seed: int) -> str:
    """Point Django at the bench database; call before django.setup()."""
    VAR.mkdir(parents=True, exist_ok=True)
    url = database_url(scale, db, seed)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["TUIJIN_DEFAULT_YEAR"] = str(TODAY.year)  # the registry's plan year
    return url
