"""Backups that restore (等保 数据备份恢复): a snapshot taken while the app runs brings every table back."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from tuijin.core import audit
from tuijin.org.models import Region
from tuijin.projects.models import Category, Project


def every_table() -> dict:
    return {model._meta.label: list(model._base_manager.order_by("pk").values())
            for model in apps.get_models() if model._meta.managed and not model._meta.proxy}


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_every_table(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "plans").mkdir(parents=True)
    (tmp_path / "media" / "plans" / "方案.docx").write_bytes(b"plan v1")
    zone = Region.objects.create(name="高新区", level=Region.Level.ZONE)
    category = Category.objects.create(name="产业项目")
    project = Project.objects.create(name="备份测试项目", category=category, region=zone,
                                     total_investment=Decimal("123.4567"))
    audit.record(actor=None, action="test.before_backup", project=project)
    before = every_table()
    archive = tmp_path / "backup.zip"

    call_command("backup", "-o", str(archive))
    assert archive.exists()

    Project.objects.filter(pk=project.pk).update(name="改过的名字", total_investment=Decimal(1))
    Region.objects.create(name="备份后新增", level=Region.Level.COUNTY, parent=zone)
    (tmp_path / "media" / "plans" / "方案.docx").write_bytes(b"plan v2")
    assert every_table() != before

    call_command("restore", str(archive))
    after = every_table()
    # The restore writes its own audit event afterwards; everything else is as it was.
    after["core.AuditEvent"] = [e for e in after["core.AuditEvent"] if e["action"] != "restore"]
    before["core.AuditEvent"] = [e for e in before["core.AuditEvent"] if e["action"] != "backup"]
    after["core.AuditEvent"] = [e for e in after["core.AuditEvent"] if e["action"] != "backup"]
    assert after == before
    assert (Path(settings.MEDIA_ROOT) / "plans" / "方案.docx").read_bytes() == b"plan v1"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    import zipfile

    from django.core.management.base import CommandError

    bogus = tmp_path / "bogus.zip"
    with zipfile.ZipFile(bogus, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(bogus))
