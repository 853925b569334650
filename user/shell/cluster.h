/* SPDX-License-Identifier: MIT */
/* The shell's commands about the cluster's work (user/shell/cluster.c):
 * spawn and its placement flags, load, balance, ps -a. */
#ifndef SHELL_CLUSTER_H
#define SHELL_CLUSTER_H

void cmd_spawn(int argc, char **argv);
void cmd_load(int argc, char **argv);
void cmd_balance(int argc, char **argv);
void cmd_ps_all(void);

#endif
