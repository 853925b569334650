/* SPDX-License-Identifier: MIT */
/* Host unit test framework: TEST cases register themselves, each runs in its
 * own process, a failed check prints file:line, expected and got. */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct check_case {
    const char *name;
    void (*fn)(void);
    struct check_case *next;
};

/* Number of failed checks in the running case (one process per case). */
extern int check_failures;

void check_register(struct check_case *c);

/* TEST(tar_rejects_bad_checksum) { ... } defines and registers a case;
 * cases run in the order they appear in the file. */
#define TEST(name)                                                       \
    static void test_##name(void);                                       \
    static struct check_case check_case_##name = { #name, test_##name,   \
                                                   NULL };               \
    __attribute__((constructor)) static void check_register_##name(void) \
    {                                                                    \
        check_register(&check_case_##name);                             \
    }                                                                    \
    static void test_##name(void)

/* A value of any integer or pointer type, kept with its signedness so that
 * -1 prints as -1 and compares unequal to 0xffffffff. */
struct check_val {
    enum { CHECK_SIGNED, CHECK_UNSIGNED, CHECK_POINTER } kind;
    long long s;
    unsigned long long u;
};
struct check_val check_val_s(long long v);
struct check_val check_val_u(unsigned long long v);
struct check_val check_val_p(const volatile void *p);
bool check_val_eq(struct check_val a, struct check_val b);

#define CHECK_VAL(x) _Generic((x),                                        \
    _Bool: check_val_u, char: check_val_s, signed char: check_val_s,      \
    short: check_val_s, int: check_val_s, long: check_val_s,              \
    long long: check_val_s, unsigned char: check_val_u,                   \
    unsigned short: check_val_u, unsigned int: check_val_u,               \
    unsigned long: check_val_u, unsigned long long: check_val_u,          \
    default: check_val_p)(x)

void check_fail(const char *file, int line, const char *expr);
void check_fail_eq(const char *file, int line, const char *got_expr,
                   const char *want_expr, struct check_val got,
                   struct check_val want);
void check_fail_str(const char *file, int line, const char *got_expr,
                    const char *got, const char *want);

/* Checks record a failure and let the case go on; REQUIRE* also return
 * from the case, for when the rest would only crash. */
#define CHECK(cond)                                                      \
    do {                                                                 \
        if (!(cond))                                                     \
            check_fail(__FILE__, __LINE__, #cond);                       \
    } while (0)

/* CHECK_EQ(got, want): on failure "file:line: expected WANT, got GOT". */
#define CHECK_EQ(got, want)                                              \
    do {                                                                 \
        struct check_val check_got_ = CHECK_VAL(got);                    \
        struct check_val check_want_ = CHECK_VAL(want);                  \
        if (!check_val_eq(check_got_, check_want_))                      \
            check_fail_eq(__FILE__, __LINE__, #got, #want, check_got_,   \
                          check_want_);                                  \
    } while (0)

#define CHECK_STR_EQ(got, want)                                          \
    do {                                                                 \
        const char *check_gs_ = (got), *check_ws_ = (want);              \
        if (check_gs_ == NULL || check_ws_ == NULL ||                    \
            __builtin_strcmp(check_gs_, check_ws_) != 0)                 \
            check_fail_str(__FILE__, __LINE__, #got, check_gs_,          \
                           check_ws_);                                   \
    } while (0)

#define REQUIRE(cond)                                                    \
    do {                                                                 \
        int check_before_ = check_failures;                              \
        CHECK(cond);                                                     \
        if (check_failures != check_before_)                             \
            return;                                                      \
    } while (0)

#define REQUIRE_EQ(got, want)                                            \
    do {                                                                 \
        int check_before_ = check_failures;                              \
        CHECK_EQ(got, want);                                             \
        if (check_failures != check_before_)                             \
            return;                                                      \
    } while (0)

/* Helpers for cases that need files: a scratch directory for this test
 * binary (created on first use), a shell command built printf-style (its
 * exit status; the command is printed if it fails), and a whole file read
 * into malloc'd memory (NULL if unreadable; *len set). */
const char *check_tmpdir(void);
int check_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *check_read_file(const char *path, uint32_t *len);

/* Deterministic pseudo-random numbers for stress cases (xorshift32). */
uint32_t check_rand(uint32_t *state);

#endif
