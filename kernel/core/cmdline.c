// SPDX-License-Identifier: MIT
/* Kernel command line parsing. Loaders differ: QEMU's -kernel and iPXE put
 * the image's path or URL first, GRUB 2 passes only the words after it. */
#include "kernel/core/cmdline.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"

struct boot_opts boot_opts = { .node = 1, .node_from = "default" };

static bool parse_uint(const char *s, unsigned *out)
{
    unsigned v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000)
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return true;
}

/* A first word that is neither an option (it would have '=') nor a known
 * flag is the image's name, path or URL. */
static bool looks_like_image(const char *w)
{
    for (; *w; w++)
        if (*w == '=')
            return false;
    return true;
}

/* host=NAME (the host name DHCP gave, passed on by the boot script): the
 * node number is the number NAME ends with ("demos3", "pc-12"). Empty, or
 * with no such number: the MAC decides. 0: none. */
static unsigned host_node(const char *name)
{
    size_t len = strlen(name), i = len;
    unsigned n;
    while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9')
        i--;
    if (len == 0)
        return 0;
    if (i < len && parse_uint(name + i, &n) && n >= 1 && n <= 254)
        return n;
    printk("demos: host name '%s' does not end in a node number (1..254); "
           "the MAC decides\n", name);
    return 0;
}

static int apply_word(const char *w, struct boot_opts *o, unsigned *from_host)
{
    unsigned n;
    if (strncmp(w, "node=", 5) == 0) {
        if (parse_uint(w + 5, &n) && n >= 1 && n <= 254) {
            o->node = n;
            o->node_given = true;
            o->node_from = "node=";
            return 0;
        }
        printk("demos: bad node number '%s' ignored (1..254)\n", w + 5);
        return 1;
    }
    if (strncmp(w, "host=", 5) == 0) {
        *from_host = host_node(w + 5);
        return 0;
    }
    if (strncmp(w, "hold_start=", 11) == 0) {
        if (parse_uint(w + 11, &n) && n <= 60000) {
            o->hold_start_ms = n;
            return 0;
        }
        printk("demos: bad hold_start '%s' ignored (want 0..60000 ms)\n", w + 11);
        return 1;
    }
    if (strncmp(w, "hold_pull=", 10) == 0) {
        if (parse_uint(w + 10, &n) && n <= 2500) {
            o->hold_pull_ms = n;
            return 0;
        }
        printk("demos: bad hold_pull '%s' ignored (want 0..2500 ms: under the step timeout)\n",
               w + 10);
        return 1;
    }
    if (strcmp(w, "test") == 0) {
        o->test = true;
        return 0;
    }
    if (strncmp(w, "run=", 4) == 0) {
        size_t len = strlen(w + 4);
        if (len < sizeof(o->run)) {
            memcpy(o->run, w + 4, len + 1);
            return 0;
        }
    }
    printk("demos: unknown boot option '%s' ignored\n", w);
    return 1;
}

int cmdline_parse(const char *line, struct boot_opts *o)
{
    char word[CMDLINE_MAX];
    int ignored = 0, first = 1;
    unsigned from_host = 0;
    while (*line) {
        while (*line == ' ')
            line++;
        size_t n = 0;
        while (line[n] && line[n] != ' ')
            n++;
        if (n == 0)
            break;
        if (n >= sizeof(word))
            n = sizeof(word) - 1;
        memcpy(word, line, n);
        word[n] = 0;
        while (*line && *line != ' ')
            line++;
        if (first && strcmp(word, "test") != 0 && looks_like_image(word)) {
            first = 0;
            continue;
        }
        first = 0;
        ignored += apply_word(word, o, &from_host);
    }
    if (from_host && !o->node_given) {     /* node=N wins over host=NAME */
        o->node = from_host;
        o->node_given = true;
        o->node_from = "host name";
    }
    return ignored;
}
