from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin

from .tokens import DEFAULT_DAYS, MAX_DAYS


class TokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100,
                           error_messages={"required": _("请填写令牌用途，如“月度报表脚本”。")})
    days = forms.IntegerField(label=_("有效期（天）"), initial=DEFAULT_DAYS, min_value=1, max_value=MAX_DAYS,
                              error_messages={"required": _("请填写有效期。"),
                                              "min_value": _("有效期至少1天。"),
                                              "max_value": _("有效期最长%(limit_value)s天。")})
