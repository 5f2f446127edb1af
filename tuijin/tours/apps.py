from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    name = "tuijin.tours"
    label = "tours"
    verbose_name = _("观摩")
