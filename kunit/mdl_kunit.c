// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem MDLs over kmalloc, vmalloc, memory objects and user memory
 * (a kunit_vm_mmap() mapping), and partial MDLs.
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

	for_each_sgtable_sg(&wdf_mdl_priv(mdl)->sgt, sg, i)
		n += sg->length;
	return n;
}

static void wdf_mdl_kmalloc_range_copies_across_pages_test(struct kunit *test)
{
	u8 *buf = kunit_kmalloc(test, 3 * PAGE_SIZE, GFP_KERNEL), out[64];
	struct wdf_mdl *mdl;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0x3c, 3 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, buf + 100,
						    2 * PAGE_SIZE, GFP_KERNEL,
						    &mdl), 0);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(mdl)->kind, WDF_MDL_KERNEL);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(mdl)->length, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(mdl)->offset, offset_in_page(buf + 100));
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

static void wdf_mdl_vmalloc_range_copies_across_pages_test(struct kunit *test)
{
	size_t len = 2 * PAGE_SIZE + 7;
	u8 *v = wdf_kunit_vmalloc(test, 4 * PAGE_SIZE), *out;
	struct wdf_mdl *mdl;
	size_t i;

	out = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (i = 0; i < 4 * PAGE_SIZE; i++)
		v[i] = (u8)(i * 13);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, v + 50, len,
						    GFP_KERNEL, &mdl), 0);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(mdl)->npages, 3);
	KUNIT_EXPECT_EQ(test, wdf_sg_bytes(mdl), len);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(mdl, 0, out, len), 0);
	KUNIT_EXPECT_MEMEQ(test, out, v + 50, len);
	wdf_object_delete(&mdl->obj);
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

static void *wdf_mdl_copy_target(struct kunit *test, size_t size,
				 void **handle)
{
	u8 *buf = kunit_kzalloc(test, size, GFP_KERNEL);
	struct wdf_mdl *mdl;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, buf, size, GFP_KERNEL,
						    &mdl), 0);
	*handle = mdl;
	return buf;
}

static int wdf_mdl_copy_to(void *handle, size_t off, void *buf, size_t n)
{
	return wdf_mdl_copy_to_buffer(handle, off, buf, n);
}

static int wdf_mdl_copy_from(void *handle, size_t off, const void *buf,
			     size_t n)
{
	return wdf_mdl_copy_from_buffer(handle, off, buf, n);
}

static void wdf_mdl_copy_done(void *handle)
{
	wdf_object_delete(&((struct wdf_mdl *)handle)->obj);
}

static const struct wdf_copy_target wdf_mdl_copies = {
	.create = wdf_mdl_copy_target,
	.to = wdf_mdl_copy_to,
	.from = wdf_mdl_copy_from,
	.destroy = wdf_mdl_copy_done,
};

/* MDL copy-to at every boundary of the copy matrix. */
static void wdf_mdl_copy_to_matrix_test(struct kunit *test)
{
	wdf_copy_matrix_run(test, &wdf_mdl_copies, true);
}

/* MDL copy-from at every boundary of the copy matrix. */
static void wdf_mdl_copy_from_matrix_test(struct kunit *test)
{
	wdf_copy_matrix_run(test, &wdf_mdl_copies, false);
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
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(a)->length, 290);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_memory(NULL, paged, PAGE_SIZE - 1,
						    3 * PAGE_SIZE, GFP_KERNEL,
						    &b), 0);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(b)->npages, 4);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(b, 0, "vmalloc!", 8), 0);
	KUNIT_EXPECT_MEMEQ(test, (u8 *)wdf_memory_buffer(wdf_memory_priv(paged)) + PAGE_SIZE - 1,
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
	KUNIT_EXPECT_FALSE(test, wdf_mdl_priv(mdl)->writable);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(mdl, 0, "x", 1), -EACCES);
	wdf_object_delete(&mdl->obj);
	wdf_object_delete(&mem->obj);
}

/* User memory for the calling test: three pages, filled with a pattern. */
static u8 __user *wdf_user_area(struct kunit *test, size_t len)
{
	unsigned long addr;
	u8 __user *u;
	u8 *pat;
	size_t i;

	addr = kunit_vm_mmap(test, NULL, 0, len, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR_VALUE(addr))
		return NULL;
	u = u64_to_user_ptr((u64)addr);
	pat = kunit_kmalloc(test, len, GFP_KERNEL);
	if (!pat)
		return NULL;
	for (i = 0; i < len; i++)
		pat[i] = (u8)(i ^ 0x5a);
	if (copy_to_user(u, pat, len))
		return NULL;
	return u;
}

static void wdf_mdl_user_memory_test(struct kunit *test)
{
	u8 __user *u = wdf_user_area(test, 3 * PAGE_SIZE);
	u8 out[32], back[8];
	struct wdf_mdl *mdl;
	size_t i;
	u8 *va;

	KUNIT_ASSERT_FALSE(test, !u);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_user(NULL, u + 5, 2 * PAGE_SIZE,
						  true, &mdl), 0);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(mdl)->kind, WDF_MDL_USER);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(mdl)->npages, 3);
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
	KUNIT_EXPECT_TRUE(test, wdf_mdl_priv(mdl)->dirty);
	wdf_object_delete(&mdl->obj);
	KUNIT_ASSERT_EQ(test, copy_from_user(back, u + 8, 8), 0);
	KUNIT_EXPECT_MEMEQ(test, back, "pinned!!", 8);
}

static void wdf_mdl_user_read_only_pin_test(struct kunit *test)
{
	u8 __user *u = wdf_user_area(test, PAGE_SIZE);
	struct wdf_mdl *mdl;

	KUNIT_ASSERT_FALSE(test, !u);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_user(NULL, u, 100, false, &mdl), 0);
	KUNIT_EXPECT_FALSE(test, wdf_mdl_priv(mdl)->writable);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(mdl, 0, "no", 2), -EACCES);
	wdf_object_delete(&mdl->obj);
}

static void wdf_mdl_user_bad_address_test(struct kunit *test)
{
	u8 __user *u = wdf_user_area(test, PAGE_SIZE);
	struct wdf_statistics before, after;
	struct wdf_mdl *mdl = (void *)1;

	KUNIT_ASSERT_FALSE(test, !u);
	wdf_statistics_read(&before);
	/* The range runs off the end of the mapping. */
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_user(NULL, u + 100, PAGE_SIZE,
						  false, &mdl), -EFAULT);
	KUNIT_EXPECT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_user(NULL, NULL, 16, false, &mdl),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_user(NULL, (void __user *)test, 16,
						  false, &mdl), -EFAULT);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_user(NULL, (void __user *)(ULONG_MAX - 8), 16, true,
						  &mdl), -EFAULT);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL], before.live[WDF_TYPE_MDL]);
}

static void wdf_mdl_partial_test(struct kunit *test)
{
	u8 __user *u = wdf_user_area(test, 3 * PAGE_SIZE);
	struct wdf_mdl *src, *part, *rest;
	u8 out[16];
	int i;

	KUNIT_ASSERT_FALSE(test, !u);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_user(NULL, u + 7, 3 * PAGE_SIZE - 7,
						  true, &src), 0);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_partial(NULL, src, PAGE_SIZE, 16,
						     GFP_KERNEL, &part), 0);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(part)->kind, WDF_MDL_PARTIAL);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(part)->length, 16);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_partial(NULL, src, 10, 0,
						     GFP_KERNEL, &rest), 0);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(rest)->length, wdf_mdl_priv(src)->length - 10);
	wdf_object_delete(&rest->obj);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_partial(NULL, src, wdf_mdl_priv(src)->length, 0,
						     GFP_KERNEL, &rest),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_mdl_create_partial(NULL, src, 1, wdf_mdl_priv(src)->length,
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

/*
 * An MDL within one page describes it with the one entry it keeps inside
 * itself (no table allocated); its copies, its DMA mapping and its delete
 * work as with an allocated table.  A range across pages still gets one.
 */
static void wdf_mdl_one_page_sg_table_test(struct kunit *test)
{
	u8 *buf = kunit_kmalloc(test, 3 * PAGE_SIZE, GFP_KERNEL), out[16];
	u8 *at = PTR_ALIGN(buf, PAGE_SIZE);
	struct wdf_mdl *one, *two;
	struct sg_table *sgt;
	struct scatterlist *sg;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, at + 100, 200,
						    GFP_KERNEL, &one), 0);
	sgt = wdf_mdl_sg_table(one);
	KUNIT_ASSERT_NOT_NULL(test, sgt);
	KUNIT_EXPECT_PTR_EQ(test, sgt->sgl, &wdf_mdl_priv(one)->one_sg);
	KUNIT_EXPECT_EQ(test, sgt->orig_nents, 1);
	KUNIT_EXPECT_EQ(test, sgt->nents, 1);
	KUNIT_EXPECT_PTR_EQ(test, sg_page(sgt->sgl), virt_to_page(at));
	KUNIT_EXPECT_EQ(test, sgt->sgl->offset, 100);
	KUNIT_EXPECT_EQ(test, sgt->sgl->length, 200);
	KUNIT_EXPECT_TRUE(test, sg_is_last(sgt->sgl));
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(one, 190, "0123456789",
						       10), 0);
	KUNIT_EXPECT_MEMEQ(test, at + 290, "0123456789", 10);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_to_buffer(one, 190, out, 10), 0);
	KUNIT_EXPECT_MEMEQ(test, out, "0123456789", 10);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(one, 195, out, 10),
			-EOVERFLOW);

	/* 100 bytes on each side of a page boundary: an allocated table. */
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, at + PAGE_SIZE - 100,
						    200, GFP_KERNEL, &two), 0);
	sgt = wdf_mdl_sg_table(two);
	KUNIT_EXPECT_PTR_NE(test, sgt->sgl, &wdf_mdl_priv(two)->one_sg);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(two)->npages, 2);
	KUNIT_EXPECT_EQ(test, wdf_sg_bytes(two), 200);
	for_each_sgtable_sg(sgt, sg, i)
		KUNIT_EXPECT_GT(test, sg->length, 0);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&two->obj), 0);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&one->obj), 0);
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

static struct kunit_case wdf_mdl_cases[] = {
	KUNIT_CASE(wdf_mdl_kmalloc_range_copies_across_pages_test),
	KUNIT_CASE(wdf_mdl_vmalloc_range_copies_across_pages_test),
	KUNIT_CASE(wdf_mdl_bad_arguments_test),
	KUNIT_CASE_PARAM(wdf_mdl_copy_to_matrix_test, wdf_copy_params),
	KUNIT_CASE_PARAM(wdf_mdl_copy_from_matrix_test, wdf_copy_params),
	KUNIT_CASE(wdf_mdl_memory_object_test),
	KUNIT_CASE(wdf_mdl_read_only_memory_test),
	KUNIT_CASE(wdf_mdl_user_memory_test),
	KUNIT_CASE(wdf_mdl_user_read_only_pin_test),
	KUNIT_CASE(wdf_mdl_user_bad_address_test),
	KUNIT_CASE(wdf_mdl_partial_test),
	KUNIT_CASE(wdf_mdl_one_page_sg_table_test),
	KUNIT_CASE(wdf_mdl_deleted_with_parent_test),
	{}
};

static struct kunit_suite wdf_mdl_suite = {
	.name = "wdfmem_mdl",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_mdl_cases,
};

kunit_test_suite(wdf_mdl_suite);
