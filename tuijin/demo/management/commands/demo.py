import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tuijin.demo.zone import DEFAULT_PASSWORD, DEMO_USERS, ZoneBuilder
from tuijin.org.models import User
from tuijin.projects.models import Project


class Command(BaseCommand):
    help = "建立演示园区（焦作高新区，2025年）并提供服务。"

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="清空数据库后重建演示园区")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据库，不启动服务")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="演示账号的密码")
        parser.add_argument("--force", action="store_true", help="DEBUG 关闭时也执行（会写入演示数据）")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))

    def handle(self, *args, reset, no_serve, password, force, port, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG 已关闭（生产环境？）：演示数据不会写入。确需写入请加 --force。")
        call_command("migrate", interactive=False, verbosity=0)
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        if Project.objects.exists() or User.objects.exists():
            self.stdout.write("数据库中已有数据，未重建演示园区（重建请加 --reset）。")
        else:
            ZoneBuilder(password).build()
            self.stdout.write(self.style.SUCCESS("演示园区已建立：焦作高新区，2025年区定“三十工程”等。"))
            self.stdout.write("演示账号（用户名 / 密码）：")
            for role in DEMO_USERS:
                self.stdout.write(f"  {role:<12} {password}   {role.label}")
        if not no_serve:
            call_command("serve", port=port)
