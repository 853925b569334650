/* SPDX-License-Identifier: MIT */
/* Program entry (user/lib/start.c): the argument string split into words
 * for the program's main. */
#ifndef USER_START_H
#define USER_START_H

#define MAX_ARGS 16

/* Split line in place at spaces into at most max words; returns the count. */
int split_words(char *line, char **words, int max);

/* Each program's own: start.c runs it and exits with its value. */
int main(int argc, char **argv);

#endif
