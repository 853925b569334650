# SPDX-License-Identifier: MIT
# The case loop the Python test layers share (tests/{boot,scenario,pxe,cluster}/run):
# --list, -v, named cases, skips, a line a case and the layer's final line.
"""A layer's run script hands its cases to run_cases, which prints

  # NAME took T s                   (with console_echo: only with -v)
  ok - NAME | ok - NAME # SKIP REASON | not ok - NAME (REASON)

for each case, then "LAYER: N passed, M failed, K skipped", and returns
the exit status (1 if any case failed). A case is a function taking one
argument, verbose; it passes by returning, fails by raising CaseFailed (or
one of the layer's failures), and is skipped by raising Skipped(REASON).
Cases run only when named are listed, and in a run of the whole list each
counts as skipped.
"""

import argparse
import os
import sys
import time
import traceback

from qemurun import install_signal_handlers

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


class CaseFailed(Exception):
    """A case's failure; its text is the reason in 'not ok - NAME (REASON)'."""


class Skipped(Exception):
    """A case that cannot run here; its text is the reason after '# SKIP'."""


def run_cases(layer, cases, doc, only_named=(), only_named_why="runs only when named",
              failures=(), skip_all=None, verbose_help="show more of each case",
              console_echo=False, argv=None):
    """Parse the command line and run the cases it names (default: cases).

    failures: more exception types that fail a case (any other exception is
    a bug in the case: its traceback, then 'not ok ... (test error: ...)').
    skip_all: a reason to skip every case without running it.
    console_echo: -v echoes the consoles, so the time a case took is shown
    only then, on a line of its own.
    """
    p = argparse.ArgumentParser(prog="tests/%s/run" % layer, description=doc,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cases", nargs="*", metavar="CASE", help="run only these cases")
    p.add_argument("-l", "--list", action="store_true", help="list the cases")
    p.add_argument("-v", "--verbose", action="store_true", help=verbose_help)
    args = p.parse_args(argv)
    by_name = {c.__name__: c for c in list(cases) + list(only_named)}
    if args.list:
        for c in cases:
            print(c.__name__)
        for c in only_named:
            print("%s (only when named)" % c.__name__)
        return 0
    unknown = [n for n in args.cases if n not in by_name]
    if unknown:
        p.error("no such case: " + ", ".join(unknown))
    os.chdir(ROOT)
    install_signal_handlers()
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for case in [by_name[n] for n in args.cases] or cases:
        if skip_all:
            print("ok - %s # SKIP %s" % (case.__name__, skip_all))
            counts["skipped"] += 1
            continue
        counts[_run_one(case, args.verbose, (CaseFailed,) + tuple(failures), console_echo)] += 1
        sys.stdout.flush()
    for case in only_named if not args.cases else ():
        print("ok - %s # SKIP %s" % (case.__name__, only_named_why))
        counts["skipped"] += 1
    print("%s: %d passed, %d failed, %d skipped"
          % (layer, counts["passed"], counts["failed"], counts["skipped"]))
    return 1 if counts["failed"] else 0


def _run_one(case, verbose, failures, console_echo):
    """Run case and print its lines; "passed", "failed" or "skipped"."""
    start = time.monotonic()
    skip = reason = None
    try:
        case(verbose)
    except Skipped as e:
        skip = str(e)
    except failures as e:
        reason = str(e)
    except Exception as e:          # a bug in the case: still one line, go on
        traceback.print_exc()
        reason = "test error: %s: %s" % (type(e).__name__, e)
    took = "# %s took %.1f s" % (case.__name__, time.monotonic() - start)
    if not console_echo:
        print(took)
    elif verbose:
        print("\n" + took)
    if skip is not None:
        print("ok - %s # SKIP %s" % (case.__name__, skip))
        return "skipped"
    if reason is None:
        print("ok - %s" % case.__name__)
        return "passed"
    print("not ok - %s (%s)" % (case.__name__, reason.replace("\n", " / ")))
    return "failed"


__all__ = ["CaseFailed", "Skipped", "run_cases"]
