"""One error shape for every answer the API refuses: {"code", "message" (Chinese), "fields"}.

| status | code | when |
|---|---|---|
| 400 | invalid | a service or form refused the input; `fields` names each field and why |
| 401 | unauthenticated | no session and no valid token |
| 403 | forbidden | the role may not do this (auditor and admin: no business data) |
| 404 | not_found | no such object, or not in the caller's scope (no hint which) |
| 405 | method_not_allowed | the path exists, the method does not |
| 409 | version_conflict | saved by someone else since the caller read it (`fields` says what changed) |
| 422 | schema | the request does not match the OpenAPI document (type, required field, format) |
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

logger = logging.getLogger(__name__)

ERROR_STATUSES = frozenset({400, 401, 403, 404, 409, 422})


class Error(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class ApiError(Exception):
    """Raised by an operation to answer with the error shape directly (e.g. a conflict with its details)."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def error_response(status: int, code: str, message: str, fields: dict | None = None) -> JsonResponse:
    return JsonResponse({"code": code, "message": str(message), "fields": fields or {}}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def field_messages(error: DjangoValidationError) -> dict[str, str]:
    """A Django ValidationError as {field: message}; errors of no one field go under "__all__"."""
    if hasattr(error, "error_dict"):
        return {field: "；".join(str(m) for e in errors for m in e.messages)
                for field, errors in error.error_dict.items()}
    return {"__all__": "；".join(error.messages)}


def form_error(form) -> ApiError:
    """A bound form that did not validate, as a 400 naming each field by its key and its Chinese label."""
    fields = {name: "；".join(str(m) for m in errors) for name, errors in form.errors.items()}
    first = next(iter(form.errors.items()), None)
    message = _("提交的内容有误。")
    if first:
        name, errors = first
        label = form.fields[name].label if name in form.fields else None
        message = f"{label}：{errors[0]}" if label else str(errors[0])
    return ApiError(400, "invalid", message, fields)


def is_stale(error: DjangoValidationError) -> bool:
    return any(getattr(e, "code", None) == "stale" for e in getattr(error, "error_list", [error]))


# pydantic's error types, said in Chinese; anything else keeps pydantic's own words after a Chinese lead.
SCHEMA_MESSAGES = {
    "missing": "必填。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "int_from_float": "应为整数。",
    "decimal_parsing": "应为数字。",
    "decimal_type": "应为数字。",
    "float_parsing": "应为数字。",
    "date_parsing": "应为日期，如 2025-03-01。",
    "date_from_datetime_parsing": "应为日期，如 2025-03-01。",
    "date_type": "应为日期，如 2025-03-01。",
    "datetime_parsing": "应为日期时间。",
    "string_type": "应为文本。",
    "bool_parsing": "应为 true 或 false。",
    "bool_type": "应为 true 或 false。",
    "list_type": "应为列表。",
    "dict_type": "应为对象。",
    "model_attributes_type": "应为对象。",
    "json_invalid": "不是有效的 JSON。",
    "string_too_long": "过长。",
    "greater_than_equal": "超出允许范围（过小）。",
    "less_than_equal": "超出允许范围（过大）。",
}


def schema_message(entry: dict) -> str:
    if entry.get("type") == "value_error" and entry.get("ctx", {}).get("error"):
        return str(entry["ctx"]["error"])  # our own validators speak Chinese already
    known = SCHEMA_MESSAGES.get(entry.get("type", ""))
    return _(known) if known else _("格式不正确（%(m)s）。") % {"m": entry.get("msg", "")}


def _schema_location(entry: dict) -> str:
    # ninja's loc is ("body", "payload", "name") or ("query", "limit"); keep the parts a caller wrote.
    loc = [str(part) for part in entry.get("loc", ())]
    if len(loc) >= 3 and loc[0] == "body":
        loc = [loc[0], *loc[2:]]
    return ".".join(loc) or "__all__"


def install(api) -> None:
    """Replace ninja's default handlers: every refusal answers in the one shape."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.fields)

    @api.exception_handler(SchemaError)
    def schema_error(request, exc: SchemaError):
        fields = {}
        for entry in exc.errors:
            fields.setdefault(_schema_location(entry), schema_message(entry))
        return error_response(422, "schema", _("请求格式不符合接口说明：%(f)s。") % {"f": "、".join(fields)}, fields)

    @api.exception_handler(DjangoValidationError)
    def validation_error(request, exc: DjangoValidationError):
        fields = field_messages(exc)
        if is_stale(exc):
            return error_response(409, "version_conflict", "；".join(exc.messages), {})
        return error_response(400, "invalid", "；".join(fields.values()), fields)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(404, "not_found", _("未找到，或不在您的管辖范围内。"))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return error_response(403, "forbidden", str(exc) or _("您没有权限进行此操作。"))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = error_response(401, "unauthenticated", _("请先登录，或在 Authorization 头中提供有效的令牌。"))
        response["WWW-Authenticate"] = 'Bearer realm="tuijin"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:  # ninja's only 400: a body it cannot parse, a schema error like any other
            return error_response(422, "schema", _("请求体无法解析：应为有效的 JSON。"), {"body": _("不是有效的 JSON。")})
        codes = {403: "forbidden", 404: "not_found", 429: "throttled"}
        return error_response(exc.status_code, codes.get(exc.status_code, "error"), exc.message)

    @api.exception_handler(Exception)
    def server_error(request, exc: Exception):
        logger.exception("API error at %s", request.path, exc_info=exc)
        return error_response(500, "server_error", _("服务器内部错误，已记录，请稍后再试或联系管理员。"))
