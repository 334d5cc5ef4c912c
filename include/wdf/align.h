/* SPDX-License-Identifier: GPL-2.0 */
/*
 * WDF_ALIGN_SIZE_UP / WDF_ALIGN_SIZE_DOWN that refuse a bad alignment and
 * report overflow instead of wrapping.
 */
#ifndef _WDF_ALIGN_H
#define _WDF_ALIGN_H

#include <linux/errno.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/types.h>

/**
 * wdf_align_size_down() - round a length down to a multiple of an alignment
 * @length: the length
 * @alignment: a power of two
 * @result: receives the rounded length; untouched on error
 *
 * Return: 0, or -EINVAL if @alignment is not a power of two (0 included).
 */
static inline int wdf_align_size_down(size_t length, size_t alignment,
				      size_t *result)
{
	if (!is_power_of_2(alignment))
		return -EINVAL;
	*result = length & ~(alignment - 1);
	return 0;
}

/**
 * wdf_align_size_up() - round a length up to a multiple of an alignment
 * @length: the length
 * @alignment: a power of two
 * @result: receives the rounded length; untouched on error
 *
 * Return: 0, -EINVAL if @alignment is not a power of two (0 included), or
 * -EOVERFLOW if the rounded length does not fit in a size_t (where
 * WDF_ALIGN_SIZE_UP would wrap to a value below @length).
 */
static inline int wdf_align_size_up(size_t length, size_t alignment,
				    size_t *result)
{
	size_t sum;

	if (!is_power_of_2(alignment))
		return -EINVAL;
	if (check_add_overflow(length, alignment - 1, &sum))
		return -EOVERFLOW;
	*result = sum & ~(alignment - 1);
	return 0;
}

#endif /* _WDF_ALIGN_H */
