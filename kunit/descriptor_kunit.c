// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem memory descriptors (WDF_MEMORY_DESCRIPTOR): validation and
 * transfer length.
 */

#include "harness.h"

static const unsigned int no_buf = WDF_MEMDESC_NO_BUFFER_ALLOWED;
static const unsigned int null_ok = WDF_MEMDESC_NULL_ALLOWED;

static void wdf_desc_buffer_null_rules_test(struct kunit *test)
{
	struct wdf_memory_descriptor d;
	u8 buf[10];
	size_t len;

	wdf_memory_descriptor_init_buffer(&d, buf, 10);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, 0), 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_length(&d, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 10);
	wdf_memory_descriptor_init_buffer(&d, NULL, 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, no_buf), 0);
	/* NULL with a length is never valid. */
	wdf_memory_descriptor_init_buffer(&d, NULL, 4);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, no_buf),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(NULL, null_ok), 0);
	memset(&d, 0, sizeof(d));
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, 0), -EINVAL);
	d.type = 77;
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, 0), -EINVAL);
}

static void wdf_desc_mdl_length_rules_test(struct kunit *test)
{
	u8 *buf = kunit_kmalloc(test, 100, GFP_KERNEL);
	struct wdf_memory_descriptor d;
	struct wdf_mdl *mdl;
	size_t len;

	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, buf, 100, GFP_KERNEL,
						    &mdl), 0);
	wdf_memory_descriptor_init_mdl(&d, mdl, 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_length(&d, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 100);
	wdf_memory_descriptor_init_mdl(&d, mdl, 40);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_length(&d, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 40);
	wdf_memory_descriptor_init_mdl(&d, mdl, 101);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, 0), -EOVERFLOW);
	wdf_memory_descriptor_init_mdl(&d, NULL, 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, 0), -EINVAL);
	wdf_object_delete(&mdl->obj);
}

struct wdf_desc_case {
	size_t offset;
	size_t length;
	int expect;
	size_t transfer;
	const char *name;
};

/* A window on a 100-byte memory object. */
static const struct wdf_desc_case wdf_desc_cases[] = {
	{ 0, 0, 0, 100, "whole object" },
	{ 10, 0, 0, 90, "offset 10 to the end" },
	{ 0, 100, 0, 100, "length size" },
	{ 1, 99, 0, 99, "offset 1 length size-1" },
	{ 100, 0, 0, 0, "offset size length 0 (empty)" },
	{ 101, 0, -EOVERFLOW, 0, "offset size+1" },
	{ 0, 101, -EOVERFLOW, 0, "length size+1" },
	{ 1, 100, -EOVERFLOW, 0, "offset 1 length size" },
	{ SIZE_MAX, 2, -EOVERFLOW, 0, "offset SIZE_MAX wraps" },
	{ 2, SIZE_MAX, -EOVERFLOW, 0, "length SIZE_MAX wraps" },
};

KUNIT_ARRAY_PARAM_DESC(wdf_desc, wdf_desc_cases, name);

static void wdf_desc_handle_window_test(struct kunit *test)
{
	const struct wdf_desc_case *c = test->param_value;
	struct wdf_memory_offset o = { c->offset, c->length };
	struct wdf_memory_descriptor d;
	struct wdf_memory *mem;
	size_t len = 12345;

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 100, &mem, NULL),
			0);
	wdf_memory_descriptor_init_handle(&d, mem, &o);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, 0), c->expect);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_length(&d, &len), c->expect);
	if (!c->expect)
		KUNIT_EXPECT_EQ(test, len, c->transfer);
	else
		KUNIT_EXPECT_EQ(test, len, 12345);
	wdf_object_delete(&mem->obj);
}

static void wdf_desc_handle_bad_object_test(struct kunit *test)
{
	struct wdf_memory_descriptor d;
	struct wdf_object *obj;
	u64 warnings = wdf_kunit_warnings();

	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &obj), 0);
	wdf_memory_descriptor_init_handle(&d, (struct wdf_memory *)obj, NULL);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	wdf_memory_descriptor_init_handle(&d, NULL, NULL);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_memory_descriptor_validate(&d, no_buf), 0);
	wdf_object_delete(obj);
}

static struct kunit_case wdf_descriptor_cases[] = {
	KUNIT_CASE(wdf_desc_buffer_null_rules_test),
	KUNIT_CASE(wdf_desc_mdl_length_rules_test),
	KUNIT_CASE_PARAM(wdf_desc_handle_window_test, wdf_desc_gen_params),
	KUNIT_CASE(wdf_desc_handle_bad_object_test),
	{}
};

static struct kunit_suite wdf_descriptor_suite = {
	.name = "wdfmem_descriptor",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_descriptor_cases,
};

kunit_test_suite(wdf_descriptor_suite);
