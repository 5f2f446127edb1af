from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tuijin.dispatch.cli import acting_user, dumps, find_period
from tuijin.tracking.services import snapshot
from tuijin.tracking.warnings import board, evaluate


class Command(BaseCommand):
    help = "红黄榜：tuijin warnings --as-of YYYY-MM-DD [--json] [--user U] [--save]"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--user", help="以哪个项目办账号的范围计算（默认唯一的项目办账号）")
        parser.add_argument("--save", action="store_true",
                            help="同时存档该月调度期的红黄榜（替换此前的存档）")

    def handle(self, *args, as_of, json: bool, user, save: bool, **options):
        try:
            day = date.fromisoformat(as_of)
        except ValueError as exc:
            raise CommandError(f"--as-of 应为 YYYY-MM-DD，收到“{as_of}”。") from exc
        actor = acting_user(user)
        if save:
            snapshot(period=find_period(f"{day.year}-{day.month:02d}", actor), actor=actor, as_of=day)
        warnings = evaluate(as_of=day, user=actor)
        if json:
            self.stdout.write(dumps([w.as_dict() for w in warnings]))
            return
        rows = board(warnings)
        red = [r for r in rows if r.level == "red"]
        self.stdout.write(f"截至{day:%Y-%m-%d}：红色预警项目 {len(red)} 个，黄色预警项目 {len(rows) - len(red)} 个。")
        for row in rows:
            mark = "红" if row.level == "red" else "黄"
            self.stdout.write(f"[{mark}] {row.project_name}（{row.department or '—'}）")
            for warning in row.warnings:
                self.stdout.write(f"    {warning.rule}：{warning.reason}")
        if save:
            self.stdout.write(f"已存档 {day.year}年{day.month}月 红黄榜。")
