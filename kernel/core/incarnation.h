/* SPDX-License-Identifier: MIT */
/* This boot of the node: a fresh non-zero number each boot (DESIGN.md,
 * "Concepts": a node that reboots is a new incarnation). Every process
 * records the one it was born in, every link the one of its target, so a
 * link made before a reboot never reaches a process of the new boot. */
#ifndef KERNEL_INCARNATION_H
#define KERNEL_INCARNATION_H
#include <stdint.h>
#include <stdbool.h>

/* Links made before any incarnation is known (link 0 to the switchboard)
 * carry this: they reach whichever process holds the id. */
#define INCARNATION_ANY 0

extern uint32_t node_incarnation;

/* Whether a link carrying incarnation want may reach a process (or its
 * forwarding entry) of incarnation inc: one compare when they match. */
static inline bool incarnation_reaches(uint32_t want, uint32_t inc)
{
    return want == inc || want == INCARNATION_ANY;
}

/* Pick this boot's number; before the first process is made. */
void incarnation_init(void);

#endif
