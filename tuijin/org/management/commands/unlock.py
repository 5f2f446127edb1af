from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tuijin.org.services import lockout_release


class Command(BaseCommand):
    help = "解除登录锁定（管理员本人被锁时在服务器上使用）：tuijin unlock --username U --reason 原因 | --ip 地址"

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--username", help="被锁定的账号")
        target.add_argument("--ip", help="被锁定的来源地址")
        parser.add_argument("--reason", required=True, help="解锁原因（记入审计日志）")

    def handle(self, *args, username, ip, reason, **options):
        kind, value = ("username", username) if username else ("ip_address", ip)
        try:
            released = lockout_release(actor=None, kind=kind, value=value, reason=reason)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(f"已解除锁定：{'、'.join(lock.label for lock in released)}。已记入审计日志。")
