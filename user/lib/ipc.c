// SPDX-License-Identifier: MIT
/* Message helpers and the client side of the switchboard and procmgr. */
#include "demos.h"

int reply(const struct msg *req, const void *body, uint32_t len, int carry)
{
    static struct msg out;
    msg_set(&out, body, len);
    out.h.link = carry;
    return send(req->h.reply, &out, 0);
}

int answer_in(struct msg *m, const void *body, uint32_t len, int carry)
{
    int to = m->h.reply;
    if (m->h.link != LINK_NONE)
        link_destroy(m->h.link);
    msg_set(m, body, len);
    m->h.link = carry;
    m->h.reply = LINK_NONE;
    return to;
}

int reply_text(const struct msg *req, const char *text, uint32_t len, uint32_t offset, int status)
{
    static char out[MSG_BODY_MAX];
    int32_t st = status;
    uint32_t n = status == 0 && offset < len ? len - offset : 0;
    if (n > sizeof(out) - sizeof(st))
        n = sizeof(out) - sizeof(st);
    memcpy(out, &st, sizeof(st));
    memcpy(out + sizeof(st), text + offset, n);
    return reply(req, out, sizeof(st) + n, LINK_NONE);
}

int call_answer(int h, const void *req, uint32_t len, struct answer *ans, struct msg *m)
{
    msg_set(m, req, len);
    int r = call(h, m, 0);
    if (r < 0)
        return r;
    memset(ans, 0, sizeof(*ans));
    memcpy(ans, m->body, m->h.len < sizeof(*ans) ? m->h.len : sizeof(*ans));
    return ans->status;
}

int sleep_ms(uint32_t ms)
{
    static struct msg m;
    int r = receive(0, &m, ms);
    return r == -E_TIMEOUT ? 0 : r;
}

#define CALIBRATE_MS 200

uint32_t tsc_per_us100(void)
{
    uint64_t t0 = rdtsc();
    sleep_ms(CALIBRATE_MS);
    uint32_t r = (uint32_t)((rdtsc() - t0) / (CALIBRATE_MS * 1000ull * 100));
    return r ? r : 1;
}

static int sb_call(uint32_t op, const char *name, int carry, struct msg *m)
{
    struct sb_req req = { op, { 0 }, 0, 0 };
    struct answer ans;
    strlcpy(req.name, name, sizeof(req.name));
    msg_set(m, &req, sizeof(req));
    m->h.link = carry;
    int r = call(LINK_SWITCHBOARD, m, 0);
    if (r < 0)
        return r;
    memcpy(&ans, m->body, sizeof(ans));
    return ans.status;
}

/* What the switchboard reads to see that we still run; never sent on. */
static const uint8_t alive_byte = 1;

int name_register(const char *name, int h)
{
    static struct msg m;
    int probe = link_create(0, LINK_DATA | LINK_READ, (void *)&alive_byte, sizeof(alive_byte));
    if (probe < 0)
        return probe;
    int r = sb_call(SB_ALIVE, "", probe, &m);
    link_destroy(probe);        /* gone already if the call carried it */
    return r < 0 ? r : sb_call(SB_REGISTER, name, h, &m);
}

int name_lookup(const char *name)
{
    static struct msg m;
    int r = sb_call(SB_LOOKUP, name, LINK_NONE, &m);
    return r < 0 ? r : m.h.link;
}

/* Programs procmgr starts hold a link to it in slot 1. */
static int procmgr(void)
{
    return LINK_PROCMGR;
}

static int pm_call_on(int pm, struct pm_req *req, struct answer *ans)
{
    static struct msg m;
    int h = pm == LINK_NONE ? procmgr() : pm;
    return h < 0 ? h : call_answer(h, req, sizeof(*req), ans, &m);
}

static int pm_call(struct pm_req *req, struct answer *ans)
{
    return pm_call_on(LINK_NONE, req, ans);
}

int spawn_on(int pm, const char *prog, const char *args, uint32_t flags)
{
    struct pm_req req = { .op = PM_SPAWN, .flags = flags };
    struct answer ans;
    strlcpy(req.prog, prog, sizeof(req.prog));
    strlcpy(req.args, args ? args : "", sizeof(req.args));
    int r = pm_call_on(pm, &req, &ans);
    return r < 0 ? r : (int)ans.value;
}

int spawn(const char *prog, const char *args)
{
    return spawn_on(LINK_NONE, prog, args, 0);
}

int balance_set(bool on)
{
    struct pm_req req = { .op = PM_BALANCE, .node = on };
    struct answer ans;
    return pm_call(&req, &ans);
}

int proc_kill(pid_t pid)
{
    struct pm_req req = { .op = PM_KILL, .pid = pid };
    struct answer ans;
    return pm_call(&req, &ans);
}

int migrate_proc(pid_t pid, uint32_t node, struct migrate_answer *out)
{
    static struct msg m;
    struct pm_req req = { .op = PM_MIGRATE, .pid = pid, .node = node };
    msg_set(&m, &req, sizeof(req));
    int r = call(procmgr(), &m, 0);
    if (r < 0)
        return r;
    memset(out, 0, sizeof(*out));
    memcpy(out, m.body, m.h.len < sizeof(*out) ? m.h.len : sizeof(*out));
    return m.h.status < 0 ? m.h.status : out->status;
}

int wait_exit(pid_t pid, int *code)
{
    struct pm_req req = { .op = PM_WAIT, .pid = pid };
    struct answer ans;
    int r = pm_call(&req, &ans);
    if (r >= 0 && code)
        *code = (int)ans.value;
    return r;
}

/* Each slice of a report goes to out(text, len, arg). */
static int each_slice(int pm, uint32_t report, pid_t pid,
                      void (*out)(const char *, uint32_t, void *), void *arg)
{
    static struct msg m;
    struct pm_req req = { .op = PM_TEXT, .pid = pid, .report = report };
    for (;;) {
        /* The answer: a status word, then a slice of the report's text. */
        msg_set(&m, &req, sizeof(req));
        int n = call(pm == LINK_NONE ? procmgr() : pm, &m, 0);
        int32_t status;
        if (n < (int)sizeof(status))
            return n < 0 ? n : -E_INVAL;
        memcpy(&status, m.body, sizeof(status));
        if (status < 0)
            return status;
        uint32_t text = (uint32_t)n - sizeof(status);
        out((const char *)m.body + sizeof(status), text, arg);
        if (text < TEXT_SLICE)
            return 0;
        req.offset += text;
    }
}

static void to_console(const char *text, uint32_t len, void *arg)
{
    (void)arg;
    console_write(text, len);
}

int print_report(uint32_t report, pid_t pid)
{
    return each_slice(LINK_NONE, report, pid, to_console, 0);
}

struct buffer { char *buf; uint32_t size, len; };

static void to_buffer(const char *text, uint32_t len, void *arg)
{
    struct buffer *b = arg;
    uint32_t n = len < b->size - 1 - b->len ? len : b->size - 1 - b->len;
    memcpy(b->buf + b->len, text, n);
    b->len += n;
    b->buf[b->len] = 0;
}

int fetch_report_from(int pm, uint32_t report, pid_t pid, char *buf, uint32_t size)
{
    struct buffer b = { buf, size, 0 };
    buf[0] = 0;
    int r = each_slice(pm, report, pid, to_buffer, &b);
    return r < 0 ? r : (int)b.len;
}

int fetch_report(uint32_t report, pid_t pid, char *buf, uint32_t size)
{
    return fetch_report_from(LINK_NONE, report, pid, buf, size);
}

bool report_value(const char *text, const char *name, uint64_t *out)
{
    size_t n = strlen(name);
    for (const char *at = text; (at = strstr(at, name)); at += n) {
        if ((at != text && at[-1] != '\n') || at[n] != '=')
            continue;
        uint64_t v = 0;
        for (at += n + 1; *at >= '0' && *at <= '9'; at++)
            v = v * 10 + (uint64_t)(*at - '0');
        *out = v;
        return true;
    }
    return false;
}

int kernel_spawn(int kernel, const char *prog, const char *args, int carry, int *child)
{
    return kernel_spawn_as(kernel, prog, args, carry, child, 0);
}

int kernel_spawn_as(int kernel, const char *prog, const char *args, int carry, int *child,
                    uint32_t flags)
{
    static struct msg km;
    struct kop_spawn req = { .op = KOP_SPAWN, .flags = flags };
    struct answer ans;
    strlcpy(req.prog, prog, sizeof(req.prog));
    strlcpy(req.args, args, sizeof(req.args));
    msg_set(&km, &req, sizeof(req));
    km.h.link = carry;
    int r = call(kernel, &km, 0);
    if (r < 0)
        return r;
    memcpy(&ans, km.body, sizeof(ans));
    if (ans.status < 0)
        return ans.status;
    if (child)
        *child = km.h.link;
    else if (km.h.link != LINK_NONE)
        link_destroy(km.h.link);
    return (int)ans.value;
}
