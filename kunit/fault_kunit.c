// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: allocation failure injected at every allocation of every create
 * path.
 */

#include <linux/mm.h>
#include "harness.h"

/* What the create paths build on, made once per case. */
struct wdf_fault_fixture {
	struct wdf_object *parent;
	struct wdf_lookaside *list;
	u8 *buf;
	struct wdf_mdl *mdl;
};

struct wdf_fault_path {
	const char *name;
	/* Run the create path once; 0 or an errno, all cleanup included. */
	int (*run)(struct wdf_fault_fixture *f);
	/* How many framework allocations the path makes. */
	unsigned int sites;
};

static int wdf_fault_object(struct wdf_fault_fixture *f)
{
	struct wdf_object_attributes attr;
	struct wdf_object *obj;
	int ret;

	wdf_tattr(&attr, f->parent);
	ret = wdf_object_create(&attr, &obj);
	if (!ret)
		wdf_object_delete(obj);
	return ret;
}

static int wdf_fault_memory(struct wdf_fault_fixture *f,
			    enum wdf_pool_type pool, size_t size)
{
	struct wdf_object_attributes attr;
	struct wdf_memory *mem;
	int ret;

	wdf_tattr(&attr, f->parent);
	ret = wdf_memory_create(&attr, pool, GFP_KERNEL, 0, size, &mem, NULL);
	if (!ret)
		wdf_object_delete(&mem->obj);
	return ret;
}

/*
 * A child under a memory object that has none yet: the memory, the child,
 * then the memory's child list from the hash table.
 */
static int wdf_fault_child_of_memory(struct wdf_fault_fixture *f)
{
	struct wdf_object_attributes attr;
	struct wdf_memory *mem;
	struct wdf_object *obj;
	int ret;

	ret = wdf_memory_create(NULL, WDF_POOL_NONPAGED, GFP_KERNEL, 0, 16,
				&mem, NULL);
	if (ret)
		return ret;
	wdf_tattr(&attr, &mem->obj);
	ret = wdf_object_create(&attr, &obj);
	wdf_object_delete(&mem->obj);
	return ret;
}

static int wdf_fault_memory_small(struct wdf_fault_fixture *f)
{
	return wdf_fault_memory(f, WDF_POOL_NONPAGED, 128);
}

static int wdf_fault_memory_large(struct wdf_fault_fixture *f)
{
	return wdf_fault_memory(f, WDF_POOL_NONPAGED, 2 * PAGE_SIZE);
}

static int wdf_fault_memory_paged(struct wdf_fault_fixture *f)
{
	return wdf_fault_memory(f, WDF_POOL_PAGED, 64);
}

static int wdf_fault_preallocated(struct wdf_fault_fixture *f)
{
	static u8 buf[32];
	struct wdf_object_attributes attr;
	struct wdf_memory *mem;
	int ret;

	wdf_tattr(&attr, f->parent);
	ret = wdf_memory_create_preallocated(&attr, buf, sizeof(buf), &mem);
	if (!ret)
		wdf_object_delete(&mem->obj);
	return ret;
}

static int wdf_fault_lookaside(struct wdf_fault_fixture *f)
{
	struct wdf_object_attributes attr;
	struct wdf_lookaside *la;
	int ret;

	wdf_tattr(&attr, f->parent);
	ret = wdf_lookaside_create(&attr, 48, WDF_POOL_NONPAGED, &attr, 0, &la);
	if (!ret)
		wdf_object_delete(&la->obj);
	return ret;
}

static int wdf_fault_from_lookaside(struct wdf_fault_fixture *f)
{
	struct wdf_memory *mem;
	int ret;

	ret = wdf_memory_create_from_lookaside(f->list, GFP_KERNEL, &mem);
	if (!ret)
		wdf_object_delete(&mem->obj);
	return ret;
}

static int wdf_fault_pool(struct wdf_fault_fixture *f)
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

static int wdf_fault_driver(struct wdf_fault_fixture *f)
{
	struct wdf_driver *drv;
	int ret = __wdf_driver_create(NULL, "fault", &drv);

	if (!ret)
		__wdf_driver_delete(drv);
	return ret;
}

static int wdf_fault_mdl_kernel(struct wdf_fault_fixture *f)
{
	struct wdf_object_attributes attr;
	struct wdf_mdl *mdl;
	int ret;

	wdf_tattr(&attr, f->parent);
	ret = wdf_mdl_create_kernel(&attr, f->buf + 100, 2 * PAGE_SIZE,
				    GFP_KERNEL, &mdl);
	if (!ret)
		wdf_object_delete(&mdl->obj);
	return ret;
}

static int wdf_fault_mdl_partial(struct wdf_fault_fixture *f)
{
	struct wdf_object_attributes attr;
	struct wdf_mdl *mdl;
	int ret;

	wdf_tattr(&attr, f->parent);
	ret = wdf_mdl_create_partial(&attr, f->mdl, 50, PAGE_SIZE,
				     GFP_KERNEL, &mdl);
	if (!ret)
		wdf_object_delete(&mdl->obj);
	return ret;
}

static const struct wdf_fault_path wdf_fault_paths[] = {
	{ "object_create", wdf_fault_object, 1 },
	{ "first_child_of_memory", wdf_fault_child_of_memory, 3 },
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
	struct wdf_fault_fixture *f;
	unsigned int n;
	bool fired;
	int ret, t;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->parent = wdf_tnew(test, NULL, 100);
	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(NULL, 40, WDF_POOL_NONPAGED,
						   NULL, 0, &f->list), 0);
	f->buf = kunit_kmalloc(test, 3 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->buf);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, f->buf, 3 * PAGE_SIZE,
						    GFP_KERNEL, &f->mdl), 0);
	wdf_kunit_log[0] = '\0';
	for (n = 1; n <= 16; n++) {
		wdf_statistics_read(&before);
		wdf_kunit_fail_nth(test, n);
		ret = p->run(f);
		fired = wdf_kunit_fail_disarm(test);
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
	KUNIT_EXPECT_EQ(test, p->run(f), 0);
	wdf_object_delete(&f->mdl->obj);
	wdf_object_delete(&f->list->obj);
	wdf_object_delete(f->parent);
}

static struct kunit_case wdf_fault_cases[] = {
	KUNIT_CASE_PARAM(wdf_fault_every_allocation_test, wdf_fault_gen_params),
	{}
};

static struct kunit_suite wdf_fault_suite = {
	.name = "wdfmem_fault",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_fault_cases,
};

kunit_test_suite(wdf_fault_suite);
