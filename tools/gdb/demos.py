# SPDX-License-Identifier: MIT
# gdb script for a DEMOS/x86 node (gdb -x tools/gdb/demos.py): loads the
# kernel's symbols, and a user program's by name with "demos-prog NAME".
"""In gdb, after this script:

  target remote 127.0.0.1:PORT     (tools/cluster up --gdb N prints PORT;
                                    tools/cluster gdb N does all of it)
  break migrate_receive            any kernel function, file:line, ...
  continue
  bt
  demos-prog counter               the symbols of build/user/counter.elf
  demos-progs                      the programs there are

Every program is linked at the same address (user/user.ld), so one
program's symbols are loaded at a time: demos-prog NAME drops the last
one's. The build directory is build/ beside tools/, or $DEMOS_BUILD.
"""

import os

import gdb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
BUILD = os.path.join(ROOT, os.environ.get("DEMOS_BUILD", "build"))
KERNEL = os.path.join(BUILD, "demos.elf")
PROGS = os.path.join(BUILD, "user")

_loaded = [None]        # the program whose symbols are loaded now


def _programs():
    try:
        return sorted(n[:-4] for n in os.listdir(PROGS) if n.endswith(".elf"))
    except OSError:
        return []


class DemosProg(gdb.Command):
    """demos-prog NAME: load the symbols of user program NAME (build/user/NAME.elf),
    in place of the last program's. Then break on its functions, or bt in it."""

    def __init__(self):
        super().__init__("demos-prog", gdb.COMMAND_FILES, gdb.COMPLETE_NONE)

    def complete(self, text, word):
        return [p for p in _programs() if p.startswith(word)]

    def invoke(self, arg, from_tty):
        name = arg.strip()
        path = os.path.join(PROGS, name + ".elf")
        if not name or not os.access(path, os.R_OK):
            raise gdb.GdbError("demos-prog: no program %r in %s (there are: %s)"
                               % (name, PROGS, " ".join(_programs()) or "none; run make"))
        if _loaded[0]:
            gdb.execute("remove-symbol-file %s" % _loaded[0], to_string=True)
        gdb.execute("add-symbol-file %s" % path, to_string=True)
        _loaded[0] = path
        print("demos: symbols of %s loaded (%s)" % (name, path))


class DemosProgs(gdb.Command):
    """demos-progs: list the user programs whose symbols demos-prog can load."""

    def __init__(self):
        super().__init__("demos-progs", gdb.COMMAND_FILES)

    def invoke(self, arg, from_tty):
        print(" ".join(_programs()))


def _setup():
    if not os.access(KERNEL, os.R_OK):
        raise gdb.GdbError("demos: no kernel at %s; run make first" % KERNEL)
    gdb.execute("set confirm off")
    gdb.execute("set pagination off")
    gdb.execute("set architecture i386", to_string=True)
    gdb.execute("file %s" % KERNEL, to_string=True)
    DemosProg()
    DemosProgs()
    print("demos: kernel symbols from %s; demos-prog NAME adds a program's" % KERNEL)


_setup()
