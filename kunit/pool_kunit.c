// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem local buffers with pool tags (ExAllocatePoolWithTag).
 */

#include "harness.h"

#define WDF_LTAG	WDF_TAG('L', 'o', 'c', '1')

static void wdf_pool_counts_per_tag_test(struct kunit *test)
{
	struct wdf_tag_statistics before, mid, after;
	void *a, *b;

	wdf_pool_tag_read(WDF_LTAG, &before);
	a = wdf_pool_alloc(WDF_POOL_NONPAGED, GFP_KERNEL, 100, WDF_LTAG);
	b = wdf_pool_alloc(WDF_POOL_PAGED, GFP_KERNEL, 3 * PAGE_SIZE, WDF_LTAG);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)a, 16));
	memset(a, 1, 100);
	memset(b, 2, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdf_pool_tag_read(WDF_LTAG, &mid), 0);
	KUNIT_EXPECT_EQ(test, mid.allocs, before.allocs + 2);
	KUNIT_EXPECT_EQ(test, mid.bytes_live,
			before.bytes_live + 100 + 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdf_pool_free(a, WDF_LTAG), 0);
	KUNIT_EXPECT_EQ(test, wdf_pool_free(b, 0), 0);
	wdf_pool_tag_read(WDF_LTAG, &after);
	KUNIT_EXPECT_EQ(test, after.frees, before.frees + 2);
	KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live);
}

static void wdf_pool_wrong_tag_refused_test(struct kunit *test)
{
	struct wdf_tag_statistics s;
	u64 warnings = wdf_kunit_warnings();
	u8 *a = wdf_pool_alloc(WDF_POOL_NONPAGED, GFP_KERNEL, 8, WDF_LTAG);

	KUNIT_ASSERT_NOT_NULL(test, a);
	a[7] = 7;
	KUNIT_EXPECT_EQ(test, wdf_pool_free(a, WDF_TAG('N', 'o', 'p', 'e')),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	/* Not freed: still readable without KASAN complaining. */
	KUNIT_EXPECT_EQ(test, a[7], 7);
	wdf_pool_tag_read(WDF_LTAG, &s);
	KUNIT_EXPECT_GE(test, s.bytes_live, 8);
	KUNIT_EXPECT_EQ(test, wdf_pool_free(a, WDF_LTAG), 0);
}

static void wdf_pool_bad_arguments_test(struct kunit *test)
{
	struct wdf_tag_statistics s;
	u64 warnings = wdf_kunit_warnings();

	KUNIT_EXPECT_NULL(test, wdf_pool_alloc(WDF_POOL_NONPAGED, GFP_KERNEL,
					       0, WDF_LTAG));
	KUNIT_EXPECT_NULL(test, wdf_pool_alloc(9, GFP_KERNEL, 8, WDF_LTAG));
	KUNIT_EXPECT_NULL(test, wdf_pool_alloc(WDF_POOL_NONPAGED, GFP_KERNEL,
					       SIZE_MAX, WDF_LTAG));
	KUNIT_EXPECT_NULL(test, wdf_pool_alloc(WDF_POOL_PAGED, GFP_KERNEL,
					       SIZE_MAX - 8, WDF_LTAG));
	KUNIT_EXPECT_EQ(test, wdf_pool_free(NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	KUNIT_EXPECT_EQ(test, wdf_pool_tag_read(WDF_TAG('n', 'e', 'v', 'r'), &s),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, s.allocs, 0);
}

static struct kunit_case wdf_pool_cases[] = {
	KUNIT_CASE(wdf_pool_counts_per_tag_test),
	KUNIT_CASE(wdf_pool_wrong_tag_refused_test),
	KUNIT_CASE(wdf_pool_bad_arguments_test),
	{}
};

static struct kunit_suite wdf_pool_suite = {
	.name = "wdfmem_pool",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_pool_cases,
};

kunit_test_suite(wdf_pool_suite);
