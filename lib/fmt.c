// SPDX-License-Identifier: MIT
/* Formatted output shared by the kernel (printk) and user programs (printf).
 * Pure: no I/O of its own, output goes through a per-character callback. */
#include "demos/fmt.h"
#include <stdint.h>

struct spec { int width; char pad; int left; int lng; };

static int emit(fmt_putc_fn putc, void *arg, const char *s, int n, struct spec *sp)
{
    int out = 0, fill = sp->width > n ? sp->width - n : 0;
    if (!sp->left)
        for (; fill > 0; fill--, out++)
            putc(sp->pad, arg);
    for (int i = 0; i < n; i++, out++)
        putc(s[i], arg);
    for (; fill > 0; fill--, out++)
        putc(' ', arg);
    return out;
}

static int number(fmt_putc_fn putc, void *arg, uint64_t v, int neg, unsigned base,
                  int upper, struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    int i = sizeof(buf);
    do {
        buf[--i] = digits[v % base];
        v /= base;
    } while (v);
    if (neg) {
        if (sp->pad == '0' && sp->width > 0) {
            putc('-', arg);
            sp->width--;
            return 1 + emit(putc, arg, buf + i, sizeof(buf) - i, sp);
        }
        buf[--i] = '-';
    }
    return emit(putc, arg, buf + i, sizeof(buf) - i, sp);
}

int fmt_vformat(fmt_putc_fn putc, void *arg, const char *fmt, va_list ap)
{
    int out = 0;
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            putc(*fmt, arg);
            out++;
            continue;
        }
        struct spec sp = { 0, ' ', 0, 0 };
        fmt++;
        for (; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                sp.left = 1;
            else
                sp.pad = '0';
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            sp.width = sp.width * 10 + (*fmt - '0');
        for (; *fmt == 'l'; fmt++)
            sp.lng++;
        switch (*fmt) {
        case 'd': case 'i': {
            int64_t v = sp.lng >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
            out += number(putc, arg, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, 0, &sp);
            break;
        }
        case 'u': case 'x': case 'X': {
            uint64_t v = sp.lng >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            out += number(putc, arg, v, 0, *fmt == 'u' ? 10 : 16, *fmt == 'X', &sp);
            break;
        }
        case 'p':
            sp.width = 8;
            sp.pad = '0';
            out += 2;
            putc('0', arg);
            putc('x', arg);
            out += number(putc, arg, (uintptr_t)va_arg(ap, void *), 0, 16, 0, &sp);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = 0;
            if (!s)
                s = "(null)";
            while (s[n])
                n++;
            out += emit(putc, arg, s, n, &sp);
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            out += emit(putc, arg, &c, 1, &sp);
            break;
        }
        case '%':
            putc('%', arg);
            out++;
            break;
        case 0:
            return out;
        default:
            putc('%', arg);
            putc(*fmt, arg);
            out += 2;
        }
    }
    return out;
}

struct sbuf { char *buf; unsigned size, len; };

static void sbuf_putc(char c, void *arg)
{
    struct sbuf *b = arg;
    if (b->len + 1 < b->size)
        b->buf[b->len] = c;
    b->len++;
}

int fmt_vsnprintf(char *buf, unsigned size, const char *fmt, va_list ap)
{
    struct sbuf b = { buf, size, 0 };
    int n = fmt_vformat(sbuf_putc, &b, fmt, ap);
    if (size)
        buf[b.len < size ? b.len : size - 1] = 0;
    return n;
}

int fmt_snprintf(char *buf, unsigned size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
