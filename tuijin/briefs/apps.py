from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "tuijin.briefs"
    label = "briefs"
    verbose_name = _("班子成员工作汇报")
