from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tuijin.core import audit
from tuijin.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "从备份恢复数据库和上传文件（会覆盖现有数据，请先停止服务）：tuijin restore FILE.zip"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        if not Path(file).exists():
            raise CommandError(f"找不到备份文件“{file}”。")
        try:
            manifest = restore(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        audit.record(actor=None, action="restore", changes={"file": [None, file], "taken_at": [None,
                                                                                                manifest["taken_at"]]})
        self.stdout.write(f"已从 {file} 恢复（备份时间 {manifest['taken_at']}）")
