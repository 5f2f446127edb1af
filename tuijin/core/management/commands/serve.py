import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "用 gunicorn 提供服务（数据库取自 DATABASE_URL，默认 var/ 下的 SQLite）。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("TUIJIN_WORKERS", 2)))

    def handle(self, *args, port, host, workers, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"tuijin: http://{host}:{port}/")
        self.stdout.flush()
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        os.execv(gunicorn, [gunicorn, "config.wsgi:application", "--bind", f"{host}:{port}",
                            "--workers", str(workers), "--access-logfile", "-", "--timeout", "120"])
