import json
from pathlib import Path

from django.core.management.base import BaseCommand

from tuijin.dispatch.cli import acting_user, find_list
from tuijin.exchange.oc4ids import export_package


class Command(BaseCommand):
    help = "导出 OC4IDS 0.9 项目数据包：tuijin export-oc4ids [--list NAME] [--public-only] -o FILE.json"

    def add_arguments(self, parser):
        parser.add_argument("--list", dest="programme", help="只导出该清单的项目")
        parser.add_argument("--public-only", action="store_true", help="只含可公开字段（不含领导批注、存在问题、企业联系方式）")
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--user", help="以哪个项目办账号导出（默认唯一的项目办账号）")

    def handle(self, *args, programme, public_only, output, user, **options):
        package = export_package(actor=acting_user(user), programme=find_list(programme), public_only=public_only)
        Path(output).write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
        self.stdout.write(f"已导出 {len(package['projects'])} 个项目到 {output}")
