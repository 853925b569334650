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

/* key=HEX: 32 or 64 hex digits. The digits are never printed back. */
static bool parse_key(const char *s, struct boot_opts *o)
{
    size_t len = strlen(s);
    if (len != 32 && len != 64)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0)
            return false;
        o->key[i / 2] = (uint8_t)(i % 2 ? o->key[i / 2] | v : v << 4);
    }
    o->key_len = (unsigned)len / 2;
    return true;
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
    if (strncmp(w, "lie=", 4) == 0) {
        static const char *const lies[] = { "", "area", "seal", "kernel" };
        for (unsigned i = LIE_AREA; i <= LIE_KERNEL; i++) {
            if (strcmp(w + 4, lies[i]) == 0) {
                o->lie = i;
                printk("demos: lie=%s: this kernel lies to other nodes (a test)\n", lies[i]);
                return 0;
            }
        }
        printk("demos: bad lie '%s' ignored (want area, seal or kernel)\n", w + 4);
        return 1;
    }
    if (strncmp(w, "key=", 4) == 0) {
        if (parse_key(w + 4, o))
            return 0;
        memset(o->key, 0, sizeof(o->key));
        o->key_len = 0;
        printk("demos: bad key= ignored (want 32 or 64 hex digits): this node has no key\n");
        return 1;
    }
    if (strcmp(w, "macbench") == 0) {
        o->macbench = true;
        return 0;
    }
    if (strncmp(w, "fault=", 6) == 0) {
        const char *ms = w + 6;
        while (*ms && *ms != ':')
            ms++;
        size_t len = (size_t)(ms - (w + 6));
        n = 2000;
        if (len > 0 && len < sizeof(o->fault_prog) && (!*ms || (parse_uint(ms + 1, &n) &&
                                                                n <= 600000))) {
            memcpy(o->fault_prog, w + 6, len);
            o->fault_prog[len] = 0;
            o->fault_ms = n;
            return 0;
        }
        printk("demos: bad fault '%s' ignored (want PROG or PROG:MS)\n", w + 6);
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
