// SPDX-License-Identifier: MIT
/* The name table: each name's link and holder, each holder's probe link, and
 * the budget that keeps the switchboard's link table from filling up. Names
 * registered here and replicas of names registered at other nodes alike. */
#include "names.h"

/* Every kept link (a name's or a probe) takes a slot of our link table. Of its
 * LINK_MAX slots, 0 and 1 are never given to new links, and a request needs
 * up to three more while it is served: its REPLY link, the link it carries
 * or a lookup's duplicate, and while a register is passed on to the other
 * nodes a link to one of their switchboards and a copy to send (the carried
 * link is kept by then). Keeping more would make the kernel refuse every
 * caller's REPLY link (E_NOMEM to everyone). */
#define LINKS_KEPT (LINK_MAX - 2 - 3)

struct holder {
    pid_t pid;                  /* 0: free */
    int probe;                  /* DATA|READ link to pid: move_data tells if it still runs */
    int names;
};
struct entry {
    char name[NAME_MAX];
    int h;
    struct holder *by;          /* 0: free */
};

/* Each array alone could take every kept link: only `kept` limits them. */
static struct holder holders[LINKS_KEPT];
static struct entry names[LINKS_KEPT];
static int kept;

/* Read a byte through the probe. Only "no such process" and "its node is
 * down" mean gone; anything else (a timeout, say) counts as still running. */
static bool holder_gone(const struct holder *by)
{
    uint8_t byte;
    int r = move_data(by->probe, 0, &byte, sizeof(byte), MOVE_READ);
    return r == -E_NOPROC || r == -E_DOWN;
}

static void holder_free(struct holder *by)
{
    for (int i = 0; i < LINKS_KEPT; i++) {
        if (names[i].by == by) {
            link_destroy(names[i].h);
            names[i].by = 0;
            kept--;
        }
    }
    link_destroy(by->probe);
    by->pid = 0;
    kept--;
}

/* A holder that has run out of names (or never got one) goes. */
static void holder_drop_if_idle(struct holder *by)
{
    if (by && by->names == 0)
        holder_free(by);
}

static struct holder *holder_of(pid_t pid)
{
    for (int i = 0; i < LINKS_KEPT; i++)
        if (holders[i].pid == pid)
            return &holders[i];
    return 0;
}

/* Room for n more kept links, after freeing the names of holders that are
 * gone if there is none. */
static bool room_for(int n)
{
    if (kept + n <= LINKS_KEPT)
        return true;
    for (int i = 0; i < LINKS_KEPT; i++)
        if (holders[i].pid && holder_gone(&holders[i]))
            holder_free(&holders[i]);
    return kept + n <= LINKS_KEPT;
}

static struct entry *find(const char *name)
{
    for (int i = 0; i < LINKS_KEPT; i++)
        if (names[i].by && strcmp(names[i].name, name) == 0)
            return &names[i];
    return 0;
}

/* name's entry, unless its holder is gone (then its names are freed). */
static struct entry *find_held(const char *name)
{
    struct entry *e = find(name);
    if (!e || !holder_gone(e->by))
        return e;
    holder_free(e->by);
    return 0;
}

/* Probes a and b are for one process in one life (one boot of its node):
 * what was found of one holds for the other. */
static bool same_life(int a, int b)
{
    struct link_info x, y;
    return link_info(a, &x) == 0 && link_info(b, &y) == 0 && x.target == y.target &&
           x.incarnation == y.incarnation;
}

int names_alive(pid_t pid, int *carried)
{
    struct link_info info;
    if (*carried == LINK_NONE || link_info(*carried, &info) < 0 || info.target != pid ||
        (info.flags & (LINK_DATA | LINK_READ)) != (LINK_DATA | LINK_READ) || info.data_len == 0)
        return -E_INVAL;
    struct holder *by = holder_of(pid);
    if (by && !same_life(by->probe, *carried) && holder_gone(by)) {
        holder_free(by);        /* an id its node reused after a reboot: a new holder */
        by = 0;
    }
    if (by) {
        link_destroy(by->probe);
    } else {
        if (!room_for(1))
            return -E_NOMEM;
        by = holder_of(0);
        *by = (struct holder){ pid, LINK_NONE, 0 };
        kept++;
    }
    by->probe = *carried;
    *carried = LINK_NONE;
    return 0;
}

/* Take name away from its holder (one that gave way to a lower pid). */
static void entry_drop(struct entry *e)
{
    struct holder *by = e->by;
    link_destroy(e->h);
    e->by = 0;
    by->names--;
    kept--;
    holder_drop_if_idle(by);
}

/* A holder held already in the same life is not probed again across the
 * network: every sync brings each node's whole table, so at 64 nodes a
 * switchboard would make some 4,000 remote probes after a boot, its queue
 * overflowing and its lookups waiting behind them for tens of seconds. */
int names_replica_alive(pid_t pid, int *carried)
{
    struct holder probe = { pid, *carried, 0 };
    struct holder *by = holder_of(pid);
    if (*carried == LINK_NONE ||
        (!(by && same_life(by->probe, *carried)) && holder_gone(&probe)))
        return -E_NOPROC;       /* a stale copy: of an ended holder, or of another boot */
    return names_alive(pid, carried);
}

static int do_register(struct holder *by, const char *name, int *carried)
{
    if (*carried == LINK_NONE || !name[0] || !by)
        return -E_INVAL;
    struct entry *e = find_held(name);
    if (e && e->by != by)
        return -E_PERM;
    if (e) {
        link_destroy(e->h);     /* the holder replaces its own name's link */
    } else {
        if (by->names >= HOLDER_NAMES_MAX || !room_for(1))
            return -E_NOMEM;
        for (e = names; e->by; e++)
            ;
        strlcpy(e->name, name, sizeof(e->name));
        e->by = by;
        by->names++;
        kept++;
    }
    e->h = *carried;
    *carried = LINK_NONE;
    return 0;
}

int names_register(pid_t pid, const char *name, int *carried)
{
    struct holder *by = holder_of(pid);
    int r = do_register(by, name, carried);
    holder_drop_if_idle(by);
    return r;
}

int names_replica(pid_t pid, const char *name, int *carried)
{
    struct entry *e = find_held(name);  /* a gone holder's names go first */
    struct holder *by = holder_of(pid);
    int r = 0;
    if (by && e && e->by != by) {
        if (e->by->pid < pid)
            r = -E_PERM;        /* the lower pid keeps it, on every node */
        else
            entry_drop(e);
    }
    if (r == 0)
        r = do_register(by, name, carried);
    holder_drop_if_idle(by);
    return r;
}

int names_probe(pid_t pid)
{
    struct holder *by = holder_of(pid);
    return by ? by->probe : -E_NOENT;
}

void names_each(names_fn fn, void *arg)
{
    for (int i = 0; i < LINKS_KEPT; i++) {
        struct holder *by = &holders[i];
        if (!by->pid || !by->names)
            continue;
        fn(by->pid, by->probe, 0, arg);
        for (int k = 0; k < LINKS_KEPT; k++)
            if (names[k].by == by)
                fn(by->pid, names[k].h, names[k].name, arg);
    }
}

int names_lookup(const char *name)
{
    struct entry *e = find(name);
    return e ? e->h : -E_NOENT;
}

uint32_t names_list(char *text, uint32_t size)
{
    uint32_t len = 0;
    for (int i = 0; i < LINKS_KEPT && len < size; i++)
        if (names[i].by)
            len += snprintf(text + len, size - len, "%s -> %u.%u\n", names[i].name,
                            PID_NODE(names[i].by->pid), PID_SERIAL(names[i].by->pid));
    return len < size ? len : size - 1;     /* snprintf says what it would have written */
}
