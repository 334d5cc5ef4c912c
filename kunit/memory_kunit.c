// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem memory objects - creation, copies and their boundary
 * matrix, preallocated and assigned buffers, read-only objects, and an
 * overrun through the raw pointer that KASAN must catch.
 */

#include <linux/kasan.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include <trace/events/printk.h>
#include "harness.h"

/* A KASAN report can be expected only with the hooks kasan_test exports. */
#define WDF_KASAN_TESTABLE \
	(IS_ENABLED(CONFIG_KASAN_GENERIC) && IS_ENABLED(CONFIG_KASAN_KUNIT_TEST))

static struct wdf_memory *wdf_tmem(struct kunit *test, size_t size)
{
	struct wdf_memory *mem;

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, size, &mem,
						NULL), 0);
	return mem;
}

static void wdf_memory_small_is_embedded_test(struct kunit *test)
{
	struct wdf_memory *mem;
	void *buf;

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 100, &mem, &buf),
			0);
	KUNIT_EXPECT_EQ(test, wdf_memory_kind(wdf_memory_priv(mem)), WDF_MEMORY_EMBEDDED);
	KUNIT_EXPECT_PTR_EQ(test, buf, wdf_memory_buffer(wdf_memory_priv(mem)));
	KUNIT_EXPECT_TRUE(test, buf > (void *)mem && buf < (void *)mem + PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)buf, 16));
	/* The buffer ends the allocation, so an overrun hits the redzone. */
	KUNIT_EXPECT_EQ(test, ksize(mem) >= (size_t)(buf - (void *)mem) + 100,
			true);
	memset(buf, 0x5a, 100);
	wdf_object_delete(&mem->obj);
}

static void wdf_memory_large_is_separate_test(struct kunit *test)
{
	struct wdf_memory *mem = wdf_tmem(test, PAGE_SIZE);

	KUNIT_EXPECT_EQ(test, wdf_memory_kind(wdf_memory_priv(mem)), WDF_MEMORY_POOL);
	KUNIT_EXPECT_EQ(test, wdf_memory_size(wdf_memory_priv(mem)), PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)wdf_memory_buffer(wdf_memory_priv(mem)),
					   PAGE_SIZE));
	memset(wdf_memory_buffer(wdf_memory_priv(mem)), 1, PAGE_SIZE);
	wdf_object_delete(&mem->obj);
}

static void wdf_memory_paged_is_separate_test(struct kunit *test)
{
	struct wdf_memory *mem;
	size_t size;

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_PAGED,
						GFP_KERNEL, 0, 64, &mem, NULL),
			0);
	KUNIT_EXPECT_EQ(test, wdf_memory_kind(wdf_memory_priv(mem)), WDF_MEMORY_POOL);
	KUNIT_EXPECT_PTR_NE(test, wdf_memory_get_buffer(mem, &size), NULL);
	KUNIT_EXPECT_EQ(test, size, 64);
	wdf_object_delete(&mem->obj);
	/* A paged buffer too big for kmalloc comes from vmalloc. */
	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_PAGED,
						GFP_KERNEL, 0, 8 << 20, &mem,
						NULL), 0);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(wdf_memory_buffer(wdf_memory_priv(mem))));
	wdf_object_delete(&mem->obj);
}

static void wdf_memory_verifier_separates_buffers_test(struct kunit *test)
{
	struct wdf_memory *mem;

	/* With the verifier on, even a small buffer is its own allocation. */
	wdf_kunit_set_verifier(test, true);
	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 100, &mem, NULL),
			0);
	KUNIT_EXPECT_EQ(test, wdf_memory_kind(wdf_memory_priv(mem)), WDF_MEMORY_POOL);
	KUNIT_EXPECT_EQ(test, ksize(wdf_memory_buffer(wdf_memory_priv(mem))) >= 100, true);
	KUNIT_EXPECT_TRUE(test, wdf_memory_buffer(wdf_memory_priv(mem)) < (void *)mem ||
			  wdf_memory_buffer(wdf_memory_priv(mem)) >= (void *)mem + ksize(mem));
	wdf_object_delete(&mem->obj);
}

static void wdf_memory_bad_arguments_test(struct kunit *test)
{
	struct wdf_memory *mem = (void *)1;
	u64 warnings = wdf_kunit_warnings();
	void *buf;

	KUNIT_EXPECT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 0, &mem, NULL),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, mem);
	KUNIT_EXPECT_EQ(test, wdf_memory_create(NULL, 7, GFP_KERNEL, 0, 8,
						&mem, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings);
	/* Each failure clears both outputs. */
	mem = (void *)1;
	buf = (void *)1;
	KUNIT_EXPECT_EQ(test, wdf_memory_create(NULL, 7, GFP_KERNEL, 0, 8,
						&mem, &buf), -EINVAL);
	KUNIT_EXPECT_NULL(test, mem);
	KUNIT_EXPECT_NULL(test, buf);
	mem = (void *)1;
	buf = (void *)1;
	KUNIT_EXPECT_EQ(test, wdf_memory_create(NULL, WDF_POOL_PAGED, GFP_KERNEL,
						0, 0, &mem, &buf), -EINVAL);
	KUNIT_EXPECT_NULL(test, mem);
	KUNIT_EXPECT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 8, NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
}

static void wdf_memory_huge_size_enomem_test(struct kunit *test)
{
	struct wdf_memory *mem;
	void *buf = (void *)1;

	KUNIT_EXPECT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, SIZE_MAX, &mem,
						&buf), -ENOMEM);
	KUNIT_EXPECT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, wdf_memory_create(NULL, WDF_POOL_PAGED,
						GFP_KERNEL, 0, SIZE_MAX, &mem,
						NULL), -ENOMEM);
	KUNIT_EXPECT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0,
						KMALLOC_MAX_SIZE + 1, &mem,
						NULL), -ENOMEM);
	KUNIT_EXPECT_NULL(test, mem);
}

static void wdf_memory_huge_context_enomem_test(struct kunit *test)
{
	struct wdf_object_attributes attr = { .context_size = SIZE_MAX - 8 };
	struct wdf_memory *mem;

	KUNIT_EXPECT_EQ(test, wdf_memory_create(&attr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 16, &mem, NULL),
			-ENOMEM);
}

static void wdf_memory_gfp_zero_zeroes_test(struct kunit *test)
{
	static const size_t sizes[] = { 24, 3000, 2 * PAGE_SIZE };
	struct wdf_memory *mem;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u8 *buf;

		KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
							GFP_KERNEL | __GFP_ZERO,
							0, sizes[i], &mem,
							(void **)&buf), 0);
		for (j = 0; j < sizes[i]; j++)
			if (buf[j])
				break;
		KUNIT_EXPECT_EQ(test, j, sizes[i]);
		wdf_object_delete(&mem->obj);
	}
}

static void wdf_memory_context_and_callbacks_test(struct kunit *test)
{
	struct wdf_object_attributes attr;
	struct wdf_memory *mem;

	wdf_tattr(&attr, NULL);
	attr.context_size = 48;
	KUNIT_ASSERT_EQ(test, wdf_memory_create(&attr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 32, &mem, NULL),
			0);
	KUNIT_EXPECT_EQ(test, ((struct wdf_tctx *)wdf_object_context(&mem->obj))->id, 0);
	KUNIT_EXPECT_TRUE(test, wdf_object_context(&mem->obj) <
				wdf_memory_buffer(wdf_memory_priv(mem)));
	wdf_tset_id(&mem->obj, 9);
	memset(wdf_memory_buffer(wdf_memory_priv(mem)), 0xff, 32);
	wdf_object_delete(&mem->obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c9 d9");
}

static void wdf_memory_get_buffer_wrong_type_test(struct kunit *test)
{
	struct wdf_object *obj;
	u64 warnings = wdf_kunit_warnings();
	size_t size = 123;

	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &obj), 0);
	KUNIT_EXPECT_NULL(test, wdf_memory_get_buffer((struct wdf_memory *)obj,
						      &size));
	KUNIT_EXPECT_EQ(test, size, 123);
	KUNIT_EXPECT_NULL(test, wdf_object_to_memory(obj));
	KUNIT_EXPECT_NULL(test, wdf_memory_get_buffer(NULL, NULL));
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 3);
	wdf_object_delete(obj);
}

static void wdf_memory_object_to_memory_test(struct kunit *test)
{
	struct wdf_memory *mem = wdf_tmem(test, 8);

	KUNIT_EXPECT_PTR_EQ(test, wdf_object_to_memory(&mem->obj), mem);
	KUNIT_EXPECT_EQ(test, wdf_object_get_type(&mem->obj), WDF_TYPE_MEMORY);
	wdf_object_delete(&mem->obj);
}

static void *wdf_memory_copy_target(struct kunit *test, size_t size,
				    void **handle)
{
	struct wdf_memory *mem = wdf_tmem(test, size);

	*handle = mem;
	return wdf_memory_get_buffer(mem, NULL);
}

static int wdf_memory_copy_to(void *handle, size_t off, void *buf, size_t n)
{
	return wdf_memory_copy_to_buffer(handle, off, buf, n);
}

static int wdf_memory_copy_from(void *handle, size_t off, const void *buf,
				size_t n)
{
	return wdf_memory_copy_from_buffer(handle, off, buf, n);
}

static void wdf_memory_copy_done(void *handle)
{
	wdf_object_delete(&((struct wdf_memory *)handle)->obj);
}

static const struct wdf_copy_target wdf_memory_copies = {
	.create = wdf_memory_copy_target,
	.to = wdf_memory_copy_to,
	.from = wdf_memory_copy_from,
	.destroy = wdf_memory_copy_done,
};

/* WdfMemoryCopyToBuffer at every boundary of the copy matrix. */
static void wdf_memory_copy_to_matrix_test(struct kunit *test)
{
	wdf_copy_matrix_run(test, &wdf_memory_copies, true);
}

/* WdfMemoryCopyFromBuffer at every boundary of the copy matrix. */
static void wdf_memory_copy_from_matrix_test(struct kunit *test)
{
	wdf_copy_matrix_run(test, &wdf_memory_copies, false);
}

static void wdf_memory_copy_null_buffer_test(struct kunit *test)
{
	struct wdf_memory *mem = wdf_tmem(test, 16);
	u64 warnings = wdf_kunit_warnings();
	u8 before[16];

	memset(wdf_memory_buffer(wdf_memory_priv(mem)), 0x11, 16);
	memcpy(before, wdf_memory_buffer(wdf_memory_priv(mem)), 16);
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_to_buffer(mem, 0, NULL, 4),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(mem, 0, NULL, 4),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	/* The buffer is checked before the length, as in KMDF. */
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_to_buffer(mem, 0, NULL, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 3);
	KUNIT_EXPECT_MEMEQ(test, wdf_memory_buffer(wdf_memory_priv(mem)), before, 16);
	wdf_object_delete(&mem->obj);
}

static void wdf_memory_copy_wrong_object_test(struct kunit *test)
{
	struct wdf_object *obj;
	u8 raw[8] = {};
	u64 warnings = wdf_kunit_warnings();

	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &obj), 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_to_buffer((void *)obj, 0, raw, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(NULL, 0, raw, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	wdf_object_delete(obj);
}

static void wdf_memory_read_only_refuses_copy_from_test(struct kunit *test)
{
	struct wdf_memory *mem = wdf_tmem(test, 32);
	u8 raw[32], before[32];

	memset(wdf_memory_buffer(wdf_memory_priv(mem)), 0x22, 32);
	memcpy(before, wdf_memory_buffer(wdf_memory_priv(mem)), 32);
	memset(raw, 0x33, 32);
	KUNIT_ASSERT_EQ(test, wdf_memory_set_read_only(mem), 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(mem, 0, raw, 32),
			-EACCES);
	/* Read-only is checked before the range, as in KMDF. */
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(mem, 99, raw, 99),
			-EACCES);
	KUNIT_EXPECT_MEMEQ(test, wdf_memory_buffer(wdf_memory_priv(mem)), before, 32);
	/* Reading still works. */
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_to_buffer(mem, 0, raw, 32), 0);
	KUNIT_EXPECT_MEMEQ(test, raw, before, 32);
	wdf_object_delete(&mem->obj);
}

static void wdf_memory_preallocated_not_freed_test(struct kunit *test)
{
	struct wdf_memory *mem;
	size_t size;
	u8 *buf;

	buf = kunit_kmalloc(test, 40, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, wdf_memory_create_preallocated(NULL, buf, 40,
							     &mem), 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_kind(wdf_memory_priv(mem)), WDF_MEMORY_PREALLOCATED);
	KUNIT_EXPECT_PTR_EQ(test, wdf_memory_get_buffer(mem, &size), buf);
	KUNIT_EXPECT_EQ(test, size, 40);
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(mem, 38, "ab", 2), 0);
	wdf_object_delete(&mem->obj);
	/* Still ours: KASAN would report a use after free here. */
	KUNIT_EXPECT_EQ(test, buf[38], 'a');
}

static void wdf_memory_preallocated_bad_arguments_test(struct kunit *test)
{
	struct wdf_memory *mem = (void *)1;
	u64 warnings = wdf_kunit_warnings();
	u8 buf[4];

	KUNIT_EXPECT_EQ(test, wdf_memory_create_preallocated(NULL, NULL, 4,
							     &mem), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	KUNIT_EXPECT_EQ(test, wdf_memory_create_preallocated(NULL, buf, 0,
							     &mem), -EINVAL);
	KUNIT_EXPECT_NULL(test, mem);
}

static void wdf_memory_assign_buffer_test(struct kunit *test)
{
	u8 a[8] = "aaaaaaa", b[16] = "bbbbbbbbbbbbbbb";
	struct wdf_memory *mem;
	u8 out[16];

	KUNIT_ASSERT_EQ(test, wdf_memory_create_preallocated(NULL, a, 8, &mem),
			0);
	KUNIT_EXPECT_EQ(test, wdf_memory_assign_buffer(mem, b, 16), 0);
	KUNIT_EXPECT_PTR_EQ(test, wdf_memory_buffer(wdf_memory_priv(mem)), (void *)b);
	KUNIT_EXPECT_EQ(test, wdf_memory_size(wdf_memory_priv(mem)), 16);
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_to_buffer(mem, 8, out, 8), 0);
	KUNIT_EXPECT_MEMEQ(test, out, b + 8, 8);
	wdf_object_delete(&mem->obj);
}

static void wdf_memory_assign_buffer_refused_test(struct kunit *test)
{
	struct wdf_memory *mem = wdf_tmem(test, 8), *pre;
	void *old = wdf_memory_buffer(wdf_memory_priv(mem));
	u64 warnings = wdf_kunit_warnings();
	u8 b[8];

	KUNIT_EXPECT_EQ(test, wdf_memory_assign_buffer(mem, b, 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	KUNIT_EXPECT_PTR_EQ(test, wdf_memory_buffer(wdf_memory_priv(mem)), old);
	KUNIT_EXPECT_EQ(test, wdf_memory_size(wdf_memory_priv(mem)), 8);
	KUNIT_ASSERT_EQ(test, wdf_memory_create_preallocated(NULL, b, 8, &pre),
			0);
	KUNIT_EXPECT_EQ(test, wdf_memory_assign_buffer(pre, NULL, 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	KUNIT_EXPECT_EQ(test, wdf_memory_assign_buffer(pre, b, 0), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, wdf_memory_buffer(wdf_memory_priv(pre)), (void *)b);
	KUNIT_EXPECT_EQ(test, wdf_memory_size(wdf_memory_priv(pre)), 8);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&pre->obj);
}

static void wdf_memory_bytes_live_and_peak_test(struct kunit *test)
{
	struct wdf_statistics before, mid, after;
	struct wdf_memory *a, *b;

	wdf_statistics_read(&before);
	a = wdf_tmem(test, 1000);
	b = wdf_tmem(test, 5000);
	wdf_statistics_read(&mid);
	KUNIT_EXPECT_EQ(test, mid.bytes_live, before.bytes_live + 6000);
	KUNIT_EXPECT_GE(test, mid.bytes_peak, mid.bytes_live);
	wdf_object_delete(&a->obj);
	wdf_object_delete(&b->obj);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live);
	KUNIT_EXPECT_GE(test, after.bytes_peak, mid.bytes_live);
}

/*
 * Sizes past the per-CPU batch (256 KiB) fold into the shared total at
 * once; the sums stay exact both ways, and the peak is raised on the way
 * up without a statistics read in between.
 */
static void wdf_memory_bytes_fold_test(struct kunit *test)
{
	struct wdf_statistics before, mid, after;
	struct wdf_memory *big, *small;

	wdf_statistics_read(&before);
	/* Made and deleted between two reads: only the add saw the peak. */
	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_PAGED, GFP_KERNEL,
						0, 300 * 1024, &big, NULL), 0);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&big->obj), 0);
	wdf_statistics_read(&mid);
	KUNIT_EXPECT_EQ(test, mid.bytes_live, before.bytes_live);
	KUNIT_EXPECT_GE(test, mid.bytes_peak, before.bytes_live + 300 * 1024);

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_PAGED, GFP_KERNEL,
						0, 300 * 1024, &big, NULL), 0);
	small = wdf_tmem(test, 100);
	wdf_statistics_read(&mid);
	KUNIT_EXPECT_EQ(test, mid.bytes_live, before.bytes_live + 300 * 1024 + 100);
	KUNIT_EXPECT_GE(test, mid.bytes_peak, mid.bytes_live);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&big->obj), 0);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live + 100);
	wdf_object_delete(&small->obj);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live);
}

static void wdf_memory_parented_to_memory_test(struct kunit *test)
{
	struct wdf_object_attributes attr;
	struct wdf_memory *p, *c;

	wdf_tattr(&attr, NULL);
	KUNIT_ASSERT_EQ(test, wdf_memory_create(&attr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 10, &p, NULL), 0);
	wdf_tset_id(&p->obj, 1);
	wdf_tattr(&attr, &p->obj);
	KUNIT_ASSERT_EQ(test, wdf_memory_create(&attr, WDF_POOL_PAGED,
						GFP_KERNEL, 0, 10000, &c, NULL),
			0);
	wdf_tset_id(&c->obj, 2);
	wdf_object_delete(&p->obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c2 c1 d2 d1");
}

/*
 * What an object costs: one created without callbacks or a context keeps
 * 48 bytes before its buffer (a 40-byte header and 8 of its own), so a
 * 16-byte object fits a 64-byte slab object and a 64-byte one a 128-byte
 * one, as devm_kmalloc's do; a 256-byte lookaside entry is 304 bytes.
 */
static void wdf_memory_bytes_per_object_test(struct kunit *test)
{
	struct wdf_lookaside *la;
	struct wdf_memory *mem;
	size_t size;
	void *buf;

	KUNIT_EXPECT_EQ(test, sizeof(struct wdf_object), 40);
	KUNIT_EXPECT_EQ(test, sizeof(struct wdf_memory_private), 48);
	for (size = 16; size <= 64; size *= 4) {
		KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
							GFP_KERNEL, 0, size,
							&mem, &buf), 0);
		KUNIT_EXPECT_EQ(test, buf - (void *)mem, 48);
		KUNIT_EXPECT_LE(test, ksize(mem), size == 16 ? 64 : 128);
		KUNIT_EXPECT_EQ(test, wdf_memory_size(wdf_memory_priv(mem)),
				size);
		wdf_object_delete(&mem->obj);
	}
	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(NULL, 256, WDF_POOL_NONPAGED,
						   NULL, 0, &la), 0);
	KUNIT_EXPECT_EQ(test,
			kmem_cache_size(wdf_lookaside_priv(la)->cache), 304);
	KUNIT_ASSERT_EQ(test, wdf_memory_create_from_lookaside(la, GFP_KERNEL,
							       &mem), 0);
	buf = wdf_memory_get_buffer(mem, &size);
	KUNIT_EXPECT_EQ(test, buf - (void *)mem, 48);
	KUNIT_EXPECT_EQ(test, size, 256);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&la->obj);
}

static bool wdf_mem_keep_was;

static void wdf_mem_keep_restore(void *unused)
{
	wdf_test_spare_keep(wdf_mem_keep_was);
}

static bool wdf_tzeroed(const u8 *buf, size_t len)
{
	while (len--)
		if (buf[len])
			return false;
	return true;
}

/*
 * A deleted memory object with its buffer inside waits on its CPU for the
 * next one of its size class made there (kmalloc's: a 48-byte struct and
 * 64 or 72 bytes are both 128): the same block, set up anew, zeroed for
 * __GFP_ZERO.  An object whose flags ask for a memcg charge is not kept,
 * and takes no kept block; the shrinker's drain gives back what is kept.
 */
static void wdf_memory_block_kept_test(struct kunit *test)
{
	struct wdf_memory *mem, *again, *charged;
	size_t len;
	u8 *buf;

	if (want_init_on_free())
		kunit_skip(test, "init_on_free: freed blocks are never kept");
	wdf_mem_keep_was = wdf_test_spare_keep(true);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							wdf_mem_keep_restore,
							NULL), 0);
	wdf_kunit_pin_cpu(test, 0);
	wdf_test_spare_drain();
	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 64, &mem,
						(void **)&buf), 0);
	KUNIT_ASSERT_EQ(test, buf - (u8 *)mem, 48);
	memset(buf, 0xa5, 64);
	wdf_object_delete(&mem->obj);
	KUNIT_EXPECT_PTR_EQ(test, wdf_test_spare(48 + 64), (void *)mem);
	KUNIT_EXPECT_PTR_EQ(test, wdf_test_spare(48 + 72), (void *)mem);
	KUNIT_EXPECT_NULL(test, wdf_test_spare(48 + 16));

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL | __GFP_ZERO, 0, 72,
						&again, (void **)&buf), 0);
	KUNIT_EXPECT_PTR_EQ(test, again, mem);
	KUNIT_EXPECT_NULL(test, wdf_test_spare(48 + 72));
	KUNIT_EXPECT_TRUE(test, wdf_tzeroed(buf, 72));
	KUNIT_EXPECT_PTR_EQ(test, wdf_memory_get_buffer(again, &len),
			    (void *)buf);
	KUNIT_EXPECT_EQ(test, len, 72);
	KUNIT_EXPECT_EQ(test, wdf_memory_kind(wdf_memory_priv(again)),
			WDF_MEMORY_EMBEDDED);
	wdf_object_delete(&again->obj);
	KUNIT_EXPECT_PTR_EQ(test, wdf_test_spare(48 + 72), (void *)again);

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL | __GFP_ACCOUNT, 0,
						64, &charged, NULL), 0);
	KUNIT_EXPECT_PTR_NE(test, charged, again);
	KUNIT_EXPECT_NE(test, wdf_memory_kind(wdf_memory_priv(charged)),
			WDF_MEMORY_EMBEDDED);
	wdf_object_delete(&charged->obj);
	KUNIT_EXPECT_PTR_EQ(test, wdf_test_spare(48 + 64), (void *)again);

	KUNIT_EXPECT_GE(test, wdf_test_spare_count(), 1);
	KUNIT_EXPECT_GE(test, wdf_test_spare_drain(), 1);
	KUNIT_EXPECT_NULL(test, wdf_test_spare(48 + 64));
}

/*
 * The common kind holds a buffer up to a 4 KiB block less its 48-byte
 * struct; up to PAGE_SIZE - 1 the buffer is still inside the object's own
 * allocation (after the longer struct that records its address), so an
 * overrun still meets the redzone.  Either way it is zeroed on request,
 * counted while it lives, and range-checked at its exact size.
 */
static void wdf_memory_page_boundary_test(struct kunit *test)
{
	static const size_t sizes[] = { 4048, 4049, PAGE_SIZE - 1 };
	struct wdf_statistics before, mid, after;
	struct wdf_memory *mem;
	size_t len, i;
	u8 *buf, b[2] = { 1, 2 };

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t size = sizes[i];

		wdf_statistics_read(&before);
		KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
							GFP_KERNEL | __GFP_ZERO,
							0, size, &mem,
							(void **)&buf), 0);
		wdf_statistics_read(&mid);
		KUNIT_EXPECT_EQ(test, mid.bytes_live, before.bytes_live + size);
		KUNIT_EXPECT_EQ(test, wdf_memory_kind(wdf_memory_priv(mem)),
				size <= 4048 ? WDF_MEMORY_EMBEDDED :
					       WDF_MEMORY_TAIL);
		KUNIT_EXPECT_TRUE(test, buf > (u8 *)mem);
		KUNIT_EXPECT_LE(test, (size_t)(buf - (u8 *)mem) + size,
				ksize(mem));
		KUNIT_EXPECT_PTR_EQ(test, wdf_memory_get_buffer(mem, &len),
				    (void *)buf);
		KUNIT_EXPECT_EQ(test, len, size);
		KUNIT_EXPECT_TRUE(test, wdf_tzeroed(buf, size));
		KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(mem, size - 1,
								  b, 1), 0);
		KUNIT_EXPECT_EQ(test, buf[size - 1], 1);
		KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(mem, size - 1,
								  b, 2),
				-EOVERFLOW);
		KUNIT_EXPECT_EQ(test, buf[size - 1], 1);
		wdf_object_delete(&mem->obj);
		wdf_statistics_read(&after);
		KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live);
	}
}

/* Check the memory objects made, live and their bytes against @s0. */
static void wdf_tmem_counted(struct kunit *test,
			     const struct wdf_statistics *s0, u64 made,
			     u64 live, u64 bytes)
{
	struct wdf_statistics s;

	wdf_statistics_read(&s);
	KUNIT_EXPECT_EQ(test, s.total[WDF_TYPE_MEMORY],
			s0->total[WDF_TYPE_MEMORY] + made);
	KUNIT_EXPECT_EQ(test, s.live[WDF_TYPE_MEMORY],
			s0->live[WDF_TYPE_MEMORY] + live);
	KUNIT_EXPECT_EQ(test, s.bytes_live, s0->bytes_live + bytes);
}

/*
 * A memory object's create and its free are each counted once, whatever
 * path they take: its driver's list (counted under the list's lock, and a
 * leaf with no other reference counted freed as it leaves it), a parent of
 * its own, a child of it, an extra reference that delays the free.
 */
static void wdf_memory_counted_once_test(struct kunit *test)
{
	struct wdf_object_attributes attr = { };
	struct wdf_memory *mem, *child;
	struct wdf_statistics s0;

	wdf_statistics_read(&s0);
	mem = wdf_tmem(test, 64);
	wdf_tmem_counted(test, &s0, 1, 1, 64);

	/* An extra reference: counted freed at the last put, not before. */
	wdf_object_get(&mem->obj);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&mem->obj), 0);
	wdf_tmem_counted(test, &s0, 1, 1, 64);
	wdf_object_put(&mem->obj);
	wdf_tmem_counted(test, &s0, 1, 0, 0);

	/* The common case: the creator's reference is the last. */
	mem = wdf_tmem(test, 100);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&mem->obj), 0);
	wdf_tmem_counted(test, &s0, 2, 0, 0);

	/* A parent of its own, and a child of that: freed together. */
	mem = wdf_tmem(test, 32);
	attr.parent = &mem->obj;
	KUNIT_ASSERT_EQ(test, wdf_memory_create(&attr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 48, &child,
						NULL), 0);
	KUNIT_EXPECT_TRUE(test, wdf_is(&child->obj, WDF_OPS_MEMORY));
	wdf_tmem_counted(test, &s0, 4, 2, 80);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&mem->obj), 0);
	wdf_tmem_counted(test, &s0, 4, 0, 0);
}

static struct kunit_case wdf_memory_cases[] = {
	KUNIT_CASE(wdf_memory_small_is_embedded_test),
	KUNIT_CASE(wdf_memory_page_boundary_test),
	KUNIT_CASE(wdf_memory_counted_once_test),
	KUNIT_CASE(wdf_memory_bytes_per_object_test),
	KUNIT_CASE(wdf_memory_large_is_separate_test),
	KUNIT_CASE(wdf_memory_paged_is_separate_test),
	KUNIT_CASE(wdf_memory_verifier_separates_buffers_test),
	KUNIT_CASE(wdf_memory_bad_arguments_test),
	KUNIT_CASE(wdf_memory_huge_size_enomem_test),
	KUNIT_CASE(wdf_memory_huge_context_enomem_test),
	KUNIT_CASE(wdf_memory_gfp_zero_zeroes_test),
	KUNIT_CASE(wdf_memory_block_kept_test),
	KUNIT_CASE(wdf_memory_context_and_callbacks_test),
	KUNIT_CASE(wdf_memory_get_buffer_wrong_type_test),
	KUNIT_CASE(wdf_memory_object_to_memory_test),
	KUNIT_CASE_PARAM(wdf_memory_copy_to_matrix_test, wdf_copy_params),
	KUNIT_CASE_PARAM(wdf_memory_copy_from_matrix_test, wdf_copy_params),
	KUNIT_CASE(wdf_memory_copy_null_buffer_test),
	KUNIT_CASE(wdf_memory_copy_wrong_object_test),
	KUNIT_CASE(wdf_memory_read_only_refuses_copy_from_test),
	KUNIT_CASE(wdf_memory_preallocated_not_freed_test),
	KUNIT_CASE(wdf_memory_preallocated_bad_arguments_test),
	KUNIT_CASE(wdf_memory_assign_buffer_test),
	KUNIT_CASE(wdf_memory_assign_buffer_refused_test),
	KUNIT_CASE(wdf_memory_bytes_live_and_peak_test),
	KUNIT_CASE(wdf_memory_bytes_fold_test),
	KUNIT_CASE(wdf_memory_parented_to_memory_test),
	{}
};

static struct kunit_suite wdf_memory_suite = {
	.name = "wdfmem_memory",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_memory_cases,
};

/*
 * The KASAN case: write one byte past an embedded buffer through the raw
 * pointer and expect a KASAN report, caught from the console as the
 * kernel's own kasan_test does.  The harness prints markers around the
 * expected report so the guest-log check can tell it from a real one.
 */
static bool wdf_kasan_report_seen;

static void wdf_probe_console(void *ignore, const char *buf, size_t len)
{
	if (strnstr(buf, "BUG: KASAN: ", len))
		WRITE_ONCE(wdf_kasan_report_seen, true);
}

static bool wdf_kasan_multishot;

static int wdf_kasan_suite_init(struct kunit_suite *suite)
{
	if (!WDF_KASAN_TESTABLE)
		return 0;
	kasan_kunit_test_suite_start();
	wdf_kasan_multishot = kasan_save_enable_multi_shot();
	return register_trace_console(wdf_probe_console, NULL);
}

static void wdf_kasan_suite_exit(struct kunit_suite *suite)
{
	if (!WDF_KASAN_TESTABLE)
		return;
	unregister_trace_console(wdf_probe_console, NULL);
	tracepoint_synchronize_unregister();
	kasan_restore_multi_shot(wdf_kasan_multishot);
	kasan_kunit_test_suite_end();
}

static void wdf_kasan_catches_embedded_overrun_test(struct kunit *test)
{
	struct wdf_memory *mem;
	u8 *buf;

	if (!WDF_KASAN_TESTABLE)
		kunit_skip(test, "needs generic kasan and the kasan_test hooks");
	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 100, &mem,
						(void **)&buf), 0);
	KUNIT_ASSERT_EQ(test, wdf_memory_kind(wdf_memory_priv(mem)), WDF_MEMORY_EMBEDDED);
	OPTIMIZER_HIDE_VAR(buf);
	WRITE_ONCE(wdf_kasan_report_seen, false);
	pr_info("wdfmem-kunit: expected KASAN report begins\n");
	barrier();
	buf[100] = 0x42;
	barrier();
	pr_info("wdfmem-kunit: expected KASAN report ends\n");
	KUNIT_EXPECT_TRUE_MSG(test, READ_ONCE(wdf_kasan_report_seen),
			      "KASAN did not report the write past the buffer");
	/* The byte landed in slab padding: put the redzone pattern back. */
	kasan_disable_current();
	buf[100] = 0;
	kasan_enable_current();
	wdf_object_delete(&mem->obj);
}

static struct kunit_case wdf_kasan_cases[] = {
	KUNIT_CASE(wdf_kasan_catches_embedded_overrun_test),
	{}
};

static struct kunit_suite wdf_kasan_suite = {
	.name = "wdfmem_kasan",
	.suite_init = wdf_kasan_suite_init,
	.suite_exit = wdf_kasan_suite_exit,
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_kasan_cases,
};

kunit_test_suites(&wdf_memory_suite, &wdf_kasan_suite);
