from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tuijin.core.admin_roles import ReadOnlyAdmin, SettingsAdmin
from tuijin.projects.preparation import PrepItem

from .models import Application, Channel


class ChannelForm(forms.ModelForm):
    required_items = forms.MultipleChoiceField(label=_("申报前须完成的前期事项"), choices=PrepItem.choices,
                                               required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Channel
        fields = ["code", "name", "short_name", "phrase", "order", "required_items", "active"]


@admin.register(Channel)
class ChannelAdmin(SettingsAdmin):
    """The channels are settings the admin role keeps; the applications through them are business records."""

    form = ChannelForm
    list_display = ["name", "short_name", "order", "active"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["project", "channel", "year", "batch", "status", "amount_requested", "amount_approved"]
    list_filter = ["channel", "status", "year"]
    search_fields = ["project__name"]
