"""The demo zone's 安全隐患排查整治 (seed: 领导班子会议, 5月6日: 切实加强消防安全、交通道路、建筑施工、高层建筑、城乡
燃气、危化品企业、城中村、自建房、校园安全、食品安全等领域安全隐患排查整治): one special campaign over the ten
domains, an inspection in each, and hazards in every stage, built through the services.

Dates are spring 2025, the seed's time; the demo's dashboard reads as of the end of its latest dispatch
period (2025-06-30), so a hazard is overdue there when its 时限 is before that day and it is still with the
unit. The figures as of 2025-06-30: 17 hazards, 5 major; 7 accepted, 2 awaiting acceptance, 6 rectifying,
2 to rectify; 4 overdue; 1 major hazard 挂牌督办."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from tuijin.core.roles import Role

from . import services
from .domains import seed_domains
from .models import HazardLevel

G, M = HazardLevel.GENERAL, HazardLevel.MAJOR

# domain, date, inspecting department, inspectors, where: ("enterprise"|"project", key) or a site name
INSPECTIONS = [
    ("消防安全", date(2025, 4, 8), "应急局", "应急局执法大队 王某、李某", ("enterprise", "xiagong")),
    ("交通道路", date(2025, 4, 10), "城管局", "城管局 赵某，交警高新大队 孙某", ("project", "zijing")),
    ("建筑施工", date(2025, 4, 15), "住建局", "住建局质安站 周某、吴某", ("project", "shanyang")),
    ("高层建筑", date(2025, 4, 18), "住建局", "住建局 郑某，消防救援大队 冯某", "高新区人才公寓（18层住宅楼3栋）"),
    ("城乡燃气", date(2025, 4, 22), "城管局", "城管局燃气办 陈某、褚某", "金沙社区燃气调压站及沿街餐饮商户"),
    ("危化品企业", date(2025, 4, 25), "应急局", "应急局危化科 卫某，聘请专家 蒋某", ("enterprise", "aotesheng")),
    ("城中村", date(2025, 5, 6), "住建局", "住建局 沈某，金沙社区 韩某", ("project", "jinsha")),
    ("自建房", date(2025, 5, 9), "住建局", "住建局 杨某、朱某", "山阳村沿街经营性自建房"),
    ("校园安全", date(2025, 5, 13), "社会事业局", "社会事业局 秦某、尤某", ("project", "yuxi")),
    ("食品安全", date(2025, 5, 16), "社会事业局", "社会事业局 许某，市场监管所 何某", "辖区中小学校及幼儿园食堂"),
]

# domain (its inspection), description, level, 责任单位, 时限, what happened, 五落实 funds 万元
# what happened: "" 待整改; "plan" 整改中; "done" 已整改待验收; "accept" 验收销号; "returned" back to 整改中
HAZARDS = [
    ("消防安全", "焊接车间消防通道被成品堆放占用，疏散指示标志损坏", G, "应急局", date(2025, 4, 20), "accept", "0.3"),
    ("消防安全", "涂装车间可燃气体报警装置失效，未与排风联动", M, "应急局", date(2025, 5, 10), "accept", "12"),
    ("交通道路", "东延段施工路口临时交通标志缺失，夜间无警示灯", G, "城管局", date(2025, 4, 20), "accept", "1.5"),
    ("交通道路", "施工便道与现状道路交叉口视距不足，未设减速设施", G, "住建局", date(2025, 7, 15), "plan", "3"),
    ("建筑施工", "桥梁满堂支架未按专项方案验收即投入使用", M, "住建局", date(2025, 5, 15), "listed", "25"),
    ("建筑施工", "塔吊司机无特种作业操作证上岗", G, "住建局", date(2025, 4, 30), "accept", None),
    ("高层建筑", "2号楼消防水泵房稳压泵故障，屋顶水箱缺水", G, "住建局", date(2025, 5, 20), "returned", "4.8"),
    ("高层建筑", "楼道电动自行车违规停放充电", G, "城管局", date(2025, 7, 31), "", None),
    ("城乡燃气", "三家餐饮商户使用未经检验的液化气钢瓶，未安装燃气报警器", M, "城管局", date(2025, 5, 31), "done", "2.4"),
    ("城乡燃气", "调压站围墙破损，警示标识缺失", G, "城管局", date(2025, 5, 10), "accept", "0.8"),
    ("危化品企业", "甲类仓库超量储存，防爆电气不符合要求", M, "应急局", date(2025, 6, 30), "plan", "35"),
    ("城中村", "安置区临时用电线路私拉乱接，配电箱无漏电保护", G, "住建局", date(2025, 6, 10), "plan", "6"),
    ("城中村", "拆迁区域残留房屋未设置围挡，存在坍塌风险", G, "城管局", date(2025, 5, 31), "", None),
    ("自建房", "一栋四层自建房擅自加层改作民宿，结构安全存疑", M, "住建局", date(2025, 8, 31), "plan", "18"),
    ("校园安全", "施工区与已投用教学区隔离围挡不连续", G, "社会事业局", date(2025, 5, 30), "done", "1.2"),
    ("校园安全", "校门口上下学时段无交通疏导设施", G, "社会事业局", date(2025, 5, 31), "accept", "0.6"),
    ("食品安全", "两所学校食堂留样不足48小时，从业人员健康证过期", G, "社会事业局", date(2025, 5, 25), "accept", None),
]


def _place(zone, where) -> dict:
    if isinstance(where, str):
        return {"site": where}
    kind, key = where
    return {"enterprise": zone.enterprises[key]} if kind == "enterprise" else {"project": zone.list_projects[key]}


@transaction.atomic
def build(zone) -> None:
    actor = zone.coordinator
    domains = seed_domains()
    campaign = services.campaign_create(
        actor=actor, region=zone.zone, name="2025年安全生产隐患排查整治专项行动", starts_on=date(2025, 4, 1),
        ends_on=date(2025, 6, 30), domains=list(domains.values()),
        description="经常抓、从严抓、踏实抓，一抓到底：十个重点领域逐一排查，建立隐患台账，落实“五落实”，整改销号闭环管理。")
    inspections = {}
    for name, day, department, inspectors, where in INSPECTIONS:
        inspections[name] = services.inspection_record(
            actor=actor, region=zone.zone, campaign=campaign, domain=domains[name], inspected_on=day,
            department=zone.departments[department], inspectors=inspectors, **_place(zone, where))
    department_user, owner_user = zone.users[Role.DEPARTMENT], zone.users[Role.OWNER]
    for name, description, level, department, deadline, outcome, funds in HAZARDS:
        inspection = inspections[name]
        hazard = services.hazard_record(actor=actor, inspection=inspection, description=description, level=level,
                                        department=zone.departments[department], deadline=deadline)
        if not outcome:
            continue
        # The demo's department account (住建局) works its own hazards; the office stands in for the others.
        worker = department_user if department_user.department == zone.departments[department] else actor
        hazard = services.hazard_plan(
            actor=worker, hazard=hazard, responsible=f"{department}分管负责人", funds=Decimal(funds) if funds else None,
            measures="立即落实临时管控措施，制定整改方案，明确专人限期整改。", deadline=deadline,
            contingency="整改期间落实专人值守和应急处置措施，配备应急器材。" if level == M else "")
        if outcome == "listed":
            services.hazard_list_for_supervision(actor=actor, hazard=hazard, supervisor=zone.leaders["deputy_urban"],
                                                 listed_on=deadline - timedelta(days=20), note="重大隐患，挂牌督办。")
            services.hazard_escalate(actor=actor, hazard=hazard, note="逾期未完成整改，提请分管领导督办。")
        if outcome in {"done", "accept", "returned"}:
            rectified_on = deadline - timedelta(days=3)
            project = inspection.project
            reporter = owner_user if project and project.owner_id == owner_user.enterprise_id else worker
            hazard = services.hazard_report_rectified(actor=reporter, hazard=hazard, rectified_on=rectified_on,
                                                      note="已按整改方案整改到位，申请验收。")
        if outcome == "returned":
            services.hazard_return(actor=actor, hazard=hazard, note="复查发现稳压泵仍间歇故障，退回继续整改。")
        if outcome == "accept":
            services.hazard_accept(actor=actor, hazard=hazard, note="经现场复查，整改到位，同意销号。",
                                   accepted_on=deadline)
