/* SPDX-License-Identifier: GPL-2.0 */
/*
 * WDF_MEMORY_DESCRIPTOR: a buffer, an MDL, or a memory object with an
 * optional offset and length.
 */
#ifndef _WDF_DESCRIPTOR_H
#define _WDF_DESCRIPTOR_H

#include <linux/string.h>
#include <wdf/mdl.h>

/**
 * enum wdf_memory_descriptor_type - what a descriptor points at
 * @WDF_MEMDESC_INVALID: nothing (a zeroed descriptor)
 * @WDF_MEMDESC_BUFFER: a kernel buffer and its length
 * @WDF_MEMDESC_MDL: an MDL and the bytes of it to use
 * @WDF_MEMDESC_HANDLE: a memory object, with optional offsets
 */
enum wdf_memory_descriptor_type {
	WDF_MEMDESC_INVALID,
	WDF_MEMDESC_BUFFER,
	WDF_MEMDESC_MDL,
	WDF_MEMDESC_HANDLE,
};

/**
 * struct wdf_memory_offset - a window into a memory object (WDFMEMORY_OFFSET)
 * @offset: first byte
 * @length: bytes; 0 means everything after @offset
 */
struct wdf_memory_offset {
	size_t offset;
	size_t length;
};

/**
 * struct wdf_memory_descriptor - WDF_MEMORY_DESCRIPTOR
 * @type: an enum wdf_memory_descriptor_type
 * @buffer: for WDF_MEMDESC_BUFFER: @buffer.buffer and @buffer.length
 * @mdl: for WDF_MEMDESC_MDL: @mdl.mdl and @mdl.length (0: the whole MDL)
 * @handle: for WDF_MEMDESC_HANDLE: @handle.memory and @handle.offsets (NULL:
 *          the whole object)
 */
struct wdf_memory_descriptor {
	enum wdf_memory_descriptor_type type;
	union {
		struct {
			void *buffer;
			size_t length;
		} buffer;
		struct {
			struct wdf_mdl *mdl;
			size_t length;
		} mdl;
		struct {
			struct wdf_memory *memory;
			const struct wdf_memory_offset *offsets;
		} handle;
	};
};

/* Flags of wdf_memory_descriptor_validate(). */
#define WDF_MEMDESC_NULL_ALLOWED	BIT(0)	/* a NULL descriptor is fine */
#define WDF_MEMDESC_NO_BUFFER_ALLOWED	BIT(1)	/* a NULL buffer is fine */

/**
 * wdf_memory_descriptor_init_buffer() - describe a kernel buffer
 * @d: the descriptor
 * @buffer: the buffer
 * @length: its length
 */
static inline void
wdf_memory_descriptor_init_buffer(struct wdf_memory_descriptor *d,
				  void *buffer, size_t length)
{
	memset(d, 0, sizeof(*d));
	d->type = WDF_MEMDESC_BUFFER;
	d->buffer.buffer = buffer;
	d->buffer.length = length;
}

/**
 * wdf_memory_descriptor_init_mdl() - describe an MDL
 * @d: the descriptor
 * @mdl: the MDL
 * @length: bytes of it to use, 0 for all
 */
static inline void
wdf_memory_descriptor_init_mdl(struct wdf_memory_descriptor *d,
			       struct wdf_mdl *mdl, size_t length)
{
	memset(d, 0, sizeof(*d));
	d->type = WDF_MEMDESC_MDL;
	d->mdl.mdl = mdl;
	d->mdl.length = length;
}

/**
 * wdf_memory_descriptor_init_handle() - describe a memory object
 * @d: the descriptor
 * @memory: the memory object
 * @offsets: a window, or NULL for the whole object
 */
static inline void
wdf_memory_descriptor_init_handle(struct wdf_memory_descriptor *d,
				  struct wdf_memory *memory,
				  const struct wdf_memory_offset *offsets)
{
	memset(d, 0, sizeof(*d));
	d->type = WDF_MEMDESC_HANDLE;
	d->handle.memory = memory;
	d->handle.offsets = offsets;
}

int wdf_memory_descriptor_validate(const struct wdf_memory_descriptor *d,
				   unsigned int flags);
int wdf_memory_descriptor_length(const struct wdf_memory_descriptor *d,
				 size_t *length);

#endif /* _WDF_DESCRIPTOR_H */
