"""The funding channels (争资渠道) a zone applies through, and the 前期 items each needs before applying.

The six defaults are created by a data migration and again by the demo (a flushed database has none);
the project office may change their names and needs in the admin. The short names are the ones the seed
counts in ("专项债项目65个、“两重”项目56个、“两新”项目21个、中央预算内资金项目56个"):

| name                               | short name  | phrase in a sentence |
|------------------------------------|-------------|----------------------|
| 专项债                             | 专项债      | 专项债项目           |
| 超长期特别国债（两重）             | 两重        | “两重”项目           |
| 两新（设备更新、以旧换新）         | 两新        | “两新”项目           |
| 中央预算内投资                     | 中央预算内  | 中央预算内资金项目   |
| 省级专项资金                       | 省级专项    | 省级专项资金项目     |
| 其他                               | 其他        | 其他资金项目         |
"""

from tuijin.projects.preparation import PrepItem

# 可研 (feasibility study) is the 建设方案 with its 投资估算 in the 前期 checklist; 立项 is 立项/备案.
FEASIBILITY_STUDY = [PrepItem.SCHEME, PrepItem.ESTIMATE]

DEFAULT_CHANNELS = [
    # (code, name, short name, phrase, 前期 items needed before 申报)
    # 专项债: 立项、可研、用地、环评, and the 融资收益平衡 plan a bond issue is judged on.
    ("bond", "专项债", "专项债", "专项债项目",
     [PrepItem.FILING, *FEASIBILITY_STUDY, PrepItem.FINANCING, PrepItem.LAND, PrepItem.EIA]),
    # 两重 (超长期特别国债): major projects, the 要件 of an investment project: 立项、可研、用地、环评.
    ("two_major", "超长期特别国债（两重）", "两重", "“两重”项目",
     [PrepItem.FILING, *FEASIBILITY_STUDY, PrepItem.LAND, PrepItem.EIA]),
    # 两新: equipment renewal in existing plants; filing and a costed scheme, no land.
    ("two_new", "两新（设备更新、以旧换新）", "两新", "“两新”项目", [PrepItem.FILING, *FEASIBILITY_STUDY]),
    # 中央预算内投资: 可研批复 and every 要件 of the site: 用地、规划、环评.
    ("central_budget", "中央预算内投资", "中央预算内", "中央预算内资金项目",
     [PrepItem.FILING, *FEASIBILITY_STUDY, PrepItem.LAND, PrepItem.PLANNING_PERMIT, PrepItem.EIA]),
    ("provincial", "省级专项资金", "省级专项", "省级专项资金项目", [PrepItem.FILING, *FEASIBILITY_STUDY]),
    ("other", "其他", "其他", "其他资金项目", [PrepItem.FILING]),
]


def ensure_default_channels(channel_model) -> None:
    """Create the default channels that are missing (by code); existing ones are left as the office set them.
    Takes the model so that the data migration can pass its historical one."""
    existing = set(channel_model.objects.values_list("code", flat=True))
    channel_model.objects.bulk_create(
        channel_model(code=code, name=name, short_name=short, phrase=phrase, order=order,
                      required_items=[str(item) for item in items])
        for order, (code, name, short, phrase, items) in enumerate(DEFAULT_CHANNELS) if code not in existing
    )
