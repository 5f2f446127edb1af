"""The demo zone's indicators. The seed states, for 一季度 2025: 地区生产总值、规模以上工业增加值、固定资产投资、
社会消费品零售总额、一般公共预算收入 grew, and of them only 固定资产投资 and 一般公共预算收入 grew faster than the
city; 高技术制造业 +11.8%, 战略性新兴产业 +13.9%, 商品房销售面积 +9.9%. Those figures are the newspaper's; the
other rates, the levels and the months around the quarter are illustrative, chosen to keep every statement
of the seed true (steady growth, exactly those two above the city)."""

from decimal import Decimal as D

# (name, unit, published, group, aliases)
CATALOGUE = [
    ("地区生产总值", "亿元", "both", "main", "GDP、生产总值"),
    ("规模以上工业增加值", "", "growth", "main", "规上工业增加值、规模工业增加值"),
    ("固定资产投资", "", "growth", "main", "固定资产投资（不含农户）、固投"),
    ("工业投资", "", "growth", "table", ""),
    ("社会消费品零售总额", "亿元", "both", "main", "社消零总额、社会消费品零售额"),
    ("一般公共预算收入", "亿元", "both", "main", "地方一般公共预算收入、公共预算收入"),
    ("税收收入", "亿元", "both", "table", ""),
    ("工业税收", "亿元", "both", "table", "工业税收收入"),
    ("高技术制造业增加值", "", "growth", "innovation", "高技术制造业"),
    ("战略性新兴产业增加值", "", "growth", "innovation", "战略性新兴产业"),
    ("商品房销售面积", "万平方米", "both", "other", ""),
    ("进出口总额", "亿元", "both", "table", "外贸进出口总额"),
]

TARGETS = {  # annual target growth (%)
    "地区生产总值": D("6.5"), "规模以上工业增加值": D("8.0"), "固定资产投资": D("10.0"),
    "社会消费品零售总额": D("6.0"), "一般公共预算收入": D("7.0"),
}

# name → {month: (value, growth, city growth, province growth, rank)}; month 3 is 一季度 (1-3月)
FIGURES = {
    "地区生产总值": {3: (D("68.42"), D("5.6"), D("5.9"), D("5.9"), 5)},
    "规模以上工业增加值": {2: (None, D("7.1"), D("7.9"), D("7.6"), 6), 3: (None, D("7.8"), D("8.3"), D("8.1"), 6),
                   4: (None, D("8.2"), D("8.4"), D("8.0"), 5)},
    "固定资产投资": {2: (None, D("8.4"), D("5.8"), D("5.2"), 3), 3: (None, D("9.6"), D("6.2"), D("5.7"), 2),
               4: (None, D("10.3"), D("6.5"), D("5.9"), 2)},
    "工业投资": {2: (None, D("22.7"), D("14.2"), None, 2), 3: (None, D("26.4"), D("15.1"), None, 2),
             4: (None, D("27.9"), D("15.8"), None, 1)},
    "社会消费品零售总额": {2: (D("14.02"), D("4.9"), D("5.3"), D("5.9"), 7),
                  3: (D("21.36"), D("5.2"), D("5.5"), D("6.1"), 7),
                  4: (D("28.71"), D("5.4"), D("5.6"), D("6.2"), 6)},
    "一般公共预算收入": {2: (D("2.71"), D("7.6"), D("4.4"), None, 3), 3: (D("4.12"), D("8.7"), D("5.1"), None, 2),
                 4: (D("5.63"), D("9.1"), D("5.6"), None, 2)},
    "税收收入": {3: (D("3.05"), D("9.2"), D("4.8"), None, None)},
    "工业税收": {3: (D("1.48"), D("12.6"), D("6.3"), None, None)},
    "高技术制造业增加值": {2: (None, D("10.9"), D("9.0"), None, None), 3: (None, D("11.8"), D("9.4"), None, None),
                  4: (None, D("12.1"), D("9.6"), None, None)},
    "战略性新兴产业增加值": {2: (None, D("12.7"), D("9.8"), None, None), 3: (None, D("13.9"), D("10.2"), None, None),
                   4: (None, D("14.2"), D("10.5"), None, None)},
    "商品房销售面积": {2: (D("4.12"), D("6.3"), D("1.8"), None, None), 3: (D("6.85"), D("9.9"), D("3.1"), None, None),
                4: (D("9.20"), D("10.4"), D("3.6"), None, None)},
    "进出口总额": {3: (D("9.74"), D("4.3"), D("6.8"), None, None)},
}
