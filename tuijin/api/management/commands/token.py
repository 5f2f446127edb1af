"""`tuijin token create --user NAME [--days N] [--name TEXT]` and `tuijin token revoke PREFIX`: tokens for the
JSON API from the shell (the same service the 接口令牌 page uses; the act is in the audit trail as "system")."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from tuijin.api import tokens
from tuijin.api.models import AccessToken
from tuijin.org.models import User


class Command(BaseCommand):
    help = "创建或吊销数据接口令牌。"

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="为用户创建令牌，令牌只显示这一次")
        create.add_argument("--user", required=True, help="用户名")
        create.add_argument("--days", type=int, default=tokens.DEFAULT_DAYS,
                            help=f"有效期天数（默认{tokens.DEFAULT_DAYS}，最长{tokens.MAX_DAYS}）")
        create.add_argument("--name", default="命令行创建", help="用途说明")
        revoke = commands.add_parser("revoke", help="按前缀吊销令牌")
        revoke.add_argument("prefix", help="令牌前缀（tjn_ 之后、第二个下划线之前的部分）")

    def handle(self, *args, action, **options):
        try:
            if action == "create":
                user = User.objects.filter(username=options["user"]).first()
                if user is None:
                    raise CommandError(f"没有用户“{options['user']}”。")
                token, raw = tokens.token_create(actor=None, user=user, name=options["name"], days=options["days"])
                self.stdout.write(raw)
                self.stderr.write(f"已为 {user.username} 创建令牌 {token.prefix}…，"
                                  f"有效期至 {token.expires_at:%Y-%m-%d %H:%M}。令牌只显示这一次，请妥善保存。")
            else:
                token = AccessToken.objects.filter(prefix=options["prefix"]).first()
                if token is None:
                    raise CommandError(f"没有前缀为“{options['prefix']}”的令牌。")
                tokens.token_revoke(actor=None, token=token, reason="命令行吊销")
                self.stdout.write(f"令牌 {token.prefix}… 已吊销。")
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
