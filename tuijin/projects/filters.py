"""The registry's filter bar: reads the query string into RegistryFilters, offering only what the user sees."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import search_field
from tuijin.org.models import Department, Person, Region

from .lifecycle import STAGE_GROUPS, Stage
from .models import Category, ProgrammeList
from .selectors import SORTS, RegistryFilters


class ScopedChoiceField(forms.Field):
    """A row of the user's scope (a list, department, leader, region), chosen by id and cleaned to that id.
    The choices are (id, name) pairs read with values_list: a city offers hundreds, and a model instance for
    each, only to print its name, was a good part of the page's time. Refuses what it does not offer as a
    ModelChoiceField would, with the same message."""

    widget = forms.Select
    default_error_messages = {
        "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"],
    }

    def __init__(self, *, empty_label, **kwargs):
        super().__init__(required=False, **kwargs)
        self.empty_label = empty_label
        self.offer([])

    def offer(self, rows) -> None:
        """Offer `rows`, (id, label) pairs in the order shown."""
        rows = list(rows)
        self.ids = {pk for pk, _ in rows}
        self.choices = [("", self.empty_label), *rows]

    def to_python(self, value) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return int(value)  # what a primary-key lookup accepts
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None

    def validate(self, value) -> None:
        if value is not None and value not in self.ids:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


SELECTED = mark_safe(" selected")


def _options(choices, *, chosen: str) -> str:
    """<option>s for `choices`, the one whose value reads `chosen` selected (as the page's template did)."""
    return format_html_join("", '<option value="{}"{}>{}</option>', (
        (value, SELECTED if str(value) == chosen else "", label) for value, label in choices))


class RegistryFilterForm(forms.Form):
    q = search_field()
    group = forms.ChoiceField(label=_("分组"), required=False,
                              choices=[("", _("全部"))] + [(k, v[0]) for k, v in STAGE_GROUPS.items()])
    stage = forms.ChoiceField(label=_("阶段"), required=False, choices=[("", _("全部阶段"))] + Stage.choices)
    programme = ScopedChoiceField(label=_("清单"), empty_label=_("全部清单"))
    category = ScopedChoiceField(label=_("类别"), empty_label=_("全部类别"))
    department = ScopedChoiceField(label=_("责任单位"), empty_label=_("全部单位"))
    leader = ScopedChoiceField(label=_("责任领导"), empty_label=_("全部领导"))
    region = ScopedChoiceField(label=_("区域"), empty_label=_("全部区域"))
    started = forms.ChoiceField(label=_("开工"), required=False,
                                choices=[("", _("不限")), ("1", _("已开工")), ("0", _("未开工"))])
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=[
        ("id", _("默认")), ("name", _("名称")), ("-total", _("总投资从大到小")), ("total", _("总投资从小到大")),
        ("-annual", _("年度计划从大到小")), ("progress", _("任务进度从低到高")), ("-progress", _("任务进度从高到低")),
        ("stage", _("阶段")), ("planned_start", _("计划开工"))])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = user.region.subtree() if user.region_id else Region.objects.all()
        self.fields["region"].offer(regions.values_list("pk", "name"))
        departments = Department.objects.all()
        leaders = Person.objects.filter(is_leader=True)
        programmes = ProgrammeList.objects.all()
        if user.region_id:
            in_scope = list(self.fields["region"].ids)  # read once above, not a subquery in each list below
            departments = departments.filter(region_id__in=in_scope)
            leaders = leaders.filter(region_id__in=in_scope)
            # Lists of the user's region, of the regions below it, and of those above it: a zone's projects
            # are counted on the city's 市定“三十工程” as well as on the zone's own list.
            above = [int(pk) for pk in user.region.path.strip("/").split("/")]
            programmes = programmes.filter(region_id__in=in_scope + above)
        programme_rows = list(programmes.values_list("pk", "name", "year"))
        self.programme_years = {pk: year for pk, _, year in programme_rows}
        self.fields["programme"].offer((pk, name) for pk, name, _ in programme_rows)
        self.fields["category"].offer(Category.objects.values_list("pk", "name"))
        department_rows = departments.values_list("pk", "name", "short_name")
        # A department's label as its __str__: the short name if it has one.
        self.fields["department"].offer((pk, short or name) for pk, name, short in department_rows)
        self.fields["leader"].offer(leaders.values_list("pk", "name"))
        if len(self.fields["region"].ids) <= 1:
            del self.fields["region"]

    def drop_downs(self):
        """Each field but the search box, with its options as HTML. Marked up here in one pass: a template
        loop over a few hundred options, looking up the chosen value for each, cost more than the page's
        query."""
        for field in self:
            if field.name != "q":
                yield field, _options(field.field.choices, chosen=str(field.value()))

    def refused(self) -> list[str]:
        """One message per filter that was left out, naming it and why."""
        if not self.is_bound or self.is_valid():
            return []
        return [f"{self.fields[name].label if name in self.fields else name}：{message}"
                for name, errors in self.errors.items() for message in errors]

    def to_filters(self) -> RegistryFilters:
        data = {}
        if self.is_bound:
            self.is_valid()  # cleans each field: one that does not validate is left out, the others still apply
            # (and the page says which, see `refused`)
            data = self.cleaned_data

        started = data.get("started")
        programme = data.get("programme")
        return RegistryFilters(
            text=data.get("q", ""), group=data.get("group", ""), stage=data.get("stage", ""),
            programme=programme, category=data.get("category"), department=data.get("department"),
            leader=data.get("leader"), region=data.get("region"),
            started=None if started in (None, "") else started == "1",
            year=self.programme_years[programme] if programme else settings.TUIJIN_DEFAULT_YEAR,
            sort=data.get("sort") if data.get("sort") in SORTS else "id",
        )
