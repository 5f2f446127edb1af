"""The JSON API (/api/v1/): one NinjaAPI, the domains' routers from routers.ROUTERS, one error shape."""

from functools import wraps

from django.shortcuts import redirect
from django.urls import URLPattern, re_path
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import errors
from .auth import AUTH, signed_in
from .docs import docs_access
from .routers import ROUTERS

DESCRIPTION = """推进平台的数据接口：与网页同一套查询和业务规则，按账号的角色和管辖范围返回数据。

认证：网页登录会话（修改类请求须带 X-CSRFToken），或个人接口令牌 `Authorization: Bearer tjn_…`
（在“接口令牌”页面创建）。金额单位均为万元，以十进制字符串表示。错误统一为
`{"code", "message", "fields"}`，详见 docs/api.md。"""


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="推进 tuijin API", version="1", description=DESCRIPTION, auth=AUTH, urls_namespace="api",
        docs=Swagger(settings={"persistAuthorization": False}), docs_url="/docs",
        openapi_url="/openapi.json", docs_decorator=docs_access(signed_in),
    )
    errors.install(api)
    for dotted in ROUTERS:
        api.add_router("/", import_string(dotted))
    return api


api = build_api()


def _one_error_shape(view):
    """ninja answers a known path with an unknown method itself, as plain text: give it the error shape."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = errors.error_response(405, "method_not_allowed",
                                             _("此路径不支持 %(m)s 方法（可用：%(a)s）。") % {"m": request.method,
                                                                                          "a": allowed})
            response["Allow"] = allowed
        return response

    return wrapped


@csrf_exempt  # an API path, like ninja's own: a cookie without a CSRF token must get this JSON 404, not a page
def _unknown_path(request, rest=""):
    return errors.error_response(404, "not_found", _("没有这个接口路径。"))


def _root(request):
    """/api/v1/ itself: the docs (ninja's own root answers an HTML 404)."""
    return redirect("api:openapi-view")


def urls():
    """The API's URL patterns for config/urls.py, under the namespace `api`."""
    patterns, app_name, namespace = api.urls
    wrapped = [URLPattern(p.pattern, _root if p.name == "api-root" else _one_error_shape(p.callback),
                          p.default_args, p.name) for p in patterns]
    return [*wrapped, re_path(r"^(?P<rest>[\s\S]*)$", _unknown_path)], app_name, namespace
