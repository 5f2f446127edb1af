from .request_context import client_ip, current_ip, current_user


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ip_token = current_ip.set(client_ip(request))
        user_token = current_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(ip_token)
            current_user.reset(user_token)


class ChineseFirstLocaleMiddleware:
    """Simplified Chinese unless the user chose another language (the language cookie). Unlike Django's
    LocaleMiddleware it ignores the browser's Accept-Language: an office PC set to English still gets the
    Chinese interface its users expect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulMiddleware:
    """A NUL character has no business in a URL or a form value, and PostgreSQL refuses it in text: left to
    reach a query it turns into a 500. Answered here, before any view, with a plain 400 in Chinese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            from django.shortcuts import render
            from django.utils.translation import gettext as _

            message = _("请求中含有不允许的空字符（NUL），已拒绝。请删除后重试。")
            if request.path.startswith("/api/"):  # the API answers in its one error format
                from tuijin.api.errors import error_response

                return error_response(400, "bad_request", message)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    sources = [request.GET]
    if request.method == "POST" and request.content_type in {"application/x-www-form-urlencoded",
                                                             "multipart/form-data"}:
        sources.append(request.POST)  # file contents are not looked at: a binary upload may hold NULs
    return any("\x00" in key or any("\x00" in value for value in values)
               for source in sources for key, values in source.lists())
