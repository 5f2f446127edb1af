"""What the dispatch shell commands share: who acts, and finding a period or a list by name."""

import json

from django.core.management.base import CommandError

from tuijin.dispatch.models import Period
from tuijin.org.models import User
from tuijin.projects.models import ProgrammeList


def acting_user(username: str | None) -> User:
    """Shell commands act as a named coordinator (default: the only coordinator account)."""
    users = User.objects.filter(role="coordinator", is_active=True)
    if username:
        users = users.filter(username=username)
    found = list(users[:2])
    if len(found) != 1:
        raise CommandError("请用 --user 指定一个项目办账号。" if not username else f"找不到项目办账号“{username}”。")
    return found[0]


def find_period(text: str | None, user: User) -> Period | None:
    if not text:
        return None
    try:
        year, month = (int(x) for x in text.split("-"))
    except ValueError as exc:
        raise CommandError(f"--period 应为 YYYY-MM，收到“{text}”。") from exc
    periods = Period.objects.filter(year=year, month=month)
    if user.region_id:
        periods = periods.filter(region=user.region)
    period = periods.first()
    if period is None:
        raise CommandError(f"调度期 {text} 不存在，请先开启。")
    return period


def find_list(name: str | None) -> ProgrammeList | None:
    if not name:
        return None
    programme = ProgrammeList.objects.filter(name=name).first() or ProgrammeList.objects.filter(
        name__contains=name).order_by("-year").first()
    if programme is None:
        raise CommandError(f"找不到清单“{name}”。")
    return programme


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
