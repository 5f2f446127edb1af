from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tuijin.core import audit


class PasswordChangeRequiredMiddleware:
    """A new account, or one whose password the admin reset, changes its password before anything else."""

    ALLOWED = ("password_change", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)


class BreakGlassAuditMiddleware:
    """The Django superuser is for emergencies only (三员分立 leaves no one above the roles), so every request it
    makes — pages read as well as forms sent — leaves an audit event: method, path, query and the answer's
    status. The services and the admin audit what it changes on top of this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_superuser or request.path.startswith("/static/"):
            return self.get_response(request)
        response = self.get_response(request)
        fields = sorted(key for key in request.POST if key != "csrfmiddlewaretoken") if request.method == "POST" else []
        audit.record(actor=user, action="breakglass.request", reason=_("应急超级账号操作"),
                     changes={"method": [None, request.method], "path": [None, request.path[:500]],
                              "query": [None, request.META.get("QUERY_STRING", "")[:500]],
                              "fields": [None, fields], "status": [None, response.status_code]})
        return response
