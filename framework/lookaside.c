// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem lookaside lists: WdfLookasideListCreate and
 * WdfMemoryCreateFromLookaside, with the NT executive's adaptive depth.
 *
 * Each list owns one kmem_cache (SLAB_NO_MERGE, named after the list) whose
 * entries are whole memory objects: [struct wdf_memory][context][buffer].
 * In front of it, each CPU keeps its free entries, at most the list's
 * depth: the most recently freed one in a slot of its own, taken and filled
 * with atomic exchanges and no lock, and the older ones on a stack linked
 * through the entries themselves, under a lock of its own taken with
 * interrupts off.  An allocation takes its CPU's slot, else pops the stack,
 * else (an allocate miss) asks the cache; a free fills the slot and pushes
 * what was in it, or when the CPU keeps its depth already (a free miss)
 * gives an entry back to the cache.  Nothing is shared between CPUs on
 * these paths, and an allocation and a free in turn take no lock.
 *
 * About once a second a deferrable work item, armed only while some list
 * holds free entries, sets each list's depth from the last period: no
 * allocations drop it to the minimum; few lower it by 10; a miss rate
 * below 0.5% lowers it by 1; more misses raise it by 5 plus a share of the
 * way to the maximum that grows with the miss rate.  Entries above the new
 * depth go back to the cache (all of them, for a list that was idle), and
 * the cache gives back its empty slabs.  A
 * shrinker hands the free entries of every list to the kernel when it
 * reclaims memory.
 *
 * Every outstanding entry holds a reference on the list's percpu_ref.
 * Deleting the list runs its cleanup at once; its destroy callback and
 * kmem_cache_destroy() wait for the last entry to come back, in a work
 * item, never with live objects.
 *
 * With the verifier on for the list's driver, freed entries go straight
 * back to the cache, so that KASAN sees a use after free.
 */

#include <linux/ctype.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>
#include "wdf_construct.h"
#include "wdf_trace.h"

/* The depth scan's period, NT's one second. */
#define WDF_LOOKASIDE_PERIOD	HZ
/* Fewer allocations than this in a period are a list in little use. */
#define WDF_LOOKASIDE_BUSY	75

static LIST_HEAD(wdf_lookasides);
static DEFINE_MUTEX(wdf_lookasides_lock);	/* writers of wdf_lookasides */
static atomic_t wdf_lookaside_ids = ATOMIC_INIT(0);

static void wdf_lookaside_scan(struct work_struct *work);
static DECLARE_DEFERRABLE_WORK(wdf_lookaside_scan_work, wdf_lookaside_scan);
static atomic_t wdf_lookaside_scan_armed = ATOMIC_INIT(0);

/*
 * Run the depth scan a period from now, unless it is already due.  A push
 * racing with a scan that has just cleared the flag may leave the scan
 * unarmed until the next push; the shrinker still sees those entries.
 */
static void wdf_lookaside_arm_scan(void)
{
	if (!atomic_read(&wdf_lookaside_scan_armed) &&
	    !atomic_xchg(&wdf_lookaside_scan_armed, 1))
		queue_delayed_work(wdf_wq, &wdf_lookaside_scan_work,
				   WDF_LOOKASIDE_PERIOD);
}

/* One CPU's free entries: its stack and its slot. */
static unsigned int wdf_lookaside_cpu_free(const struct wdf_lookaside_cpu *c)
{
	return READ_ONCE(c->count) + !!READ_ONCE(c->hot);
}

/*
 * Take up to @max free entries off one CPU, its slot first, onto the chain
 * @chain; the caller frees them to the cache outside the lock.
 */
static unsigned int wdf_lookaside_take(struct wdf_lookaside_cpu *c,
				       unsigned int max, void **chain)
{
	unsigned long flags;
	unsigned int n = 0;
	void *e;

	e = max ? xchg(&c->hot, NULL) : NULL;
	if (e) {
		*(void **)e = *chain;
		*chain = e;
		n++;
	}
	spin_lock_irqsave(&c->lock, flags);
	while (n < max && (e = c->head)) {
		c->head = *(void **)e;
		c->count--;
		*(void **)e = *chain;
		*chain = e;
		n++;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	return n;
}

static void wdf_lookaside_free_chain(struct wdf_lookaside_private *la,
				     void *chain)
{
	while (chain) {
		void *next = *(void **)chain;

		kmem_cache_free(la->cache, chain);
		chain = next;
	}
}

/*
 * Give back free entries above @keep on every CPU, at most @max in all.
 * Return: the entries given back.
 */
static unsigned long wdf_lookaside_trim_to(struct wdf_lookaside_private *la,
					   unsigned int keep,
					   unsigned long max)
{
	unsigned long freed = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct wdf_lookaside_cpu *c = per_cpu_ptr(la->cpu, cpu);
		unsigned int over = wdf_lookaside_cpu_free(c);
		void *chain = NULL;

		if (over <= keep || freed >= max)
			continue;
		over = min_t(unsigned long, over - keep, max - freed);
		freed += wdf_lookaside_take(c, over, &chain);
		wdf_lookaside_free_chain(la, chain);
	}
	return freed;
}

static void wdf_lookaside_free(struct wdf_object *obj)
{
	struct wdf_lookaside_private *la =
		container_of(obj, struct wdf_lookaside_private, obj);

	if (!list_empty(&la->node)) {
		mutex_lock(&wdf_lookasides_lock);
		list_del_rcu(&la->node);
		mutex_unlock(&wdf_lookasides_lock);
		/* The shrinker walks the lists under RCU only. */
		synchronize_rcu();
	}
	if (la->cpu) {
		wdf_lookaside_trim_to(la, 0, ULONG_MAX);
		free_percpu(la->cpu);
	}
	kmem_cache_destroy(la->cache);
	if (la->mem_attr.parent)
		wdf_object_put(la->mem_attr.parent);
	percpu_ref_exit(&la->entries);
	kfree(la);
}

static void wdf_lookaside_teardown(struct work_struct *work)
{
	struct wdf_lookaside_private *la =
		container_of(work, struct wdf_lookaside_private, teardown);

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
	.id = WDF_OPS_LOOKASIDE,
	.size = sizeof(struct wdf_lookaside_private),
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
	int cpu;

	la->cpu = wdf_fail() ? NULL : alloc_percpu(struct wdf_lookaside_cpu);
	if (!la->cpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		spin_lock_init(&per_cpu_ptr(la->cpu, cpu)->lock);
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

/*
 * An entry for a new memory object: its CPU's most recently freed one, or
 * (an allocate miss) a new one from the cache.  The caller counts the
 * allocate: under its driver list's lock when the object joins it.
 */
static void *wdf_lookaside_get_entry(struct wdf_lookaside_private *la,
				     gfp_t gfp)
{
	/* Moved to another CPU since?  The exchange and the lock still hold. */
	struct wdf_lookaside_cpu *c = raw_cpu_ptr(la->cpu);
	unsigned long flags;
	void *e;

	e = xchg(&c->hot, NULL);
	if (e)
		return e;
	spin_lock_irqsave(&c->lock, flags);
	e = c->head;
	if (e) {
		c->head = *(void **)e;
		c->count--;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (e)
		return e;
	this_cpu_inc(la->cpu->allocate_misses);
	e = wdf_fail() ? NULL : kmem_cache_alloc(la->cache, gfp & ~__GFP_ZERO);
	if (!e)
		this_cpu_inc(la->cpu->failed);
	return e;
}

/*
 * Take back the entry of a memory object that is gone: keep it in this
 * CPU's slot, the slot's older entry going onto the stack, while the CPU
 * keeps fewer than the list's depth; else (a free miss) give one back to
 * the cache.  Drops the entry's list reference.  Counts the free unless
 * the entry's delete did (!@count: wdf_entry_uncount_irqsoff()).
 */
static __always_inline void
wdf_lookaside_put_entry(struct wdf_lookaside_private *la, void *e, bool count)
{
	struct wdf_lookaside_cpu *c = raw_cpu_ptr(la->cpu);
	unsigned int depth = READ_ONCE(la->depth);
	unsigned long flags;
	bool keep;

	if (count)
		this_cpu_inc(la->cpu->frees);
	/* A full stack (with the slot empty) keeps the depth already. */
	keep = wdf_object_state(&la->obj) == WDF_STATE_CREATED &&
	       !wdf_verifier_on(la->obj.driver) && READ_ONCE(c->count) < depth;
	if (keep) {
		e = xchg(&c->hot, e);
		if (e) {
			spin_lock_irqsave(&c->lock, flags);
			/* The slot is full: room for the stack's entries. */
			keep = c->count + 1 < depth;
			if (keep) {
				*(void **)e = c->head;
				c->head = e;
				c->count++;
			}
			spin_unlock_irqrestore(&c->lock, flags);
		}
	}
	if (keep) {
		wdf_lookaside_arm_scan();
	} else {
		this_cpu_inc(la->cpu->free_misses);
		kmem_cache_free(la->cache, e);
	}
	percpu_ref_put(&la->entries);
}

/*
 * The same for an entry whose memory object could not be set up: its
 * allocate counted here, its free by the put.
 */
static noinline void wdf_lookaside_unget_entry(struct wdf_lookaside_private *la,
					       void *e)
{
	this_cpu_inc(la->cpu->allocates);
	wdf_lookaside_put_entry(la, e, true);
}

/* Give an entry back to its list: the free of an entry's memory object. */
void wdf_lookaside_entry_free(struct wdf_object *obj)
{
	struct wdf_memory_private *mem =
		container_of(obj, struct wdf_memory_private, obj);
	struct wdf_lookaside_private *la = wdf_memory_list(mem);

	wdf_bytes_add(-(s64)la->size);
	trace_wdfmem_lookaside_free(la->name, mem, la->size);
	wdf_lookaside_put_entry(la, mem, true);
}

/*
 * wdf_lookaside_entry_free() of an entry whose delete counted its free and
 * its bytes already (wdf_entry_uncount_irqsoff()).
 */
void wdf_lookaside_entry_release(struct wdf_object *obj)
{
	struct wdf_memory_private *mem =
		container_of(obj, struct wdf_memory_private, obj);
	struct wdf_lookaside_private *la = wdf_memory_list(mem);

	trace_wdfmem_lookaside_free(la->name, mem, la->size);
	wdf_lookaside_put_entry(la, mem, false);
}

/* Is this a lookaside list?  A wrong type is a KMDF bugcheck. */
static struct wdf_lookaside_private *wdf_lookaside_get(struct wdf_lookaside *la,
						       const char *what)
{
	if (la && wdf_is(&la->obj, WDF_OPS_LOOKASIDE))
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
	size_t offset = wdf_object_size(&wdf_memory_entry_ops, mem_attr);
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

	la = wdf_object_alloc(&wdf_lookaside_ops, drv, list_attr, 0, GFP_KERNEL,
			      NULL);
	if (IS_ERR(la))
		return PTR_ERR(la);
	la->size = size;
	la->offset = offset;
	la->pool = pool;
	la->tag = tag;
	la->depth = WDF_LOOKASIDE_MIN_DEPTH;
	INIT_WORK(&la->teardown, wdf_lookaside_teardown);
	INIT_LIST_HEAD(&la->node);
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
	/*
	 * Listed before it is added: a delete of the parent racing with
	 * this may free it as soon as it is.  Never added, it is freed at
	 * once (unlisted by wdf_lookaside_free()), no callbacks, no teardown.
	 */
	mutex_lock(&wdf_lookasides_lock);
	list_add_tail_rcu(&la->node, &wdf_lookasides);
	mutex_unlock(&wdf_lookasides_lock);
	ret = wdf_object_add(&la->obj, list_attr ? list_attr->parent : NULL);
	if (ret)
		return ret;
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
	bool bare;
	int ret;

	if (!la)
		return -EINVAL;
	if (!out) {
		wdf_misuse("memory from lookaside with NULL output");
		return -EINVAL;
	}
	*out = NULL;
	if (wdf_object_state(&la->obj) != WDF_STATE_CREATED ||
	    !percpu_ref_tryget_live(&la->entries))
		return -ESHUTDOWN;

	if (la->pool == WDF_POOL_PAGED)
		gfp = GFP_KERNEL | (gfp & __GFP_ZERO);
	mem = wdf_lookaside_get_entry(la, gfp);
	if (!mem) {
		this_cpu_inc(la->cpu->allocates);
		percpu_ref_put(&la->entries);
		return -ENOMEM;
	}
	/*
	 * Entries without callbacks or a context, the common case, have
	 * their buffer right after the struct: the constructor's setup
	 * inlined for them, folded, their creation counted as they join
	 * their driver's list.
	 */
	bare = la->offset == wdf_object_base(&wdf_memory_entry_ops);
	if (likely(bare))
		ret = __wdf_object_setup(mem, &wdf_memory_entry_ops,
					 la->obj.driver, NULL,
					 wdf_object_base(&wdf_memory_entry_ops),
					 false);
	else
		ret = wdf_object_setup(mem, &wdf_memory_entry_ops,
				       la->obj.driver, &la->mem_attr,
				       la->offset);
	if (ret) {
		wdf_lookaside_unget_entry(la, mem);
		return ret;
	}
	trace_wdfmem_lookaside_alloc(la->name, mem, la->size);
	mem->entry = (unsigned long)la;
	/*
	 * KMDF zeroes the whole entry of a list below PAGE_SIZE on every
	 * allocation (FxNPagedLookasideList; a paged list's small buffers
	 * too) and leaves larger buffers as they are: a recycled entry must
	 * not hand one caller's bytes, or a freed object's pointers, to the
	 * next.  __GFP_ZERO zeroes a large one as well.
	 */
	if (la->size < PAGE_SIZE || (gfp & __GFP_ZERO))
		memset((void *)mem + la->offset, 0, la->size);
	if (likely(bare)) {
		ret = wdf_object_add_counting(&mem->obj, WDF_TYPE_MEMORY,
					      la->size, &la->cpu->allocates,
					      la->mem_attr.parent, true);
	} else {
		this_cpu_inc(la->cpu->allocates);
		wdf_bytes_add(la->size);
		ret = wdf_object_add_fast(&mem->obj, la->mem_attr.parent, true);
	}
	if (ret)
		return ret;
	*out = &mem->pub;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_memory_create_from_lookaside);

/**
 * wdf_lookaside_trim() - return a list's free entries to the system
 * @la: the lookaside list
 *
 * Gives every free entry back to the cache and frees the cache's empty
 * slabs (kmem_cache_shrink()).  Outstanding entries are untouched; the
 * depth is not changed.
 *
 * Context: process context.
 */
void wdf_lookaside_trim(struct wdf_lookaside *la)
{
	struct wdf_lookaside_private *l = wdf_lookaside_get(la, "trim");

	if (!l)
		return;
	wdf_lookaside_trim_to(l, 0, ULONG_MAX);
	kmem_cache_shrink(l->cache);
}
EXPORT_SYMBOL_GPL(wdf_lookaside_trim);

/* Sum the per-CPU counters; no lock, so a snapshot, not an atomic one. */
static void wdf_lookaside_sum(struct wdf_lookaside_private *la,
			      struct wdf_lookaside_counters *c)
{
	int cpu;

	memset(c, 0, sizeof(*c));
	for_each_possible_cpu(cpu) {
		const struct wdf_lookaside_cpu *p = per_cpu_ptr(la->cpu, cpu);

		c->total_allocates += READ_ONCE(p->allocates);
		c->allocate_misses += READ_ONCE(p->allocate_misses);
		c->total_frees += READ_ONCE(p->frees);
		c->free_misses += READ_ONCE(p->free_misses);
		c->failed += READ_ONCE(p->failed);
		c->free_entries += wdf_lookaside_cpu_free(p);
	}
	c->depth = READ_ONCE(la->depth);
	c->max_depth = WDF_LOOKASIDE_MAX_DEPTH;
	c->bytes_held = c->free_entries * kmem_cache_size(la->cache);
	c->outstanding = c->total_allocates - c->failed - c->total_frees;
}

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

	if (!l)
		return -EINVAL;
	wdf_lookaside_sum(l, c);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_lookaside_read_counters);

/* debugfs "lookasides": one line per list still holding its cache. */
void wdf_lookaside_show(struct seq_file *m)
{
	struct wdf_lookaside_counters c;
	struct wdf_lookaside_private *la;

	seq_printf(m, "%-24s %8s %12s %12s %12s %12s %8s %5s %9s %8s %10s %11s\n",
		   "name", "size", "allocs", "alloc_misses", "frees",
		   "free_misses", "failed", "depth", "max_depth", "free",
		   "bytes_held", "outstanding");
	mutex_lock(&wdf_lookasides_lock);
	list_for_each_entry(la, &wdf_lookasides, node) {
		wdf_lookaside_sum(la, &c);
		seq_printf(m, "%-24s %8zu %12llu %12llu %12llu %12llu %8llu %5u %9u %8llu %10llu %11llu\n",
			   la->name, la->size, c.total_allocates,
			   c.allocate_misses, c.total_frees, c.free_misses,
			   c.failed, c.depth, c.max_depth, c.free_entries,
			   c.bytes_held, c.outstanding);
	}
	mutex_unlock(&wdf_lookasides_lock);
}

/*
 * NT's depth policy, once a period: no allocations, the minimum; fewer
 * than WDF_LOOKASIDE_BUSY, 10 less; a miss rate below 0.5%, 1 less; else
 * 5 more plus a share of the way to the maximum that grows with the miss
 * rate (all of it at a 100% rate would be half the way).
 */
static unsigned int wdf_lookaside_new_depth(unsigned int depth, u64 allocates,
					    u64 misses)
{
	u64 permille;

	if (!allocates)
		return WDF_LOOKASIDE_MIN_DEPTH;
	if (allocates < WDF_LOOKASIDE_BUSY)
		return max(depth, WDF_LOOKASIDE_MIN_DEPTH + 10) - 10;
	permille = div64_u64(min(misses, allocates) * 1000, allocates);
	if (permille < 5)
		return max(depth, WDF_LOOKASIDE_MIN_DEPTH + 1) - 1;
	depth += 5 + div64_u64(permille * (WDF_LOOKASIDE_MAX_DEPTH - depth),
			       2000);
	return min(depth, WDF_LOOKASIDE_MAX_DEPTH);
}

/*
 * One list's period: set its depth and give back what is above it.  A
 * list with no allocation in the period, or a deleted one, keeps nothing.
 * Return: true if it still holds free entries.
 */
static bool wdf_lookaside_adjust(struct wdf_lookaside_private *la)
{
	struct wdf_lookaside_counters c;
	unsigned int depth = 0;
	bool idle;

	wdf_lookaside_sum(la, &c);
	if (wdf_object_state(&la->obj) == WDF_STATE_CREATED)
		depth = wdf_lookaside_new_depth(la->depth,
						c.total_allocates -
						la->scanned_allocates,
						c.allocate_misses -
						la->scanned_misses);
	idle = c.total_allocates == la->scanned_allocates;
	la->scanned_allocates = c.total_allocates;
	la->scanned_misses = c.allocate_misses;
	WRITE_ONCE(la->depth, depth);
	/* Idle for a whole period: nothing kept, so its slabs can go. */
	if (wdf_lookaside_trim_to(la, idle ? 0 : depth, ULONG_MAX))
		kmem_cache_shrink(la->cache);
	return c.free_entries && depth && !idle;
}

static void wdf_lookaside_scan(struct work_struct *work)
{
	struct wdf_lookaside_private *la;
	bool holding = false;

	/*
	 * A free from now on arms the next scan itself.  atomic_xchg() is
	 * fully ordered: the clear comes before the reads of the stacks
	 * below, so a push they miss sees the flag clear and arms.
	 */
	atomic_xchg(&wdf_lookaside_scan_armed, 0);
	mutex_lock(&wdf_lookasides_lock);
	list_for_each_entry(la, &wdf_lookasides, node)
		holding |= wdf_lookaside_adjust(la);
	mutex_unlock(&wdf_lookasides_lock);
	if (holding)
		wdf_lookaside_arm_scan();
}

/* Memory pressure: the free entries of every list are reclaimable. */
static unsigned long wdf_lookaside_count(struct shrinker *s,
					 struct shrink_control *sc)
{
	struct wdf_lookaside_private *la;
	unsigned long n = 0;
	int cpu;

	rcu_read_lock();
	list_for_each_entry_rcu(la, &wdf_lookasides, node)
		for_each_possible_cpu(cpu)
			n += wdf_lookaside_cpu_free(per_cpu_ptr(la->cpu, cpu));
	rcu_read_unlock();
	return n ?: SHRINK_EMPTY;
}

static unsigned long wdf_lookaside_reclaim(struct shrinker *s,
					   struct shrink_control *sc)
{
	struct wdf_lookaside_private *la;
	unsigned long freed = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(la, &wdf_lookasides, node) {
		if (freed >= sc->nr_to_scan)
			break;
		freed += wdf_lookaside_trim_to(la, 0, sc->nr_to_scan - freed);
	}
	rcu_read_unlock();
	return freed ?: SHRINK_STOP;
}

static struct shrinker *wdf_lookaside_shrinker;

/**
 * wdf_lookaside_init() - register the lookaside shrinker
 *
 * Return: 0 or -ENOMEM.
 */
int wdf_lookaside_init(void)
{
	wdf_lookaside_shrinker = wdf_shrinker_create("wdfmem-lookaside",
						     wdf_lookaside_count,
						     wdf_lookaside_reclaim);
	return wdf_lookaside_shrinker ? 0 : -ENOMEM;
}

/* Module exit: every list is gone; stop the scan and the shrinker. */
void wdf_lookaside_exit(void)
{
	cancel_delayed_work_sync(&wdf_lookaside_scan_work);
	wdf_shrinker_destroy(wdf_lookaside_shrinker);
}

/* One depth scan now (the KUnit suites' hook). */
void wdf_lookaside_scan_now(void)
{
	wdf_lookaside_scan(NULL);
}

/*
 * What the kernel's reclaim does: count the free entries, then ask for up
 * to @nr of them.  Return: the entries given back.
 */
unsigned long wdf_lookaside_shrink(unsigned long nr)
{
	struct shrink_control sc = { .gfp_mask = GFP_KERNEL, .nr_to_scan = nr };
	unsigned long n = wdf_lookaside_count(NULL, &sc);

	if (n == SHRINK_EMPTY)
		return 0;
	n = wdf_lookaside_reclaim(NULL, &sc);
	return n == SHRINK_STOP ? 0 : n;
}
