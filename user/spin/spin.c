// SPDX-License-Identifier: MIT
/* spin X: prints X forever in a busy loop and never yields, so two spinners
 * interleave only because the timer preempts them. */
#include "demos.h"

#define BURST 64
#define DELAY 200000

int main(int argc, char **argv)
{
    char c = argc > 1 && argv[1][0] ? argv[1][0] : '*';
    char line[BURST];
    memset(line, c, sizeof(line));
    for (;;) {
        console_write(line, sizeof(line));
        for (volatile int i = 0; i < DELAY; i++)
            ;
    }
}
