from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "tuijin.safety"
    label = "safety"
    verbose_name = _("安全隐患排查整治")
