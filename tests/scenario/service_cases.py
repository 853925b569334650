# SPDX-License-Identifier: MIT
# System services on one node: the shell's kill and migrate of init, the
# switchboard, procmgr, memsched or the shell itself are refused, and a
# service that ends is started again (the shell and memsched by procmgr,
# the switchboard and procmgr by init, in their old places), at once.

import re
import time

from caserunner import CaseFailed
from node import REJECTS, Node, answer_is, client_summary

__all__ = ["system_services_cannot_be_killed_or_moved_from_the_shell",
           "a_shell_that_ends_comes_back_on_its_console",
           "switchboard_that_dies_by_a_fault_is_back_as_1_2_within_2_s_and_names_work",
           "procmgr_that_dies_by_a_fault_is_back_as_1_3_within_2_s_and_spawns_work"]

SERVICES = {"init": "1.1", "switchboard": "1.2", "procmgr": "1.3", "memsched": "1.4",
            "shell": "1.5"}
BACK_WITHIN = 2.0           # seconds from a service's fault to it serving again
FAULT_AFTER_MS = 4000       # fault=PROG:MS: after the node is up and a name is held


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


def faulted(n, name, pid):
    """Wait for the injected fault's line about pid (name); its time."""
    n.wait_for(r"^demos: killed %s \(%s\): page fault at 0x00000000" % (re.escape(pid), name),
               seconds=FAULT_AFTER_MS / 1000.0 + 5)
    return time.monotonic()


def back_in_place(n, name, pid, since):
    """Wait until ps shows name as pid again; the seconds since the fault."""
    while True:
        try:
            procs = n.ps()
        except CaseFailed:
            procs = {}          # procmgr not back yet: ps fails, tried again
        took = time.monotonic() - since
        if procs.get(pid, (None,))[0] == name:
            return took
        if took > BACK_WITHIN + 3:
            raise CaseFailed("%.1f s after %s (%s) faulted ps shows %s as %s, want %s again"
                             % (took, name, pid, pid, procs.get(pid), name))
        time.sleep(0.1)


def within(name, took):
    if took > BACK_WITHIN:
        raise CaseFailed("%s served again %.1f s after its fault, want within %g s"
                         % (name, took, BACK_WITHIN))


def names_work(n, name):
    """A counter registers name and a client finds it and calls it."""
    n.spawn("counter " + name)
    n.wait_registered(name)
    since = n.mark()
    n.spawn("client %s 5" % name)
    got = n.wait_for(r"client: .*$", since=since)[0]
    if not re.fullmatch(client_summary(5, 5, 0), got):
        raise CaseFailed("a client of %s printed %r, want %r" % (name, got,
                                                                client_summary(5, 5, 0)))


def faulting_node(case, prog, echo):
    rejects = [r for r in REJECTS if not r.startswith("^demos: killed")]
    return Node(case, 60, echo, append="fault=%s:%d" % (prog, FAULT_AFTER_MS), rejects=rejects)


def switchboard_that_dies_by_a_fault_is_back_as_1_2_within_2_s_and_names_work(echo):
    with faulting_node(me_switchboard, "switchboard", echo) as n:
        names_work(n, "before")
        at = faulted(n, "switchboard", SERVICES["switchboard"])
        took = back_in_place(n, "switchboard", SERVICES["switchboard"], at)
        n.wait_for(r"init: switchboard ended \(.*\); starting it again$", seconds=1)
        within("the switchboard", took)
        names_work(n, "after")


def procmgr_that_dies_by_a_fault_is_back_as_1_3_within_2_s_and_spawns_work(echo):
    with faulting_node(me_procmgr, "procmgr", echo) as n:
        names_work(n, "before")
        time.sleep(max(0, FAULT_AFTER_MS / 1000.0 - 2))
        while True:             # procmgr faults on its first call after the time
            since = n.mark()
            n.run("ps")
            if n.machine.text.find("demos: killed 1.3 (procmgr)", since) >= 0:
                break
            time.sleep(0.2)
        at = faulted(n, "procmgr", SERVICES["procmgr"])
        took = back_in_place(n, "procmgr", SERVICES["procmgr"], at)
        n.wait_for(r"init: procmgr ended \(.*\); starting it again$", seconds=1)
        within("procmgr", took)
        procs = n.ps()
        for name in ("memsched", "shell"):
            if procs.get(SERVICES[name], (None,))[0] != name:
                raise CaseFailed("after procmgr's restart ps shows %s as %s, want %s still"
                                 % (SERVICES[name], procs.get(SERVICES[name]), name))
        names_work(n, "after")


me_switchboard = "switchboard_that_dies_by_a_fault_is_back_as_1_2_within_2_s_and_names_work"
me_procmgr = "procmgr_that_dies_by_a_fault_is_back_as_1_3_within_2_s_and_spawns_work"
