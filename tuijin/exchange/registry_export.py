"""The registry as shown, as an Excel sheet (the filters the user chose, in the order shown)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.projects.lifecycle import Stage

from .xlsx import SheetWriter

HEADERS = [_("序号"), _("项目代码"), _("项目名称"), _("项目单位"), _("类别"), _("建设性质"), _("阶段"),
           _("总投资"), _("年度计划投资"), _("计划开工"), _("实际开工"), _("计划竣工"), _("责任领导"), _("牵头单位"),
           _("建设内容及规模")]
WIDTHS = [6, 26, 36, 28, 10, 8, 8, 14, 14, 12, 12, 12, 14, 16, 50]
MONEY = {7, 8}


def registry_workbook(projects, *, title: str) -> bytes:
    sheet = SheetWriter(title, _("单位：万元　导出时间：%(t)s") % {"t": f"{timezone.localtime():%Y-%m-%d %H:%M}"}, HEADERS,
                        WIDTHS)
    for number, project in enumerate(projects.iterator(chunk_size=2000), 1):
        sheet.row([
            number, project.code or "", project.name, project.owner.name if project.owner else "",
            project.category.name, project.get_nature_display(), str(Stage(project.stage).label),
            project.total_investment, project.annual_plan, project.planned_start, project.actual_start,
            project.planned_end, str(project.leader) if project.leader else "",
            str(project.lead_department) if project.lead_department else "", project.scale,
        ], money_columns=MONEY)
    return sheet.to_bytes()
