"""The `tthc` command: a thin front to the Django management commands."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc.site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tthc", *sys.argv[1:]])
