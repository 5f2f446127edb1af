"""Who is calling: a personal access token (`Authorization: Bearer tjn_…`) or the web session.

Either way the caller is a user, with that user's role and scope and nothing more. The session is checked for
CSRF on unsafe methods, as the pages are; a token is not a cookie, so it needs none. Auditor and admin have no
business data: every resource answers them 403.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from tuijin.core.request_context import current_user
from tuijin.core.roles import BUSINESS_ROLES

from . import tokens
from .errors import ApiError


def _business(user):
    if user.role not in BUSINESS_ROLES:
        raise ApiError(403, "forbidden", _("您的角色不查看业务数据。"))
    return user


class TokenAuth(HttpBearer):
    """A bearer token. A token that is presented but not valid is refused outright (401), never passed over to
    the session, so a script with a stale token learns so at once."""

    def authenticate(self, request, token: str):
        user = tokens.authenticate(token)
        if user is None:
            raise AuthenticationError()
        request.user = user
        current_user.set(user)
        return _business(user)


class SessionAuth(APIKeyCookie):
    """The logged-in page user. Unsafe methods need the CSRF token, as on the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=True)  # tells the docs page to send the CSRF token with "Try it out"

    def _get_key(self, request):
        # ninja would check CSRF here, before knowing whether anyone is signed in, and answer 403 to a caller who
        # should get 401; the check is made in authenticate instead.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        if not request.user.is_authenticated:
            return None
        if request.method not in {"GET", "HEAD", "OPTIONS", "TRACE"} and check_csrf(request):
            raise ApiError(403, "csrf_failed", _("CSRF 校验失败：网页会话提交须带 X-CSRFToken 头；脚本请改用令牌。"))
        return _business(request.user)


def signed_in(request):
    """For the OpenAPI document and the docs page: any signed-in user or valid token, whatever the role."""
    if request.user.is_authenticated:
        return request.user
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return tokens.authenticate(header[7:])
    return None


AUTH = [TokenAuth(), SessionAuth()]
