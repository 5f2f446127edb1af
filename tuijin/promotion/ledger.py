"""The lead ledger (招商项目台账) as a sheet: its columns, written by the export and read back by the import."""

from datetime import date

from django.utils.translation import gettext as _

from tuijin.exchange.xlsx import SheetWriter

# (header, width); the import reads the columns it knows by these names and their synonyms (ledger_import.py).
COLUMNS = [
    (_("序号"), 6), (_("项目名称"), 30), (_("线索来源"), 10), (_("投资方"), 28), (_("统一社会信用代码"), 22),
    (_("所属行业"), 14), (_("产业链"), 12), (_("意向投资（万元）"), 14), (_("阶段"), 8), (_("阶段说明"), 20),
    (_("责任单位"), 12), (_("分包领导"), 14), (_("登记日期"), 12), (_("最近对接"), 12), (_("久未对接"), 8),
    (_("首次签约日期"), 12), (_("签约额（万元）"), 14), (_("开工日期"), 12), (_("到位资金（万元）"), 14),
    (_("下一步工作"), 24), (_("完成时限"), 12), (_("对接人"), 10), (_("联系电话"), 14), (_("转入项目"), 24),
]
MONEY_COLUMNS = {7, 16, 18}


def ledger_workbook(leads, *, as_of: date) -> bytes:
    """Streams the leads of a lead_list() query (annotated with last contact, first signing and funds)."""
    from . import counting, selectors

    writer = SheetWriter(_("招商项目台账"), _("金额单位：万元；截至%(d)s；久未对接：超过%(n)s天未对接") % {
        "d": as_of.isoformat(), "n": selectors.stale_days()}, [c[0] for c in COLUMNS], [c[1] for c in COLUMNS])
    amounts = counting.signed_totals(leads)
    for index, lead in enumerate(selectors.mark_stale(leads, as_of=as_of), 1):
        writer.row([
            index, lead.name, lead.get_source_display(), lead.investor_label, lead.investor_credit_code or (
                lead.investor.credit_code if lead.investor_id else "") or "",
            lead.industry, str(lead.chain or ""), lead.intended_investment, lead.get_stage_display(),
            lead.stage_reason, str(lead.department or ""), str(lead.leader or ""), lead.received_on,
            lead.last_contact, _("是") if lead.is_stale else "", lead.first_signed_on, amounts.get(lead.pk),
            lead.started_on, lead.funds_total, lead.next_action, lead.next_action_due, lead.contact_person,
            lead.contact_phone, str(lead.project or ""),
        ], money_columns=MONEY_COLUMNS)
    return writer.to_bytes()

