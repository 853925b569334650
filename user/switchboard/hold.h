/* SPDX-License-Identifier: MIT */
/* "switchboard hold NAME...": the switchboard's program as a client that
 * registers names and keeps them until it ends (user/switchboard/hold.c). */
#ifndef SWITCHBOARD_HOLD_H
#define SWITCHBOARD_HOLD_H

/* argv[1] is "hold"; anything else prints the usage. -> exit status. */
int hold(int argc, char **argv);

#endif
