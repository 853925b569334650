# SPDX-License-Identifier: MIT
# One QEMU machine: its command line, and its serial console watched for
# expectations in order, rejects and typed input, with no QEMU left behind.

import codecs
import ctypes
import os
import re
import select
import signal
import subprocess
import sys
import time

QEMU = os.environ.get("QEMU", "qemu-system-i386")
DEBUG_EXIT_PORT = 0xf4
DEBUG_EXIT_PASS = 1   # QEMU exits with (value << 1) | 1; the guest writes 0 on pass
LOOKBACK = 64 * 1024  # a pattern may span at most this much already-scanned text
PR_SET_PDEATHSIG = 1


class QemuRunError(Exception):
    """Base of the ways a run can fail; exit_status is the CLI's exit code."""
    exit_status = 1


class TimedOut(QemuRunError):
    exit_status = 124


class Rejected(QemuRunError):
    pass


class Ended(QemuRunError):
    """QEMU exited, or the --until pattern stopped the run, before a match."""
    pass


def deadline_in(seconds):
    return time.monotonic() + seconds


def qemu_command(kernel=None, initrd=None, append=None, iso=None, pxe=None,
                 debug_exit=False, icount=False, memory=64, extra=()):
    """The qemu-system-i386 argv for one machine; exactly one of kernel, iso, pxe."""
    if sum(x is not None for x in (kernel, iso, pxe)) != 1:
        raise ValueError("give exactly one of kernel, iso, pxe")
    cmd = [QEMU, "-accel", "tcg", "-nodefaults", "-display", "none",
           "-monitor", "none", "-serial", "stdio", "-no-reboot",
           "-m", str(memory),
           # RDRAND (TCG takes it from the host): the boot's randomness
           # (kernel/net/random.c) is real even under -icount.
           "-cpu", "qemu32,+rdrand"]
    if kernel is not None:
        cmd += ["-kernel", kernel]
        if initrd:
            cmd += ["-initrd", initrd]
        if append:
            cmd += ["-append", append]
    elif iso is not None:
        cmd += ["-cdrom", iso, "-boot", "d"]
    else:
        cmd += ["-netdev", "user,id=n0,tftp=%s,bootfile=boot.ipxe" % pxe,
                "-device", "e1000,netdev=n0", "-boot", "n"]
    if debug_exit:
        cmd += ["-device", "isa-debug-exit,iobase=0x%x,iosize=0x04" % DEBUG_EXIT_PORT]
    if icount:
        # True: the TSC counts instructions and idle time is skipped; a
        # string is passed as is (e.g. "shift=0": idle time runs as real time).
        cmd += ["-icount", icount if isinstance(icount, str) else "shift=0,sleep=off"]
    return cmd + list(extra)


def _die_with_parent():
    """In the child: own session (setsid done by Popen), and die with us."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def install_signal_handlers():
    """Turn SIGTERM/SIGHUP into SystemExit so every `finally` runs (SIGINT
    already raises KeyboardInterrupt)."""
    def handler(signum, _frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


class Machine:
    """One running QEMU and the text of its serial console.

    text holds everything read so far ('\\r' removed); expect() matches from
    the end of the previous match onward. Rejects are checked on every
    complete line (and what is left when QEMU exits).
    Use as a context manager, or call stop() in a finally: that kills QEMU's
    whole process group whatever happened.
    """

    def __init__(self, cmd, rejects=(), until=None, log=None, echo=False):
        self.cmd = list(cmd)
        self.rejects = [re.compile(r, re.M) for r in rejects]
        self.until = re.compile(until, re.M) if until else None
        self.echo = echo
        self.text = ""
        self.cursor = 0          # expect() searches from here
        self.stopped_at = None   # end offset of the --until match
        self.status = None       # QEMU's exit status once known
        self.stderr = b""
        self._log = None
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._reject_scanned = 0
        self._until_scanned = 0
        self._eof = False
        self.proc = subprocess.Popen(
            self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True,
            preexec_fn=_die_with_parent)
        try:
            self._log = open(log, "wb") if log else None
        except OSError:
            self.stop()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def ended(self):
        return self._eof or self.stopped_at is not None

    def _take(self, data):
        if self._log:
            self._log.write(data)
            self._log.flush()
        if self.echo:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        self.text += self._decoder.decode(data).replace("\r", "").replace("\0", "")
        self._check_rejects()
        self._check_until()

    def _check_rejects(self, final=False):
        """Rejects see whole lines only (a partial line could match a pattern
        like 'killed .*\((?!faulty)' that its end would not)."""
        end = len(self.text) if final else self.text.rfind("\n") + 1
        if end <= self._reject_scanned:
            return
        start = max(0, self._reject_scanned - LOOKBACK)
        for r in self.rejects:
            m = r.search(self.text, start, end)
            if m:
                line_start = self.text.rfind("\n", 0, m.start()) + 1
                line_end = self.text.find("\n", m.end())
                line = self.text[line_start:line_end if line_end >= 0 else None]
                raise Rejected("rejected '%s' seen: %s" % (r.pattern, line.strip()))
        self._reject_scanned = end

    def _check_until(self):
        if self.until is None or self.stopped_at is not None:
            return
        m = self.until.search(self.text, max(0, self._until_scanned - LOOKBACK))
        self._until_scanned = len(self.text)
        if m:
            self.stopped_at = m.end()  # reading stops; the caller stops QEMU

    def read_some(self, deadline):
        """Read what QEMU has printed, waiting at most until deadline.
        Returns False once QEMU's output has ended."""
        if self.ended:
            return False
        fds = [self.proc.stdout.fileno()]
        if self.proc.stderr and not self.proc.stderr.closed:
            fds.append(self.proc.stderr.fileno())
        wait = max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select(fds, [], [], wait)
        for fd in ready:
            data = os.read(fd, 65536)
            if fd == self.proc.stdout.fileno():
                if not data:
                    self._eof = True
                    self.text += self._decoder.decode(b"", final=True)
                    self._check_rejects(final=True)
                    try:
                        self.status = self.proc.wait(5)
                        if not self.proc.stderr.closed:
                            self.stderr += self.proc.stderr.read()
                    except subprocess.TimeoutExpired:
                        pass
                    return False
                self._take(data)
            elif data:
                self.stderr += data
            else:
                self.proc.stderr.close()
        return True

    def _why_ended(self, pattern):
        if self.stopped_at is not None:
            return Ended("'%s' not seen before '%s'" % (pattern, self.until.pattern))
        err = self.stderr.decode(errors="replace").strip()
        return Ended("'%s' not seen: QEMU exited with status %s%s"
                     % (pattern, self.status, (": " + err) if err else ""))

    def expect(self, pattern, deadline, timeout_for_message=None):
        """Wait for pattern after the previous match; return the match."""
        regex = re.compile(pattern, re.M) if isinstance(pattern, str) else pattern
        scanned = self.cursor
        while True:
            limit = self.stopped_at if self.stopped_at is not None else len(self.text)
            m = regex.search(self.text, max(self.cursor, scanned - LOOKBACK), limit)
            if m:
                self.cursor = m.end()
                return m
            scanned = limit
            if self.ended:
                raise self._why_ended(regex.pattern)
            if time.monotonic() >= deadline:
                raise TimedOut("timed out after %s s waiting for '%s'"
                               % (_secs(timeout_for_message), regex.pattern))
            self.read_some(deadline)

    def collect(self, seconds):
        """Keep reading for seconds (or until QEMU ends); rejects still apply."""
        deadline = deadline_in(seconds)
        while time.monotonic() < deadline and self.read_some(deadline):
            pass

    def wait_exit(self, deadline, timeout_for_message=None):
        """Read until QEMU exits by itself; return its exit status."""
        while not self.ended:
            if time.monotonic() >= deadline:
                raise TimedOut("timed out after %s s waiting for 'QEMU to exit'"
                               % _secs(timeout_for_message))
            self.read_some(deadline)
        if self.stopped_at is not None:
            return None
        return self.status

    def send(self, text):
        """Type text on the serial console."""
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise Ended("could not type %r: QEMU has exited" % text)

    def stop(self):
        """Kill QEMU's process group and reap it; safe to call repeatedly."""
        if self.proc.poll() is None:
            for sig, grace in ((signal.SIGTERM, 1.0), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
        else:
            try:  # anything QEMU left in its group
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.status is None:
            self.status = self.proc.returncode
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except (OSError, ValueError, BrokenPipeError):
                pass
        if self._log:
            self._log.close()
            self._log = None


def _secs(x):
    return ("%g" % x) if x is not None else "?"


__all__ = ["QEMU", "DEBUG_EXIT_PASS", "QemuRunError", "TimedOut", "Rejected", "Ended",
           "Machine", "deadline_in", "qemu_command", "install_signal_handlers"]
