"""The demo zone's enterprise services (demo_data.py), written through the services."""

from tuijin.core.roles import Role
from tuijin.org.services import enterprise_create

from . import demo_data, services
from .models import Financing


def build(zone) -> None:
    coordinator = zone.coordinator
    enterprises = dict(zone.enterprises)
    for key, name, scale, industry in demo_data.MORE_ENTERPRISES:
        enterprises[key] = enterprise_create(actor=None, name=name, credit_code=None, region=zone.zone)
        services.profile_save(actor=coordinator, enterprise=enterprises[key], scale=scale, industry=industry)
    for key, (scale, industry) in demo_data.PROFILES.items():
        services.profile_save(actor=coordinator, enterprise=enterprises[key], scale=scale, industry=industry)
    for key, amount in demo_data.AWARDS:
        services.award_record(actor=coordinator, enterprise=enterprises[key], policy=demo_data.AWARD_POLICY,
                              amount=amount, batch=demo_data.AWARD_BATCH, paid_on=demo_data.AWARD_PAID)
    for on, entities, loans, amount in demo_data.MICRO_BATCHES:
        services.financing_record(actor=coordinator, region=zone.zone, kind=Financing.Kind.MICRO, on=on,
                                  entities=entities, loans=loans, amount=amount,
                                  note=f"{on.month}月小微企业融资协调机制投放")
    for name, amount in demo_data.WHITELIST:
        services.financing_record(actor=coordinator, region=zone.zone, kind=Financing.Kind.WHITELIST,
                                  on=demo_data.WHITELIST_ON, entities=1, amount=amount, project_name=name,
                                  enterprise=enterprises["housing"] if "安置" in name or "人才" in name else None)
    department_user = zone.users[Role.DEPARTMENT]
    for key, kind, description, outcome, on, by_department in demo_data.HELP:
        services.help_record(actor=department_user if by_department else coordinator, enterprise=enterprises[key],
                             kind=kind, description=description, outcome=outcome, on=on)
    _demands(zone, enterprises)


def _demands(zone, enterprises) -> None:
    coordinator, owner = zone.coordinator, zone.users[Role.OWNER]
    for _key, who, kind, description, received, dept, deadline, steps, rating in demo_data.DEMANDS:
        raiser = owner if enterprises[who].pk == owner.enterprise_id else coordinator
        demand = services.demand_raise(actor=raiser, enterprise=enterprises[who], kind=kind, description=description,
                                       received_on=received)
        if dept is None:
            continue
        services.demand_handover(actor=coordinator, demand=demand, department=zone.departments[dept],
                                 deadline=deadline, note="请按时限办理并答复企业", today=received)
        for step in steps:
            if step == "progress":
                services.demand_progress(actor=coordinator, demand=demand, note="已会同不动产登记中心现场核查")
            elif step == "escalate":
                services.demand_escalate(actor=coordinator, demand=demand, note="逾期未办结，提请分管领导协调")
            elif step == "close":
                services.demand_close(actor=coordinator, demand=demand, resolved=True,
                                      resolution="已协调办理完毕并答复企业", closed_on=deadline)
            elif step == "close_unresolvable":
                services.demand_close(actor=coordinator, demand=demand, resolved=False,
                                      resolution="超出贴息政策上限，已推荐申请小微企业融资协调机制", closed_on=deadline)
        if rating:  # enterprises without an account of their own answer the office's return visit (回访)
            services.demand_rate(actor=raiser, demand=demand, satisfaction=rating)
