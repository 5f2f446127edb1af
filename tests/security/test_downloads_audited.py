"""Every download is audited (等保 安全审计): any route of the matrix that answers with a file rather than a page
leaves an event naming who took what — so a download added later cannot forget it."""

import pytest

from tuijin.core.models import AuditEvent
from tuijin.org.models import User

from .matrix import OK
from .test_route_matrix import MATRIX, scene  # noqa: F401  (the demo scene the matrix uses)

ROLES = ["coordinator", "leader", "department", "owner"]
PAIRS = sorted((route, role) for route, (_build, expected) in MATRIX.items() for role in ROLES
               if expected[role] == OK)


@pytest.mark.parametrize(("route", "role"), PAIRS)
def test_a_file_handed_out_leaves_an_event(scene, db, client, settings, route, role):  # noqa: F811
    settings.MEDIA_ROOT = scene.media
    user = User.objects.get(username=role)
    client.force_login(user)
    before = AuditEvent.objects.filter(actor=user).count()
    response = client.get(MATRIX[route][0](scene))
    attachment = "attachment" in response.get("Content-Disposition", "")
    if not attachment and response.get("Content-Type", "").startswith(("text/html", "application/json")):
        return  # a page, or an API answer: not a file handed out
    events = AuditEvent.objects.filter(actor=user).order_by("-id")
    assert events.count() == before + 1, f"{route} handed {role} a file without an audit event"
    assert events[0].action.split(".")[0] in {"download", "export"}


def test_a_photo_download_names_the_photo_and_the_project(scene, db, client, settings):  # noqa: F811
    settings.MEDIA_ROOT = scene.media
    client.force_login(User.objects.get(username="owner"))
    assert client.get(f"/dispatch/photos/{scene.photo.pk}/").status_code == 200
    event = AuditEvent.objects.filter(action="download.photo").latest("id")
    assert event.project_id == scene.project.pk and event.target_id == str(scene.photo.pk)
    assert event.changes["file"][1] == scene.photo.image.name
