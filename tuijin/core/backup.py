"""Consistent snapshots of the database and the uploaded files, taken while the app runs, and their restore.

A backup is one .zip: `database.sqlite3` (SQLite's online backup API) or `database.pgdump` (pg_dump's custom
format, one consistent transaction), plus `media/` (plans, photos, bulletins and letters as issued) and a
`manifest.json`."""

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1


class BackupError(RuntimeError):
    pass


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def backup(output: Path) -> dict:
    db = connection.settings_dict
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        if connection.vendor == "sqlite":
            dump = scratch / "database.sqlite3"
            connection.ensure_connection()
            with closing(sqlite3.connect(dump)) as target:
                connection.connection.backup(target)  # consistent even while others write (WAL)
        elif connection.vendor == "postgresql":
            dump = scratch / "database.pgdump"
            result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump),
                                     *_pg_args(db)], env=_pg_env(db), capture_output=True, text=True)
            if result.returncode:
                raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")
        else:
            raise BackupError(f"不支持的数据库：{connection.vendor}")
        manifest = {"format": FORMAT, "vendor": connection.vendor, "taken_at": timezone.now().isoformat(),
                    "database": dump.name}
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
            archive.write(dump, dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                for path in sorted(media.rglob("*")):
                    if path.is_file():
                        archive.write(path, f"media/{path.relative_to(media)}")
    return manifest


def restore(source: Path) -> dict:
    """Bring a backup back over the current database and media. The app should be stopped meanwhile."""
    with zipfile.ZipFile(source) as archive, tempfile.TemporaryDirectory() as scratch:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except KeyError as exc:
            raise BackupError("这不是 tuijin 的备份文件（缺少 manifest.json）。") from exc
        if manifest.get("vendor") != connection.vendor:
            raise BackupError(f"备份来自 {manifest.get('vendor')}，当前数据库是 {connection.vendor}。")
        archive.extractall(scratch)
        dump = Path(scratch) / manifest["database"]
        db = connection.settings_dict
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with closing(sqlite3.connect(dump)) as saved:
                saved.backup(connection.connection)  # page by page into the live database, in one step
        else:
            connections.close_all()
            result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                     *_pg_args(db), str(dump)], env=_pg_env(db), capture_output=True, text=True)
            if result.returncode:
                raise BackupError(f"pg_restore 失败：{result.stderr.strip()}")
        media = Path(settings.MEDIA_ROOT)
        restored = Path(scratch) / "media"
        if restored.exists():
            shutil.rmtree(media, ignore_errors=True)
            shutil.copytree(restored, media)
    return manifest
