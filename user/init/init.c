// SPDX-License-Identifier: MIT
/* init: the first process. Starts the programs named on the kernel command
 * line (run=PROG[:ARG],...), in order, and reports the node ready. */
#include "demos.h"

static void start(char *item)
{
    char *arg = item;
    while (*arg && *arg != ':')
        arg++;
    if (*arg)
        *arg++ = 0;
    int r = spawn(item, arg);
    if (r < 0)
        printf("init: cannot start %s: %s\n", item, err_name(r));
}

int main(int argc, char **argv)
{
    pid_t me = getpid();
    printf("demos: node %u ready\n", PID_NODE(me));
    /* The kernel passes run=... as one word; items are separated by commas. */
    for (int i = 1; i < argc; i++) {
        char *item = argv[i];
        while (*item) {
            char *end = item;
            while (*end && *end != ',')
                end++;
            char saved = *end;
            *end = 0;
            if (*item)
                start(item);
            item = saved ? end + 1 : end;
        }
    }
    return 0;
}
