"""The registry's filter bar: reads the query string into RegistryFilters, offering only what the user sees."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import search_field
from tuijin.org.models import Department, Person, Region

from .lifecycle import STAGE_GROUPS, Stage
from .models import Category, ProgrammeList
from .selectors import SORTS, RegistryFilters


class RegistryFilterForm(forms.Form):
    q = search_field()
    group = forms.ChoiceField(label=_("分组"), required=False,
                              choices=[("", _("全部"))] + [(k, v[0]) for k, v in STAGE_GROUPS.items()])
    stage = forms.ChoiceField(label=_("阶段"), required=False, choices=[("", _("全部阶段"))] + Stage.choices)
    programme = forms.ModelChoiceField(label=_("清单"), required=False, queryset=ProgrammeList.objects.all(),
                                       empty_label=_("全部清单"))
    category = forms.ModelChoiceField(label=_("类别"), required=False, queryset=Category.objects.all(),
                                      empty_label=_("全部类别"))
    department = forms.ModelChoiceField(label=_("责任单位"), required=False, queryset=Department.objects.all(),
                                        empty_label=_("全部单位"))
    leader = forms.ModelChoiceField(label=_("责任领导"), required=False,
                                    queryset=Person.objects.filter(is_leader=True), empty_label=_("全部领导"))
    region = forms.ModelChoiceField(label=_("区域"), required=False, queryset=Region.objects.all(),
                                    empty_label=_("全部区域"))
    started = forms.ChoiceField(label=_("开工"), required=False,
                                choices=[("", _("不限")), ("1", _("已开工")), ("0", _("未开工"))])
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=[
        ("id", _("默认")), ("name", _("名称")), ("-total", _("总投资从大到小")), ("total", _("总投资从小到大")),
        ("-annual", _("年度计划从大到小")), ("progress", _("任务进度从低到高")), ("-progress", _("任务进度从高到低")),
        ("stage", _("阶段")), ("planned_start", _("计划开工"))])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.region_id:
            regions = user.region.subtree()
            self.fields["region"].queryset = regions
            self.fields["department"].queryset = Department.objects.filter(region__in=regions)
            self.fields["leader"].queryset = Person.objects.filter(is_leader=True, region__in=regions)
            # Lists of the user's region, of the regions below it, and of those above it: a zone's projects
            # are counted on the city's 市定“三十工程” as well as on the zone's own list.
            above = [int(pk) for pk in user.region.path.strip("/").split("/")]
            self.fields["programme"].queryset = ProgrammeList.objects.filter(
                Q(region__in=regions) | Q(region_id__in=above))
        if self.fields["region"].queryset.count() <= 1:
            del self.fields["region"]

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

        def pk(name):
            value = data.get(name)
            return value.pk if value else None

        started = data.get("started")
        programme = data.get("programme")
        return RegistryFilters(
            text=data.get("q", ""), group=data.get("group", ""), stage=data.get("stage", ""),
            programme=pk("programme"), category=pk("category"), department=pk("department"),
            leader=pk("leader"), region=pk("region"),
            started=None if started in (None, "") else started == "1",
            year=programme.year if programme else settings.TUIJIN_DEFAULT_YEAR,
            sort=data.get("sort") if data.get("sort") in SORTS else "id",
        )
