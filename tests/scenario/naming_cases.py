# SPDX-License-Identifier: MIT
# Scenario cases for the switchboard's names (issue 13): a name belongs to
# the process that registered it until that process ends; each process may
# hold HOLDER_NAMES_MAX; a full table refuses only the newcomer.
# "switchboard hold NAME..." (user/switchboard/hold.c) is the registrant.

import re

from caserunner import CaseFailed
from node import Node, answer_is, client_summary

HOLDER_NAMES_MAX = 8        # user/switchboard/names.h


def held(n, names):
    """spawn switchboard hold names; (its id, the lines it printed before
    its total, which must say how many it registered)."""
    since = n.mark()
    pid = n.spawn("switchboard hold " + " ".join(names))
    lines = n.wait_for(r"switchboard: .*$", len(names) + 1, since=since)
    total = re.fullmatch(r"switchboard: (\d+) of %d registered" % len(names), lines[-1])
    if not total or int(total.group(1)) != sum(l.startswith("switchboard: registered ")
                                              for l in lines[:-1]):
        raise CaseFailed("switchboard hold %s printed %r, want a line a name, then"
                         " 'switchboard: K of %d registered'" % (" ".join(names), lines,
                                                                 len(names)))
    return pid, lines[:-1]


def expect_held(n, names, want):
    """switchboard hold names must print exactly want (a line a name); its id."""
    pid, lines = held(n, names)
    if lines != want:
        raise CaseFailed("switchboard hold %s printed %r, want %r"
                         % (" ".join(names), lines, want))
    return pid


def registered(name):
    return "switchboard: registered " + name


def refused(name, error):
    return "switchboard: cannot register %s: %s" % (name, error)


def client_line(n, args):
    since = n.mark()
    n.spawn("client " + args)
    return n.wait_for(r"client: .*$", since=since)[0]


def expect_found(n, name):
    """A client finds name (and makes no call)."""
    got, want = client_line(n, name + " 0"), client_summary(0, 0, 0, node=0)
    if not re.fullmatch(want, got):
        raise CaseFailed("a client looking up %s printed %r, want %r" % (name, got, want))


def expect_counter_answers(n, name, calls):
    got = client_line(n, "%s %d" % (name, calls))
    if not re.fullmatch(client_summary(calls, calls, 0), got):
        raise CaseFailed("a client of %s printed %r, want %r (the counter answering)"
                         % (name, got, client_summary(calls, calls, 0)))


def name_held_by_a_running_process_cannot_be_taken(echo):
    with Node("name_held_by_a_running_process_cannot_be_taken", 30, echo) as n:
        n.spawn("counter taken")
        n.wait_registered("taken")
        expect_held(n, ["taken"], [refused("taken", "E_PERM")])
        expect_counter_answers(n, "taken", 3)


def holder_registers_its_own_name_again(echo):
    with Node("holder_registers_its_own_name_again", 30, echo) as n:
        expect_held(n, ["again", "again"], [registered("again")] * 2)
        expect_found(n, "again")


def names_line(n, name):
    """The shell's names: the line about name (or None)."""
    lines = [l for l in n.run("names").split("\n")[1:] if l.startswith(name + " -> ")]
    return lines[0] if len(lines) == 1 else None


def name_is_free_once_its_holder_exits(echo):
    with Node("name_is_free_once_its_holder_exits", 30, echo) as n:
        counter = n.spawn("counter freed")
        n.wait_registered("freed")
        if names_line(n, "freed") != "freed -> " + counter:
            raise CaseFailed("names shows %r, want 'freed -> %s'" % (names_line(n, "freed"),
                                                                     counter))
        answer_is(n, "kill " + counter, ["killed " + counter])
        holder = expect_held(n, ["freed"], [registered("freed")])
        expect_found(n, "freed")
        if names_line(n, "freed") != "freed -> " + holder:
            raise CaseFailed("names shows %r, want 'freed -> %s'" % (names_line(n, "freed"),
                                                                     holder))


def names_past_the_limit_are_refused_to_that_process_only(echo):
    with Node("names_past_the_limit_are_refused_to_that_process_only", 30, echo) as n:
        names = ["n%d" % i for i in range(HOLDER_NAMES_MAX + 1)]
        expect_held(n, names, [registered(x) for x in names[:-1]]
                    + [refused(names[-1], "E_NOMEM")])
        expect_held(n, ["other"], [registered("other")])
        for x in (names[0], names[-2], "other"):
            expect_found(n, x)


HOLDERS_MAX = 30            # far more than the table takes at 8 names each (about 20 of 187 links)


def full_table_refuses_the_newcomer_and_lookups_still_work(echo):
    with Node("full_table_refuses_the_newcomer_and_lookups_still_work", 90, echo) as n:
        n.spawn("counter kept")
        n.wait_registered("kept")
        holders, taken = [], []
        for k in range(HOLDERS_MAX):
            names = ["f%d%s" % (k, c) for c in "abcdefgh"[:HOLDER_NAMES_MAX]]
            pid, lines = held(n, names)
            holders.append(pid)
            taken += [x for x in names if registered(x) in lines]
            wrong = [l for l in lines if l.startswith("switchboard: cannot")
                     and not l.endswith(": E_NOMEM")]
            if wrong:
                raise CaseFailed("switchboard hold %s printed %r, want E_NOMEM when refused"
                                 % (" ".join(names), wrong[0]))
            if len(lines) != sum(registered(x) in lines for x in names):
                break
        else:
            raise CaseFailed("%d processes registered %d names each and none was refused"
                             % (HOLDERS_MAX, HOLDER_NAMES_MAX))
        if len(taken) < 4 * HOLDER_NAMES_MAX:
            raise CaseFailed("the table took only %d names before refusing one" % len(taken))
        expect_held(n, ["late"], [refused("late", "E_NOMEM")])
        expect_counter_answers(n, "kept", 5)
        for x in (taken[0], taken[len(taken) // 2], taken[-1]):
            expect_found(n, x)
        answer_is(n, "kill " + holders[0], ["killed " + holders[0]])
        expect_held(n, ["late"], [registered("late")])
        expect_found(n, "late")


CASES = [
    name_held_by_a_running_process_cannot_be_taken,
    holder_registers_its_own_name_again,
    name_is_free_once_its_holder_exits,
    names_past_the_limit_are_refused_to_that_process_only,
    full_table_refuses_the_newcomer_and_lookups_still_work,
]


__all__ = ["CASES"]
