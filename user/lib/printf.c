// SPDX-License-Identifier: MIT
/* printf to the console through a buffer (one kernel call per 256 bytes),
 * snprintf, error names, and number parsing. */
#include "demos.h"
#include "demos/fmt.h"

#define OUT_BUF 256

struct outbuf { char buf[OUT_BUF]; uint32_t len; };

static void flush(struct outbuf *o)
{
    if (o->len)
        console_write(o->buf, o->len);
    o->len = 0;
}

static void out_putc(char c, void *arg)
{
    struct outbuf *o = arg;
    o->buf[o->len++] = c;
    if (o->len == OUT_BUF)
        flush(o);
}

int printf(const char *fmt, ...)
{
    struct outbuf o = { .len = 0 };
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vformat(out_putc, &o, fmt, ap);
    va_end(ap);
    flush(&o);
    return n;
}

int snprintf(char *buf, unsigned size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static const char *const err_names[E_ERRCOUNT] = {
    "E_OK", "E_BADCALL", "E_FAULT", "E_BADLINK", "E_TOOBIG", "E_NOPROC",
    "E_WOULDBLOCK", "E_TIMEOUT", "E_NOMEM", "E_PERM", "E_RANGE", "E_NOENT",
    "E_INVAL", "E_DOWN", "E_NOEXEC", "E_MOVED",
};

const char *err_name(int err)
{
    if (err < 0)
        err = -err;
    return err < E_ERRCOUNT ? err_names[err] : "E_UNKNOWN";
}

bool parse_uint(const char *s, uint32_t *out)
{
    uint32_t v = 0;
    if (!s || !*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 400000000u)
            return false;
        v = v * 10 + (uint32_t)(*s - '0');
    }
    *out = v;
    return true;
}

pid_t parse_pid(const char *s)
{
    char node[8];
    const char *dot = s;
    uint32_t n, serial;
    while (*dot && *dot != '.')
        dot++;
    if (*dot != '.' || dot - s >= (long)sizeof(node))
        return 0;
    memcpy(node, s, dot - s);
    node[dot - s] = 0;
    /* A serial too big for its bits would name another process: 1.1048578 is 1.2. */
    if (!parse_uint(node, &n) || !parse_uint(dot + 1, &serial) || n == 0 || n > 254 ||
        serial != PID_SERIAL(serial))
        return 0;
    return PID_MAKE(n, serial);
}
