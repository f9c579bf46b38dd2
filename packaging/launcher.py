"""Entry script of the packaged app: the same ``workshop-app`` command as the installed one."""

import multiprocessing
import sys

from workshop_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
