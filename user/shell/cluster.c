// SPDX-License-Identifier: MIT
/* The shell's commands about where work runs: spawn (-n NODE on that node's
 * procmgr, -l here, -s to stay; else this procmgr's policy places it),
 * load and balance (procmgr's reports), and ps -a (every up node's ps,
 * asked of its own procmgr, each process where it runs now). */
#include "demos.h"
#include "cluster.h"

#define PS_TEXT 4096

/* The words after the program, joined by spaces into args (size bytes);
 * false if they do not fit. */
static bool join_args(int argc, char **argv, char *args, uint32_t size)
{
    uint32_t len = 0;
    args[0] = 0;
    for (int i = 1; i < argc; i++) {
        /* snprintf returns what it would have written: past the end if it cut. */
        int n = snprintf(args + len, size - len, "%s%s", i > 1 ? " " : "", argv[i]);
        if (n < 0 || (uint32_t)n >= size - len)
            return false;
        len += (uint32_t)n;
    }
    return true;
}

/* A link to node's procmgr (to destroy), or an error. */
static int procmgr_of(uint32_t node)
{
    char name[NAME_MAX];
    snprintf(name, sizeof(name), "procmgr.%u", node);
    return name_lookup(name);
}

#define SPAWN_USAGE "usage: spawn [-n NODE|-l] [-s] PROG [ARGS...]\n"

void cmd_spawn(int argc, char **argv)
{
    char args[PROG_ARGS_MAX];
    uint32_t flags = 0, node = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-l") == 0) {
            flags |= PMF_HERE;
        } else if (strcmp(argv[i], "-s") == 0) {
            flags |= PMF_STAY;
        } else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc && parse_uint(argv[i + 1], &node) &&
                   node >= 1 && node <= 254) {
            flags |= PMF_HERE;
            i++;
        } else {
            printf(SPAWN_USAGE);
            return;
        }
    }
    if (i >= argc) {
        printf(SPAWN_USAGE);
        return;
    }
    if (strlen(argv[i]) >= PROG_NAME_MAX) {
        printf("spawn: program name too long (max %u bytes)\n", PROG_NAME_MAX - 1);
        return;
    }
    if (!join_args(argc - i, argv + i, args, sizeof(args))) {
        printf("spawn: arguments too long (max %u bytes)\n", PROG_ARGS_MAX - 1);
        return;
    }
    int pm = node && node != this_node() ? procmgr_of(node) : LINK_NONE;
    if (pm < 0 && pm != LINK_NONE) {
        printf("spawn: node %u: no procmgr (%s)\n", node, err_name(pm));
        return;
    }
    int r = spawn_on(pm, argv[i], args, flags);
    if (pm != LINK_NONE)
        link_destroy(pm);
    if (r == -E_NOMEM)
        printf("spawn: not enough memory\n");
    else if (r == -E_NOENT)
        printf("spawn: no program '%s'\n", argv[i]);
    else if (r < 0)
        printf("spawn: %s\n", err_name(r));
    else
        printf("spawned %u.%u\n", PID_NODE(r), PID_SERIAL(r));
}

void cmd_load(int argc, char **argv)
{
    (void)argc, (void)argv;
    int r = print_report(REPORT_LOAD, 0);
    if (r < 0)
        printf("load: %s\n", err_name(r));
}

void cmd_balance(int argc, char **argv)
{
    (void)argc;
    int r = 0;
    if (strcmp(argv[1], "on") == 0 || strcmp(argv[1], "off") == 0)
        r = balance_set(strcmp(argv[1], "on") == 0);
    else if (strcmp(argv[1], "status") != 0) {
        printf("usage: balance on|off|status\n");
        return;
    }
    if (r >= 0)
        r = print_report(REPORT_BALANCE, 0);
    if (r < 0)
        printf("balance: %s\n", err_name(r));
}

/* node's processes (not its forwarding entries), each line with "on N". */
static void ps_of(uint32_t node, char *text)
{
    int pm = node == this_node() ? LINK_NONE : procmgr_of(node);
    int r = pm < 0 && pm != LINK_NONE ? pm : fetch_report_from(pm, REPORT_PS, 0, text, PS_TEXT);
    if (pm >= 0)
        link_destroy(pm);
    if (r < 0) {
        printf("ps: node %u: %s\n", node, err_name(r));
        return;
    }
    for (char *line = text, *end; *line; line = end) {
        for (end = line; *end && *end != '\n'; end++)
            ;
        if (*end)
            *end++ = 0;
        if (*line && !strstr(line, " fwd->"))
            printf("%s on %u\n", line, node);
    }
}

void cmd_ps_all(void)
{
    static char text[PS_TEXT];
    char *at;
    ps_of(this_node(), text);
    if (fetch_report(REPORT_NODES, 0, text, PS_TEXT) < 0)
        return;
    static char nodes[PS_TEXT];
    memcpy(nodes, text, PS_TEXT);
    for (char *line = nodes; (at = strstr(line, "node ")); line = at + 5) {
        uint32_t node = 0;
        char *p = at + 5;
        while (*p >= '0' && *p <= '9')
            node = node * 10 + (uint32_t)(*p++ - '0');
        if ((at == nodes || at[-1] == '\n') && strncmp(p, " up ", 4) == 0 && node != this_node())
            ps_of(node, text);
    }
}
