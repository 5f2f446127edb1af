"""Bulk 招商 leads for `tuijin synth`, one call at the end of the generator's run.

Like the generator, it writes with bulk inserts and keeps by itself the rules the services enforce: every
lead names its investor (credit codes valid), a lead at 签约 or beyond has its first contract, contracts are
not before the lead was registered, 开工 is not before the first signing, 到资 has funds in place dated from
the signing on, nothing is dated after the synth's today, contacts are not before the lead. Each lead gets a
`synth.lead_create` audit event. Its own random stream (from the seed) leaves the projects as they were.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from tuijin.core.models import AuditEvent
from tuijin.core.validators import USCC_ALPHABET, uscc_check_character
from tuijin.synth import names
from tuijin.synth.generator import aware

from .models import ContactLog, FundEntry, IndustrialChain, Lead, LeadSource, Signing
from .stages import ORDER, LeadStage

STAGE_WEIGHTS = [(LeadStage.CLUE, 14), (LeadStage.CONTACT, 12), (LeadStage.INSPECTION, 9),
                 (LeadStage.NEGOTIATION, 10), (LeadStage.SIGNED, 14), (LeadStage.REGISTERED, 8),
                 (LeadStage.PENDING_START, 6), (LeadStage.STARTED, 12), (LeadStage.FUNDED, 7),
                 (LeadStage.TERMINATED, 8)]
SIGNED = set(ORDER[ORDER.index(LeadStage.SIGNED):])
STARTED = {LeadStage.STARTED, LeadStage.FUNDED}


def _code(rng: random.Random) -> str:
    first17 = "91" + "".join(rng.choice(USCC_ALPHABET) for _ in range(15))
    return first17 + uscc_check_character(first17)


def generate(synth) -> None:
    """About one lead per two projects, spread over the leaf regions and the synth's years."""
    rng = random.Random(synth.o.seed * 7919 + 104729)
    today, first = synth.today, synth.today - timedelta(days=365 * synth.o.years)
    chains = [IndustrialChain.objects.get_or_create(name=trade, defaults={"order": i})[0]
              for i, (trade, _product, _code_) in enumerate(names.TRADES)]
    per_leaf = max(4, synth.o.projects // (2 * len(synth.leaves)))
    plans = []
    for region in synth.leaves:
        centre = synth.departments[region.pk].get("招商中心")
        leaders = synth.leaders[region.pk]
        for i in range(per_leaf):
            plans.append(_plan(rng, region, centre, leaders, chains, i, first, today))
    leads = synth.write(Lead, [p["lead"] for p in plans])
    for plan in plans:
        for row in plan["signings"] + plan["funds"] + plan["contacts"]:
            row.lead_id = plan["lead"].pk
    synth.write(Signing, [s for p in plans for s in p["signings"]])
    synth.write(FundEntry, [f for p in plans for f in p["funds"]])
    synth.write(ContactLog, [c for p in plans for c in p["contacts"]])
    synth.write(AuditEvent, [AuditEvent(
        at=aware(lead.received_on), actor=None, actor_name="synth", action="synth.lead_create",
        target_type="promotion.lead", target_id=str(lead.pk), target_label=lead.name[:300],
        changes={"stage": lead.stage}, reason="模拟数据生成") for lead in leads])


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _plan(rng, region, centre, leaders, chains, index, first, today) -> dict:
    trade_index = rng.randrange(len(names.TRADES))
    trade, product, _industry = names.TRADES[trade_index]
    brand = rng.choice(names.BRANDS)
    stage = rng.choices([s for s, _w in STAGE_WEIGHTS], weights=[w for _s, w in STAGE_WEIGHTS])[0]
    received = _day_between(rng, first, today - timedelta(days=20))
    amount = Decimal(rng.choice([2000, 5000, 8000, 12000, 20000, 30000, 50000, 80000]))
    major = amount >= 50000 and bool(leaders)
    signings, funds, contacts = [], [], []
    started_on = None
    if stage in SIGNED:
        signed_on = _day_between(rng, received + timedelta(days=10), today)
        signings.append(Signing(kind=Signing.Kind.NEW, signed_on=signed_on, contract_amount=amount))
        if stage in STARTED:
            started_on = _day_between(rng, signed_on, today)
        if stage == LeadStage.FUNDED:
            funds.append(FundEntry(date=_day_between(rng, signed_on, today), amount=(amount * Decimal("0.6"))))
    last = received
    for _n in range(rng.randint(1, 3)):
        last = _day_between(rng, last, today)
        contacts.append(ContactLog(kind=rng.choice(ContactLog.Kind.values), date=last, note="跟进投资意向",
                                   who="招商中心"))
    lead = Lead(
        name=f"{brand}{product}项目（{region.name}{index + 1}）", region=region,
        source=rng.choice(LeadSource.values), received_on=received, investor_name=f"{brand}{trade}集团有限公司",
        investor_credit_code=_code(rng), industry=trade, chain=chains[trade_index], intended_investment=amount,
        stage=stage, stage_reason="投资方调整投资计划" if stage == LeadStage.TERMINATED else "",
        started_on=started_on, department=centre, leader=rng.choice(leaders) if major else None, is_major=major,
        next_action="组织洽谈" if stage not in SIGNED | {LeadStage.TERMINATED} else "",
        next_action_due=today + timedelta(days=rng.randint(5, 60)) if stage not in SIGNED else None)
    return {"lead": lead, "signings": signings, "funds": funds, "contacts": contacts}
