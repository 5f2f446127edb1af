from pathlib import Path

from django.core.management.base import BaseCommand

from tuijin.dispatch.cli import acting_user, find_list, find_period
from tuijin.exchange.dispatch_sheet import dispatch_workbook


class Command(BaseCommand):
    help = "导出调度表：tuijin export-sheet --period YYYY-MM [--list NAME] -o FILE.xlsx"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True)
        parser.add_argument("--list", dest="programme")
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--user")

    def handle(self, *args, period, programme, output, user, **options):
        actor = acting_user(user)
        Path(output).write_bytes(dispatch_workbook(find_period(period, actor), find_list(programme)))
        self.stdout.write(f"已导出 {output}")
