// SPDX-License-Identifier: MIT
/* hog: holds 6 MiB of memory and waits, for the memory-policy tests. */
#include "demos.h"

#define HOG_BYTES (6u << 20)

static volatile char block[HOG_BYTES];

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    for (uint32_t i = 0; i < HOG_BYTES; i += 4096)
        block[i] = 1;
    for (;;)
        sleep_ms(100000);
}
