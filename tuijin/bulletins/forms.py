from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.dispatch.models import Period

from .selectors import programmes_for


class BulletinForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("清单"), queryset=None, required=False,
                                       empty_label=_("全部纳入调度的项目"),
                                       widget=forms.Select(attrs={"class": "form-select"}))
    requirements = forms.CharField(label=_("下步工作要求"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 9, "class": "form-control"}),
                                   help_text=_("印发前可修改；各段之间空一行。"))

    def __init__(self, *args, period: Period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes_for(period)
