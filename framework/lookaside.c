// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem lookaside lists: WdfLookasideListCreate and
 * WdfMemoryCreateFromLookaside.
 *
 * Each list owns one kmem_cache (SLAB_NO_MERGE, named after the list) whose
 * entries are whole memory objects: [struct wdf_memory][context][buffer].
 * Every outstanding entry holds a reference on the list's percpu_ref, so
 * the hot path touches only per-CPU data.  Deleting the list runs its
 * cleanup at once; its destroy callback and kmem_cache_destroy() wait for
 * the last entry to come back, in a work item, never with live objects.
 *
 * The counters follow the NT lookaside's names: a hit is an entry the list's
 * cache supplied, a miss an allocation the cache could not satisfy (the
 * caller got -ENOMEM).  SLUB's per-CPU freelists are the lookaside itself,
 * so a freed entry returns to the list's cache, not to a general pool.
 */

#include <linux/ctype.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>
#include "wdf_internal.h"
#include "wdf_trace.h"

static LIST_HEAD(wdf_lookasides);
static DEFINE_MUTEX(wdf_lookasides_lock);
static atomic_t wdf_lookaside_ids = ATOMIC_INIT(0);

static void wdf_lookaside_free(struct wdf_object *obj)
{
	struct wdf_lookaside_private *la =
		container_of(obj, struct wdf_lookaside_private, obj);

	kmem_cache_destroy(la->cache);
	if (la->mem_attr.parent)
		wdf_object_put(la->mem_attr.parent);
	free_percpu(la->stats);
	percpu_ref_exit(&la->entries);
	kfree(la);
}

static void wdf_lookaside_teardown(struct work_struct *work)
{
	struct wdf_lookaside_private *la =
		container_of(work, struct wdf_lookaside_private, teardown);

	mutex_lock(&wdf_lookasides_lock);
	list_del(&la->node);
	mutex_unlock(&wdf_lookasides_lock);
	wdf_object_destroy(&la->obj);
}

/* The last entry is back and the list's own reference is gone. */
static void wdf_lookaside_drained(struct percpu_ref *ref)
{
	struct wdf_lookaside_private *la =
		container_of(ref, struct wdf_lookaside_private, entries);

	queue_work(wdf_wq, &la->teardown);
}

/*
 * The list object's last reference went: stop new entries and drop the
 * list's own entry reference.  The destroy callback runs from the teardown
 * work once the outstanding entries are back.
 */
static void wdf_lookaside_release(struct wdf_object *obj)
{
	struct wdf_lookaside_private *la =
		container_of(obj, struct wdf_lookaside_private, obj);

	percpu_ref_kill(&la->entries);
}

static const struct wdf_object_ops wdf_lookaside_ops = {
	.type = WDF_TYPE_LOOKASIDE,
	.release = wdf_lookaside_release,
	.free = wdf_lookaside_free,
};

/* "wdf-<tag>-<id>", the name of the list's cache. */
static void wdf_lookaside_name(struct wdf_lookaside_private *la, u32 tag)
{
	char t[WDF_TAG_CHARS];

	snprintf(la->name, sizeof(la->name), "wdf-%s-%u", wdf_tag_chars(tag, t),
		 atomic_inc_return(&wdf_lookaside_ids));
}

/*
 * The list's own resources.  On failure, what was made stays in @la for
 * wdf_lookaside_free() to release.
 */
static int wdf_lookaside_alloc(struct wdf_lookaside_private *la, size_t entry)
{
	la->stats = wdf_fail() ? NULL :
		    alloc_percpu(struct wdf_lookaside_stats);
	if (!la->stats)
		return -ENOMEM;
	if (wdf_fail() || percpu_ref_init(&la->entries, wdf_lookaside_drained,
					  0, GFP_KERNEL))
		return -ENOMEM;
	la->cache = wdf_fail() ? NULL :
		    /* Only the buffer may be copied to and from user space. */
		    kmem_cache_create_usercopy(la->name, entry, WDF_ALIGNMENT,
					       SLAB_NO_MERGE, la->offset,
					       la->size, NULL);
	return la->cache ? 0 : -ENOMEM;
}

/* Is this a lookaside list?  A wrong type is a KMDF bugcheck. */
static struct wdf_lookaside_private *wdf_lookaside_get(struct wdf_lookaside *la,
						       const char *what)
{
	if (la && la->obj.ops == &wdf_lookaside_ops)
		return wdf_lookaside_priv(la);
	wdf_misuse("%s of something that is not a lookaside list", what);
	return NULL;
}

/**
 * __wdf_lookaside_create() - create a lookaside list for a driver
 * @drv: the creating driver (wdf_lookaside_create() passes the module's)
 * @list_attr: attributes of the list, or NULL; the parent defaults to @drv
 * @size: buffer size of every entry
 * @pool: WDF_POOL_NONPAGED or WDF_POOL_PAGED
 * @mem_attr: attributes copied into every memory object from the list, or
 *            NULL.  Its parent (never the list, by default @drv) is
 *            referenced for the list's lifetime, so it stays valid.
 * @tag: pool tag; the cache is named "wdf-<tag>-<id>"
 * @out: receives the list, or NULL on failure
 *
 * Context: process context (creating a kmem_cache sleeps).
 * Return: 0; -EINVAL for a NULL @out (with a warning), a zero @size or an
 * unknown @pool; -ENOMEM if an allocation fails or the entry would not fit
 * a slab; -ESHUTDOWN if the parent or driver is being deleted.  On failure
 * nothing stays allocated and no callback runs.
 */
int __wdf_lookaside_create(struct wdf_driver *drv,
			   const struct wdf_object_attributes *list_attr,
			   size_t size, enum wdf_pool_type pool,
			   const struct wdf_object_attributes *mem_attr,
			   u32 tag, struct wdf_lookaside **out)
{
	size_t offset = wdf_object_size(sizeof(struct wdf_memory_private),
					mem_attr ? mem_attr->context_size : 0);
	size_t entry = size_add(offset, size);
	struct wdf_lookaside_private *la;
	int ret;

	if (!out) {
		wdf_misuse("lookaside create with NULL output");
		return -EINVAL;
	}
	*out = NULL;
	if (!size || (pool != WDF_POOL_NONPAGED && pool != WDF_POOL_PAGED))
		return -EINVAL;
	if (entry > KMALLOC_MAX_SIZE)
		return -ENOMEM;
	might_sleep();

	la = wdf_object_alloc(&wdf_lookaside_ops, drv, list_attr, sizeof(*la),
			      0, GFP_KERNEL);
	if (IS_ERR(la))
		return PTR_ERR(la);
	la->size = size;
	la->offset = offset;
	la->pool = pool;
	la->tag = tag;
	INIT_WORK(&la->teardown, wdf_lookaside_teardown);
	wdf_lookaside_name(la, tag);
	ret = wdf_lookaside_alloc(la, entry);
	if (ret) {
		wdf_object_abort(&la->obj);
		return ret;
	}
	if (mem_attr) {
		la->mem_attr = *mem_attr;
		if (mem_attr->parent)
			wdf_object_get(mem_attr->parent);
	}
	/* Never added: freed at once, no callbacks, no teardown. */
	ret = wdf_object_add(&la->obj, list_attr ? list_attr->parent : NULL);
	if (ret)
		return ret;
	mutex_lock(&wdf_lookasides_lock);
	list_add_tail(&la->node, &wdf_lookasides);
	mutex_unlock(&wdf_lookasides_lock);
	*out = &la->pub;
	return 0;
}
EXPORT_SYMBOL_GPL(__wdf_lookaside_create);

/**
 * wdf_memory_create_from_lookaside() - take a memory object from a list
 * @list: the lookaside list
 * @gfp: allocation flags for a non-paged list (GFP_KERNEL for a paged one)
 * @out: receives the memory object, or NULL on failure
 *
 * The object is parented as the list's memory attributes say (never to the
 * list) and goes back to the list when it is destroyed.  As in KMDF, a
 * buffer below PAGE_SIZE is zeroed on every allocation; a larger one is
 * not, unless @gfp has __GFP_ZERO.  The context is always zeroed.
 *
 * Return: 0; -EINVAL (with a warning) if @list is not a lookaside list or
 * @out is NULL; -ESHUTDOWN if the list or the memory parent is being
 * deleted; -ENOMEM if the cache has no entry to give.
 */
int wdf_memory_create_from_lookaside(struct wdf_lookaside *list, gfp_t gfp,
				     struct wdf_memory **out)
{
	struct wdf_lookaside_private *la = wdf_lookaside_get(list, "memory");
	struct wdf_memory_private *mem;
	int ret;

	if (!la)
		return -EINVAL;
	if (!out) {
		wdf_misuse("memory from lookaside with NULL output");
		return -EINVAL;
	}
	*out = NULL;
	if (atomic_read(&la->obj.state) != WDF_STATE_CREATED ||
	    !percpu_ref_tryget_live(&la->entries))
		return -ESHUTDOWN;

	if (la->pool == WDF_POOL_PAGED)
		gfp = GFP_KERNEL | (gfp & __GFP_ZERO);
	mem = wdf_fail() ? NULL :
	      kmem_cache_alloc(la->cache, gfp & ~__GFP_ZERO);
	if (!mem) {
		this_cpu_inc(la->stats->misses);
		percpu_ref_put(&la->entries);
		return -ENOMEM;
	}
	ret = wdf_object_setup(mem, &wdf_memory_ops, la->obj.driver,
			       &la->mem_attr, sizeof(*mem));
	if (ret) {
		kmem_cache_free(la->cache, mem);
		percpu_ref_put(&la->entries);
		return ret;
	}
	this_cpu_inc(la->stats->hits);
	trace_wdfmem_lookaside_alloc(la->name, mem, la->size);
	mem->buffer = (void *)mem + la->offset;
	/*
	 * KMDF zeroes the whole entry of a list below PAGE_SIZE on every
	 * allocation (FxNPagedLookasideList; a paged list's small buffers
	 * too) and leaves larger buffers as they are: a recycled entry must
	 * not hand one caller's bytes, or a freed object's pointers, to the
	 * next.  __GFP_ZERO zeroes a large one as well.
	 */
	if (la->size < PAGE_SIZE || (gfp & __GFP_ZERO))
		memset(mem->buffer, 0, la->size);
	mem->size = la->size;
	mem->tag = la->tag;
	mem->kind = WDF_MEMORY_LOOKASIDE;
	mem->lookaside = la;
	wdf_bytes_add(la->size);
	ret = wdf_object_add(&mem->obj, la->mem_attr.parent);
	if (ret)
		return ret;
	*out = &mem->pub;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_memory_create_from_lookaside);

/* Give an entry back to its list; called when the memory object dies. */
void wdf_lookaside_entry_free(struct wdf_memory_private *mem)
{
	struct wdf_lookaside_private *la = mem->lookaside;

	wdf_bytes_add(-(s64)la->size);
	trace_wdfmem_lookaside_free(la->name, mem, la->size);
	kmem_cache_free(la->cache, mem);
	this_cpu_inc(la->stats->frees);
	percpu_ref_put(&la->entries);
}

/**
 * wdf_lookaside_trim() - return a list's unused entries to the system
 * @la: the lookaside list
 *
 * Frees the cache's empty slabs (kmem_cache_shrink()).  Outstanding entries
 * are untouched.
 *
 * Context: process context.
 */
void wdf_lookaside_trim(struct wdf_lookaside *la)
{
	struct wdf_lookaside_private *l = wdf_lookaside_get(la, "trim");

	if (l)
		kmem_cache_shrink(l->cache);
}
EXPORT_SYMBOL_GPL(wdf_lookaside_trim);

/**
 * wdf_lookaside_read_counters() - a lookaside list's counters
 * @la: the list
 * @c: receives the counters
 *
 * Return: 0, or -EINVAL (with a warning) if @la is not a lookaside list.
 */
int wdf_lookaside_read_counters(struct wdf_lookaside *la,
				struct wdf_lookaside_counters *c)
{
	struct wdf_lookaside_private *l = wdf_lookaside_get(la, "counters");
	u64 hits = 0, misses = 0, frees = 0;
	int cpu;

	if (!l)
		return -EINVAL;
	for_each_possible_cpu(cpu) {
		struct wdf_lookaside_stats *s = per_cpu_ptr(l->stats, cpu);

		hits += READ_ONCE(s->hits);
		misses += READ_ONCE(s->misses);
		frees += READ_ONCE(s->frees);
	}
	c->hits = hits;
	c->misses = misses;
	c->outstanding = hits - frees;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_lookaside_read_counters);

/* debugfs "lookasides": one line per list still holding its cache. */
void wdf_lookaside_show(struct seq_file *m)
{
	struct wdf_lookaside_counters c;
	struct wdf_lookaside_private *la;

	seq_printf(m, "%-24s %10s %12s %12s %12s\n", "name", "size", "hits",
		   "misses", "outstanding");
	mutex_lock(&wdf_lookasides_lock);
	list_for_each_entry(la, &wdf_lookasides, node) {
		wdf_lookaside_read_counters(&la->pub, &c);
		seq_printf(m, "%-24s %10zu %12llu %12llu %12llu\n", la->name,
			   la->size, c.hits, c.misses, c.outstanding);
	}
	mutex_unlock(&wdf_lookasides_lock);
}
