// SPDX-License-Identifier: GPL-2.0
/*
 * The copy boundary matrix, run against every checked copy the framework
 * has: memory objects and MDLs, in both directions.
 */

#include "harness.h"

/*
 * For a buffer of WDF_COPY_SIZE bytes, every offset in {0, size-1, size,
 * size+1, SIZE_MAX} with every length in {0, 1, size-offset,
 * size-offset+1, SIZE_MAX}.  The expected errno is written out for each
 * row, not derived from the code under test.
 */
static const struct wdf_copy_case wdf_copy_cases[] = {
	{ 0, 0, -EINVAL, "off 0 len 0" },
	{ 0, 1, 0, "off 0 len 1" },
	{ 0, WDF_COPY_SIZE, 0, "off 0 len size" },
	{ 0, WDF_COPY_SIZE + 1, -EOVERFLOW, "off 0 len size+1" },
	{ 0, SIZE_MAX, -EOVERFLOW, "off 0 len SIZE_MAX" },
	{ WDF_COPY_SIZE - 1, 0, -EINVAL, "off size-1 len 0" },
	{ WDF_COPY_SIZE - 1, 1, 0, "off size-1 len 1" },
	{ WDF_COPY_SIZE - 1, 2, -EOVERFLOW, "off size-1 len 2" },
	{ WDF_COPY_SIZE - 1, SIZE_MAX, -EOVERFLOW, "off size-1 len SIZE_MAX" },
	{ WDF_COPY_SIZE, 0, -EINVAL, "off size len 0" },
	{ WDF_COPY_SIZE, 1, -EOVERFLOW, "off size len 1" },
	{ WDF_COPY_SIZE, SIZE_MAX, -EOVERFLOW, "off size len SIZE_MAX" },
	{ WDF_COPY_SIZE + 1, 1, -EOVERFLOW, "off size+1 len 1" },
	{ WDF_COPY_SIZE + 1, SIZE_MAX, -EOVERFLOW, "off size+1 len SIZE_MAX" },
	{ SIZE_MAX, 0, -EINVAL, "off SIZE_MAX len 0" },
	{ SIZE_MAX, 1, -EOVERFLOW, "off SIZE_MAX len 1" },
	{ SIZE_MAX, SIZE_MAX, -EOVERFLOW, "off SIZE_MAX len SIZE_MAX" },
	{ 1, WDF_COPY_SIZE - 1, 0, "off 1 len size-1" },
	{ 1, WDF_COPY_SIZE, -EOVERFLOW, "off 1 len size" },
};

KUNIT_ARRAY_PARAM_DESC(wdf_copy, wdf_copy_cases, name);

/* The rows of the matrix, for KUNIT_CASE_PARAM. */
const void *wdf_copy_params(const void *prev, char *desc)
{
	return wdf_copy_gen_params(prev, desc);
}

/**
 * wdf_copy_matrix_run() - one row of the matrix against one copy
 * @test: the case, whose parameter is the row
 * @t: the object to copy to or from
 * @to_buffer: copy from the object to a buffer, else from a buffer into it
 *
 * Checks the errno, the "copies_rejected" statistic, and that a refused
 * copy changes neither side while an accepted one changes exactly the
 * bytes it names.
 */
void wdf_copy_matrix_run(struct kunit *test, const struct wdf_copy_target *t,
			 bool to_buffer)
{
	const struct wdf_copy_case *c = test->param_value;
	u8 obj_before[WDF_COPY_SIZE], *obj, *raw, *raw_before;
	struct wdf_statistics before, after;
	size_t raw_len = WDF_COPY_SIZE + 2;
	void *handle;
	size_t n;
	int ret;

	obj = t->create(test, WDF_COPY_SIZE, &handle);
	raw = kunit_kmalloc(test, raw_len, GFP_KERNEL);
	raw_before = kunit_kmalloc(test, raw_len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	KUNIT_ASSERT_NOT_NULL(test, raw);
	KUNIT_ASSERT_NOT_NULL(test, raw_before);
	for (n = 0; n < WDF_COPY_SIZE; n++)
		obj_before[n] = (u8)(n * 7 + 1);
	for (n = 0; n < raw_len; n++)
		raw_before[n] = (u8)(0xc0 ^ n);
	memcpy(obj, obj_before, WDF_COPY_SIZE);
	memcpy(raw, raw_before, raw_len);

	wdf_statistics_read(&before);
	if (to_buffer)
		ret = t->to(handle, c->offset, raw, c->count);
	else
		ret = t->from(handle, c->offset, raw, c->count);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, ret, c->expect);
	KUNIT_EXPECT_EQ(test, after.copies_rejected - before.copies_rejected,
			c->expect == -EOVERFLOW ? 1ULL : 0ULL);

	if (ret) {
		/* Refused: neither side changed. */
		KUNIT_EXPECT_MEMEQ(test, obj, obj_before, WDF_COPY_SIZE);
		KUNIT_EXPECT_MEMEQ(test, raw, raw_before, raw_len);
	} else if (to_buffer) {
		KUNIT_EXPECT_MEMEQ(test, raw, obj_before + c->offset, c->count);
		KUNIT_EXPECT_MEMEQ(test, raw + c->count, raw_before + c->count,
				   raw_len - c->count);
		KUNIT_EXPECT_MEMEQ(test, obj, obj_before, WDF_COPY_SIZE);
	} else {
		KUNIT_EXPECT_MEMEQ(test, obj, obj_before, c->offset);
		KUNIT_EXPECT_MEMEQ(test, obj + c->offset, raw, c->count);
		KUNIT_EXPECT_MEMEQ(test, obj + c->offset + c->count,
				   obj_before + c->offset + c->count,
				   WDF_COPY_SIZE - c->offset - c->count);
	}
	t->destroy(handle);
}
