"""Small helpers shared by the tests: the audit events since a point, the whole stored state, form data."""

from django.db.models import Max
from django.forms.models import model_to_dict

from tuijin.core.models import AuditEvent
from tuijin.projects.models import ListMembership, Milestone, Preparation, Project
from tuijin.projects.services import EDITABLE_FIELDS


class AuditLog:
    """The audit events written since it was made."""

    def __init__(self):
        self.since = AuditEvent.objects.aggregate(m=Max("id"))["m"] or 0

    def new(self) -> list[AuditEvent]:
        """What changed since: the trail of logins and logouts the tests themselves cause is left aside."""
        return list(AuditEvent.objects.filter(id__gt=self.since).exclude(action__in=["login", "logout"]).order_by("id"))

    def one(self) -> AuditEvent:
        events = self.new()
        assert len(events) == 1, [e.action for e in events]
        return events[0]


def database_state() -> dict:
    """Every business row and the number of audit events: equal before and after means nothing changed."""
    return {
        "projects": list(Project.objects.order_by("pk").values()),
        "co_departments": list(Project.co_departments.through.objects.order_by("pk").values()),
        "team": list(Project.team.through.objects.order_by("pk").values()),
        "milestones": list(Milestone.objects.order_by("pk").values()),
        "preparations": list(Preparation.objects.order_by("pk").values()),
        "memberships": list(ListMembership.objects.order_by("pk").values()),
        # Changes to data; not the trail of sessions and refusals, which a refused request must leave.
        "events": AuditEvent.objects.exclude(action__in=["login", "logout", "access.denied"]).count(),
    }


def project_form_data(project: Project, **changes) -> dict:
    """What the edit form posts back for `project` unchanged, with `changes` applied."""
    data = {key: "" if value is None else value
            for key, value in model_to_dict(project, fields=EDITABLE_FIELDS).items()}
    data["version"] = project.version
    data.update(changes)
    return data
