"""The key-task app's rows of the route × role matrix. Key work is the administration's own: owners get 403
on every page (so the out-of-scope table, which expects the owner's 404, has no task rows; tests/tasks covers a
department opening another department's task). The scene's task is 住建局's; the other one 科创局's."""

from django.urls import reverse

from .matrix import DENY, GO, POST_ONLY, only

READERS = only("department", "coordinator", "leader")
POST_FOR_READERS = {"owner": DENY, "department": POST_ONLY, "coordinator": POST_ONLY, "leader": POST_ONLY,
                    "auditor": DENY, "admin": DENY, "anonymous": GO}

MATRIX = {
    "tasks:list": (lambda s: reverse("tasks:list"), READERS),
    "tasks:export": (lambda s: reverse("tasks:export"), READERS),
    "tasks:new": (lambda s: reverse("tasks:new"), only("coordinator")),
    "tasks:detail": (lambda s: reverse("tasks:detail", args=[s.task.pk]), READERS),
    "tasks:notice": (lambda s: reverse("tasks:notice", args=[s.task.pk, "supervise"]), POST_FOR_READERS),
    "tasks:notice_file": (lambda s: reverse("tasks:notice_file", args=[s.task_notice.pk]), READERS),
}


def add_to_scene(s) -> None:
    from tuijin.core.loop import LetterKind
    from tuijin.org.models import User
    from tuijin.tasks.models import KeyTask
    from tuijin.tasks.services import task_notice

    coordinator = User.objects.get(username="coordinator")
    s.task = KeyTask.objects.get(title="城中村改造安置房建设")
    s.other_task = KeyTask.objects.get(title="建设氢能装备中试基地")
    s.task_notice = task_notice(actor=coordinator, task=s.task, kind=LetterKind.SUPERVISE)
