from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "tuijin.promotion"
    label = "promotion"
    verbose_name = _("招商引资")
