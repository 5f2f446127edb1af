"""Personal access tokens: made, revoked and checked here, each act in the audit trail.

A token reads `tjn_<prefix>_<secret>`. The prefix is stored as it is, to find the token; of the whole token
only its sha256 digest is stored, so a copy of the database yields no usable token. A token acts as its user,
with the user's role and scope as they are at the time of each request, and nothing more.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.roles import BUSINESS_ROLES

from .models import AccessToken

SCHEME = "tjn"
DEFAULT_DAYS = 90
MAX_DAYS = 365
# A token's last use is written at most this often: one write a minute, not one per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def may_hold_tokens(user) -> bool:
    """The API serves business data only, so only the business roles hold tokens."""
    return user.is_active and user.role in BUSINESS_ROLES


def tokens_of(user) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(user=user)


@transaction.atomic
def token_create(*, actor, user, name: str, days: int = DEFAULT_DAYS) -> tuple[AccessToken, str]:
    """Make a token for `user` (by the user, or by an operator at the shell: actor None). Returns the token and
    its one-time secret text, which is not kept anywhere."""
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied(_("只能为自己的账号创建令牌。"))
    if not may_hold_tokens(user):
        raise PermissionDenied(_("此账号的角色不使用业务数据接口，不能创建令牌。"))
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("请填写令牌用途，如“月度报表脚本”。")
    elif len(name) > 100:
        errors["name"] = _("令牌用途不能超过100个字。")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = _("有效期应为1到%(m)s天。") % {"m": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(6)
    raw = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = AccessToken.objects.create(user=user, name=name, prefix=prefix, digest=digest_of(raw),
                                       expires_at=timezone.now() + timedelta(days=days))
    audit.record(actor=actor, action="api.token_create", target=token,
                 changes={"user": [None, user.username], "name": [None, name],
                          "expires_at": [None, token.expires_at]})
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: AccessToken, reason: str = "") -> AccessToken:
    token = AccessToken.objects.select_for_update().get(pk=token.pk)
    if actor is not None and actor.pk != token.user_id:
        raise PermissionDenied(_("只能吊销自己的令牌。"))
    if token.revoked_at is not None:
        raise ValidationError(_("此令牌已经吊销。"))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="api.token_revoke", target=token,
                 changes={"revoked_at": [None, token.revoked_at]}, reason=reason)
    return token


def _refuse(reason: str, token: AccessToken | None = None) -> None:
    audit.record(actor=token.user if token else None, action="api.token_rejected", target=token, reason=reason)


def authenticate(raw: str):
    """The user a presented token stands for, or None (the refusal and why is in the audit trail)."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or not parts[1] or not parts[2]:
        _refuse(_("令牌格式不正确"))
        return None
    token = AccessToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(raw.strip())):
        _refuse(_("令牌不存在"))
        return None
    now = timezone.now()
    if token.revoked_at is not None:
        _refuse(_("令牌已吊销"), token)
        return None
    if token.expires_at <= now:
        _refuse(_("令牌已过期"), token)
        return None
    if not token.user.is_active:
        _refuse(_("账号已停用"), token)
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
