// SPDX-License-Identifier: MIT
/* Runner half of the unit test framework: holds the case list, forks one
 * process per case, prints "ok - NAME" / "not ok - NAME", and the helpers
 * declared in check.h. Host only. */
#include "tests/unit/check.h"
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK_TIMEOUT_S 30      /* a case that runs longer is a failure */

int check_failures;

static struct check_case *check_head, **check_tail = &check_head;
static const char *check_prog = "unit";

void check_register(struct check_case *c)
{
    *check_tail = c;
    check_tail = &c->next;
}

struct check_val check_val_s(long long v)
{
    return (struct check_val){ CHECK_SIGNED, v, (unsigned long long)v };
}

struct check_val check_val_u(unsigned long long v)
{
    return (struct check_val){ CHECK_UNSIGNED, (long long)v, v };
}

struct check_val check_val_p(const volatile void *p)
{
    uintptr_t a = (uintptr_t)p;
    return (struct check_val){ CHECK_POINTER, (long long)a, a };
}

bool check_val_eq(struct check_val a, struct check_val b)
{
    /* A negative signed value never equals an unsigned one. */
    if (a.kind == CHECK_SIGNED && b.kind != CHECK_SIGNED && a.s < 0)
        return false;
    if (b.kind == CHECK_SIGNED && a.kind != CHECK_SIGNED && b.s < 0)
        return false;
    return a.u == b.u;
}

static void check_print_val(struct check_val v)
{
    switch (v.kind) {
    case CHECK_SIGNED:
        printf("%lld", v.s);
        break;
    case CHECK_UNSIGNED:
        printf("%llu", v.u);
        if (v.u > 9)
            printf(" (%#llx)", v.u);
        break;
    case CHECK_POINTER:
        printf("%#llx", v.u);
        break;
    }
}

void check_fail(const char *file, int line, const char *expr)
{
    check_failures++;
    printf("%s:%d: expected true, got false: %s\n", file, line, expr);
    fflush(stdout);
}

void check_fail_eq(const char *file, int line, const char *got_expr,
                   const char *want_expr, struct check_val got,
                   struct check_val want)
{
    check_failures++;
    printf("%s:%d: expected ", file, line);
    check_print_val(want);
    printf(", got ");
    check_print_val(got);
    printf(" (CHECK_EQ(%s, %s))\n", got_expr, want_expr);
    fflush(stdout);
}

void check_fail_str(const char *file, int line, const char *got_expr,
                    const char *got, const char *want)
{
    check_failures++;
    printf("%s:%d: expected \"%s\", got \"%s\" (%s)\n", file, line,
           want ? want : "(null)", got ? got : "(null)", got_expr);
    fflush(stdout);
}

const char *check_tmpdir(void)
{
    static char dir[4096];
    if (dir[0] == '\0') {
        const char *root = getenv("UNIT_TMP");
        snprintf(dir, sizeof(dir), "%s/%s",
                 root && *root ? root : "build/unit/tmp", check_prog);
        if (check_sh("mkdir -p '%s'", dir) != 0)
            abort();
    }
    return dir;
}

int check_sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(cmd)) {
        printf("check_sh: command too long\n");
        return -1;
    }
    fflush(stdout);
    int st = system(cmd);
    int rc = (st != -1 && WIFEXITED(st)) ? WEXITSTATUS(st) : -1;
    if (rc != 0)
        printf("check_sh: status %d: %s\n", rc, cmd);
    return rc;
}

void *check_read_file(const char *path, uint32_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_size > UINT32_MAX) {
        fclose(f);
        return NULL;
    }
    /* Exactly st_size bytes, so sanitizers catch any read past the end. */
    void *buf = malloc(st.st_size ? (size_t)st.st_size : 1);
    size_t got = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    if (got != (size_t)st.st_size) {
        free(buf);
        return NULL;
    }
    *len = (uint32_t)st.st_size;
    return buf;
}

uint32_t check_rand(uint32_t *state)
{
    uint32_t x = *state ? *state : 2463534242u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static bool check_selected(const struct check_case *c, int argc, char **argv)
{
    if (argc < 2)
        return true;
    for (int i = 1; i < argc; i++)
        if (strstr(c->name, argv[i]))
            return true;
    return false;
}

/* Runs every case (or those whose name contains an argument) in a child
 * process; exit status 1 if any failed. */
int main(int argc, char **argv)
{
    const char *slash = strrchr(argv[0], '/');
    int failed = 0;

    check_prog = slash ? slash + 1 : argv[0];
    for (struct check_case *c = check_head; c; c = c->next) {
        if (!check_selected(c, argc, argv))
            continue;
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 2;
        }
        if (pid == 0) {
            alarm(CHECK_TIMEOUT_S);
            c->fn();
            fflush(stdout);
            exit(check_failures ? 1 : 0);   /* exit, so LeakSanitizer runs */
        }
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
            printf("ok - %s\n", c->name);
        } else {
            failed++;
            if (WIFSIGNALED(st))
                printf("not ok - %s (killed by signal %d%s)\n", c->name,
                       WTERMSIG(st),
                       WTERMSIG(st) == SIGALRM ? ", timeout" : "");
            else
                printf("not ok - %s\n", c->name);
        }
    }
    fflush(stdout);
    return failed ? 1 : 0;
}
