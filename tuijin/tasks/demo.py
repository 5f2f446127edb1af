"""The demo zone's key work (seed: 清单化、项目化、方案化推进改革赋能、创新引领、产业支撑三项重点工作): the three
themes of the seed with three tasks each, their sub-steps and progress, built through the services.

As of the demo's dashboard date (2025-06-30): 9 tasks; 2 done, 4 on track, 3 overdue (one past its own
时限, two with a sub-step past due); one task not yet started."""

from datetime import date

from django.db import transaction

from tuijin.core.roles import Role

from . import services
from .themes import seed_themes

# theme, title, goal, lead leader key, department, deadline, steps [(title, due, done or None)], closed on
TASKS = [
    ("改革赋能", "推行项目审批“承诺制+标准地”改革", "新供工业用地全部按“标准地”出让，审批时限压减50%以上",
     "director", "发改局", date(2025, 12, 31),
     [("制定实施方案", date(2025, 3, 31), date(2025, 3, 25)), ("首批3宗“标准地”出让", date(2025, 6, 30), date(2025, 6, 18)),
      ("全面推行并评估", date(2025, 11, 30), None)], None),
    ("改革赋能", "平台公司市场化转型", "城投公司完成市场化转型，取得AA信用评级",
     "member_finance", "财政局", date(2025, 9, 30),
     [("完成资产清查", date(2025, 4, 30), date(2025, 4, 28)), ("注入经营性资产", date(2025, 6, 15), None),
      ("取得信用评级", date(2025, 9, 30), None)], None),
    ("改革赋能", "优化营商环境“万人助万企”", "走访规上企业全覆盖，企业诉求办结率95%以上",
     "deputy_secretary", "经发局", date(2025, 6, 15),
     [("走访规上企业", date(2025, 4, 30), date(2025, 4, 30)), ("诉求办结", date(2025, 6, 15), date(2025, 6, 12))],
     date(2025, 6, 14)),
    ("创新引领", "高新技术企业倍增", "新认定高新技术企业20家，科技型中小企业评价入库60家",
     "deputy_industry", "科创局", date(2025, 11, 30),
     [("梳理后备企业库", date(2025, 3, 31), date(2025, 3, 20)), ("辅导申报", date(2025, 7, 31), None)], None),
    ("创新引领", "建设氢能装备中试基地", "建成电解槽中试线，引进研发团队2个",
     "member_invest", "科创局", date(2025, 12, 31),
     [("完成选址和设计", date(2025, 5, 31), None), ("开工建设", date(2025, 8, 31), None)], None),
    ("创新引领", "规上工业企业研发活动全覆盖", "有研发活动的规上工业企业占比达到100%",
     "deputy_industry", "经发局", date(2025, 12, 31),
     [("摸清底数", date(2025, 7, 31), None), ("分类指导建立研发机构", date(2025, 10, 31), None)], None),
    ("产业支撑", "瑞庆、澳特盛、明仁、卓立4个项目上半年投产", "4个项目全部投产，年新增产值20.5亿元",
     "deputy_industry", "经发局", date(2025, 6, 30),
     [("卓立投产", date(2025, 5, 30), date(2025, 5, 28)), ("澳特盛投产", date(2025, 6, 15), date(2025, 6, 15)),
      ("瑞庆投产", date(2025, 6, 20), date(2025, 6, 20)), ("明仁投产", date(2025, 6, 28), date(2025, 6, 27))],
     date(2025, 6, 30)),
    ("产业支撑", "新能源材料产业链招商", "签约亿元以上产业链项目10个",
     "member_invest", "招商中心", date(2025, 12, 31),
     [("编制产业链招商图谱", date(2025, 4, 30), date(2025, 4, 22)), ("签约5个项目", date(2025, 6, 30), None)],
     None),
    ("产业支撑", "城中村改造安置房建设", "金沙社区安置房主体封顶，年底前交付首批",
     "director", "住建局", date(2025, 5, 31),
     [("主体封顶", date(2025, 5, 31), None)], None),
]
PROGRESS = {
    "推行项目审批“承诺制+标准地”改革": "首批3宗“标准地”已出让，平均审批时限由60天压减至25天。",
    "平台公司市场化转型": "资产清查完成，经营性资产注入方案待管委会研究。",
    "高新技术企业倍增": "后备企业库入库43家，正开展申报辅导。",
    "建设氢能装备中试基地": "选址已初定，设计方案比选中。",
    "新能源材料产业链招商": "已签约亿元以上项目3个，在谈4个。",
    "城中村改造安置房建设": "主体施工至16层（共18层），受征迁影响工期滞后约1个月。",
}

ESCALATED = "城中村改造安置房建设"


@transaction.atomic
def build(zone) -> None:
    actor = zone.coordinator
    themes = seed_themes()
    department_user = zone.users[Role.DEPARTMENT]
    for theme, title, goal, leader, department, deadline, steps, closed_on in TASKS:
        task = services.task_create(actor=actor, region=zone.zone, year=2025, theme=themes[theme], title=title,
                                    goal=goal, lead_leader=zone.leaders[leader],
                                    department=zone.departments[department], deadline=deadline)
        for step_title, due_on, _done in steps:
            services.step_add(actor=actor, task=task, title=step_title, due_on=due_on)
        worker = department_user if department_user.department_id == task.department_id else actor
        for step in task.steps.all():
            done_on = next(done for t, _due, done in steps if t == step.title)
            if done_on:
                services.step_done(actor=worker, step=step, done_on=done_on)
        if title in PROGRESS:
            services.task_progress(actor=worker, task=task, note=PROGRESS[title])
        if closed_on:
            services.task_close(actor=actor, task=task, completed=True, resolution="各节点按期完成，目标全部实现。",
                                closed_on=closed_on)
        if title == ESCALATED:
            services.task_escalate(actor=actor, task=task, note="安置房主体封顶逾期，提请分管领导督办。")
