"""The themes of key work: the seed's 三项重点 (改革赋能, 创新引领, 产业支撑) and the usual others (民生实事,
党建). The admin may add, rename, reorder or retire them afterwards."""

from django.db import migrations

THEMES = ["改革赋能", "创新引领", "产业支撑", "民生实事", "党建"]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("tasks", "Theme")
    for order, name in enumerate(THEMES, 1):
        Theme.objects.get_or_create(name=name, defaults={"order": order})


def remove_themes(apps, schema_editor):
    apps.get_model("tasks", "Theme").objects.filter(name__in=THEMES).delete()


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_initial")]

    operations = [migrations.RunPython(add_themes, remove_themes)]
