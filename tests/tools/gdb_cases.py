# SPDX-License-Identifier: MIT
# The debugger's case: a node started with up --gdb, gdb in batch mode with
# tools/gdb/demos.py, a breakpoint a migration reaches, and its backtrace.

import re
import shutil
import subprocess
import time

import clusterlib as cl
from caserunner import CaseFailed, Skipped
from clusterlib.debug import gdb_argv
from harness import Cluster, me

GDB_LIMIT = 30.0
BREAK_AT = "migrate_receive"       # kernel/dist/migrate.c: every migration step at D


def gdb_stops_in_migrate_receive_on_a_move_and_prints_the_backtrace(echo):
    if not shutil.which("gdb"):
        raise Skipped("gdb not installed (tools/deps installs it)")
    with Cluster(me(), 2, echo, limit=60, mesh=False, gdb=2) as c:
        c.wait_line(1, r"^demos: node 1 ready", 10)
        time.sleep(0.3)
        if "demos:" in cl.log_text(2, c.dir):
            raise CaseFailed("node 2 booted before gdb attached: %s" % c.console_end(2))
        argv = gdb_argv(2, ["--batch", "-ex", "break " + BREAK_AT, "-ex", "continue",
                            "-ex", "bt"], c.dir)
        gdb = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            try:
                c.wait_line(2, r"^demos: node 2 ready", 20)     # gdb let it boot
            except CaseFailed as e:
                gdb.kill()
                said, _ = gdb.communicate()
                raise CaseFailed("%s; gdb said: %s" % (e, said.strip().replace("\n", " / ")))
            c.hears(1, 2)
            counter = c.spawn(1, "counter")
            moved = c.migrate(1, counter, 2)
            out, _ = gdb.communicate(timeout=GDB_LIMIT)
        except subprocess.TimeoutExpired:
            gdb.kill()
            out, _ = gdb.communicate()
            raise CaseFailed("gdb did not stop at %s within %g s: %s"
                             % (BREAK_AT, GDB_LIMIT, out.strip().replace("\n", " / ")))
        finally:
            if gdb.poll() is None:
                gdb.kill()
                gdb.wait()
        if not re.search(r"^Breakpoint 1, %s \(" % BREAK_AT, out, re.M):
            raise CaseFailed("gdb never said 'Breakpoint 1, %s (': %s"
                             % (BREAK_AT, out.strip().replace("\n", " / ")))
        frames = re.findall(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?(\w+)", out, re.M)
        if not frames or frames[0] != ("0", BREAK_AT) or len(frames) < 3:
            raise CaseFailed("bt shows %s, want #0 %s and its callers" % (frames, BREAK_AT))
        if not moved.startswith("migrated "):
            raise CaseFailed("the move through the breakpoint ended %r" % moved)
        print("# bt: %s" % " <- ".join(name for _, name in frames[:6]))


CASES = [gdb_stops_in_migrate_receive_on_a_move_and_prints_the_backtrace]

__all__ = ["CASES"]
