from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from tuijin.dispatch.cli import acting_user, dumps, find_list
from tuijin.tracking.forecast import backtest, forecast


def plain(value):
    """Decimals as JSON numbers."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def pct(value) -> str:
    return "—" if value is None else f"{value:.1%}"


class Command(BaseCommand):
    help = ("全年预计完成：tuijin forecast --as-of YYYY-MM-DD [--list NAME] [--json] [--user U]；"
            "回测：tuijin forecast --backtest YEAR [--json]")

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--as-of", help="截至日期 YYYY-MM-DD")
        what.add_argument("--backtest", type=int, metavar="YEAR", help="对已结束的年度回测预测误差")
        parser.add_argument("--list", dest="programme", help="只看某个清单")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--user", help="以哪个项目办账号的范围计算（默认唯一的项目办账号）")

    def handle(self, *args, as_of, backtest: int | None, programme, json: bool, user, **options):
        actor = acting_user(user)
        programme = find_list(programme)
        if backtest is not None:
            self._backtest(actor, backtest, programme, json)
            return
        try:
            day = date.fromisoformat(as_of)
        except ValueError as exc:
            raise CommandError(f"--as-of 应为 YYYY-MM-DD，收到“{as_of}”。") from exc
        result = forecast(actor, as_of=day, programme=programme)
        if json:
            self.stdout.write(dumps(plain(result.as_dict())))
            return
        totals = result.totals
        source = (f"按{result.shape.year}年月度投资规律" if result.shape.source == "pattern" else "按默认月度规律")
        self.stdout.write(
            f"截至{day:%Y-%m-%d}（{source}，1-{result.month}月通常完成全年的{pct(result.usual_share)}）："
            f"{totals['projects']}个项目年度计划 {totals['annual_plan']:,.2f} 万元，已完成 "
            f"{totals['completed_ytd']:,.2f} 万元，预计全年完成 {totals['projected']:,.2f} 万元"
            f"（计划的{pct(totals['ratio'])}）。")
        if result.early:
            self.stdout.write("年初数据尚少，预测仅供参考。")
        self.stdout.write(f"预计完不成年度计划的项目 {totals['misses']} 个，缺口合计 {totals['shortfall']:,.2f} 万元：")
        for row in result.misses:
            self.stdout.write(f"  {row.name}：计划 {row.annual_plan:,.2f}，预计 {row.projected:,.2f}"
                              f"（{pct(row.ratio)}），缺口 {row.shortfall:,.2f}；{row.method_label}")

    def _backtest(self, actor, year: int, programme, json: bool) -> None:
        try:
            result = backtest(actor, year=year, programme=programme)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(dumps(plain(result)))
            return
        shape = result["shape"]
        source = f"{shape['year']}年月度规律" if shape["source"] == "pattern" else "默认月度规律（上年无调度数据）"
        self.stdout.write(f"{year}年回测：{result['projects']}个项目，全年实际完成 {result['actual']:,.2f} 万元，"
                          f"按{source}推算。")
        self.stdout.write("截至  已有完成项目  合计误差  已有完成项目合计误差  项目平均误差  |  直线推算：合计  项目平均")
        for row in result["by_month"]:
            base = row["straight_line"]
            self.stdout.write(f"{row['month']:>2}月末  {row['projects']:>4}  {pct(row['total_ape']):>8}  "
                              f"{pct(row['seen_ape']):>8}  {pct(row['project_mape']):>8}  |  "
                              f"{pct(base['total_ape']):>8}  {pct(base['project_mape']):>8}")
        overall, base = result["overall"], result["overall"]["straight_line"]
        self.stdout.write(f"平均：合计 {pct(overall['total_mape'])}，已有完成项目合计 {pct(overall['seen_mape'])}，"
                          f"项目 {pct(overall['project_mape'])}；直线推算：合计 {pct(base['total_mape'])}，"
                          f"项目 {pct(base['project_mape'])}。")
