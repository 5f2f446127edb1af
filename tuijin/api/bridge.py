"""Between the API's typed input and the pages' forms: the API binds the very forms the pages use, so every
parsing rule, choice restricted to the caller's scope, and Chinese message exists once."""

from datetime import date
from decimal import Decimal

from .errors import form_error


def form_data(values: dict) -> dict:
    """Typed values as a form would receive them from a page: text, with empty for none."""
    data = {}
    for name, value in values.items():
        if value is None:
            data[name] = ""
        elif isinstance(value, bool):
            data[name] = "on" if value else ""
        elif isinstance(value, date | Decimal | int):
            data[name] = value.isoformat() if isinstance(value, date) else str(value)
        elif isinstance(value, list):
            data[name] = [str(v) for v in value]
        else:
            data[name] = value
    return data


def clean(form) -> dict:
    """The form's cleaned data, or a 400 naming each field that did not validate."""
    if not form.is_valid():
        raise form_error(form)
    return form.cleaned_data

