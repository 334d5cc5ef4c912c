// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem lookaside lists - entries, parenting, reuse, counters and
 * deletion with entries still out.
 */

#include <linux/completion.h>
#include <linux/slab.h>
#include "harness.h"

#define WDF_TTAG	WDF_TAG('T', 's', 't', '1')

static struct wdf_lookaside *wdf_tlist(struct kunit *test, size_t size,
				       const struct wdf_object_attributes *mem)
{
	struct wdf_lookaside *la;

	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(NULL, size, WDF_POOL_NONPAGED,
						   mem, WDF_TTAG, &la), 0);
	return la;
}

static struct wdf_memory *wdf_tentry(struct kunit *test,
				     struct wdf_lookaside *la)
{
	struct wdf_memory *mem;

	KUNIT_ASSERT_EQ(test, wdf_memory_create_from_lookaside(la, GFP_KERNEL,
							       &mem), 0);
	return mem;
}

static void wdf_lookaside_entry_shape_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 200, NULL);
	struct wdf_memory *mem = wdf_tentry(test, la);
	size_t size;

	KUNIT_EXPECT_EQ(test, wdf_memory_priv(mem)->kind, WDF_MEMORY_LOOKASIDE);
	KUNIT_EXPECT_PTR_NE(test, wdf_memory_get_buffer(mem, &size), NULL);
	KUNIT_EXPECT_EQ(test, size, 200);
	KUNIT_EXPECT_EQ(test, wdf_memory_priv(mem)->tag, WDF_TTAG);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)wdf_memory_priv(mem)->buffer, 16));
	/* The entry is an object of the list's own cache. */
	KUNIT_EXPECT_EQ(test, ksize(mem), (size_t)kmem_cache_size(wdf_lookaside_priv(la)->cache));
	memset(wdf_memory_priv(mem)->buffer, 0xee, 200);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&la->obj);
}

/* Bytes of @buf that are not zero. */
static size_t wdf_tnonzero(const u8 *buf, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += buf[i] != 0;
	return n;
}

/*
 * KMDF zeroes an entry below PAGE_SIZE on every allocation: entries that
 * come back from the cache after a caller filled them, and fresh ones that
 * SLUB's free pointer or earlier users left dirty, are all zero.
 */
static void wdf_lookaside_small_entries_zeroed_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 256, NULL);
	struct wdf_memory *mem[8];
	size_t dirty = 0;
	int round, i;

	for (round = 0; round < 4; round++) {
		for (i = 0; i < ARRAY_SIZE(mem); i++) {
			mem[i] = wdf_tentry(test, la);
			dirty += wdf_tnonzero(wdf_memory_priv(mem[i])->buffer, 256);
			memset(wdf_memory_priv(mem[i])->buffer, 0xa5, 256);
		}
		for (i = 0; i < ARRAY_SIZE(mem); i++)
			wdf_object_delete(&mem[i]->obj);
	}
	KUNIT_EXPECT_EQ(test, dirty, 0);
	wdf_object_delete(&la->obj);
}

/* At PAGE_SIZE and above KMDF does not zero; __GFP_ZERO still does. */
static void wdf_lookaside_large_entries_zeroed_on_request_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, PAGE_SIZE, NULL);
	struct wdf_memory *mem;
	int ret;

	mem = wdf_tentry(test, la);
	memset(wdf_memory_priv(mem)->buffer, 0xa5, PAGE_SIZE);
	wdf_object_delete(&mem->obj);
	ret = wdf_memory_create_from_lookaside(la, GFP_KERNEL | __GFP_ZERO, &mem);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, wdf_tnonzero(wdf_memory_priv(mem)->buffer, PAGE_SIZE), 0);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_cache_named_after_list_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 32, NULL);

	KUNIT_EXPECT_EQ(test, strncmp(wdf_lookaside_priv(la)->name, "wdf-Tst1-", 9), 0);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_memory_not_parented_to_list_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 16, NULL);
	struct wdf_memory *mem = wdf_tentry(test, la);

	KUNIT_EXPECT_PTR_EQ(test, mem->obj.parent, &wdf_driver_globals->obj);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_memory_attributes_apply_test(struct kunit *test)
{
	struct wdf_object *p = wdf_tnew(test, NULL, 1);
	struct wdf_object_attributes mattr;
	struct wdf_lookaside *la;
	struct wdf_memory *mem;

	wdf_tattr(&mattr, p);
	la = wdf_tlist(test, 16, &mattr);
	mem = wdf_tentry(test, la);
	KUNIT_EXPECT_PTR_EQ(test, mem->obj.parent, p);
	KUNIT_ASSERT_NOT_NULL(test, wdf_object_context(&mem->obj));
	KUNIT_EXPECT_EQ(test, ((struct wdf_tctx *)wdf_object_context(&mem->obj))->id, 0);
	wdf_tset_id(&mem->obj, 2);
	/*
	 * Deleting the memory parent takes the entry with it.  The list holds
	 * a reference on the parent, so its destroy waits for the list.
	 */
	wdf_object_delete(p);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c2 c1 d2");
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_entry_reused_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 100, NULL);
	struct wdf_memory *a = wdf_tentry(test, la);
	struct wdf_memory *b = wdf_tentry(test, la);
	struct wdf_memory *c;
	void *was = a;

	wdf_object_delete(&a->obj);
	/*
	 * KASAN holds freed objects in quarantine; shrinking the cache
	 * flushes it, and @b keeps the slab from being released.
	 */
	wdf_lookaside_trim(la);
	c = wdf_tentry(test, la);
	KUNIT_EXPECT_PTR_EQ(test, (void *)c, was);
	wdf_object_delete(&b->obj);
	wdf_object_delete(&c->obj);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_counters_follow_entries_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 64, NULL);
	struct wdf_lookaside_counters c;
	struct wdf_statistics before, mid;
	struct wdf_memory *m[3];
	int i;

	wdf_statistics_read(&before);
	for (i = 0; i < 3; i++)
		m[i] = wdf_tentry(test, la);
	KUNIT_ASSERT_EQ(test, wdf_lookaside_read_counters(la, &c), 0);
	KUNIT_EXPECT_EQ(test, c.hits, 3);
	KUNIT_EXPECT_EQ(test, c.misses, 0);
	KUNIT_EXPECT_EQ(test, c.outstanding, 3);
	wdf_statistics_read(&mid);
	KUNIT_EXPECT_EQ(test, mid.bytes_live, before.bytes_live + 3 * 64);
	KUNIT_EXPECT_EQ(test, mid.live[WDF_TYPE_MEMORY],
			before.live[WDF_TYPE_MEMORY] + 3);
	wdf_object_delete(&m[1]->obj);
	wdf_lookaside_read_counters(la, &c);
	KUNIT_EXPECT_EQ(test, c.outstanding, 2);
	wdf_object_delete(&m[0]->obj);
	wdf_object_delete(&m[2]->obj);
	wdf_lookaside_read_counters(la, &c);
	KUNIT_EXPECT_EQ(test, c.hits, 3);
	KUNIT_EXPECT_EQ(test, c.outstanding, 0);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_miss_counted_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 64, NULL);
	struct wdf_lookaside_counters c;
	struct wdf_memory *mem = (void *)1;
	int ret;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
	/* Allocation 1 is the entry itself. */
	wdf_kunit_fail_nth(test, 1);
	ret = wdf_memory_create_from_lookaside(la, GFP_KERNEL, &mem);
	KUNIT_EXPECT_TRUE(test, wdf_kunit_fail_disarm(test));
	KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
	KUNIT_EXPECT_NULL(test, mem);
	wdf_lookaside_read_counters(la, &c);
	KUNIT_EXPECT_EQ(test, c.hits, 0);
	KUNIT_EXPECT_EQ(test, c.misses, 1);
	KUNIT_EXPECT_EQ(test, c.outstanding, 0);
	wdf_object_delete(&la->obj);
}

static DECLARE_COMPLETION(wdf_list_destroyed);

static void wdf_list_destroy(struct wdf_object *obj)
{
	wdf_kunit_record("list-destroy");
	complete(&wdf_list_destroyed);
}

static void wdf_lookaside_delete_with_entries_out_test(struct kunit *test)
{
	struct wdf_object_attributes lattr = { .destroy = wdf_list_destroy };
	struct wdf_lookaside *la;
	struct wdf_memory *a, *b;
	u8 out[4];

	reinit_completion(&wdf_list_destroyed);
	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(&lattr, 32, WDF_POOL_NONPAGED,
						   NULL, 0, &la), 0);
	a = wdf_tentry(test, la);
	b = wdf_tentry(test, la);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&la->obj), 0);
	/* The entries survive the list and stay usable. */
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(a, 0, "wdf!", 4), 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_to_buffer(a, 0, out, 4), 0);
	KUNIT_EXPECT_MEMEQ(test, out, "wdf!", 4);
	wdf_object_delete(&a->obj);
	/* One entry is still out: no teardown yet. */
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&wdf_list_destroyed,
							  HZ / 5), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "");
	wdf_object_delete(&b->obj);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&wdf_list_destroyed,
							  10 * HZ), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "list-destroy");
}

static void wdf_lookaside_deleted_list_refuses_entries_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 32, NULL);
	struct wdf_memory *mem = (void *)1;

	wdf_object_get(&la->obj);
	wdf_object_delete(&la->obj);
	KUNIT_EXPECT_EQ(test, wdf_memory_create_from_lookaside(la, GFP_KERNEL,
							       &mem),
			-ESHUTDOWN);
	KUNIT_EXPECT_NULL(test, mem);
	wdf_object_put(&la->obj);
}

static void wdf_lookaside_dead_memory_parent_refused_test(struct kunit *test)
{
	struct wdf_object *p = wdf_tnew(test, NULL, 1);
	struct wdf_object_attributes mattr = { .parent = p };
	struct wdf_lookaside *la = wdf_tlist(test, 32, &mattr);
	struct wdf_memory *mem;

	/* The list holds a reference, so the parent stays valid. */
	wdf_object_delete(p);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1");
	KUNIT_EXPECT_EQ(test, wdf_memory_create_from_lookaside(la, GFP_KERNEL,
							       &mem),
			-ESHUTDOWN);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_bad_arguments_test(struct kunit *test)
{
	struct wdf_lookaside *la = (void *)1;
	struct wdf_memory *mem;
	struct wdf_object *obj;
	u64 warnings = wdf_kunit_warnings();

	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(NULL, 0, WDF_POOL_NONPAGED,
						   NULL, 0, &la), -EINVAL);
	KUNIT_EXPECT_NULL(test, la);
	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(NULL, 8, 5, NULL, 0, &la),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(NULL, SIZE_MAX,
						   WDF_POOL_NONPAGED, NULL, 0,
						   &la), -ENOMEM);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings);
	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(NULL, 8, WDF_POOL_NONPAGED,
						   NULL, 0, NULL), -EINVAL);
	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &obj), 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_create_from_lookaside((void *)obj,
							       GFP_KERNEL,
							       &mem), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_memory_create_from_lookaside(NULL, GFP_KERNEL,
							       &mem), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 3);
	wdf_object_delete(obj);
}

static void wdf_lookaside_paged_list_test(struct kunit *test)
{
	struct wdf_lookaside *la;
	struct wdf_memory *mem;
	u8 *buf;
	int i;

	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(NULL, 3 * PAGE_SIZE,
						   WDF_POOL_PAGED, NULL, 0, &la),
			0);
	KUNIT_ASSERT_EQ(test, wdf_memory_create_from_lookaside(la, __GFP_ZERO,
							       &mem), 0);
	buf = wdf_memory_priv(mem)->buffer;
	for (i = 0; i < 3 * PAGE_SIZE; i++)
		if (buf[i])
			break;
	KUNIT_EXPECT_EQ(test, i, 3 * (int)PAGE_SIZE);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_list_parent_deletes_list_test(struct kunit *test)
{
	struct wdf_object *p = wdf_tnew(test, NULL, 1);
	struct wdf_object_attributes lattr;
	struct wdf_lookaside *la;

	wdf_tattr(&lattr, p);
	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(&lattr, 16, WDF_POOL_NONPAGED,
						   NULL, 0, &la), 0);
	wdf_tset_id(&la->obj, 2);
	wdf_object_delete(p);
	/* No entries out: the destroy callback follows shortly, from work. */
	KUNIT_EXPECT_EQ(test, strncmp(wdf_kunit_log, "c2 c1", 5), 0);
}

static struct kunit_case wdf_lookaside_cases[] = {
	KUNIT_CASE(wdf_lookaside_entry_shape_test),
	KUNIT_CASE(wdf_lookaside_small_entries_zeroed_test),
	KUNIT_CASE(wdf_lookaside_large_entries_zeroed_on_request_test),
	KUNIT_CASE(wdf_lookaside_cache_named_after_list_test),
	KUNIT_CASE(wdf_lookaside_memory_not_parented_to_list_test),
	KUNIT_CASE(wdf_lookaside_memory_attributes_apply_test),
	KUNIT_CASE(wdf_lookaside_entry_reused_test),
	KUNIT_CASE(wdf_lookaside_counters_follow_entries_test),
	KUNIT_CASE(wdf_lookaside_miss_counted_test),
	KUNIT_CASE(wdf_lookaside_delete_with_entries_out_test),
	KUNIT_CASE(wdf_lookaside_deleted_list_refuses_entries_test),
	KUNIT_CASE(wdf_lookaside_dead_memory_parent_refused_test),
	KUNIT_CASE(wdf_lookaside_bad_arguments_test),
	KUNIT_CASE(wdf_lookaside_paged_list_test),
	KUNIT_CASE(wdf_lookaside_list_parent_deletes_list_test),
	{}
};

static struct kunit_suite wdf_lookaside_suite = {
	.name = "wdfmem_lookaside",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_lookaside_cases,
};

kunit_test_suite(wdf_lookaside_suite);
