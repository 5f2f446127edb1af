"""Issuing a leader's brief: atomic, checked, audited; the document is kept exactly as issued."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.org.models import Person
from tuijin.projects.permissions import require

from . import permissions
from .context import brief_context
from .documents import render_brief
from .models import Brief


@transaction.atomic
def brief_issue(*, actor, person: Person, as_of: date, issued_on: date | None = None) -> Brief:
    """Issue `person`'s brief as of `as_of`: keep its key figures (the next brief's "since") and the Word file."""
    person = Person.objects.select_for_update().select_related("region").get(pk=person.pk)
    require(permissions.can_issue(actor, person), _("只有本区域的项目办可以印发班子成员工作汇报。"))
    if not person.is_leader:
        raise ValidationError({"person": _("“%(p)s”不是区领导。") % {"p": person.name}})
    today = timezone.localdate()
    issued_on = issued_on or today
    if as_of > today:
        raise ValidationError({"as_of": _("数据截至日期不能晚于今天。")})
    if issued_on > today:
        raise ValidationError({"issued_on": _("印发日期不能晚于今天。")})
    if issued_on < as_of:
        raise ValidationError({"issued_on": _("印发日期不能早于数据截至日期。")})
    if Brief.objects.filter(person=person, as_of=as_of).exists():
        raise ValidationError({"as_of": _("%(p)s截至%(d)s的汇报已经印发过。") % {"p": person.name, "d": as_of.isoformat()}})
    context = brief_context(person, as_of=as_of, issued_on=issued_on)
    content = render_brief(context)
    brief = Brief(person=person, region=person.region, as_of=as_of, since=context["since"], issued_on=issued_on,
                  issued_by=actor, snapshot=audit.plain(context["snapshot"]))
    brief.document.save(f"brief-{person.pk}-{as_of:%Y%m%d}.docx", ContentFile(content), save=False)
    brief.save()
    audit.record(actor=actor, action="brief.issue", target=brief, changes={
        "person": [None, person.name], "as_of": [None, as_of], "since": [None, context["since"]],
        "figures": [None, context["snapshot"]["figures"]], "file": [None, brief.document.name],
        "sha256": [None, hashlib.sha256(content).hexdigest()]})
    return brief
