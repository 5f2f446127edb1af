"""The results of a tour as an Excel sheet: the ranking, then every observer's marks (评分明细)."""

from django.utils.translation import gettext as _

from tuijin.exchange.xlsx import SheetWriter

from .models import Tour


def results_workbook(tour: Tour) -> bytes:
    from .selectors import tour_results

    criteria = list(tour.criteria.all())
    results = tour_results(tour)
    rule = (_("去掉一个最高分和一个最低分后取平均（评分人数不少于%(n)s人时）") % {"n": tour.min_scorers_to_drop}
            if tour.drop_extremes else _("取全部评分的平均"))
    note = _("观摩日期：%(d)s；得分规则：%(r)s；各项分值合计100分。") % {"d": tour.held_on.isoformat(), "r": rule}
    headers = [_("名次"), _("观摩点"), _("项目名称"), _("评分人数"), _("计入人数")] + [
        f"{c.name}（{c.weight}分）" for c in criteria] + [_("得分")]
    writer = SheetWriter(_("%(t)s评比结果") % {"t": tour.title}, note, headers, [6, 18, 30, 9, 9] + [12] * len(criteria)
                         + [10])
    for r in results:
        writer.row([r.rank, r.stop.label, r.stop.project.name if r.stop.project_id else "", r.average.scorers,
                    r.average.counted, *r.by_criterion,
                    r.average.score])
    writer.row([])
    writer.row([_("评分明细")])
    writer.row([_("观摩点"), _("评分人")] + [c.name for c in criteria] + [_("合计"), _("是否计入")])
    for r in sorted(results, key=lambda r: r.stop.order):
        for entry in r.sheets:
            writer.row([r.stop.label, entry["observer"], *entry["marks"], entry["total"],
                        _("计入") if entry["counted"] else _("去掉")])
    return writer.to_bytes()
