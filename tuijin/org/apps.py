from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "tuijin.org"
    label = "org"
    verbose_name = _("组织机构")

    def ready(self):
        from . import signals  # noqa: F401  (connects the audit receivers)
