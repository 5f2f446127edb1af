from django import forms


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
