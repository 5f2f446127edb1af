"""What every page module shares: the business-roles guard and putting a service's refusal on a form."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from .roles import BUSINESS_ROLES


def business_user(view):
    """Pages about projects are for the business roles only; auditor and admin get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.role not in BUSINESS_ROLES:
            raise PermissionDenied(_("您的角色不查看业务数据。"))
        return view(request, *args, **kwargs)

    return wrapped


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form, field by field where the form has the field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def valid_query(form) -> QueryDict:
    """The query string of a bound filter form, keeping only the fields that validated: links built from it
    (pages, exports) never echo back what the form refused, however long or strange."""
    query = QueryDict(mutable=True)
    if not form.is_bound:
        return query
    form.is_valid()
    for name in form.fields:
        if name in form.errors:
            continue
        values = [v for v in form.data.getlist(name) if v not in (None, "")]
        if values:
            query.setlist(name, values)
    return query


def issue_letter(request, write):
    """Generate a 交办函/提醒函/督办函 through `write()` (a service returning the loop step that keeps it) and tell
    the user what happened: its number, or the service's refusals. Returns the step, or None when refused."""
    from .loop import LetterKind

    try:
        step = write()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    messages.success(request, _("已生成%(k)s %(n)s。") % {"k": LetterKind(step.letter_kind).label,
                                                         "n": step.letter_number})
    return step
