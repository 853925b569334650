// SPDX-License-Identifier: MIT
/* The C side of program entry: split the argument string the kernel left on
 * the stack into argc/argv, run main, exit with its value. */
#include "demos.h"

static char argbuf[PROG_ARGS_MAX + 1];

int split_words(char *line, char **words, int max)
{
    int n = 0;
    while (*line && n < max) {
        while (*line == ' ' || *line == '\t')
            *line++ = 0;
        if (!*line)
            break;
        words[n++] = line;
        while (*line && *line != ' ' && *line != '\t')
            line++;
    }
    return n;
}

void _start_c(const char *args) __attribute__((noreturn, used));
void _start_c(const char *args)
{
    char *argv[MAX_ARGS + 1];
    size_t n = strnlen(args, PROG_ARGS_MAX);
    memcpy(argbuf, args, n);
    argbuf[n] = 0;
    argv[0] = "";
    int argc = 1 + split_words(argbuf, argv + 1, MAX_ARGS - 1);
    argv[argc] = 0;
    exit(main(argc, argv));
}
