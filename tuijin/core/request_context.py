"""Where the current request came from, so services can stamp audit events without a request object."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
# The logged-in user of this request, for the few writes made inside Django's own views (the admin's forms).
current_user: ContextVar = ContextVar("current_user", default=None)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")
