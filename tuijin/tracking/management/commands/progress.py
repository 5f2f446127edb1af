from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from tuijin.dispatch.cli import acting_user, dumps, find_list
from tuijin.tracking.selectors import progress


def plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class Command(BaseCommand):
    help = "序时进度与任务进度：tuijin progress --as-of YYYY-MM-DD [--list NAME] --json"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True)
        parser.add_argument("--list", dest="programme")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--user", help="以哪个项目办账号的范围计算（默认唯一的项目办账号）")

    def handle(self, *args, as_of, programme, json: bool, user, **options):
        try:
            day = date.fromisoformat(as_of)
        except ValueError as exc:
            raise CommandError(f"--as-of 应为 YYYY-MM-DD，收到“{as_of}”。") from exc
        figures = progress(acting_user(user), as_of=day, programme=find_list(programme))
        figures.pop("project_rows")
        if json:
            self.stdout.write(dumps(plain(figures)))
            return
        task = figures["task_progress"]
        self.stdout.write(
            f"截至{day:%Y-%m-%d}：序时进度 {figures['time_progress']:.1%}，任务进度 "
            f"{task:.1%}，" if task is not None else f"截至{day:%Y-%m-%d}：没有年度计划。")
        self.stdout.write(f"年度计划 {figures['annual_plan']:,.2f} 万元，累计完成 {figures['completed_ytd']:,.2f} 万元，"
                          f"{'已' if figures['double_half'] else '未'}达到序时进度。")
