# SPDX-License-Identifier: MIT
# The qemu-run command line (tools/qemu-run) and run(), the scripted boot it
# makes: expectations and typed input in order, then QEMU stopped.
"""Boot one DEMOS/x86 machine in QEMU (TCG) and watch its serial console.

Exit status: 0 all expectations seen (or, with --debug-exit, the guest
reported success), 1 an expectation failed or a --reject matched,
124 timed out, 2 bad usage.

Examples:
  tools/qemu-run --kernel build/demos.elf --initrd build/initrd.tar \\
      --append node=7 --expect 'demos: node 7 ready' --reject PANIC
  tools/qemu-run --iso build/demos.iso --expect 'node 1 ready'
  tools/qemu-run --kernel build/demos.elf --initrd build/initrd.tar \\
      --append test --debug-exit --timeout 60

Used as a module (tools/qemurun/, see tests/boot/run):
  with Machine(qemu_command(kernel=..., initrd=...), rejects=["PANIC"]) as m:
      m.expect("ready", deadline_in(10)); m.send("ps\\n"); m.collect(1.0)
"""

import argparse
import codecs
import shlex
import signal
import sys

from .machine import (DEBUG_EXIT_PASS, Machine, QemuRunError, deadline_in,
                      install_signal_handlers, qemu_command)


def run(cmd, steps, rejects=(), until=None, timeout=30.0, debug_exit=False,
        linger=0.0, log=None, echo=False):
    """Boot cmd and play steps, a list of ("expect", REGEX) / ("send", TEXT).

    Stops at until (default: the last expect) or, with debug_exit and no
    until, when QEMU exits; then watches linger more seconds. Returns
    (exit_code, message, machine): machine is stopped, machine.text holds the
    console output (machine is None if QEMU could not be started).
    """
    expects = [arg for kind, arg in steps if kind == "expect"]
    deadline = deadline_in(timeout)
    try:
        m = Machine(cmd, rejects=rejects, until=until, log=log, echo=echo)
    except OSError as e:
        return 1, "cannot start: %s" % e, None
    try:
        for kind, arg in steps:
            if kind == "expect":
                m.expect(arg, deadline, timeout)
            else:
                m.send(arg)
        if until is not None:
            if m.stopped_at is None:
                m.expect(until, deadline, timeout)
        elif debug_exit:
            status = m.wait_exit(deadline, timeout)
            if status != DEBUG_EXIT_PASS:
                return 1, "guest reported failure (QEMU exit status %s)" % status, m
        elif not expects:
            m.wait_exit(deadline, timeout)
        if linger > 0 and not m._eof:
            m.until, m.stopped_at = None, None
            m.collect(linger)
        return 0, "", m
    except QemuRunError as e:
        return e.exit_status, str(e), m
    finally:
        m.stop()


class _Step(argparse.Action):
    """Keeps --expect and --send in command-line order."""
    def __call__(self, parser, ns, value, option_string=None):
        steps = getattr(ns, "steps", None) or []
        if self.dest == "send":
            value = codecs.decode(value, "unicode_escape")
        steps.append((self.dest, value))
        ns.steps = steps


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="qemu-run", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    boot = p.add_mutually_exclusive_group(required=True)
    boot.add_argument("--kernel", metavar="F", help="Multiboot kernel (QEMU -kernel)")
    boot.add_argument("--iso", metavar="F", help="boot this CD image (-cdrom F -boot d)")
    boot.add_argument("--pxe", metavar="DIR",
                      help="network boot: TFTP root DIR with boot.ipxe, on an e1000")
    p.add_argument("--initrd", metavar="F", help="boot module (QEMU -initrd), with --kernel")
    p.add_argument("--append", metavar="STR", help="kernel command line, with --kernel")
    p.add_argument("--debug-exit", action="store_true",
                   help="add isa-debug-exit at 0xf4; QEMU's exit status decides "
                        "(1 = guest wrote 0 = pass)")
    p.add_argument("--icount", action="store_true",
                   help="-icount shift=0,sleep=off: TSC counts instructions")
    p.add_argument("--memory", metavar="MB", type=int, default=64,
                   help="guest memory (default 64)")
    p.add_argument("--timeout", metavar="SEC", type=float, default=30.0,
                   help="time limit for the whole run (default 30); exit 124")
    p.add_argument("--expect", metavar="REGEX", dest="expect", action=_Step,
                   help="must be seen, in order with other --expect (repeatable)")
    p.add_argument("--send", metavar="TEXT", dest="send", action=_Step,
                   help="type TEXT (\\n etc. decoded) once the previous --expect "
                        "matched (repeatable)")
    p.add_argument("--reject", metavar="REGEX", action="append", default=[],
                   help="fail at once if seen (repeatable)")
    p.add_argument("--until", metavar="REGEX",
                   help="stop QEMU as soon as seen (default: the last --expect; "
                        "with --debug-exit: QEMU's own exit)")
    p.add_argument("--linger", metavar="SEC", type=float, default=0.0,
                   help="after the run is satisfied keep watching SEC seconds")
    p.add_argument("--log", metavar="FILE", help="save the whole serial output")
    p.add_argument("--quiet", action="store_true", help="don't echo the console")
    p.add_argument("--qemu-arg", metavar="ARG", action="append", default=[],
                   help="extra QEMU argument, e.g. --qemu-arg=-smp (repeatable)")
    p.add_argument("--dry-run", action="store_true",
                   help="print the QEMU command line and exit")
    args = p.parse_args(argv)
    if not hasattr(args, "steps") or args.steps is None:
        args.steps = []
    if (args.initrd or args.append) and not args.kernel:
        p.error("--initrd and --append need --kernel")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    cmd = qemu_command(kernel=args.kernel, initrd=args.initrd, append=args.append,
                       iso=args.iso, pxe=args.pxe, debug_exit=args.debug_exit,
                       icount=args.icount, memory=args.memory, extra=args.qemu_arg)
    if args.dry_run:
        print(shlex.join(cmd))
        return 0
    install_signal_handlers()
    try:
        code, message, m = run(cmd, args.steps, rejects=args.reject, until=args.until,
                               timeout=args.timeout, debug_exit=args.debug_exit,
                               linger=args.linger, log=args.log, echo=not args.quiet)
    except KeyboardInterrupt:
        print("\nqemu-run: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT
    if message:
        sys.stdout.flush()
        newline = "\n" if not args.quiet and m and m.text and not m.text.endswith("\n") else ""
        print(newline + "qemu-run: " + message, file=sys.stderr)
    return code


__all__ = ["run", "parse_args", "main"]
