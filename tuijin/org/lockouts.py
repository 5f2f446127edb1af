"""Which accounts and source addresses django-axes holds locked now, read from its attempt records the way
its database handler counts them: failures within the cool-off window, per username and per address
(AXES_LOCKOUT_PARAMETERS locks each separately)."""

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = ("username", "ip_address")


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last_attempt: datetime
    until: datetime  # when the lock lifts by itself

    @property
    def label(self) -> str:
        return (_("账号 %(v)s") if self.kind == "username" else _("来源地址 %(v)s")) % {"v": self.value}


def current_lockouts(now: datetime | None = None) -> list[Lockout]:
    now = now or timezone.now()
    window = settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - window)
    found = []
    for kind in KINDS:
        rows = (recent.exclude(**{f"{kind}__isnull": True}).values(kind)
                .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last"))
        found.extend(Lockout(kind=kind, value=row[kind], failures=row["failures"], last_attempt=row["last"],
                             until=row["last"] + window) for row in rows)
    return found


def lockout_until(now: datetime | None = None) -> datetime:
    """When a lock made now lifts by itself."""
    return (now or timezone.now()) + settings.AXES_COOLOFF_TIME
