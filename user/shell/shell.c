// SPDX-License-Identifier: MIT
/* shell: the command interpreter on the node's console. Echoes what is
 * typed, takes CR or LF as end of line, and asks procmgr (link 1) for
 * everything about processes. */
#include "demos.h"

#define LINE_MAX 200

static void cmd_help(int argc, char **argv);

/* One line for a failed command about process text. */
static void proc_error(const char *cmd, const char *text, int r)
{
    if (r == -E_NOPROC)
        printf("%s: %s: no such process\n", cmd, text);
    else if (r == -E_DOWN)
        printf("%s: %s: node %u is down\n", cmd, text, PID_NODE(parse_pid(text)));
    else
        printf("%s: %s: %s\n", cmd, text, err_name(r));
}

static pid_t pid_arg(int argc, char **argv, const char *usage)
{
    pid_t pid = argc == 2 ? parse_pid(argv[1]) : 0;
    if (!pid)
        printf("usage: %s\n", usage);
    return pid;
}




/* ps, stats, nodes: a report from the kernel, through procmgr. */
static void cmd_report(const char *name, uint32_t report)
{
    int r = print_report(report, 0);
    if (r < 0)
        printf("%s: %s\n", name, err_name(r));
}

static void cmd_ps(int argc, char **argv) { (void)argc; cmd_report(argv[0], REPORT_PS); }
static void cmd_stats(int argc, char **argv) { (void)argc; cmd_report(argv[0], REPORT_STATS); }
static void cmd_nodes(int argc, char **argv) { (void)argc; cmd_report(argv[0], REPORT_NODES); }

static void cmd_mem(int argc, char **argv)
{
    (void)argc, (void)argv;
    int r = print_report(REPORT_MEMSCHED, 0);
    if (r >= 0)
        r = print_report(REPORT_MEM, 0);
    if (r < 0)
        printf("mem: %s\n", err_name(r));
}

static void cmd_links(int argc, char **argv)
{
    pid_t pid = pid_arg(argc, argv, "links ID");
    int r = pid ? print_report(REPORT_LINKS, pid) : 0;
    if (r < 0)
        proc_error("links", argv[1], r);
}

static void cmd_spawn(int argc, char **argv)
{
    char args[PROG_ARGS_MAX] = "";
    uint32_t len = 0;
    if (argc < 2) {
        printf("usage: spawn PROG [ARGS...]\n");
        return;
    }
    for (int i = 2; i < argc; i++)
        len += snprintf(args + len, sizeof(args) - len, "%s%s", i > 2 ? " " : "", argv[i]);
    int r = spawn(argv[1], args);
    if (r == -E_NOMEM)
        printf("spawn: not enough memory\n");
    else if (r == -E_NOENT)
        printf("spawn: no program '%s'\n", argv[1]);
    else if (r < 0)
        printf("spawn: %s\n", err_name(r));
    else
        printf("spawned %u.%u\n", PID_NODE(r), PID_SERIAL(r));
}

static void cmd_kill(int argc, char **argv)
{
    pid_t pid = pid_arg(argc, argv, "kill ID");
    int r = pid ? proc_kill(pid) : 0;
    if (r < 0)
        proc_error("kill", argv[1], r);
    else if (pid)
        printf("killed %s\n", argv[1]);
}

static void cmd_migrate(int argc, char **argv)
{
    uint32_t node;
    pid_t pid = argc == 3 ? parse_pid(argv[1]) : 0;
    if (!pid || !parse_uint(argv[2], &node) || node < 1 || node > 254) {
        printf("usage: migrate ID NODE\n");
        return;
    }
    struct migrate_answer ans;
    int r = migrate_proc(pid, node, &ans);
    if (r == 0)
        printf("migrated %s to node %u in %u us, %u bytes\n", argv[1], node, ans.micros, ans.bytes);
    else if (r == -E_NOMEM)
        printf("migrate: node %u has not enough memory\n", node);
    else if (r == -E_NOPROC)
        printf("migrate: %s: no such process\n", argv[1]);
    else if (r == -E_DOWN)
        printf("migrate: node %u is down\n", node);
    else
        printf("migrate: %s\n", err_name(r));
}

static void cmd_echo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printf("%s%s", argv[i], i + 1 < argc ? " " : "");
    printf("\n");
}

static const struct command {
    const char *name, *help;
    void (*fn)(int argc, char **argv);
} commands[] = {
    { "help", "this list", cmd_help },
    { "ps", "processes: id, name, state", cmd_ps },
    { "spawn", "PROG [ARGS...]: start a program in the background", cmd_spawn },
    { "kill", "ID: end a process", cmd_kill },
    { "migrate", "ID NODE: move a running process to another node", cmd_migrate },
    { "links", "ID: a process's link table", cmd_links },
    { "stats", "kernel counters", cmd_stats },
    { "mem", "memory budget and use", cmd_mem },
    { "nodes", "known nodes: up or down, MAC, last heard", cmd_nodes },
    { "echo", "TEXT: print TEXT", cmd_echo },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void cmd_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    for (unsigned i = 0; i < NCOMMANDS; i++)
        printf("  %-6s %s\n", commands[i].name, commands[i].help);
}

static void run(char *line)
{
    char *argv[MAX_ARGS];
    int argc = split_words(line, argv, MAX_ARGS);
    if (argc == 0)
        return;
    for (unsigned i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[0], commands[i].name) == 0) {
            commands[i].fn(argc, argv);
            return;
        }
    }
    printf("%s: unknown command (try help)\n", argv[0]);
}

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    char line[LINE_MAX + 1], in[64];
    uint32_t len = 0;
    char last = 0;
    unsigned node = this_node();
    printf("demos:%u> ", node);
    for (;;) {
        int n = console_read(in, sizeof(in));
        for (int i = 0; i < n; i++) {
            char c = in[i], prev = last;
            last = c;
            if (c == '\n' && prev == '\r')
                continue;       /* CR LF is one end of line */
            if (c == '\r' || c == '\n') {
                console_write("\n", 1);
                line[len] = 0;
                run(line);
                len = 0;
                printf("demos:%u> ", node);
            } else if ((c == 0x7f || c == '\b') && len > 0) {
                len--;
                console_write("\b \b", 3);
            } else if (c >= ' ' && len < LINE_MAX) {
                line[len++] = c;
                console_write(&c, 1);
            }
        }
    }
}
