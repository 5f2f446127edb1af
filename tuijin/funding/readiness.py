"""Readiness (对上可争取, per channel): the 前期 items a channel needs before a project may apply through it.
An item counts as settled when 已完成 or 不涉及, as in projects.preparation."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from tuijin.projects.preparation import PrepItem, PrepStatus

SETTLED = {PrepStatus.DONE, PrepStatus.NOT_NEEDED}


@dataclass(frozen=True)
class Readiness:
    channel: object
    missing: list[str]  # labels of the items not yet settled, in the channel's order

    @property
    def ok(self) -> bool:
        return not self.missing

    @property
    def message(self) -> str:
        if self.ok:
            return _("前期要件齐全，可以申报%(c)s。") % {"c": self.channel.name}
        return _("申报%(c)s须先完成前期事项：%(items)s（尚未完成）。") % {
            "c": self.channel.name, "items": "、".join(self.missing)}


def readiness(project, channel, statuses: dict[str, str] | None = None) -> Readiness:
    """`statuses` ({item: status}) may be given when the caller already has them, saving a query."""
    if statuses is None:
        statuses = dict(project.preparations.values_list("item", "status"))
    missing = [str(PrepItem(item).label) for item in channel.required_items
               if statuses.get(item, PrepStatus.TODO) not in SETTLED]
    return Readiness(channel=channel, missing=missing)
