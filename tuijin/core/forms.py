from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _


class StyledFormMixin:
    """Gives every widget Bootstrap's class, so templates render fields without per-field markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                widget.attrs.setdefault("class", "list-unstyled small")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")


# The dates the platform reasons about: its figures start in this century, and date arithmetic (month ends,
# cut-offs a year ahead) must not run off the calendar on a date typed as 9999-12-31 or 0001-01-01.
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2099, 12, 31)


class ReasonableDateField(forms.DateField):
    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(_("日期应在 %(a)s 至 %(b)s 之间。"), code="out_of_range",
                                        params={"a": EARLIEST_DATE.isoformat(), "b": LATEST_DATE.isoformat()})


SEARCH_MAX = 200  # a longer LIKE pattern is refused by SQLite ("pattern too complex") and helps no one


def search_field(label=None) -> forms.CharField:
    """The search box of a list page: optional, and at most SEARCH_MAX characters, with a message saying so."""
    return forms.CharField(label=label or _("搜索"), required=False, max_length=SEARCH_MAX,
                           error_messages={"max_length": _("搜索词不能超过200个字。")})
