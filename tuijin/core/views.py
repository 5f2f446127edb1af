from django.shortcuts import redirect

from .roles import BUSINESS_ROLES, Role


def home(request):
    """`/`: the login page for a visitor; each role's own starting page otherwise."""
    if not request.user.is_authenticated:
        return redirect("login")
    if request.user.role == Role.LEADER:
        return redirect("dashboard:index")
    if request.user.role in BUSINESS_ROLES:
        return redirect("projects:registry")
    if request.user.role in {Role.ADMIN, Role.AUDITOR} or request.user.is_superuser:
        return redirect("admin:index")
    return redirect("login")
