from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tuijin.core import audit
from tuijin.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和上传文件（运行中也可备份）：tuijin backup -o FILE.zip"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, output, **options):
        try:
            manifest = backup(Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        audit.record(actor=None, action="backup", changes={"file": [None, output]})
        self.stdout.write(f"已备份到 {output}（{manifest['vendor']}，{manifest['taken_at']}）")
