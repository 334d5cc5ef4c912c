// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem verifier: what KMDF's verifier is trusted for, reported and freed
 * instead of breaking into a debugger.
 *
 * With the verifier on for a driver (globally with verifier=1, for named
 * drivers with verifier_drivers=, or through debugfs), every object and
 * local buffer it creates is tracked with its creation stack (stackdepot).
 * When the driver is deleted (module exit), whatever is still alive after
 * its tree is deleted — typically pinned by an extra reference — is
 * reported with its type, size, tag, references and creation stack, in the
 * log and in debugfs "leaks", and then freed, so an unload leaks nothing.
 * A per-driver limit on live objects of chosen types (KMDF's
 * ObjectLeakDetectionLimit) reports once when it is crossed.
 *
 * Tracking uses one xarray keyed by address, taken with its lock: the
 * verifier is a debugging mode.  With it off the only cost on the object
 * paths is a test of whether anything is tracked at all.
 */

#include <linux/debugfs.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/stackdepot.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include "wdf_internal.h"

bool wdf_verifier;
module_param_named(verifier, wdf_verifier, bool, 0644);
MODULE_PARM_DESC(verifier,
		 "KMDF verifier for every driver: objects and local buffers tracked with their creation stacks and reported and freed if leaked at driver exit; every buffer a separate allocation; a stack dump with every misuse warning");

static char *wdf_verifier_drivers;
module_param_named(verifier_drivers, wdf_verifier_drivers, charp, 0644);
MODULE_PARM_DESC(verifier_drivers,
		 "comma-separated driver (module) names that get the verifier when they create their driver object");

static unsigned int wdf_leak_limit;
module_param_named(leak_limit, wdf_leak_limit, uint, 0644);
MODULE_PARM_DESC(leak_limit,
		 "ObjectLeakDetectionLimit for new drivers with the verifier: report once when more objects of leak_types are alive (0: off)");

static unsigned int wdf_leak_types = BIT(WDF_TYPE_MEMORY) | BIT(WDF_TYPE_REQUEST);
module_param_named(leak_types, wdf_leak_types, uint, 0644);
MODULE_PARM_DESC(leak_types,
		 "object types counted against leak_limit, a mask of 1 << type (default memory and request)");

/*
 * A local buffer's kind in a record (wdf_type_name() calls it "local
 * buffer"); object kinds are enum wdf_object_type.
 */
#define WDF_VKIND_BUFFER	WDF_TYPE_MAX

/**
 * struct wdf_vrec - a tracked object or local buffer
 * @drv: the driver that created it
 * @stack: its creation stack
 * @size: buffer size (memory objects, lookaside entries, MDLs, buffers)
 * @tag: pool tag, or 0
 * @kind: an enum wdf_object_type, or WDF_VKIND_BUFFER
 * @limited: counted against the driver's leak limit
 * @reported: reported as leaked at driver exit
 */
struct wdf_vrec {
	struct wdf_driver *drv;
	depot_stack_handle_t stack;
	size_t size;
	u32 tag;
	u8 kind;
	bool limited;
	bool reported;
};

DEFINE_XARRAY_FLAGS(wdf_vtracked, XA_FLAGS_LOCK_IRQ);

/* The leak reports, for debugfs "leaks": the first 64 in full. */
#define WDF_LEAK_LOG_MAX	64
static LIST_HEAD(wdf_leak_log);
static DEFINE_MUTEX(wdf_leak_lock);	/* protects the log and counts */
static unsigned int wdf_leak_logged;
static atomic_long_t wdf_leaks_total;

struct wdf_leak_entry {
	struct list_head node;
	char text[];
};

/**
 * wdf_save_stack() - the caller's stack in the stack depot
 *
 * Return: a handle, or 0 without CONFIG_STACKDEPOT or memory.
 */
depot_stack_handle_t wdf_save_stack(void)
{
	unsigned long entries[16];
	unsigned int n;

	if (!IS_ENABLED(CONFIG_STACKDEPOT))
		return 0;
	n = stack_trace_save(entries, ARRAY_SIZE(entries), 2);
	return stack_depot_save(entries, n, GFP_ATOMIC | __GFP_NOWARN);
}

/* Is @name in the comma-separated verifier_drivers list? */
static bool wdf_verifier_named(const char *name)
{
	const char *list = READ_ONCE(wdf_verifier_drivers);
	size_t n = strlen(name);

	while (list && *list) {
		const char *end = strchrnul(list, ',');

		if (end - list == n && !strncmp(list, name, n))
			return true;
		list = *end ? end + 1 : end;
	}
	return false;
}

/* A new driver: its verifier setting and limit from the parameters. */
void wdf_verifier_driver_init(struct wdf_driver *drv)
{
	drv->verifier = drv->name && wdf_verifier_named(drv->name);
	drv->leak_limit = READ_ONCE(wdf_leak_limit);
	atomic_set(&drv->limited_live, 0);
	drv->limit_reported = false;
}

static void wdf_vtrack(struct wdf_driver *drv, void *addr, u8 kind,
		       size_t size, u32 tag)
{
	struct wdf_vrec *rec = kzalloc(sizeof(*rec), GFP_ATOMIC | __GFP_NOWARN);
	unsigned long flags;
	void *old;

	if (!rec)
		return;		/* tracked on a best-effort basis */
	rec->drv = drv;
	rec->stack = wdf_save_stack();
	rec->size = size;
	rec->tag = tag;
	rec->kind = kind;
	rec->limited = drv->leak_limit && kind < 32 &&
		       (READ_ONCE(wdf_leak_types) & BIT(kind));
	xa_lock_irqsave(&wdf_vtracked, flags);
	old = __xa_store(&wdf_vtracked, (unsigned long)addr, rec, GFP_ATOMIC);
	xa_unlock_irqrestore(&wdf_vtracked, flags);
	if (xa_is_err(old)) {
		kfree(rec);
		return;
	}
	/* A stale record of the same address (never expected): drop it. */
	if (old && ((struct wdf_vrec *)old)->limited)
		atomic_dec(&((struct wdf_vrec *)old)->drv->limited_live);
	kfree(old);
	if (rec->limited &&
	    atomic_inc_return(&drv->limited_live) > drv->leak_limit &&
	    !xchg(&drv->limit_reported, true)) {
		this_cpu_inc(wdf_stats.warnings);
		pr_warn("wdfmem: verifier: driver %s has more than %u live objects of the watched types (leak_limit); created at:\n",
			drv->name, drv->leak_limit);
		if (rec->stack)
			stack_depot_print(rec->stack);
	}
}

/* What a tracked object's record says about its size and tag. */
void wdf_object_describe(struct wdf_object *obj, size_t *size, u32 *tag)
{
	*size = 0;
	*tag = 0;
	switch (wdf_type(obj)) {
	case WDF_TYPE_MEMORY: {
		struct wdf_memory_private *mem =
			container_of(obj, struct wdf_memory_private, obj);

		*size = wdf_memory_size(mem);
		*tag = wdf_memory_tag(mem);
		break;
	}
	case WDF_TYPE_LOOKASIDE: {
		struct wdf_lookaside_private *la =
			container_of(obj, struct wdf_lookaside_private, obj);

		*size = la->size;
		*tag = la->tag;
		break;
	}
	case WDF_TYPE_MDL:
		*size = container_of(obj, struct wdf_mdl_private, obj)->length;
		break;
	default:
		break;
	}
}

/* A committed object of a driver with the verifier on. */
void wdf_verifier_track_object(struct wdf_object *obj)
{
	size_t size;
	u32 tag;

	wdf_object_describe(obj, &size, &tag);
	wdf_vtrack(obj->driver, obj, wdf_type(obj), size, tag);
}

/* A local buffer of a driver with the verifier on. */
void wdf_verifier_track_buffer(struct wdf_driver *drv, void *buf, size_t size,
			       u32 tag)
{
	wdf_vtrack(drv, buf, WDF_VKIND_BUFFER, size, tag);
}

/* An object or buffer goes: forget it.  Called only if something is tracked. */
void __wdf_verifier_untrack(void *addr)
{
	struct wdf_vrec *rec;
	unsigned long flags;

	xa_lock_irqsave(&wdf_vtracked, flags);
	rec = __xa_erase(&wdf_vtracked, (unsigned long)addr);
	xa_unlock_irqrestore(&wdf_vtracked, flags);
	if (!rec)
		return;
	if (rec->limited)
		atomic_dec(&rec->drv->limited_live);
	kfree(rec);
}

/*
 * The order leaked objects are freed in: those that hold others first,
 * since whatever they hold, freed before them, would be freed under them.
 * A DMA transaction holds its MDL and its request (which may be the
 * receiving side inside a sent request); a sent request holds its target
 * and the memory objects and MDLs it was formatted with; a partial MDL
 * holds the MDL it was built from, which may be partial too, so an MDL
 * ranks by how many sources lie under it; any MDL may hold a memory object
 * or the request it lives in; a lookaside list holds its entries' parent.
 */
#define WDF_VRANK_LOOKASIDE	1
#define WDF_VRANK_MDL		2	/* plus the MDLs under it */
#define WDF_VRANK_MDL_DEPTH	1024	/* deeper chains rank alike */
#define WDF_VRANK_SENT		(INT_MAX - 1)
#define WDF_VRANK_TRANSACTION	INT_MAX

/**
 * wdf_verifier_rank() - where a leaked object comes in the verifier's frees
 * @obj: a live object; called under the tracking xarray's lock (or by a
 *       test that holds @obj), so the MDLs under a partial MDL are live too
 *
 * Return: its rank: the highest goes first.
 */
int wdf_verifier_rank(const struct wdf_object *obj)
{
	const struct wdf_mdl_private *m;
	int depth = 0;

	switch (obj->shape & WDF_SHAPE_ID_MASK) {
	case WDF_OPS_DMA_TRANSACTION:
		return WDF_VRANK_TRANSACTION;
	case WDF_OPS_SENT:
		return WDF_VRANK_SENT;
	case WDF_OPS_MDL:
		m = container_of(obj, struct wdf_mdl_private, obj);
		while ((m = m->source) && depth < WDF_VRANK_MDL_DEPTH)
			depth++;
		return WDF_VRANK_MDL + depth;
	case WDF_OPS_LOOKASIDE:
		return WDF_VRANK_LOOKASIDE;
	default:
		return 0;
	}
}

static int wdf_vrank(unsigned long addr, const struct wdf_vrec *rec)
{
	if (rec->kind == WDF_VKIND_BUFFER)
		return 0;
	return wdf_verifier_rank((const struct wdf_object *)addr);
}

/*
 * The next record of @drv to report and free, and its address: the
 * highest rank, then the highest address (an object inside another's
 * memory, a request's MDL, goes before its host).  An object with no
 * reference left is not leaked: it is a lookaside list waiting for its
 * entries, and goes when they do.
 */
static struct wdf_vrec *wdf_vfind(struct wdf_driver *drv, unsigned long *addr)
{
	struct wdf_vrec *rec, *found = NULL;
	unsigned long index, flags;
	int rank, best = -1;

	xa_lock_irqsave(&wdf_vtracked, flags);
	xa_for_each(&wdf_vtracked, index, rec) {
		if (rec->drv != drv || rec->reported)
			continue;
		/* Held by the xarray's lock, a tracked object is not freed. */
		if (rec->kind != WDF_VKIND_BUFFER &&
		    !kref_read(&((struct wdf_object *)index)->ref))
			continue;
		rank = wdf_vrank(index, rec);
		if (rank < best)
			continue;
		best = rank;
		*addr = index;
		found = rec;
	}
	if (found)
		found->reported = true;
	xa_unlock_irqrestore(&wdf_vtracked, flags);
	return found;
}

static void wdf_vlog(const char *text)
{
	struct wdf_leak_entry *e;
	size_t len = strlen(text) + 1;

	mutex_lock(&wdf_leak_lock);
	if (wdf_leak_logged < WDF_LEAK_LOG_MAX) {
		e = kmalloc(struct_size(e, text, len), GFP_KERNEL);
		if (e) {
			memcpy(e->text, text, len);
			list_add_tail(&e->node, &wdf_leak_log);
			wdf_leak_logged++;
		}
	}
	mutex_unlock(&wdf_leak_lock);
}

/* Report one leaked object or buffer: the log, and debugfs "leaks". */
static void wdf_vreport(struct wdf_driver *drv, unsigned long addr,
			struct wdf_vrec *rec, unsigned int refs)
{
	const size_t max = 1024;
	char *text = kmalloc(max, GFP_KERNEL);
	int n;

	atomic_long_inc(&wdf_leaks_total);
	pr_warn("wdfmem: verifier: driver %s leaked %s %p, size %zu, tag %08x, %u reference(s); freeing it; created at:\n",
		drv->name, wdf_type_name(rec->kind), (void *)addr, rec->size,
		rec->tag, refs);
	if (rec->stack)
		stack_depot_print(rec->stack);
	if (!text)
		return;
	n = scnprintf(text, max, "driver %s: %s size %zu tag %08x refs %u\n",
		      drv->name, wdf_type_name(rec->kind), rec->size,
		      rec->tag, refs);
	if (rec->stack)
		stack_depot_snprint(rec->stack, text + n, max - n, 2);
	wdf_vlog(text);
	kfree(text);
}

/* Free a leaked object whatever references it still has. */
static void wdf_vfree_object(struct wdf_object *obj)
{
	kref_get(&obj->ref);
	if (wdf_object_state(obj) == WDF_STATE_CREATED)
		wdf_object_force_delete(obj);
	/* Every other reference is abandoned: ours becomes the last. */
	refcount_set(&obj->ref.refcount, 1);
	wdf_object_put_last(obj);
}

/*
 * wdf_verifier_driver_exit() - report and free what a deleted driver left
 * @drv: a driver whose tree has been deleted
 *
 * Deferred destroys (lookaside lists) are let finish first; whatever of the
 * driver is still tracked then is pinned by a leaked reference.
 *
 * Return: the number of objects and buffers reported.
 */
unsigned int wdf_verifier_driver_exit(struct wdf_driver *drv)
{
	unsigned int leaked = 0, round;
	struct wdf_vrec *rec;
	unsigned long addr;

	for (round = 0; round < 3 && wdf_verifier_tracking(); round++) {
		/* Lookaside teardown: an RCU grace period, then a work item. */
		rcu_barrier();
		flush_workqueue(wdf_wq);
		while ((rec = wdf_vfind(drv, &addr))) {
			unsigned int refs = 0;

			if (rec->kind != WDF_VKIND_BUFFER)
				refs = kref_read(&((struct wdf_object *)addr)->ref);
			wdf_vreport(drv, addr, rec, refs);
			leaked++;
			if (rec->kind == WDF_VKIND_BUFFER)
				wdf_pool_free((void *)addr, 0);
			else
				wdf_vfree_object((struct wdf_object *)addr);
		}
	}
	return leaked;
}

/**
 * wdf_verifier_leaks() - leaks the verifier has reported since load
 *
 * Return: the number of objects and local buffers reported and freed.
 */
unsigned long wdf_verifier_leaks(void)
{
	return atomic_long_read(&wdf_leaks_total);
}
EXPORT_SYMBOL_GPL(wdf_verifier_leaks);

/**
 * wdf_driver_set_verifier() - switch the verifier for one driver
 * @drv: the driver
 * @on: track its objects and buffers from now on
 * @leak_limit: its ObjectLeakDetectionLimit, 0 for none
 *
 * Objects created before the verifier was on are not tracked.
 *
 * Return: 0, or -EINVAL (with a warning) for a NULL @drv.
 */
int wdf_driver_set_verifier(struct wdf_driver *drv, bool on,
			    unsigned int leak_limit)
{
	if (!drv) {
		wdf_misuse("verifier switch of a NULL driver");
		return -EINVAL;
	}
	WRITE_ONCE(drv->leak_limit, leak_limit);
	drv->limit_reported = false;
	WRITE_ONCE(drv->verifier, on);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_driver_set_verifier);

/* debugfs "leaks": the reports, the newest last. */
void wdf_verifier_leaks_show(struct seq_file *m)
{
	struct wdf_leak_entry *e;
	unsigned long total = wdf_verifier_leaks();

	mutex_lock(&wdf_leak_lock);
	seq_printf(m, "leaks reported and freed: %lu\n", total);
	list_for_each_entry(e, &wdf_leak_log, node)
		seq_puts(m, e->text);
	if (total > wdf_leak_logged)
		seq_printf(m, "(%lu more, in the kernel log)\n",
			   total - wdf_leak_logged);
	mutex_unlock(&wdf_leak_lock);
}

/* Module unload: free the log and any record left. */
void wdf_verifier_exit(void)
{
	struct wdf_leak_entry *e, *next;
	struct wdf_vrec *rec;
	unsigned long index;

	list_for_each_entry_safe(e, next, &wdf_leak_log, node)
		kfree(e);
	xa_for_each(&wdf_vtracked, index, rec)
		kfree(rec);
	xa_destroy(&wdf_vtracked);
}
