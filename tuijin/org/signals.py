"""Logins, logouts, failed logins and lockouts go into the audit trail."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.request_context import client_ip, current_ip

from .lockouts import lockout_until


def _record(request, **fields):
    token = current_ip.set(client_ip(request)) if request is not None else None
    try:
        audit.record(**fields)
    finally:
        if token is not None:
            current_ip.reset(token)


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    _record(request, actor=user, action="login", target=user)


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        _record(request, actor=user, action="logout", target=user)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    _record(request, actor=None, action="login.failed", changes={"username": [None, credentials.get("username")]})


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    _record(request, actor=None, action="login.locked",
            changes={"username": [None, username], "ip": [None, ip_address],
                     "locked_until": [None, lockout_until().isoformat(timespec="minutes")]},
            reason=_("连续登录失败达到上限，账号和来源地址已锁定，到期自动解除"))
