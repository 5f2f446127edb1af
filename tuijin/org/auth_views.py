"""Account pages around Django's own: changing one's password (required at first login) and the 403 page,
which also leaves a trace of the refusal in the audit trail."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from tuijin.core import audit

from . import services


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return response


def permission_denied(request, exception=None):
    """403: say so in Chinese, and record who was refused what."""
    user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    audit.record(actor=user, action="access.denied", changes={"path": [None, request.path]},
                 reason=str(exception) if exception else "")
    message = str(exception) if exception and str(exception) else _("您没有权限访问此页面。")
    return render(request, "403.html", {"message": message}, status=403)
