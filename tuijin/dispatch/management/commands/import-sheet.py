import sys

from django.core.management.base import BaseCommand, CommandError

from tuijin.dispatch.cli import acting_user, dumps, find_list, find_period
from tuijin.exchange.sheet_import import import_sheet


class Command(BaseCommand):
    help = "导入调度表：tuijin import-sheet FILE [--period YYYY-MM] [--list NAME] [--dry-run] [--json]"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--period")
        parser.add_argument("--list", dest="programme")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--user", help="以哪个项目办账号导入（默认唯一的项目办账号）")

    def handle(self, *args, file, period, programme, dry_run, json: bool, user, **options):
        actor = acting_user(user)
        try:
            handle = open(file, "rb")  # noqa: SIM115  (closed below)
        except OSError as exc:
            raise CommandError(f"无法打开文件“{file}”：{exc.strerror}") from exc
        with handle:
            result = import_sheet(actor=actor, file=handle, period=find_period(period, actor),
                                  programme=find_list(programme), dry_run=dry_run, filename=file)
        if json:
            self.stdout.write(dumps(result.as_json()))
        else:
            self._describe(result)
        if result.errors:
            sys.exit(1)

    def _describe(self, result) -> None:
        mode = "（试导入，未写入）" if result.dry_run else ""
        self.stdout.write(f"{result.rows}行：新建{result.created}个项目，更新{result.updated}个{mode}")
        for check in result.checks:
            mark = "✓" if check["ok"] else "✗"
            self.stdout.write(f"  {mark} {check['what']}：表内 {check['sheet']:,.2f}，逐行相加 {check['rows']:,.2f}")
        for error in result.errors:
            where = f"第{error['row']}行" if error["row"] else "全表"
            column = f"“{error['column']}”列" if error["column"] else ""
            self.stderr.write(f"  {where}{column}：{error['message']}")

