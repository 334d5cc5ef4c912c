// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem memory descriptors: validation and transfer length of a
 * WDF_MEMORY_DESCRIPTOR, as KMDF's ValidateMemoryDescriptor and
 * ValidateMemoryOffsets do it, with every range checked for overflow.
 */

#include <linux/overflow.h>
#include <wdf/descriptor.h>
#include "wdf_internal.h"

/**
 * wdf_memory_descriptor_validate() - check a descriptor before using it
 * @d: the descriptor, or NULL
 * @flags: WDF_MEMDESC_NULL_ALLOWED, WDF_MEMDESC_NO_BUFFER_ALLOWED
 *
 * Return: 0; -EINVAL for a NULL descriptor or buffer that @flags do not
 * allow, a NULL buffer with a nonzero length, an unknown type, or a handle
 * that is not a memory object (with a warning); -EOVERFLOW for an MDL
 * length past the MDL's end or a window past the memory object's end or
 * overflowing.
 */
int wdf_memory_descriptor_validate(const struct wdf_memory_descriptor *d,
				   unsigned int flags)
{
	bool no_buffer_ok = flags & WDF_MEMDESC_NO_BUFFER_ALLOWED;
	const struct wdf_memory_offset *o;
	size_t size;

	if (!d)
		return flags & WDF_MEMDESC_NULL_ALLOWED ? 0 : -EINVAL;
	switch (d->type) {
	case WDF_MEMDESC_BUFFER:
		if (!d->buffer.buffer)
			return no_buffer_ok && !d->buffer.length ? 0 : -EINVAL;
		return 0;
	case WDF_MEMDESC_MDL:
		if (!d->mdl.mdl)
			return no_buffer_ok && !d->mdl.length ? 0 : -EINVAL;
		if (wdf_object_get_type(&d->mdl.mdl->obj) != WDF_TYPE_MDL) {
			wdf_misuse("descriptor names an object that is not an MDL");
			return -EINVAL;
		}
		return d->mdl.length > wdf_mdl_priv(d->mdl.mdl)->length ?
		       -EOVERFLOW : 0;
	case WDF_MEMDESC_HANDLE:
		if (!d->handle.memory)
			return no_buffer_ok ? 0 : -EINVAL;
		if (!wdf_memory_get_buffer(d->handle.memory, &size))
			return -EINVAL;
		/*
		 * The window must not wrap or pass the end (KMDF:
		 * STATUS_INTEGER_OVERFLOW); length 0 runs to the end, so
		 * offset == size with length 0 is an empty window that passes.
		 */
		o = d->handle.offsets;
		if (o && range_end_overflows(o->offset, o->length, size))
			return -EOVERFLOW;
		return 0;
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL_GPL(wdf_memory_descriptor_validate);

/**
 * wdf_memory_descriptor_length() - bytes a descriptor transfers
 * @d: a descriptor that passed wdf_memory_descriptor_validate()
 * @length: receives the length
 *
 * Buffer: its length.  MDL: the length given, or the MDL's whole length
 * for 0.  Handle: the object's size without offsets or with both zero, the
 * rest after the offset for a zero length, else the length given.
 *
 * Return: 0, or the error of wdf_memory_descriptor_validate(d, 0).
 */
int wdf_memory_descriptor_length(const struct wdf_memory_descriptor *d,
				 size_t *length)
{
	const struct wdf_memory_offset *o;
	size_t size;
	int ret;

	ret = wdf_memory_descriptor_validate(d, 0);
	if (ret)
		return ret;
	switch (d->type) {
	case WDF_MEMDESC_BUFFER:
		*length = d->buffer.length;
		break;
	case WDF_MEMDESC_MDL:
		*length = d->mdl.length ?: wdf_mdl_priv(d->mdl.mdl)->length;
		break;
	default:
		wdf_memory_get_buffer(d->handle.memory, &size);
		o = d->handle.offsets;
		*length = o ? wdf_length_or_rest(o->offset, o->length, size) :
			  size;
		break;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_memory_descriptor_length);
