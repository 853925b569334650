// SPDX-License-Identifier: MIT
/* Unit tests for the kernel heap (kernel/core/kheap.c): alignment, exhaustion,
 * reuse, refusal of bad frees, coalescing, and a random shadow-model run. */
#include "tests/unit/check.h"
#include "kernel/core/kheap.h"
#include <stdlib.h>
#include <string.h>

#define HEAP_BYTES (64u * 1024u)
#define HDR_MAX    32u  /* header is 16 bytes on i686, 32 on x86-64 */

static struct kheap heap_new(size_t len, void **region)
{
    struct kheap h;
    *region = malloc(len);
    kheap_init(&h, *region, len);
    return h;
}

static bool aligned16(const void *p)
{
    return (uintptr_t)p % KHEAP_ALIGN == 0;
}

TEST(kheap_alloc_returns_16_byte_aligned_memory_even_from_odd_base)
{
    char *raw = malloc(HEAP_BYTES + 64);
    struct kheap h;
    kheap_init(&h, raw + 3, HEAP_BYTES);
    CHECK(aligned16(h.base));
    CHECK((char *)h.base >= raw + 3);
    CHECK(h.base + h.len <= raw + 3 + HEAP_BYTES);
    for (size_t size = 1; size < 200; size += 7) {
        void *p = kheap_alloc(&h, size);
        REQUIRE(p != NULL);
        CHECK(aligned16(p));
        memset(p, 0xab, size);
    }
    free(raw);
}

TEST(kheap_alloc_of_zero_bytes_returns_null)
{
    void *r;
    struct kheap h = heap_new(HEAP_BYTES, &r);
    CHECK_EQ(kheap_alloc(&h, 0), NULL);
    CHECK_EQ(kheap_used(&h), 0);
    free(r);
}

TEST(kheap_alloc_returns_null_when_out_of_memory)
{
    void *r;
    struct kheap h = heap_new(HEAP_BYTES, &r);
    CHECK_EQ(kheap_alloc(&h, SIZE_MAX), NULL);
    CHECK_EQ(kheap_alloc(&h, SIZE_MAX - 8), NULL);
    CHECK_EQ(kheap_alloc(&h, HEAP_BYTES), NULL);
    int n = 0;
    while (kheap_alloc(&h, 1000) != NULL)
        n++;
    CHECK(n >= 60 && n <= 64);
    CHECK(kheap_free_bytes(&h) < 1000 + HDR_MAX);
    CHECK_EQ(kheap_used(&h) + kheap_free_bytes(&h), h.len);
    free(r);
}

TEST(kheap_region_too_small_for_a_block_always_fails)
{
    char buf[64] __attribute__((aligned(16)));
    struct kheap h;
    kheap_init(&h, buf, 8);
    CHECK_EQ(kheap_alloc(&h, 1), NULL);
    CHECK_EQ(kheap_free_bytes(&h), 0);
    kheap_init(&h, buf + 1, 20);
    CHECK_EQ(kheap_alloc(&h, 1), NULL);
    kheap_init(&h, buf, 0);
    CHECK_EQ(kheap_alloc(&h, 1), NULL);
    kheap_free(&h, buf + 32);
    CHECK_EQ(h.bad_frees, 1);
}

TEST(kheap_init_never_writes_outside_a_region_too_small_for_a_block)
{
    /* Exact-size regions: the sanitizer flags any header written past them.
     * Below one header plus one aligned payload nothing can be allocated. */
    for (size_t len = 1; len < HDR_MAX + KHEAP_ALIGN; len++) {
        void *r;
        struct kheap h = heap_new(len, &r);
        CHECK_EQ(kheap_free_bytes(&h), 0);
        CHECK_EQ(kheap_alloc(&h, 1), NULL);
        free(r);
    }
}

TEST(kheap_allocations_do_not_overlap)
{
    void *r;
    struct kheap h = heap_new(HEAP_BYTES, &r);
    enum { N = 100 };
    unsigned char *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = kheap_alloc(&h, 100 + i);
        REQUIRE(p[i] != NULL);
        memset(p[i], i, 100 + i);
    }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < 100 + i; j++)
            REQUIRE_EQ(p[i][j], (unsigned char)i);
    free(r);
}

TEST(kheap_freed_block_is_reused)
{
    void *r;
    struct kheap h = heap_new(HEAP_BYTES, &r);
    void *a = kheap_alloc(&h, 256);
    void *b = kheap_alloc(&h, 256);
    kheap_free(&h, a);
    CHECK_EQ(kheap_alloc(&h, 200), a);  /* first fit takes the hole */
    CHECK(b != a);
    CHECK_EQ(h.bad_frees, 0);
    free(r);
}

TEST(kheap_used_and_free_bytes_always_sum_to_the_region)
{
    void *r;
    struct kheap h = heap_new(HEAP_BYTES, &r);
    CHECK_EQ(kheap_used(&h), 0);
    CHECK_EQ(kheap_free_bytes(&h), h.len);
    CHECK(h.len >= HEAP_BYTES - KHEAP_ALIGN);
    void *a = kheap_alloc(&h, 40);
    CHECK(kheap_used(&h) >= 40 && kheap_used(&h) <= 48 + HDR_MAX);
    CHECK_EQ(kheap_used(&h) + kheap_free_bytes(&h), h.len);
    kheap_free(&h, a);
    CHECK_EQ(kheap_used(&h), 0);
    free(r);
}

TEST(kheap_double_free_is_counted_and_changes_nothing)
{
    void *r;
    struct kheap h = heap_new(HEAP_BYTES, &r);
    void *a = kheap_alloc(&h, 64);
    void *b = kheap_alloc(&h, 64);
    void *c = kheap_alloc(&h, 64);
    kheap_free(&h, b);
    size_t used = kheap_used(&h);
    kheap_free(&h, b);
    CHECK_EQ(h.bad_frees, 1);
    CHECK_EQ(kheap_used(&h), used);
    /* Freeing a absorbs free b; b's stale header must not pass as live. */
    kheap_free(&h, a);
    kheap_free(&h, b);
    CHECK_EQ(h.bad_frees, 2);
    kheap_free(&h, c);
    kheap_free(&h, c);
    CHECK_EQ(h.bad_frees, 3);
    CHECK_EQ(kheap_used(&h), 0);
    CHECK(kheap_alloc(&h, h.len - HDR_MAX) != NULL);
    free(r);
}

TEST(kheap_free_of_a_foreign_pointer_is_counted_and_changes_nothing)
{
    void *r;
    struct kheap h = heap_new(HEAP_BYTES, &r);
    char *a = kheap_alloc(&h, 256);
    char *b = kheap_alloc(&h, 256);
    size_t used = kheap_used(&h);
    char outside[64];

    kheap_free(&h, NULL);                       /* allowed, not counted */
    CHECK_EQ(h.bad_frees, 0);
    kheap_free(&h, outside);
    kheap_free(&h, h.base + h.len + 16);
    kheap_free(&h, a + 1);                      /* misaligned */
    kheap_free(&h, a + 64);                     /* inside a payload */
    kheap_free(&h, h.base);                     /* no room for a header */
    CHECK_EQ(h.bad_frees, 5);
    /* A copy of a's real header planted inside b's payload. */
    memcpy(b + 128 - HDR_MAX, a - HDR_MAX, HDR_MAX);
    kheap_free(&h, b + 128);
    CHECK_EQ(h.bad_frees, 6);
    CHECK_EQ(kheap_used(&h), used);
    kheap_free(&h, a);
    kheap_free(&h, b);
    CHECK_EQ(h.bad_frees, 6);
    CHECK_EQ(kheap_used(&h), 0);
    free(r);
}

/* Fill the heap with small blocks, free them in the given order, and
 * expect one allocation of (almost) the whole region to succeed. */
static void coalesce_case(int order)
{
    void *r;
    struct kheap h = heap_new(HEAP_BYTES, &r);
    enum { MAX = HEAP_BYTES / 32 };
    static void *p[MAX];
    int n = 0;
    while (n < MAX && (p[n] = kheap_alloc(&h, 16)) != NULL)
        n++;
    CHECK(n > 500);
    CHECK_EQ(kheap_alloc(&h, 1024), NULL);
    for (int i = 0; i < n; i++) {
        int k = order == 0 ? i : order == 1 ? n - 1 - i
              : (i < (n + 1) / 2 ? 2 * i : 2 * (i - (n + 1) / 2) + 1);
        kheap_free(&h, p[k]);
    }
    CHECK_EQ(h.bad_frees, 0);
    CHECK_EQ(kheap_used(&h), 0);
    void *big = kheap_alloc(&h, h.len - HDR_MAX);
    CHECK(big != NULL);
    CHECK_EQ(big, p[0]);
    free(r);
}

TEST(kheap_freeing_everything_in_address_order_coalesces_to_one_block)
{
    coalesce_case(0);
}

TEST(kheap_freeing_everything_in_reverse_order_coalesces_to_one_block)
{
    coalesce_case(1);
}

TEST(kheap_freeing_even_then_odd_blocks_coalesces_to_one_block)
{
    coalesce_case(2);
}

TEST(kheap_random_alloc_and_free_match_a_shadow_model)
{
    enum { SLOTS = 128, STEPS = 100000 };
    void *r;
    struct kheap h = heap_new(HEAP_BYTES, &r);
    unsigned char *p[SLOTS] = { 0 };
    size_t size[SLOTS] = { 0 };
    size_t live = 0, nlive = 0;     /* bytes asked for, blocks held */
    uint32_t seed = 99;

    for (int step = 0; step < STEPS; step++) {
        int i = check_rand(&seed) % SLOTS;
        if (p[i]) {
            for (size_t j = 0; j < size[i]; j++)
                REQUIRE_EQ(p[i][j], (unsigned char)(i ^ j));
            kheap_free(&h, p[i]);
            p[i] = NULL;
            live -= size[i];
            nlive--;
        } else {
            size_t n = 1 + check_rand(&seed) % 1500;
            p[i] = kheap_alloc(&h, n);
            if (p[i] == NULL)
                continue;
            REQUIRE(aligned16(p[i]));
            REQUIRE((char *)p[i] >= h.base &&
                    (char *)p[i] + n <= h.base + h.len);
            size[i] = n;
            live += n;
            nlive++;
            for (size_t j = 0; j < n; j++)
                p[i][j] = (unsigned char)(i ^ j);
        }
        /* Each block costs its rounded size, a header and at most one
         * unsplittable remainder. */
        REQUIRE(kheap_used(&h) >= live + nlive * KHEAP_ALIGN);
        REQUIRE(kheap_used(&h) <= live + nlive * (3 * HDR_MAX + KHEAP_ALIGN));
        REQUIRE_EQ(kheap_used(&h) + kheap_free_bytes(&h), h.len);
    }
    for (int i = 0; i < SLOTS; i++)
        kheap_free(&h, p[i]);
    CHECK_EQ(h.bad_frees, 0);
    CHECK_EQ(kheap_used(&h), 0);
    CHECK(kheap_alloc(&h, h.len - HDR_MAX) != NULL);
    free(r);
}
