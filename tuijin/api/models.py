from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessToken(models.Model):
    """A personal access token for the JSON API. Only a digest of the secret is kept: the token is shown once,
    when it is made. `prefix` is the public part of the token, so a presented token is found by one indexed
    lookup and then compared by digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="access_tokens")
    name = models.CharField(_("用途"), max_length=100)
    prefix = models.CharField(_("令牌前缀"), max_length=16, unique=True)
    digest = models.CharField(max_length=64, editable=False)  # sha256 hex of the whole token
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
