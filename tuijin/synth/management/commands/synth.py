from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tuijin.synth.generator import Options, Synth


class Command(BaseCommand):
    help = "生成一套逼真的模拟数据（区域、部门、领导、单位、项目、清单、节点、前期、调度期、月报、问题），用于性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, required=True, help="项目数")
        parser.add_argument("--years", type=int, required=True, help="月报覆盖的年数（到本月为止的 12×年数 个月）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子：同一种子、同一日期得到同样的数据")
        parser.add_argument("--scale", choices=["city", "province"], default="city",
                            help="city：一个市的县区和开发区；province：一个省的各市及其县区")
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="以哪一天为“今天”（YYYY-MM-DD），默认今天；最新一期调度为这一天所在的月份")

    def handle(self, *args, projects, years, seed, scale, today, **options):
        if projects < 1 or years < 1:
            raise CommandError("--projects 和 --years 须为正整数。")
        synth = Synth(Options(projects=projects, years=years, seed=seed, scale=scale, today=today or date.today()),
                      log=lambda text: self.stdout.write(text))
        self.stdout.write(f"生成模拟数据：{projects} 个项目 × {years} 年，规模 {scale}，种子 {seed}，"
                          f"数据库 {connection.vendor}")
        try:
            stats = synth.run()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{'表':<36}{'行数':>10}{'写入秒':>10}{'行/秒':>12}")
        for name, rows, seconds, rate in stats.table():
            self.stdout.write(f"{name:<36}{rows:>10}{seconds:>10.2f}{rate:>12.0f}")
        self.stdout.write(self.style.SUCCESS(
            f"合计 {stats.total_rows} 行，用时 {stats.total_seconds:.1f} 秒（含生成），"
            f"{stats.total_rows / stats.total_seconds:.0f} 行/秒；其中写入 {sum(stats.seconds.values()):.1f} 秒。"))
        self.stdout.write("未生成：招商线索、争资申报（对应的功能尚未实现）；预警由规则实时计算，不落表。")
