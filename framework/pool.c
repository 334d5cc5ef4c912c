// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem local buffers: ExAllocatePoolWithTag and ExFreePoolWithTag.
 *
 * Each buffer carries a small header with its tag and size, as NT's pool
 * does, so a free can check the tag and the statistics can count bytes per
 * tag.  Tags live in an xarray (lock-free lookups); each tag's counters are
 * per CPU, so allocating never takes a lock once the tag has been seen.
 */

#include <linux/ctype.h>
#include <linux/seq_file.h>
#include <linux/xarray.h>
#include "wdf_internal.h"

#define WDF_POOL_MAGIC	0x57444650	/* "WDFP" */

struct wdf_pool_header {
	u32 magic;
	u32 tag;
	size_t size;
} __aligned(WDF_ALIGNMENT);

struct wdf_tag_counters {
	u64 allocs;
	u64 frees;
	u64 bytes_allocated;
	u64 bytes_freed;
};

static DEFINE_XARRAY(wdf_tags);

/* The xarray keeps per-CPU pointers as plain entries. */
static struct wdf_tag_counters __percpu *wdf_tag_entry(void *entry)
{
	return (struct wdf_tag_counters __force __percpu *)entry;
}

static struct wdf_tag_counters __percpu *wdf_tag_get(u32 tag, gfp_t gfp)
{
	struct wdf_tag_counters __percpu *c;
	void *old;

	c = wdf_tag_entry(xa_load(&wdf_tags, tag));
	if (c)
		return c;
	c = wdf_fail() ? NULL : alloc_percpu_gfp(struct wdf_tag_counters, gfp);
	if (!c)
		return NULL;
	old = xa_cmpxchg(&wdf_tags, tag, NULL, (void __force *)c, gfp);
	if (!old)
		return c;
	free_percpu(c);
	/* Another CPU won the race, or the xarray could not grow. */
	return xa_is_err(old) ? NULL : (void __percpu __force *)old;
}

/**
 * __wdf_pool_alloc() - allocate a tagged local buffer (ExAllocatePoolWithTag)
 * @drv: the allocating driver (wdf_pool_alloc() passes the module's); with
 *       the verifier on for it the buffer is tracked, and reported and
 *       freed if it is still allocated when the driver is deleted
 * @pool: WDF_POOL_NONPAGED (kmalloc) or WDF_POOL_PAGED (kvmalloc)
 * @gfp: allocation flags
 * @size: bytes wanted
 * @tag: pool tag, counted in debugfs "tags"
 *
 * The buffer is aligned to 16 bytes and not zeroed unless @gfp has
 * __GFP_ZERO.
 *
 * Return: the buffer, or NULL for a zero @size, an unknown @pool or a
 * failed allocation.
 */
void *__wdf_pool_alloc(struct wdf_driver *drv, enum wdf_pool_type pool,
		       gfp_t gfp, size_t size, u32 tag)
{
	struct wdf_tag_counters __percpu *c;
	size_t total = size_add(sizeof(struct wdf_pool_header), size);
	struct wdf_pool_header *h;

	if (!size || (pool != WDF_POOL_NONPAGED && pool != WDF_POOL_PAGED))
		return NULL;
	c = wdf_tag_get(tag, gfp & ~__GFP_ZERO);
	if (!c || wdf_fail())
		return NULL;
	if (pool == WDF_POOL_PAGED)
		h = total > INT_MAX ? NULL : kvmalloc(total, gfp);
	else
		h = total > KMALLOC_MAX_SIZE ? NULL : kmalloc(total, gfp);
	if (!h)
		return NULL;
	h->magic = WDF_POOL_MAGIC;
	h->tag = tag;
	h->size = size;
	this_cpu_inc(c->allocs);
	this_cpu_add(c->bytes_allocated, size);
	wdf_bytes_add(size);
	if (unlikely(wdf_verifier_on(drv)))
		wdf_verifier_track_buffer(drv, h + 1, size, tag);
	return h + 1;
}
EXPORT_SYMBOL_GPL(__wdf_pool_alloc);

/**
 * wdf_pool_free() - free a local buffer (ExFreePoolWithTag)
 * @buffer: a buffer from wdf_pool_alloc()
 * @tag: the tag it was allocated with, or 0 to skip the check
 *
 * A tag that does not match is refused and the buffer is not freed (NT
 * bugchecks).
 *
 * Return: 0, or -EINVAL (with a warning) for NULL, a buffer that is not a
 * local buffer, or a wrong tag.
 */
int wdf_pool_free(void *buffer, u32 tag)
{
	struct wdf_tag_counters __percpu *c;
	struct wdf_pool_header *h;

	if (!buffer) {
		wdf_misuse("free of a NULL local buffer");
		return -EINVAL;
	}
	h = (struct wdf_pool_header *)buffer - 1;
	if (h->magic != WDF_POOL_MAGIC) {
		wdf_misuse("free of %p, which is not a local buffer", buffer);
		return -EINVAL;
	}
	if (tag && h->tag != tag) {
		wdf_misuse("free of %p with tag %08x, allocated with %08x",
			   buffer, tag, h->tag);
		return -EINVAL;
	}
	c = wdf_tag_entry(xa_load(&wdf_tags, h->tag));
	this_cpu_inc(c->frees);
	this_cpu_add(c->bytes_freed, h->size);
	wdf_bytes_add(-(s64)h->size);
	wdf_verifier_untrack(buffer);
	h->magic = 0;
	kvfree(h);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_pool_free);

static void wdf_tag_sum(struct wdf_tag_counters __percpu *c,
			struct wdf_tag_statistics *s)
{
	u64 allocs = 0, frees = 0, bytes = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct wdf_tag_counters *p = per_cpu_ptr(c, cpu);

		allocs += READ_ONCE(p->allocs);
		frees += READ_ONCE(p->frees);
		bytes += READ_ONCE(p->bytes_allocated) - READ_ONCE(p->bytes_freed);
	}
	s->allocs = allocs;
	s->frees = frees;
	s->bytes_live = bytes;
}

/**
 * wdf_pool_tag_read() - the local-buffer counters of one pool tag
 * @tag: the tag
 * @s: receives the counters
 *
 * Return: 0, or -ENOENT if no buffer was ever allocated with @tag (@s is
 * zeroed then).
 */
int wdf_pool_tag_read(u32 tag, struct wdf_tag_statistics *s)
{
	struct wdf_tag_counters __percpu *c;

	c = wdf_tag_entry(xa_load(&wdf_tags, tag));
	memset(s, 0, sizeof(*s));
	if (!c)
		return -ENOENT;
	wdf_tag_sum(c, s);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_pool_tag_read);

/**
 * wdf_tag_chars() - a pool tag as the four characters it was written with
 * @tag: the tag (WDF_TAG('a', 'b', 'c', 'd') or KMDF's 'dcba')
 * @buf: WDF_TAG_CHARS bytes
 *
 * Letters and digits as they are, '.' for any other byte, so the result is
 * one word in debugfs columns and a valid cache name.
 *
 * Return: @buf.
 */
char *wdf_tag_chars(u32 tag, char buf[WDF_TAG_CHARS])
{
	int i;

	for (i = 0; i < 4; i++) {
		char c = (tag >> (8 * i)) & 0xff;

		buf[i] = isalnum(c) ? c : '.';
	}
	buf[4] = '\0';
	return buf;
}

/* debugfs "tags": per tag, buffers and bytes live, and totals. */
void wdf_tags_show(struct seq_file *m)
{
	struct wdf_tag_statistics s;
	unsigned long tag;
	void *entry;

	seq_printf(m, "%-8s %-6s %12s %12s %12s %14s\n", "tag", "chars",
		   "allocs", "frees", "live", "bytes_live");
	xa_for_each(&wdf_tags, tag, entry) {
		char t[WDF_TAG_CHARS];

		wdf_tag_sum(wdf_tag_entry(entry), &s);
		seq_printf(m, "%08lx %-6s %12llu %12llu %12llu %14llu\n", tag,
			   wdf_tag_chars(tag, t), s.allocs, s.frees,
			   s.allocs - s.frees, s.bytes_live);
	}
}

void wdf_tags_exit(void)
{
	unsigned long tag;
	void *entry;

	xa_for_each(&wdf_tags, tag, entry)
		free_percpu(wdf_tag_entry(entry));
	xa_destroy(&wdf_tags);
}
