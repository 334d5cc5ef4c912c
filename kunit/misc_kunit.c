// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem alignment helpers, local buffers with tags, and allocation
 * failure injected at every allocation of every create path.
 */

#include <linux/mm.h>
#include "harness.h"

/* Alignment ------------------------------------------------------------ */

static void wdf_align_up_test(struct kunit *test)
{
	size_t r;

	KUNIT_EXPECT_EQ(test, wdf_align_size_up(0, 16, &r), 0);
	KUNIT_EXPECT_EQ(test, r, 0);
	KUNIT_EXPECT_EQ(test, wdf_align_size_up(1, 16, &r), 0);
	KUNIT_EXPECT_EQ(test, r, 16);
	KUNIT_EXPECT_EQ(test, wdf_align_size_up(16, 16, &r), 0);
	KUNIT_EXPECT_EQ(test, r, 16);
	KUNIT_EXPECT_EQ(test, wdf_align_size_up(17, 16, &r), 0);
	KUNIT_EXPECT_EQ(test, r, 32);
	KUNIT_EXPECT_EQ(test, wdf_align_size_up(4095, 4096, &r), 0);
	KUNIT_EXPECT_EQ(test, r, 4096);
	KUNIT_EXPECT_EQ(test, wdf_align_size_up(5, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r, 5);
}

static void wdf_align_down_test(struct kunit *test)
{
	size_t r;

	KUNIT_EXPECT_EQ(test, wdf_align_size_down(17, 16, &r), 0);
	KUNIT_EXPECT_EQ(test, r, 16);
	KUNIT_EXPECT_EQ(test, wdf_align_size_down(15, 16, &r), 0);
	KUNIT_EXPECT_EQ(test, r, 0);
	KUNIT_EXPECT_EQ(test, wdf_align_size_down(SIZE_MAX, 4096, &r), 0);
	KUNIT_EXPECT_EQ(test, r, SIZE_MAX & ~(size_t)4095);
}

static void wdf_align_up_overflow_test(struct kunit *test)
{
	size_t r = 77;

	/* WDF_ALIGN_SIZE_UP would wrap these to 0. */
	KUNIT_EXPECT_EQ(test, wdf_align_size_up(SIZE_MAX, 2, &r), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_align_size_up(SIZE_MAX - 14, 16, &r),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, r, 77);
	/* The largest length that still rounds. */
	KUNIT_EXPECT_EQ(test, wdf_align_size_up(SIZE_MAX - 15, 16, &r), 0);
	KUNIT_EXPECT_EQ(test, r, SIZE_MAX - 15);
	KUNIT_EXPECT_EQ(test, wdf_align_size_up(SIZE_MAX, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r, SIZE_MAX);
}

static void wdf_align_bad_alignment_test(struct kunit *test)
{
	static const size_t bad[] = { 0, 3, 6, 12, 4097, SIZE_MAX };
	size_t i, r = 77;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, wdf_align_size_up(10, bad[i], &r), -EINVAL);
		KUNIT_EXPECT_EQ(test, wdf_align_size_down(10, bad[i], &r),
				-EINVAL);
	}
	KUNIT_EXPECT_EQ(test, r, 77);
}

/* Local buffers -------------------------------------------------------- */

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

/* Allocation failure at every site ------------------------------------- */

struct wdf_fault_path {
	const char *name;
	/* Run the create path once; 0 or an errno, all cleanup included. */
	int (*run)(void);
	/* How many framework allocations the path makes. */
	unsigned int sites;
};

static struct wdf_object *wdf_fault_parent;

static int wdf_fault_object(void)
{
	struct wdf_object_attributes attr;
	struct wdf_object *obj;
	int ret;

	wdf_tattr(&attr, wdf_fault_parent);
	ret = wdf_object_create(&attr, &obj);
	if (!ret)
		wdf_object_delete(obj);
	return ret;
}

static int wdf_fault_memory(enum wdf_pool_type pool, size_t size)
{
	struct wdf_object_attributes attr;
	struct wdf_memory *mem;
	int ret;

	wdf_tattr(&attr, wdf_fault_parent);
	ret = wdf_memory_create(&attr, pool, GFP_KERNEL, 0, size, &mem, NULL);
	if (!ret)
		wdf_object_delete(&mem->obj);
	return ret;
}

static int wdf_fault_memory_small(void)
{
	return wdf_fault_memory(WDF_POOL_NONPAGED, 128);
}

static int wdf_fault_memory_large(void)
{
	return wdf_fault_memory(WDF_POOL_NONPAGED, 2 * PAGE_SIZE);
}

static int wdf_fault_memory_paged(void)
{
	return wdf_fault_memory(WDF_POOL_PAGED, 64);
}

static int wdf_fault_preallocated(void)
{
	static u8 buf[32];
	struct wdf_object_attributes attr;
	struct wdf_memory *mem;
	int ret;

	wdf_tattr(&attr, wdf_fault_parent);
	ret = wdf_memory_create_preallocated(&attr, buf, sizeof(buf), &mem);
	if (!ret)
		wdf_object_delete(&mem->obj);
	return ret;
}

static int wdf_fault_lookaside(void)
{
	struct wdf_object_attributes attr;
	struct wdf_lookaside *la;
	int ret;

	wdf_tattr(&attr, wdf_fault_parent);
	ret = wdf_lookaside_create(&attr, 48, WDF_POOL_NONPAGED, &attr, 0, &la);
	if (!ret)
		wdf_object_delete(&la->obj);
	return ret;
}

static struct wdf_lookaside *wdf_fault_list;

static int wdf_fault_from_lookaside(void)
{
	struct wdf_memory *mem;
	int ret;

	ret = wdf_memory_create_from_lookaside(wdf_fault_list, GFP_KERNEL, &mem);
	if (!ret)
		wdf_object_delete(&mem->obj);
	return ret;
}

static int wdf_fault_pool(void)
{
	/* A fresh tag each run, so the tag's first-use allocation counts. */
	static u32 n;
	void *p = wdf_pool_alloc(WDF_POOL_NONPAGED, GFP_KERNEL, 24,
				 WDF_TAG('F', 'l', 't', '0' + (n++ % 64)));

	if (!p)
		return -ENOMEM;
	wdf_pool_free(p, 0);
	return 0;
}

static int wdf_fault_driver(void)
{
	struct wdf_driver *drv;
	int ret = __wdf_driver_create(NULL, "fault", &drv);

	if (!ret)
		__wdf_driver_delete(drv);
	return ret;
}

static u8 *wdf_fault_buf;
static struct wdf_mdl *wdf_fault_mdl;

static int wdf_fault_mdl_kernel(void)
{
	struct wdf_object_attributes attr;
	struct wdf_mdl *mdl;
	int ret;

	wdf_tattr(&attr, wdf_fault_parent);
	ret = wdf_mdl_create_kernel(&attr, wdf_fault_buf + 100, 2 * PAGE_SIZE,
				    GFP_KERNEL, &mdl);
	if (!ret)
		wdf_object_delete(&mdl->obj);
	return ret;
}

static int wdf_fault_mdl_partial(void)
{
	struct wdf_object_attributes attr;
	struct wdf_mdl *mdl;
	int ret;

	wdf_tattr(&attr, wdf_fault_parent);
	ret = wdf_mdl_create_partial(&attr, wdf_fault_mdl, 50, PAGE_SIZE,
				     GFP_KERNEL, &mdl);
	if (!ret)
		wdf_object_delete(&mdl->obj);
	return ret;
}

static const struct wdf_fault_path wdf_fault_paths[] = {
	{ "object_create", wdf_fault_object, 1 },
	{ "memory_create_embedded", wdf_fault_memory_small, 1 },
	{ "memory_create_separate", wdf_fault_memory_large, 2 },
	{ "memory_create_paged", wdf_fault_memory_paged, 2 },
	{ "memory_create_preallocated", wdf_fault_preallocated, 1 },
	{ "lookaside_create", wdf_fault_lookaside, 4 },
	{ "memory_create_from_lookaside", wdf_fault_from_lookaside, 1 },
	{ "pool_alloc_new_tag", wdf_fault_pool, 2 },
	{ "driver_create", wdf_fault_driver, 2 },
	{ "mdl_create_kernel", wdf_fault_mdl_kernel, 3 },
	{ "mdl_create_partial", wdf_fault_mdl_partial, 3 },
};

KUNIT_ARRAY_PARAM_DESC(wdf_fault, wdf_fault_paths, name);

/*
 * Fail the first, then the second, ... allocation of the path until it
 * succeeds.  Each failure must be -ENOMEM, run no callback, and leave the
 * live objects and bytes where they were; the path must make exactly the
 * allocations it is documented to make.
 */
static void wdf_fault_every_allocation_test(struct kunit *test)
{
	const struct wdf_fault_path *p = test->param_value;
	struct wdf_statistics before, after;
	unsigned int n;
	bool fired;
	int ret, t;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
	wdf_fault_parent = wdf_tnew(test, NULL, 100);
	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(NULL, 40, WDF_POOL_NONPAGED,
						   NULL, 0, &wdf_fault_list), 0);
	wdf_fault_buf = kunit_kmalloc(test, 3 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, wdf_fault_buf);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, wdf_fault_buf,
						    3 * PAGE_SIZE, GFP_KERNEL,
						    &wdf_fault_mdl), 0);
	wdf_kunit_log[0] = '\0';
	for (n = 1; n <= 16; n++) {
		wdf_statistics_read(&before);
		wdf_test_fail_nth(n);
		ret = p->run();
		fired = wdf_test_fail_disarm();
		wdf_statistics_read(&after);
		if (!fired) {
			KUNIT_EXPECT_EQ(test, ret, 0);
			break;
		}
		KUNIT_EXPECT_EQ_MSG(test, ret, -ENOMEM, "allocation %u", n);
		KUNIT_EXPECT_STREQ_MSG(test, wdf_kunit_log, "",
				       "callback of an object never created");
		for (t = 0; t < WDF_TYPE_MAX; t++)
			KUNIT_EXPECT_EQ_MSG(test, after.live[t], before.live[t],
					    "allocation %u leaked type %d", n, t);
		KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live);
	}
	KUNIT_EXPECT_EQ_MSG(test, n - 1, p->sites,
			    "allocations failed before success");
	/* The path works again once the fault is gone. */
	KUNIT_EXPECT_EQ(test, p->run(), 0);
	wdf_object_delete(&wdf_fault_mdl->obj);
	wdf_object_delete(&wdf_fault_list->obj);
	wdf_object_delete(wdf_fault_parent);
}

static struct kunit_case wdf_misc_cases[] = {
	KUNIT_CASE(wdf_align_up_test),
	KUNIT_CASE(wdf_align_down_test),
	KUNIT_CASE(wdf_align_up_overflow_test),
	KUNIT_CASE(wdf_align_bad_alignment_test),
	KUNIT_CASE(wdf_pool_counts_per_tag_test),
	KUNIT_CASE(wdf_pool_wrong_tag_refused_test),
	KUNIT_CASE(wdf_pool_bad_arguments_test),
	KUNIT_CASE_PARAM(wdf_fault_every_allocation_test, wdf_fault_gen_params),
	{}
};

static struct kunit_suite wdf_misc_suite = {
	.name = "wdfmem_misc",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_misc_cases,
};

kunit_test_suite(wdf_misc_suite);
