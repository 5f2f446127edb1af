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
