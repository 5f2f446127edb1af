from django.db import migrations


def create_channels(apps, schema_editor):
    from tuijin.funding.channels import ensure_default_channels

    ensure_default_channels(apps.get_model("funding", "Channel"))


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(create_channels, migrations.RunPython.noop)]
