// SPDX-License-Identifier: MIT
/* mute [NAME]: registers NAME (default "mute") and takes every call without
 * ever answering it, so its callers stay blocked until it ends. */
#include "demos.h"

static struct msg m;

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "mute";
    int self = link_create(0, 0, 0, 0);
    int r = self < 0 ? self : name_register(name, self);
    if (r < 0) {
        printf("mute: cannot register %s: %s\n", name, err_name(r));
        return 1;
    }
    for (;;)
        receive(CHAN_ALL, &m, 0);   /* the REPLY link stays in our table, unused */
}
