// SPDX-License-Identifier: MIT
/* switchboard hold NAME...: register each NAME (a new link to itself each
 * time, so a NAME given twice is registered twice), print what became of
 * each and a total, then answer every call with an empty answer until it is
 * killed. A second switchboard process, to try the first one's rules. */
#include "demos.h"
#include "hold.h"

int hold(int argc, char **argv)
{
    static struct msg m;
    if (argc < 3 || strcmp(argv[1], "hold") != 0) {
        printf("usage: switchboard [hold NAME...]\n");
        return 2;
    }
    int held = 0;
    for (int i = 2; i < argc; i++) {
        int self = link_create(0, 0, 0, 0);
        int r = self < 0 ? self : name_register(argv[i], self);
        if (r < 0) {
            printf("switchboard: cannot register %s: %s\n", argv[i], err_name(r));
            if (self >= 0)
                link_destroy(self);     /* gone already if the switchboard got it */
            continue;
        }
        printf("switchboard: registered %s\n", argv[i]);
        held++;
    }
    printf("switchboard: %d of %d registered\n", held, argc - 2);
    for (;;) {
        if (receive(CHAN_ALL, &m, 0) < 0)
            continue;
        if (m.h.link != LINK_NONE)
            link_destroy(m.h.link);
        if (m.h.reply != LINK_NONE)
            reply(&m, 0, 0, LINK_NONE);
    }
}
