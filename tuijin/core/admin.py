import json

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.exchange.xlsx import XLSX_TYPE, SheetWriter

from . import audit
from .admin_roles import ReadOnlyAdmin, is_admin, is_auditor
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    readers = staticmethod(lambda user: is_auditor(user) or is_admin(user))
    list_display = ["at", "actor_name", "ip", "action", "target_label", "reason"]
    list_filter = ["action"]
    search_fields = ["actor_name", "target_label", "action"]
    date_hierarchy = "at"
    actions = ["export_xlsx"]

    @admin.action(description=_("导出所选审计记录（Excel）"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        """The auditor takes the trail away for review; the export itself is recorded."""
        headers = [str(h) for h in (_("时间"), _("账号"), _("来源地址"), _("动作"), _("对象"), _("变更"), _("原因"))]
        sheet = SheetWriter(str(_("审计记录")), str(_("导出人：%(u)s") % {"u": request.user.username}), headers,
                            [20, 14, 16, 22, 30, 60, 30])
        count = 0
        for event in queryset.order_by("at", "id").iterator(chunk_size=2000):
            sheet.row([timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"), event.actor_name, event.ip,
                       event.action, event.target_label, json.dumps(event.changes, ensure_ascii=False), event.reason])
            count += 1
        audit.record(actor=request.user, action="export.audit", changes={"rows": [None, count]})
        response = HttpResponse(sheet.to_bytes(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = "attachment; filename*=UTF-8''audit.xlsx"
        return response
