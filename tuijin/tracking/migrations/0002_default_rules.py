"""The default warning rules, from practice (the issue's list). Written out here, not imported, so this
migration keeps meaning what it meant when it ran."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    # kind, yellow, red (None: never red), explanation
    ("start", "0", "3", "计划开工月份已过仍未开工的亮黄灯；超过计划开工月份满3个月仍未开工的亮红灯。"),
    ("progress", "10", "30", "任务进度（1-N月完成投资占年度计划投资的比例）落后序时进度10至30个百分点的亮黄灯；"
                             "落后超过30个百分点的亮红灯。"),
    ("milestone", "0", "30", "节点过了计划日期仍未完成的亮黄灯；逾期超过30天的亮红灯。"),
    ("report", "1", "2", "调度期填报截止日期已过、仍有1期进度未报送的亮黄灯；有2期及以上未报送的亮红灯。"),
    ("problem", "0", "4", "存在问题超过办结时限仍未解决的亮黄灯；升级到主要领导协调的亮红灯。"),
    ("funds", "0", None, "已开工项目填报的资金构成（财政资金、专项债、企业自筹、银行贷款、其他）合计低于总投资、"
                         "资金来源未落实的亮黄灯。"),
]


def create_defaults(apps, schema_editor):
    WarningRule = apps.get_model("tracking", "WarningRule")
    for kind, yellow, red, explanation in DEFAULTS:
        WarningRule.objects.get_or_create(kind=kind, defaults={
            "yellow": Decimal(yellow), "red": Decimal(red) if red is not None else None,
            "explanation": explanation, "enabled": True})


def remove_defaults(apps, schema_editor):
    apps.get_model("tracking", "WarningRule").objects.filter(kind__in=[row[0] for row in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("tracking", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
