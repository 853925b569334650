# SPDX-License-Identifier: MIT
# System services on one node: the shell's kill and migrate of the
# switchboard, procmgr, memsched or the shell itself are refused, and a
# service that ends is started again by procmgr (the shell: at once).

import re
import time

from caserunner import CaseFailed
from node import Node, answer_is

__all__ = ["system_services_cannot_be_killed_or_moved_from_the_shell",
           "a_shell_that_ends_comes_back_on_its_console"]

SERVICES = {"switchboard": "1.2", "procmgr": "1.3", "memsched": "1.4", "shell": "1.5"}


def system_services_cannot_be_killed_or_moved_from_the_shell(echo):
    with Node("system_services_cannot_be_killed_or_moved_from_the_shell", 30, echo) as n:
        procs = n.ps()
        for name, pid in SERVICES.items():
            if procs.get(pid, (None,))[0] != name:
                raise CaseFailed("ps shows %s as %s, want %s" % (pid, procs.get(pid), name))
        for name, pid in SERVICES.items():
            answer_is(n, "kill " + pid, ["kill: %s: refused: a system service" % pid])
            answer_is(n, "migrate %s 2" % pid, ["migrate: %s: refused: a system service" % pid])
        procs = n.ps()
        for name, pid in SERVICES.items():
            if procs.get(pid, (None,))[0] != name:
                raise CaseFailed("after the refusals ps shows %s as %s, want %s still there"
                                 % (pid, procs.get(pid), name))
        pid = n.spawn("counter")                # an ordinary process still can be
        answer_is(n, "kill " + pid, ["killed " + pid])


def a_shell_that_ends_comes_back_on_its_console(echo):
    with Node("a_shell_that_ends_comes_back_on_its_console", 30, echo) as n:
        since = n.mark()
        n.machine.send("exit\n")
        ended = time.monotonic()
        n.wait_for(r"^procmgr: the shell ended \(0\); starting it again$", since=since,
                   seconds=5)
        n.seen = n.expect(re.escape("demos:1> "), 5).end()     # the new shell's prompt
        took = time.monotonic() - ended
        if took > 2:
            raise CaseFailed("the new shell's prompt came %.1f s after 'exit', want within 2 s"
                             % took)
        answer_is(n, "echo alive", ["alive"])
        procs = n.ps()
        shells = [pid for pid, (name, _) in procs.items() if name == "shell"]
        if len(shells) != 1 or shells[0] == SERVICES["shell"]:
            raise CaseFailed("ps shows shells %s, want one new one (not %s)"
                             % (shells, SERVICES["shell"]))
