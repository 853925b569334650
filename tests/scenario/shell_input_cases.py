# SPDX-License-Identifier: MIT
# Hostile input at the shell (issue 13): for every command, lines at and past
# the console's limit, long words, too many words, numbers past 2^32 and ids
# past a serial's bits. Each is refused (or done) with its one clear answer,
# nothing is killed, and the shell answers the next command.

import re

from caserunner import CaseFailed
from node import REJECTS, Node, answer_is

LINE_MAX = 200          # user/shell/shell.c
WORDS_MAX = 16          # user/lib/start.h MAX_ARGS: the words of one line
PROG_NAME_MAX = 32      # include/demos/syscall.h, with its NUL
PROG_ARGS_MAX = 128     # include/demos/syscall.h, with its NUL
NO_ARGS = ["help", "stats", "mem", "nodes", "names", "exit", "load"]
ONE_ID = ["kill", "links"]
COMMANDS = NO_ARGS + ONE_ID + ["ps", "spawn", "migrate", "echo", "balance"]
USAGE = {"spawn": "usage: spawn [-n NODE|-l] [-s] PROG [ARGS...]", "kill": "usage: kill ID",
         "links": "usage: links ID", "migrate": "usage: migrate ID NODE",
         "ps": "usage: ps [-a]", "balance": "usage: balance on|off|status"}
# Not ids: too many digits, past 2^32, past 2^64, a serial past its 20 bits
# (1.1048578 would be 1.2, the switchboard, if the bits were just cut).
BAD_IDS = ["99999999.99999999", "1.4294967297", "4294967297.1", "1.18446744073709551617",
           "1.1048578", "255.1", "0.1", "1.", ".1", "1.2.3"]
TOO_LONG = "shell: line too long (max %d bytes)" % LINE_MAX
INPUT_BURST = 1000      # under the kernel's console ring (1024): a longer burst loses its Enter
FAULT = re.compile("|".join(REJECTS), re.M)     # PANIC, kernel fault, a process killed


def usage(cmd):
    return USAGE.get(cmd, "usage: " + cmd)


def answer(n, keys, shown=None):
    """Type keys and Enter; the lines printed after their echo, which must
    be shown (default: the first LINE_MAX bytes of keys). A fault anywhere
    fails the case."""
    shown = keys[:LINE_MAX] if shown is None else shown
    stray = n.machine.text[n.seen:]
    if stray:
        raise CaseFailed("before %r... was typed the shell printed %r" % (keys[:40], stray))
    since = n.mark()
    out = n.run(keys)
    fault = FAULT.search(n.machine.text, since)
    if fault:
        raise CaseFailed("typing %d bytes (%r...) made the node print %r"
                         % (len(keys), keys[:40], fault.group(0)))
    echo, _, rest = out.partition("\n")
    if echo != shown:
        raise CaseFailed("typing %d bytes (%r...) echoed %d bytes (%r...), want %d (%r...)"
                         % (len(keys), keys[:40], len(echo), echo[:40], len(shown), shown[:40]))
    return [l for l in rest.split("\n") if l]


def refused(n, line, want):
    """line prints exactly the lines want, and the shell still answers."""
    got = answer(n, line)
    if got != want:
        raise CaseFailed("typing %d bytes (%r...) printed %r, want %r"
                         % (len(line), line[:60], got, want))
    answer_is(n, "echo alive", ["alive"])


def spawned_hello(n, line):
    """line spawns hello, which runs: the node still serves processes."""
    since = n.mark()
    got = [l for l in answer(n, line) if not l.startswith("hello from ")]
    m = len(got) == 1 and re.fullmatch(r"spawned (1\.\d+)", got[0])
    if not m:
        raise CaseFailed("typing %d bytes (%r...) printed %r, want 'spawned 1.S'"
                         % (len(line), line[:60], got))
    n.wait_for(r"(?:^|> )hello from %s$" % re.escape(m.group(1)), since=since)  # after the prompt, or not
    answer_is(n, "echo alive", ["alive"])


def at_most(cmd, width):
    """cmd and one word, the line exactly width bytes."""
    return cmd + " " + "x" * (width - len(cmd) - 1)


def widest(cmd, word=20):
    """cmd and words of word bytes (the last shorter), the line LINE_MAX bytes."""
    line = cmd
    while len(line) < LINE_MAX:
        line += " " + "x" * min(word, LINE_MAX - len(line) - 1)
    return line


def wide_answer(cmd, line):
    """What the widest line of cmd prints."""
    if cmd == "echo":
        return [line[len("echo "):]]
    if cmd == "spawn":
        return ["spawn: arguments too long (max %d bytes)" % (PROG_ARGS_MAX - 1)]
    return [usage(cmd)]


def fill_answer(cmd, line):
    """What a LINE_MAX line of cmd and one long word prints."""
    if cmd == "echo":
        return [line[len("echo "):]]
    if cmd == "spawn":
        return ["spawn: program name too long (max %d bytes)" % (PROG_NAME_MAX - 1)]
    return [usage(cmd)]


def words_answer(cmd, count):
    """What cmd followed by count words "7" prints (count + 1 <= WORDS_MAX)."""
    if cmd == "echo":
        return [" ".join(["7"] * count)]
    if cmd == "spawn":
        return ["spawn: no program '7'"]
    return [usage(cmd)]


def every_command_survives_overlong_and_overwide_lines(echo):
    with Node("every_command_survives_overlong_and_overwide_lines", 120, echo) as n:
        listed = [l.split()[0] for l in answer(n, "help")]
        if sorted(listed) != sorted(COMMANDS):
            raise CaseFailed("help lists %s, want %s (a new command needs its hostile lines"
                             " here)" % (listed, COMMANDS))
        for cmd in COMMANDS:
            line = at_most(cmd, LINE_MAX)
            refused(n, line, fill_answer(cmd, line))
            line = widest(cmd)
            refused(n, line, wide_answer(cmd, line))
            refused(n, at_most(cmd, LINE_MAX + 1), [TOO_LONG])
            refused(n, cmd + " " + "w" * 200, [TOO_LONG])
            refused(n, cmd + " 7" * (WORDS_MAX - 1), words_answer(cmd, WORDS_MAX - 1))
            refused(n, cmd + " 7" * WORDS_MAX, ["%s: too many words (max %d)" % (cmd, WORDS_MAX)])
            refused(n, cmd + " 7" * 40, ["%s: too many words (max %d)" % (cmd, WORDS_MAX)])
            refused(n, cmd + " 7" * ((LINE_MAX - len(cmd)) // 2 + 1), [TOO_LONG])
            big = cmd + " 4294967297 18446744073709551617"
            if cmd == "echo":
                refused(n, big, [big[len("echo "):]])
            elif cmd == "spawn":
                refused(n, big, ["spawn: no program '4294967297'"])
            else:
                refused(n, big, [usage(cmd)])
        refused(n, "w" * LINE_MAX, ["%s: unknown command (try help)" % ("w" * LINE_MAX)])
        refused(n, "w" * (LINE_MAX + 1), [TOO_LONG])
        refused(n, "w" * INPUT_BURST, [TOO_LONG])


def ids_and_numbers_past_their_range_are_refused(echo):
    with Node("ids_and_numbers_past_their_range_are_refused", 60, echo) as n:
        for bad in BAD_IDS:
            for cmd in ONE_ID:
                refused(n, "%s %s" % (cmd, bad), [usage(cmd)])
            refused(n, "migrate %s 1" % bad, [usage("migrate")])
        for node in ["0", "255", "4294967297", "99999999999999999999", "-1", "1x"]:
            refused(n, "migrate 1.2 " + node, [usage("migrate")])
        # The switchboard and procmgr are still there: spawn and names work.
        n.spawn("counter")
        n.wait_registered("counter")


def spawn_refuses_names_and_arguments_past_their_limits(echo):
    with Node("spawn_refuses_names_and_arguments_past_their_limits", 60, echo) as n:
        too_long = "spawn: arguments too long (max %d bytes)" % (PROG_ARGS_MAX - 1)
        # issue 13: a 130-byte argument and more, as wide as the line takes
        refused(n, "spawn hello " + "a" * 130 + " " + "b" * 57, [too_long])
        refused(n, "spawn hello " + "a" * 130 + " b" * 12, [too_long])
        refused(n, "spawn hello " + "a" * 130, [too_long])
        refused(n, "spawn hello " + "a" * PROG_ARGS_MAX, [too_long])
        spawned_hello(n, "spawn hello " + "a" * (PROG_ARGS_MAX - 1))
        half = (PROG_ARGS_MAX - 2) // 2          # two words and their space: 127 bytes
        spawned_hello(n, "spawn hello %s %s" % ("a" * half, "b" * half))
        refused(n, "spawn hello %s %s" % ("a" * half, "b" * (half + 1)), [too_long])
        spawned_hello(n, "spawn hello" + " 7" * (WORDS_MAX - 2))
        many = "a" * 12
        refused(n, "spawn hello" + (" " + many) * (WORDS_MAX - 2), [too_long])
        name = "n" * (PROG_NAME_MAX - 1)
        refused(n, "spawn " + name, ["spawn: no program '%s'" % name])
        refused(n, "spawn " + name + "n",
                ["spawn: program name too long (max %d bytes)" % (PROG_NAME_MAX - 1)])
        refused(n, "spawn " + "hello" + "o" * PROG_NAME_MAX,
                ["spawn: program name too long (max %d bytes)" % (PROG_NAME_MAX - 1)])


def line_editing_keeps_only_what_the_line_holds(echo):
    with Node("line_editing_keeps_only_what_the_line_holds", 30, echo) as n:
        # DEL and BS on an empty line erase nothing and are not kept.
        if answer(n, "\x7f\x08\x7fecho ok", shown="echo ok") != ["ok"]:
            raise CaseFailed("DEL BS DEL 'echo ok' did not print 'ok'")
        answer_is(n, "echo alive", ["alive"])
        # Control bytes and bytes past ASCII are neither echoed nor kept.
        got = answer(n, "echo a\x01\x1b\x80\xffb", shown="echo ab")
        if got != ["ab"]:
            raise CaseFailed("typing 'echo a', ^A, ESC, U+0080, U+00FF, 'b' printed %r,"
                             " want ['ab']" % got)
        answer_is(n, "echo alive", ["alive"])
        # Typed past the limit and erased back to it: the line is what is left.
        line = at_most("echo", LINE_MAX + 5)
        got = answer(n, line + "\x7f" * 5, shown=line[:LINE_MAX])
        if got != [line[len("echo "):LINE_MAX]]:
            raise CaseFailed("typing %d bytes and erasing 5 printed %r, want the %d-byte"
                             " line run" % (len(line), got, LINE_MAX))
        answer_is(n, "echo alive", ["alive"])
        # Erased past the limit and back into the line: the edit shows.
        got = answer(n, line + "\x7f" * 10, shown=line[:LINE_MAX] + "\b \b" * 5)
        if got != [line[len("echo "):LINE_MAX - 5]]:
            raise CaseFailed("typing %d bytes and erasing 10 printed %r, want the %d-byte"
                             " line run" % (len(line), got, LINE_MAX - 5))
        answer_is(n, "echo alive", ["alive"])


CASES = [
    every_command_survives_overlong_and_overwide_lines,
    ids_and_numbers_past_their_range_are_refused,
    spawn_refuses_names_and_arguments_past_their_limits,
    line_editing_keeps_only_what_the_line_holds,
]

__all__ = ["CASES", "every_command_survives_overlong_and_overwide_lines",
           "ids_and_numbers_past_their_range_are_refused",
           "spawn_refuses_names_and_arguments_past_their_limits",
           "line_editing_keeps_only_what_the_line_holds"]
