"""tuijin audit-prune [--days N] [--dry-run]: delete audit events older than the retention (default
TUIJIN_AUDIT_RETENTION_DAYS, never less than 180 days)."""

from django.core.management.base import BaseCommand, CommandError

from tuijin.core.retention import RetentionError, prune


class Command(BaseCommand):
    help = "删除超过保存期限的审计记录（保存期限不少于180天）"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="保存天数，默认取 TUIJIN_AUDIT_RETENTION_DAYS")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, days=None, dry_run=False, **options):
        try:
            count, cutoff = prune(days=days, dry_run=dry_run)
        except RetentionError as error:
            raise CommandError(str(error)) from error
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(f"{verb} {cutoff:%Y-%m-%d %H:%M} 之前的审计记录 {count} 条。")
