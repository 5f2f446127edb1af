from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tuijin.tasks"
    label = "tasks"
    verbose_name = _("重点工作督办")
