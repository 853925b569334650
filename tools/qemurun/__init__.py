# SPDX-License-Identifier: MIT
# qemu-run as a module: one QEMU machine and its serial console (machine.py),
# the scripted run and the command line (cli.py). Import with tools/ on sys.path.

from .machine import (DEBUG_EXIT_PASS, QEMU, Ended, Machine, QemuRunError, Rejected, TimedOut,
                      deadline_in, install_signal_handlers, qemu_command)
from .cli import run

__all__ = ["QEMU", "DEBUG_EXIT_PASS", "QemuRunError", "TimedOut", "Rejected", "Ended",
           "Machine", "deadline_in", "qemu_command", "install_signal_handlers", "run"]
