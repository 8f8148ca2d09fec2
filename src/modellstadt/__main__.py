"""`modellstadt` console command: a thin wrapper around Django's manage.py."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellstadt.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["modellstadt", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
