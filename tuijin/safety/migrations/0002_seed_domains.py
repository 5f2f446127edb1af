"""The ten domains the seed page names (领导班子会议: 切实加强……等领域安全隐患排查整治). The admin may add,
rename, reorder or retire them afterwards."""

from django.db import migrations

DOMAINS = ["消防安全", "交通道路", "建筑施工", "高层建筑", "城乡燃气", "危化品企业", "城中村", "自建房", "校园安全", "食品安全"]


def add_domains(apps, schema_editor):
    Domain = apps.get_model("safety", "Domain")
    for order, name in enumerate(DOMAINS, 1):
        Domain.objects.get_or_create(name=name, defaults={"order": order})


def remove_domains(apps, schema_editor):
    apps.get_model("safety", "Domain").objects.filter(name__in=DOMAINS).delete()


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [migrations.RunPython(add_domains, remove_domains)]
