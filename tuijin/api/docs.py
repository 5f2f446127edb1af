"""Who may read the API's description: any signed-in user or valid token (the document names no data, but a
government system shows its surface to its own users only). The docs page is Swagger UI served from ninja's
bundled static files (no CDN), with no inline script, so the site's CSP applies to it unchanged."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from .errors import error_response


def docs_access(who):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if who(request) is None:
                if request.path.endswith(".json"):
                    return error_response(401, "unauthenticated", "请先登录，或在 Authorization 头中提供有效的令牌。")
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
