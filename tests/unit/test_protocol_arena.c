/*
 * test_protocol_arena.c - the per-document arena: alignment of every
 * block, growth in place of the last block (and a copy otherwise), the
 * byte limit, reset keeping one chunk for the next document, and large
 * blocks that must not strand the current chunk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "textpipe/tp_protocol.h"

static int aligned16(const void *p)
{
    return ((uintptr_t)p & 15u) == 0;
}

static void test_alignment_and_distinct(void **state)
{
    tp_arena a;
    unsigned char *p[100];
    size_t i;

    (void)state;
    tp_arena_init(&a, 0);
    for (i = 0; i < 100; i++) {
        p[i] = tp_arena_alloc(&a, 1 + i % 37);
        assert_non_null(p[i]);
        assert_true(aligned16(p[i]));
        memset(p[i], (int)i, 1 + i % 37);
    }
    /* No block was overwritten by a later one. */
    for (i = 0; i < 100; i++)
        assert_int_equal(p[i][i % 37], (unsigned char)i);
    /* Size 0 still gives a usable, distinct pointer. */
    assert_non_null(tp_arena_alloc(&a, 0));
    assert_ptr_not_equal(tp_arena_alloc(&a, 0), tp_arena_alloc(&a, 0));
    tp_arena_free(&a);
    assert_null(a.head);
    assert_int_equal(a.used_total, 0);
}

static void test_grow_in_place(void **state)
{
    tp_arena a;
    char *p, *q;

    (void)state;
    tp_arena_init(&a, 0);
    p = tp_arena_alloc(&a, 16);
    memcpy(p, "0123456789abcdef", 16);
    q = tp_arena_grow(&a, p, 16, 64);
    assert_ptr_equal(q, p); /* the last block grows where it is */
    assert_memory_equal(q, "0123456789abcdef", 16);
    assert_int_equal(a.last_size, 64);

    /* Once another block follows, growing copies. */
    assert_non_null(tp_arena_alloc(&a, 8));
    q = tp_arena_grow(&a, p, 64, 128);
    assert_non_null(q);
    assert_ptr_not_equal(q, p);
    assert_memory_equal(q, "0123456789abcdef", 16);
    assert_true(aligned16(q));

    /* Shrinking a block that is not the last keeps it. */
    assert_non_null(tp_arena_alloc(&a, 8));
    assert_ptr_equal(tp_arena_grow(&a, q, 128, 32), q);

    /* grow(NULL) is alloc, as tp_layer_reserve relies on. */
    p = tp_arena_grow(&a, NULL, 0, 40);
    assert_non_null(p);
    assert_true(aligned16(p));
    tp_arena_free(&a);
}

/* The doubling pattern of tp_layer_reserve, far past one chunk: contents
 * survive every move. */
static void test_grow_doubling(void **state)
{
    tp_arena a;
    uint32_t *items = NULL;
    size_t cap = 0, i, n = 300000;

    (void)state;
    tp_arena_init(&a, 0);
    for (i = 0; i < n; i++) {
        if (i == cap) {
            size_t new_cap = cap ? cap * 2 : 16;
            uint32_t *p = tp_arena_grow(&a, items, cap * sizeof(*items),
                                        new_cap * sizeof(*items));
            assert_non_null(p);
            items = p;
            cap = new_cap;
            /* Small allocations in between, as other stages make. */
            assert_non_null(tp_arena_alloc(&a, 24));
        }
        items[i] = (uint32_t)i * 7u;
    }
    for (i = 0; i < n; i++)
        assert_int_equal(items[i], (uint32_t)i * 7u);
    tp_arena_free(&a);
}

static void test_limit(void **state)
{
    tp_arena a;
    void *p;
    size_t before;

    (void)state;
    tp_arena_init(&a, 64 * 1024);
    assert_non_null(tp_arena_alloc(&a, 1000));
    assert_null(tp_arena_alloc(&a, 64 * 1024));
    assert_null(tp_arena_alloc(&a, SIZE_MAX - 8));
    /* A refusal changes nothing: small allocations still work. */
    before = a.used_total;
    p = tp_arena_alloc(&a, 100);
    assert_non_null(p);
    assert_int_equal(a.used_total, before);
    /* Fill up to the limit: memory stays within it. */
    while (tp_arena_alloc(&a, 4000))
        assert_true(a.used_total <= 64 * 1024);
    assert_true(a.used_total <= 64 * 1024);
    assert_null(tp_arena_grow(&a, p, 100, 64 * 1024));
    tp_arena_free(&a);

    /* A limit smaller than the first chunk still serves what fits. */
    tp_arena_init(&a, 1024);
    assert_non_null(tp_arena_alloc(&a, 200));
    assert_null(tp_arena_alloc(&a, 2000));
    assert_true(a.used_total <= 1024);
    tp_arena_free(&a);
}

/* A reset keeps the largest chunk of at most 1 MiB for the next
 * document, so a worker's documents of the usual size need no malloc. */
static void test_reset_keeps_one_chunk(void **state)
{
    tp_arena a;
    size_t first_total, kept_total;
    int i;

    (void)state;
    tp_arena_init(&a, 0);
    assert_non_null(tp_arena_alloc(&a, 32));
    first_total = a.used_total;
    for (i = 0; i < 50; i++)
        assert_non_null(tp_arena_alloc(&a, 5000));
    assert_non_null(tp_arena_alloc(&a, 3 * 1024 * 1024)); /* its own chunk */
    tp_arena_reset(&a);
    kept_total = a.used_total;
    /* more than the first chunk, less than the 3 MiB one */
    assert_true(kept_total > first_total);
    assert_true(kept_total < (size_t)1024 * 1024 + 4096);
    assert_non_null(a.head);
    assert_null(a.last);
    /* the same document again fits in what was kept */
    for (i = 0; i < 50; i++)
        assert_non_null(tp_arena_alloc(&a, 5000));
    assert_int_equal(a.used_total, kept_total);
    tp_arena_reset(&a);
    tp_arena_reset(&a); /* twice is harmless */
    assert_int_equal(a.used_total, kept_total);
    /* a lower limit (after a reload) lets go of a chunk it would refuse */
    a.limit = 10000;
    tp_arena_reset(&a);
    assert_int_equal(a.used_total, 0);
    assert_null(a.head);
    assert_non_null(tp_arena_alloc(&a, 32));
    assert_true(a.used_total <= 10000);
    tp_arena_free(&a);
}

/* A block too large for the next chunk gets a chunk of its own, and the
 * current chunk (with its growable last block) stays current. */
static void test_large_block_keeps_current_chunk(void **state)
{
    tp_arena a;
    char *small, *big, *grown;

    (void)state;
    tp_arena_init(&a, 0);
    small = tp_arena_alloc(&a, 64);
    big = tp_arena_alloc(&a, 2 * 1024 * 1024);
    assert_non_null(big);
    assert_true(aligned16(big));
    memset(big, 'x', 2 * 1024 * 1024);
    grown = tp_arena_grow(&a, small, 64, 256);
    assert_ptr_equal(grown, small);
    tp_arena_free(&a);
}

static void test_strndup(void **state)
{
    tp_arena a;
    char *s;

    (void)state;
    tp_arena_init(&a, 0);
    s = tp_arena_strndup(&a, "hello world", 5);
    assert_string_equal(s, "hello");
    s = tp_arena_strndup(&a, "", 0);
    assert_string_equal(s, "");
    tp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment_and_distinct),
        cmocka_unit_test(test_grow_in_place),
        cmocka_unit_test(test_grow_doubling),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_reset_keeps_one_chunk),
        cmocka_unit_test(test_large_block_keeps_current_chunk),
        cmocka_unit_test(test_strndup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
