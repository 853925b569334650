// SPDX-License-Identifier: MIT
/* shell: the command interpreter on the node's console. Echoes what is
 * typed, takes CR or LF as end of line, and asks procmgr (link 1) for
 * everything about processes. Every input limit is checked here: a line
 * past LINE_MAX, more than WORDS_MAX words, a command's word count, spawn's
 * name and argument sizes; each is refused with one line, never truncated. */
#include "demos.h"
#include "cluster.h"

#define LINE_MAX 200
#define WORDS_MAX MAX_ARGS      /* a spawned program splits no more (start.c) */

static void cmd_help(int argc, char **argv);

/* One line for a failed command about process text. */
static void proc_error(const char *cmd, const char *text, int r)
{
    if (r == -E_NOPROC)
        printf("%s: %s: no such process\n", cmd, text);
    else if (r == -E_DOWN)
        printf("%s: %s: node %u is down\n", cmd, text, PID_NODE(parse_pid(text)));
    else if (r == -E_PERM)
        printf("%s: %s: refused: a system service\n", cmd, text);
    else
        printf("%s: %s: %s\n", cmd, text, err_name(r));
}

/* argv[1] as a process id; 0 (and the usage line) if it is none. */
static pid_t pid_arg(char **argv, const char *usage)
{
    pid_t pid = parse_pid(argv[1]);
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

static void cmd_ps(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "-a") == 0)
        cmd_ps_all();
    else if (argc == 1)
        cmd_report(argv[0], REPORT_PS);
    else
        printf("usage: ps [-a]\n");
}
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
    (void)argc;
    pid_t pid = pid_arg(argv, "links ID");
    int r = pid ? print_report(REPORT_LINKS, pid) : 0;
    if (r < 0)
        proc_error("links", argv[1], r);
}

/* This node's name table, from its switchboard (link 0), slice by slice. */
static void cmd_names(int argc, char **argv)
{
    (void)argc, (void)argv;
    static struct msg m;
    struct sb_req req = { SB_LIST, { 0 }, 0, 0 };
    for (;;) {
        msg_set(&m, &req, sizeof(req));
        int n = call(LINK_SWITCHBOARD, &m, 0);
        int32_t status = -E_INVAL;
        if (n >= (int)sizeof(status))
            memcpy(&status, m.body, sizeof(status));
        if (n < 0 || status < 0) {
            printf("names: %s\n", err_name(n < 0 ? n : status));
            return;
        }
        uint32_t text = (uint32_t)n - sizeof(status);
        console_write((const char *)m.body + sizeof(status), text);
        if (text < TEXT_SLICE)
            return;
        req.offset += text;
    }
}

static void cmd_kill(int argc, char **argv)
{
    (void)argc;
    pid_t pid = pid_arg(argv, "kill ID");
    int r = pid ? proc_kill(pid) : 0;
    if (r < 0)
        proc_error("kill", argv[1], r);
    else if (pid)
        printf("killed %s\n", argv[1]);
}

static void cmd_migrate(int argc, char **argv)
{
    (void)argc;
    uint32_t node;
    pid_t pid = parse_pid(argv[1]);
    if (!pid || !parse_uint(argv[2], &node) || node < 1 || node > 254) {
        printf("usage: migrate ID NODE\n");
        return;
    }
    struct migrate_answer ans;
    int r = migrate_proc(pid, node, &ans);
    if (r == 0)
        printf("migrated %s to node %u in %u us (frozen %u us), %u bytes, %u rounds\n", argv[1],
               node, ans.micros, ans.frozen, ans.bytes, ans.rounds);
    else if (r == -E_NOMEM)
        printf("migrate: node %u has not enough memory\n", node);
    else if (r == -E_NOPROC || r == -E_PERM)
        proc_error("migrate", argv[1], r);
    else if (r == -E_DOWN)
        printf("migrate: node %u is down\n", node);
    else
        printf("migrate: %s\n", err_name(r));
}

/* The shell ends; procmgr, which watches it, starts a new one here. */
static void cmd_exit(int argc, char **argv)
{
    (void)argc, (void)argv;
    exit(0);
}

static void cmd_echo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printf("%s%s", argv[i], i + 1 < argc ? " " : "");
    printf("\n");
}

/* min, max: how many words may follow the name (run checks, the command
 * need not); args is what the usage line shows for them. */
static const struct command {
    const char *name, *args, *help;
    int min, max;
    void (*fn)(int argc, char **argv);
} commands[] = {
    { "help", "", "this list", 0, 0, cmd_help },
    { "ps", "[-a]", "processes: id, name, state (-a: every node's, and where)", 0, 1, cmd_ps },
    { "spawn", "[-n NODE|-l] [-s] PROG [ARGS...]",
      "start a program in the background (on NODE, here, to stay)", 1, WORDS_MAX - 1, cmd_spawn },
    { "kill", "ID", "end a process", 1, 1, cmd_kill },
    { "migrate", "ID NODE", "move a running process to another node", 2, 2, cmd_migrate },
    { "links", "ID", "a process's link table", 1, 1, cmd_links },
    { "stats", "", "kernel counters", 0, 0, cmd_stats },
    { "mem", "", "memory budget and use", 0, 0, cmd_mem },
    { "nodes", "", "known nodes: up or down, MAC, last heard", 0, 0, cmd_nodes },
    { "load", "", "every node's load: runnable, busy, free memory", 0, 0, cmd_load },
    { "balance", "on|off|status", "the automatic placement of work", 1, 1, cmd_balance },
    { "names", "", "this node's copy of the names: name -> holder", 0, 0, cmd_names },
    { "echo", "TEXT", "print TEXT", 0, WORDS_MAX - 1, cmd_echo },
    { "exit", "", "end this shell (procmgr starts a new one)", 0, 0, cmd_exit },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void cmd_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    for (unsigned i = 0; i < NCOMMANDS; i++)
        printf("  %-6s %s%s%s\n", commands[i].name, commands[i].args,
               commands[i].args[0] ? ": " : "", commands[i].help);
}

static void run(char *line)
{
    char *argv[WORDS_MAX + 1];      /* one more, to see that there are too many */
    int argc = split_words(line, argv, WORDS_MAX + 1);
    if (argc == 0)
        return;
    for (unsigned i = 0; i < NCOMMANDS; i++) {
        const struct command *c = &commands[i];
        if (strcmp(argv[0], c->name) != 0)
            continue;
        if (argc > WORDS_MAX)
            printf("%s: too many words (max %d)\n", c->name, WORDS_MAX);
        else if (argc - 1 < c->min || argc - 1 > c->max)
            printf("usage: %s%s%s\n", c->name, c->args[0] ? " " : "", c->args);
        else
            c->fn(argc, argv);
        return;
    }
    printf("%s: unknown command (try help)\n", argv[0]);
}

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    char line[LINE_MAX + 1], in[64];
    uint32_t len = 0, over = 0;     /* over: typed past LINE_MAX, not kept */
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
                if (over)
                    printf("shell: line too long (max %u bytes)\n", LINE_MAX);
                else
                    run(line);
                len = over = 0;
                printf("demos:%u> ", node);
            } else if (c == 0x7f || c == '\b') {
                if (over) {
                    over--;
                } else if (len > 0) {
                    len--;
                    console_write("\b \b", 3);
                }
            } else if (c < ' ' || c > '~') {
                continue;       /* control bytes and non-ASCII are not kept */
            } else if (len < LINE_MAX) {
                line[len++] = c;
                console_write(&c, 1);
            } else {
                over++;
            }
        }
    }
}
