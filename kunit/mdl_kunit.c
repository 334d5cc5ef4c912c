// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem MDLs over kmalloc, vmalloc, memory objects and user memory
 * (a kunit_vm_mmap() mapping), partial MDLs, and memory descriptors.
 */

#include <linux/mman.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include "harness.h"

static size_t wdf_sg_bytes(struct wdf_mdl *mdl)
{
	struct scatterlist *sg;
	size_t n = 0;
	int i;

	for_each_sgtable_sg(&mdl->sgt, sg, i)
		n += sg->length;
	return n;
}

static void wdf_mdl_kmalloc_test(struct kunit *test)
{
	u8 *buf = kunit_kmalloc(test, 3 * PAGE_SIZE, GFP_KERNEL), out[64];
	struct wdf_mdl *mdl;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0x3c, 3 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, buf + 100,
						    2 * PAGE_SIZE, GFP_KERNEL,
						    &mdl), 0);
	KUNIT_EXPECT_EQ(test, mdl->kind, WDF_MDL_KERNEL);
	KUNIT_EXPECT_EQ(test, mdl->length, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, mdl->offset, offset_in_page(buf + 100));
	KUNIT_EXPECT_EQ(test, wdf_sg_bytes(mdl), 2 * PAGE_SIZE);
	KUNIT_EXPECT_PTR_EQ(test, wdf_mdl_map(mdl), (void *)(buf + 100));
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(mdl, PAGE_SIZE - 3,
						       "boundary", 8), 0);
	KUNIT_EXPECT_MEMEQ(test, buf + 100 + PAGE_SIZE - 3, "boundary", 8);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(mdl, PAGE_SIZE - 3, out, 8),
			0);
	KUNIT_EXPECT_MEMEQ(test, out, "boundary", 8);
	wdf_object_delete(&mdl->obj);
}

static void wdf_mdl_vmalloc_test(struct kunit *test)
{
	size_t len = 2 * PAGE_SIZE + 7;
	u8 *v = vmalloc(4 * PAGE_SIZE), *out;
	struct wdf_mdl *mdl;
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, v);
	out = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (i = 0; i < 4 * PAGE_SIZE; i++)
		v[i] = (u8)(i * 13);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, v + 50, len,
						    GFP_KERNEL, &mdl), 0);
	KUNIT_EXPECT_EQ(test, mdl->npages, 3);
	KUNIT_EXPECT_EQ(test, wdf_sg_bytes(mdl), len);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(mdl, 0, out, len), 0);
	KUNIT_EXPECT_MEMEQ(test, out, v + 50, len);
	wdf_object_delete(&mdl->obj);
	vfree(v);
}

static void wdf_mdl_bad_arguments_test(struct kunit *test)
{
	u8 *buf = kunit_kmalloc(test, 64, GFP_KERNEL);
	struct wdf_mdl *mdl = (void *)1;
	u64 warnings = wdf_kunit_warnings();
	u8 out[8];

	KUNIT_EXPECT_EQ(test, wdf_mdl_create_kernel(NULL, buf, 0, GFP_KERNEL,
						    &mdl), -EINVAL);
	KUNIT_EXPECT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_kernel(NULL, NULL, 8, GFP_KERNEL,
						    &mdl), -EINVAL);
	/* Not kernel memory with pages behind it. */
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_kernel(NULL, (void *)0x1000, 8,
						    GFP_KERNEL, &mdl), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_kernel(NULL, buf, SIZE_MAX,
						    GFP_KERNEL, &mdl), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_kernel(NULL, buf, 8, GFP_KERNEL,
						    NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(NULL, 0, out, 1), -EINVAL);
	KUNIT_EXPECT_NULL(test, wdf_mdl_map(NULL));
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 3);
}

static void wdf_mdl_copy_bounds_test(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 100, GFP_KERNEL), out[200];
	struct wdf_mdl *mdl;

	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, buf, 100, GFP_KERNEL,
						    &mdl), 0);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(mdl, 0, out, 101),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(mdl, 100, out, 1),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(mdl, SIZE_MAX, out, 2),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(mdl, 1, out, SIZE_MAX),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(mdl, 0, out, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(mdl, 99, out, 1), 0);
	wdf_object_delete(&mdl->obj);
}

static void wdf_mdl_memory_object_test(struct kunit *test)
{
	struct wdf_memory *small, *paged;
	struct wdf_mdl *a, *b;
	u8 out[16];

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 300, &small,
						NULL), 0);
	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_PAGED,
						GFP_KERNEL, 0, 8 << 20, &paged,
						NULL), 0);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_memory(NULL, small, 10, 0,
						    GFP_KERNEL, &a), 0);
	KUNIT_EXPECT_EQ(test, a->length, 290);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_memory(NULL, paged, PAGE_SIZE - 1,
						    3 * PAGE_SIZE, GFP_KERNEL,
						    &b), 0);
	KUNIT_EXPECT_EQ(test, b->npages, 4);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(b, 0, "vmalloc!", 8), 0);
	KUNIT_EXPECT_MEMEQ(test, (u8 *)paged->buffer + PAGE_SIZE - 1,
			   "vmalloc!", 8);
	wdf_object_delete(&a->obj);
	wdf_object_delete(&b->obj);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_memory(NULL, small, 300, 0,
						    GFP_KERNEL, &a), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_memory(NULL, small, 1, 300,
						    GFP_KERNEL, &a), -EOVERFLOW);
	/* The MDL keeps the memory object alive past its delete. */
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_memory(NULL, small, 0, 16,
						    GFP_KERNEL, &a), 0);
	wdf_object_delete(&small->obj);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(a, 0, out, 16), 0);
	wdf_object_delete(&a->obj);
	wdf_object_delete(&paged->obj);
}

static void wdf_mdl_read_only_memory_test(struct kunit *test)
{
	struct wdf_memory *mem;
	struct wdf_mdl *mdl;

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 32, &mem, NULL),
			0);
	wdf_memory_set_read_only(mem);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_memory(NULL, mem, 0, 0, GFP_KERNEL,
						    &mdl), 0);
	KUNIT_EXPECT_FALSE(test, mdl->writable);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(mdl, 0, "x", 1), -EACCES);
	wdf_object_delete(&mdl->obj);
	wdf_object_delete(&mem->obj);
}

/* User memory for the calling test: three pages, filled with a pattern. */
static unsigned long wdf_user_area(struct kunit *test, size_t len)
{
	unsigned long u;
	u8 *pat;
	size_t i;

	u = kunit_vm_mmap(test, NULL, 0, len, PROT_READ | PROT_WRITE,
			  MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR_VALUE(u))
		return 0;
	pat = kunit_kmalloc(test, len, GFP_KERNEL);
	if (!pat)
		return 0;
	for (i = 0; i < len; i++)
		pat[i] = (u8)(i ^ 0x5a);
	if (copy_to_user((void __user *)u, pat, len))
		return 0;
	return u;
}

static void wdf_mdl_user_memory_test(struct kunit *test)
{
	unsigned long u = wdf_user_area(test, 3 * PAGE_SIZE);
	u8 out[32], back[8];
	struct wdf_mdl *mdl;
	size_t i;
	u8 *va;

	KUNIT_ASSERT_NE(test, u, 0);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_user(NULL, u + 5, 2 * PAGE_SIZE,
						  true, &mdl), 0);
	KUNIT_EXPECT_EQ(test, mdl->kind, WDF_MDL_USER);
	KUNIT_EXPECT_EQ(test, mdl->npages, 3);
	KUNIT_EXPECT_EQ(test, wdf_sg_bytes(mdl), 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(mdl, PAGE_SIZE - 10, out,
						     32), 0);
	for (i = 0; i < 32; i++)
		KUNIT_EXPECT_EQ(test, out[i], (u8)((5 + PAGE_SIZE - 10 + i) ^ 0x5a));
	/* A kernel mapping of the pinned pages. */
	va = wdf_mdl_map(mdl);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_EQ(test, va[0], (u8)(5 ^ 0x5a));
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(mdl, 3, "pinned!!", 8), 0);
	KUNIT_EXPECT_TRUE(test, mdl->dirty);
	wdf_object_delete(&mdl->obj);
	KUNIT_ASSERT_EQ(test, copy_from_user(back, (void __user *)(u + 8), 8), 0);
	KUNIT_EXPECT_MEMEQ(test, back, "pinned!!", 8);
}

static void wdf_mdl_user_read_only_pin_test(struct kunit *test)
{
	unsigned long u = wdf_user_area(test, PAGE_SIZE);
	struct wdf_mdl *mdl;

	KUNIT_ASSERT_NE(test, u, 0);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_user(NULL, u, 100, false, &mdl), 0);
	KUNIT_EXPECT_FALSE(test, mdl->writable);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(mdl, 0, "no", 2), -EACCES);
	wdf_object_delete(&mdl->obj);
}

static void wdf_mdl_user_bad_address_test(struct kunit *test)
{
	unsigned long u = wdf_user_area(test, PAGE_SIZE);
	struct wdf_statistics before, after;
	struct wdf_mdl *mdl = (void *)1;

	KUNIT_ASSERT_NE(test, u, 0);
	wdf_statistics_read(&before);
	/* The range runs off the end of the mapping. */
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_user(NULL, u + 100, PAGE_SIZE,
						  false, &mdl), -EFAULT);
	KUNIT_EXPECT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_user(NULL, 0, 16, false, &mdl),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_user(NULL, (unsigned long)test, 16,
						  false, &mdl), -EFAULT);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_user(NULL, ULONG_MAX - 8, 16, true,
						  &mdl), -EFAULT);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL], before.live[WDF_TYPE_MDL]);
}

static void wdf_mdl_partial_test(struct kunit *test)
{
	unsigned long u = wdf_user_area(test, 3 * PAGE_SIZE);
	struct wdf_mdl *src, *part, *rest;
	u8 out[16];
	int i;

	KUNIT_ASSERT_NE(test, u, 0);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_user(NULL, u + 7, 3 * PAGE_SIZE - 7,
						  true, &src), 0);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_partial(NULL, src, PAGE_SIZE, 16,
						     GFP_KERNEL, &part), 0);
	KUNIT_EXPECT_EQ(test, part->kind, WDF_MDL_PARTIAL);
	KUNIT_EXPECT_EQ(test, part->length, 16);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_partial(NULL, src, 10, 0,
						     GFP_KERNEL, &rest), 0);
	KUNIT_EXPECT_EQ(test, rest->length, src->length - 10);
	wdf_object_delete(&rest->obj);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_partial(NULL, src, src->length, 0,
						     GFP_KERNEL, &rest),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_partial(NULL, src, 1, src->length,
						     GFP_KERNEL, &rest),
			-EOVERFLOW);
	/* The partial MDL keeps its source's pages pinned. */
	wdf_object_delete(&src->obj);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(part, 0, out, 16), 0);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, out[i], (u8)((7 + PAGE_SIZE + i) ^ 0x5a));
	KUNIT_EXPECT_NOT_NULL(test, wdf_mdl_map(part));
	wdf_object_delete(&part->obj);
}

static void wdf_mdl_deleted_with_parent_test(struct kunit *test)
{
	u8 *buf = kunit_kmalloc(test, 64, GFP_KERNEL);
	struct wdf_object *p = wdf_tnew(test, NULL, 1);
	struct wdf_object_attributes attr;
	struct wdf_statistics before, after;
	struct wdf_mdl *mdl;

	wdf_statistics_read(&before);
	wdf_tattr(&attr, p);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(&attr, buf, 64, GFP_KERNEL,
						    &mdl), 0);
	wdf_tset_id(&mdl->obj, 2);
	wdf_object_delete(p);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c2 c1 d2 d1");
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL], before.live[WDF_TYPE_MDL]);
}

/* Memory descriptors ---------------------------------------------------- */

static const unsigned int no_buf = WDF_MEMDESC_NO_BUFFER_ALLOWED;
static const unsigned int null_ok = WDF_MEMDESC_NULL_ALLOWED;

static void wdf_desc_buffer_test(struct kunit *test)
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

static void wdf_desc_mdl_test(struct kunit *test)
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

static struct kunit_case wdf_mdl_cases[] = {
	KUNIT_CASE(wdf_mdl_kmalloc_test),
	KUNIT_CASE(wdf_mdl_vmalloc_test),
	KUNIT_CASE(wdf_mdl_bad_arguments_test),
	KUNIT_CASE(wdf_mdl_copy_bounds_test),
	KUNIT_CASE(wdf_mdl_memory_object_test),
	KUNIT_CASE(wdf_mdl_read_only_memory_test),
	KUNIT_CASE(wdf_mdl_user_memory_test),
	KUNIT_CASE(wdf_mdl_user_read_only_pin_test),
	KUNIT_CASE(wdf_mdl_user_bad_address_test),
	KUNIT_CASE(wdf_mdl_partial_test),
	KUNIT_CASE(wdf_mdl_deleted_with_parent_test),
	KUNIT_CASE(wdf_desc_buffer_test),
	KUNIT_CASE(wdf_desc_mdl_test),
	KUNIT_CASE_PARAM(wdf_desc_handle_window_test, wdf_desc_gen_params),
	KUNIT_CASE(wdf_desc_handle_bad_object_test),
	{}
};

static struct kunit_suite wdf_mdl_suite = {
	.name = "wdfmem_mdl",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_mdl_cases,
};

kunit_test_suite(wdf_mdl_suite);
