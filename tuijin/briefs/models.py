from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.org.models import Person, Region


class Brief(models.Model):
    """An issued 班子成员工作汇报: for whom, as of which date, by whom, the key figures as they stood (so
    the next brief can say what changed), and the Word document exactly as issued."""

    person = models.ForeignKey(Person, verbose_name=_("班子成员"), on_delete=models.PROTECT, related_name="briefs")
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="briefs")
    as_of = models.DateField(_("数据截至"))
    since = models.DateField(_("上次汇报"), null=True, blank=True)
    issued_on = models.DateField(_("印发日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(_("主要数字"), default=dict)
    document = models.FileField(_("汇报材料"), upload_to="briefs/%Y/", blank=True)

    class Meta:
        verbose_name = _("班子成员工作汇报")
        verbose_name_plural = _("班子成员工作汇报")
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["person", "as_of"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.as_of:%Y-%m-%d}"
