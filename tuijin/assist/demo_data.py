"""The demo zone's enterprise services. The seed states, for 一季度 2025: 15 enterprises received 250万元 of
满负荷生产奖励; the 小微企业融资协调机制 helped 1930余家 market entities to 17.3亿元 of loans; 8 projects entered
the 房地产融资白名单 with 3.86亿元 of loans; enterprises were helped with 要素成本 and 历史遗留不动产证. Those
totals are the newspaper's; how they split into records, the April figures and the demands are illustrative."""

from datetime import date
from decimal import Decimal as D

# enterprise key → (规模, 行业)
PROFILES = {
    "ruiqing": ("above", "汽车零部件"), "zhuoli": ("above", "新材料"), "aotesheng": ("above", "新材料"),
    "mingren": ("above", "医药制造"), "xiagong": ("above", "装备制造"), "battery": ("above", "新能源材料"),
    "hydrogen": ("below", "氢能装备"), "sensor": ("below", "电子信息"), "newmat": ("below", "新材料"),
    "lowalt": ("below", "低空经济"), "coldchain": ("below", "现代物流"), "digital": ("below", "数字经济"),
}

# manufacturers the projects do not name, registered for the awards (fictional)
MORE_ENTERPRISES = [
    ("bearing", "焦作精工轴承有限公司", "above", "装备制造"),
    ("autoparts", "焦作恒信汽车零部件有限公司", "above", "汽车零部件"),
    ("packaging", "焦作华澳包装材料有限公司", "below", "包装材料"),
    ("aluminium", "焦作众鑫铝业有限公司", "above", "有色金属"),
    ("machinery", "焦作博远机械制造有限公司", "below", "装备制造"),
]

# 满负荷生产奖励, 一季度: 15 enterprises, 250万元
AWARDS = [("ruiqing", D(30)), ("zhuoli", D(25)), ("aotesheng", D(25)), ("mingren", D(20)), ("xiagong", D(20)),
          ("battery", D(20)), ("hydrogen", D(15)), ("sensor", D(15)), ("newmat", D(15)), ("bearing", D(15)),
          ("autoparts", D(12)), ("aluminium", D(12)), ("lowalt", D(10)), ("packaging", D(8)), ("machinery", D(8))]
AWARD_POLICY, AWARD_BATCH, AWARD_PAID = "满负荷生产奖励", "一季度", date(2025, 3, 28)

# 小微企业融资协调机制, monthly batches: (date, entities, loans, 万元); Q1 = 1936 entities, 173000万元
MICRO_BATCHES = [(date(2025, 1, 31), 612, 668, D(52000)), (date(2025, 2, 28), 655, 702, D(58500)),
                 (date(2025, 3, 31), 669, 731, D(62500)), (date(2025, 4, 30), 598, 640, D(54800))]

# 房地产融资白名单 in Q1: 8 projects, 38600万元
WHITELIST = [("紫荆苑住宅小区", D(6500)), ("山阳府", D(5800)), ("玉溪花园二期", D(5200)), ("神州华庭", D(4900)),
             ("南海名居", D(4600)), ("金沙新城安置小区", D(4200)), ("龙源里", D(3900)), ("高新人才公寓", D(3500))]
WHITELIST_ON = date(2025, 3, 25)

# other help: (enterprise, kind, description, outcome, date, recorded by the department user?)
HELP = [
    ("ruiqing", "factors", "协调供电公司降低大工业用电成本，办理两部制电价调整", "年节约电费约60万元", date(2025, 2, 18), False),
    ("aotesheng", "factors", "协调天然气供应，落实工业用气价格联动", "用气成本下降8%", date(2025, 3, 6), False),
    ("xiagong", "property", "历史遗留厂房不动产证办理", "已办结不动产权证书", date(2025, 3, 12), True),
    ("mingren", "property", "历史遗留办公楼不动产证办理", "已完成测绘，进入登记", date(2025, 3, 20), True),
    ("zhuoli", "policy", "上门宣讲满负荷生产奖励和研发费用加计扣除政策", "", date(2025, 1, 15), False),
]

# demands: (key, enterprise, kind, description, received, handed to, deadline, what happened, rating)
DEMANDS = [
    ("pending", "urbaninvest", "approval", "紫荆大道东延段临时占道施工许可需加快办理", date(2025, 5, 8), None, None, [], None),
    ("working", "urbaninvest", "property", "安置房项目历史遗留不动产证分户办理", date(2025, 4, 10), "住建局",
     date(2025, 6, 30), ["progress"], None),
    ("overdue", "battery", "factors", "新建产线用电增容1250千伏安", date(2025, 3, 20), "经发局", date(2025, 4, 30),
     ["escalate"], None),
    ("resolved", "ruiqing", "factors", "厂区周边道路夜间照明不足，影响倒班员工通勤", date(2025, 2, 10), "城管局",
     date(2025, 3, 10), ["close"], 3),
    ("unresolvable", "zhuoli", "financing", "申请贴息贷款额度提高至5000万元", date(2025, 2, 20), "财政局",
     date(2025, 3, 31), ["close_unresolvable"], 2),
    ("unrated", "urbaninvest", "approval", "山阳路桥施工临时用地手续", date(2025, 3, 3), "住建局",
     date(2025, 4, 15), ["close"], None),
]
AS_OF = date(2025, 5, 10)
