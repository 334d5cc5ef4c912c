// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem alignment helpers (WDF_ALIGN_SIZE_UP/DOWN).
 */

#include "harness.h"

static void wdf_align_up_rounds_to_next_multiple_test(struct kunit *test)
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

static void wdf_align_down_rounds_to_previous_multiple_test(struct kunit *test)
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

static struct kunit_case wdf_align_cases[] = {
	KUNIT_CASE(wdf_align_up_rounds_to_next_multiple_test),
	KUNIT_CASE(wdf_align_down_rounds_to_previous_multiple_test),
	KUNIT_CASE(wdf_align_up_overflow_test),
	KUNIT_CASE(wdf_align_bad_alignment_test),
	{}
};

static struct kunit_suite wdf_align_suite = {
	.name = "wdfmem_align",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_align_cases,
};

kunit_test_suite(wdf_align_suite);
