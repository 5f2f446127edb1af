import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tuijin.core.roles import Role
from tuijin.org.models import Department, Enterprise, Region
from tuijin.org.services import user_create


class Command(BaseCommand):
    help = "创建账号：tuijin createuser --role ROLE --username U [--department D] [--enterprise E] [--region R]"

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--username", required=True)
        parser.add_argument("--department", help="部门名称或简称（责任单位账号必填）")
        parser.add_argument("--enterprise", help="单位名称或统一社会信用代码（项目单位账号必填）")
        parser.add_argument("--region", help="管辖区域名称（项目办、领导可选）")
        parser.add_argument("--name", default="", help="显示名")
        parser.add_argument("--password", help="初始密码；不给则交互输入")

    def handle(self, *args, role, username, department, enterprise, region, name, password, **options):
        dept = self._one(Department, department, "department", ["name", "short_name"]) if department else None
        ent = self._one(Enterprise, enterprise, "enterprise", ["name", "credit_code"]) if enterprise else None
        reg = self._one(Region, region, "region", ["name"]) if region else None
        if password is None:
            password = getpass.getpass("密码：")
        try:
            user = user_create(actor=None, username=username, role=role, password=password, region=reg,
                               department=dept, enterprise=ent, display_name=name)
        except ValidationError as error:
            raise CommandError("；".join(f"{m}" for m in error.messages)) from error
        self.stdout.write(f"已创建账号 {user.username}（{user.role_label}）")

    def _one(self, model, text, label, fields):
        from django.db.models import Q

        query = Q()
        for field in fields:
            query |= Q(**{field: text})
        matches = list(model.objects.filter(query)[:2])
        if len(matches) != 1:
            raise CommandError(f"找不到唯一的{model._meta.verbose_name}“{text}”（--{label}）。")
        return matches[0]
