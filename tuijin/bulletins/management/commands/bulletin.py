"""tuijin bulletin --period YYYY-MM [--list NAME] -o FILE.docx [--region NAME] [--requirements-file FILE]
                  [--issue --user USERNAME]

Without --issue the bulletin is rendered to FILE and nothing is stored (a draft to read). With --issue it is
issued as the coordinator named by --user (numbered, stored with its period, audited) and FILE receives the
stored document. Issuing always names a person: every issued bulletin is attributable.
"""

import re
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tuijin.bulletins.context import bulletin_context, default_requirements
from tuijin.bulletins.documents import render_bulletin
from tuijin.bulletins.selectors import programmes_for
from tuijin.bulletins.services import bulletin_issue, next_bulletin_number
from tuijin.dispatch.models import Period
from tuijin.org.models import User


class Command(BaseCommand):
    help = "生成调度通报（.docx）；加 --issue 则印发并保存。"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="调度期，如 2025-04")
        parser.add_argument("--list", dest="programme", default="", help="清单名称，如 2025年区定“三十工程”；省略为全部调度项目")
        parser.add_argument("-o", "--output", required=True, help="输出的 .docx 文件")
        parser.add_argument("--region", default="", help="区域名称（同一月份有多个区域的调度期时必填）")
        parser.add_argument("--requirements-file", default="", help="“下步工作要求”文本文件（UTF-8，段落之间空一行）")
        parser.add_argument("--issue", action="store_true", help="印发并保存（须同时给出 --user）")
        parser.add_argument("--user", default="", help="印发人的账号（项目办）")

    def handle(self, *args, **options):
        period = self._period(options["period"], options["region"])
        programme = self._programme(period, options["programme"])
        requirements = self._requirements(options["requirements_file"])
        output = Path(options["output"])
        if options["issue"]:
            if not options["user"]:
                raise CommandError("印发须用 --user 指明印发人（项目办账号）。")
            try:
                actor = User.objects.get(username=options["user"], is_active=True)
            except User.DoesNotExist as exc:
                raise CommandError(f"没有账号“{options['user']}”。") from exc
            try:
                bulletin = bulletin_issue(actor=actor, period=period, programme=programme,
                                          requirements=requirements)
            except PermissionDenied as exc:
                raise CommandError(str(exc) or "没有印发权限。") from exc
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from exc
            with bulletin.document.open("rb") as stored:
                content = stored.read()
            output.write_bytes(content)
            self.stdout.write(f"已印发 {bulletin.title}（第{bulletin.number}期），已保存并写入 {output}")
            return
        context = bulletin_context(period=period, programme=programme, requirements=requirements,
                                   number=next_bulletin_number(period), issued_on=timezone.localdate())
        output.write_bytes(render_bulletin(context))
        self.stdout.write(f"已写入 {output}（草稿，未印发；{context['totals']['count']}个项目）")
        self.stdout.write(context["summary"])

    def _period(self, text: str, region: str) -> Period:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
        if not match:
            raise CommandError(f"调度期“{text}”格式不对，应为 YYYY-MM，如 2025-04。")
        periods = Period.objects.filter(year=int(match[1]), month=int(match[2])).select_related("region")
        if region:
            periods = periods.filter(region__name=region)
        found = list(periods)
        if not found:
            raise CommandError(f"没有 {text} 的调度期" + (f"（区域“{region}”）" if region else "") + "。")
        if len(found) > 1:
            names = "、".join(p.region.name for p in found)
            raise CommandError(f"{text} 有多个区域的调度期（{names}），请用 --region 指明。")
        return found[0]

    def _programme(self, period: Period, name: str):
        if not name:
            return None
        programmes = programmes_for(period)
        found = list(programmes.filter(name=name)) or list(programmes.filter(name=f"{period.year}年{name}"))
        if len(found) == 1:
            return found[0]
        available = "、".join(p.name for p in programmes) or "无"
        if not found:
            raise CommandError(f"没有清单“{name}”。{period.year}年可选：{available}。")
        raise CommandError(f"清单“{name}”不唯一，请写全称。可选：{available}。")

    def _requirements(self, path: str) -> str:
        if not path:
            return default_requirements()
        try:
            return Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"读不了工作要求文件“{path}”：{exc}") from exc
