// SPDX-License-Identifier: MIT
/* hello: prints its id and exits; proof that the node still serves processes. */
#include "demos.h"

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    pid_t me = getpid();
    printf("hello from %u.%u\n", PID_NODE(me), PID_SERIAL(me));
    return 0;
}
