"""The `tuijin` command: every shell task is a Django management command behind one name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tuijin", *(sys.argv[1:] if argv is None else argv)])
