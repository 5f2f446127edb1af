from django.contrib import admin

from .admin_roles import ReadOnlyAdmin, is_admin, is_auditor
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    readers = staticmethod(lambda user: is_auditor(user) or is_admin(user))
    list_display = ["at", "actor_name", "ip", "action", "target_label", "reason"]
    list_filter = ["action"]
    search_fields = ["actor_name", "target_label", "action"]
    date_hierarchy = "at"
