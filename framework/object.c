// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem object tree: creation, parenting, deletion and references.
 *
 * Locking: each parent's child-list lock protects its own child list and
 * nothing else; no two of them are ever held together.  An object's state
 * moves CREATED -> DELETING -> DELETED with atomic operations, and whoever
 * moves a child out of CREATED owns that child's deletion.  A parent that
 * finds a child already being deleted by another thread waits until that
 * thread has detached it, so a parent never finishes its cleanup, and is
 * never freed, while a child still points at it.
 */

#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/wait_bit.h>
#include "wdf_construct.h"
#include "wdf_trace.h"

const struct wdf_object_ops *wdf_ops_table[WDF_OPS_MAX];

/*
 * The child list of an object of a hashed_children type, made when its
 * first child comes and freed (after a grace period: lookups walk the
 * buckets under RCU) when the object is destroyed.  Each bucket has its
 * own lock, taken with interrupts off, so a list can be made or freed in
 * any context an object can be created or destroyed in.
 */
struct wdf_children_node {
	struct hlist_node node;
	struct wdf_object *owner;
	struct wdf_children children;
	struct rcu_head rcu;
};

#define WDF_CHILDREN_HASH_BITS	8

static DEFINE_HASHTABLE(wdf_children_hash, WDF_CHILDREN_HASH_BITS);
static spinlock_t wdf_children_locks[1 << WDF_CHILDREN_HASH_BITS];

static const char * const wdf_type_names[WDF_TYPE_MAX] = {
	[WDF_TYPE_DRIVER] = "driver",
	[WDF_TYPE_GENERIC] = "generic",
	[WDF_TYPE_MEMORY] = "memory",
	[WDF_TYPE_LOOKASIDE] = "lookaside",
	[WDF_TYPE_MDL] = "mdl",
	[WDF_TYPE_REQUEST] = "request",
	[WDF_TYPE_DEVICE] = "device",
	[WDF_TYPE_QUEUE] = "queue",
	[WDF_TYPE_IOTARGET] = "iotarget",
	[WDF_TYPE_DMA_ENABLER] = "dma_enabler",
	[WDF_TYPE_DMA_TRANSACTION] = "dma_transaction",
	[WDF_TYPE_COMMON_BUFFER] = "common_buffer",
};

/* A type's name in debugfs and in the verifier's reports. */
const char *wdf_type_name(unsigned int type)
{
	return type < WDF_TYPE_MAX ? wdf_type_names[type] : "local buffer";
}

static void wdf_driver_free(struct wdf_object *obj)
{
	/* The driver is freed by __wdf_driver_delete() once drained. */
}

static const struct wdf_object_ops wdf_driver_ops = {
	.type = WDF_TYPE_DRIVER,
	.id = WDF_OPS_DRIVER,
	.size = sizeof(struct wdf_driver),
	.no_delete = true,
	.free = wdf_driver_free,
};

/*
 * A driver object's children: every object of a driver that names no
 * parent is added to it and taken off it again, by every thread on every
 * CPU.  One list under one lock would make each create and delete write
 * the same cache line on every CPU, so the driver keeps WDF_DRIVER_SHARDS
 * lists, each in a small object of its own attached to the driver when the
 * driver is created.  An object added to the driver goes on the list its
 * creating thread hashes to: a thread's objects share a list wherever the
 * thread runs, so they keep their creation order, and two threads share one
 * only once in WDF_DRIVER_SHARDS.  The tree walk, the parent checks and the
 * waits for a child deleted elsewhere work on these lists as on any parent.
 * When the driver goes, each list's children go in their creation order,
 * list after list (KMDF's documentation calls the order of siblings
 * unpredictable).
 */
/* Freed with their driver: nothing to do when the last reference goes. */
static void wdf_driver_shard_release(struct wdf_object *obj)
{
}

static const struct wdf_object_ops wdf_driver_shard_ops = {
	.type = WDF_TYPE_DRIVER,
	.id = WDF_OPS_DRIVER_SHARD,
	.size = offsetof(struct wdf_driver_shard, children),
	.no_delete = true,
	.release = wdf_driver_shard_release,
	.free = wdf_driver_free,
};

/* Where the child list follows the header, as wdf_children_of() finds it. */
static_assert(offsetof(struct wdf_driver_shard, children) ==
	      ALIGN(offsetof(struct wdf_driver_shard, children), WDF_ALIGNMENT));

/* The list of @parent's children that objects this thread creates join. */
static __always_inline struct wdf_object *
wdf_driver_shard(struct wdf_object *parent)
{
	return &wdf_driver_shard_of(container_of(parent, struct wdf_driver,
						 obj))->obj;
}

/*
 * wdf_driver_list() - the driver's child list this thread's objects join
 * @drv: the driver
 *
 * Return: that list's object (for the KUnit suites).
 */
struct wdf_object *wdf_driver_list(struct wdf_driver *drv)
{
	return wdf_driver_shard(&drv->obj);
}

/**
 * wdf_object_parent() - the parent an object was created under
 * @obj: an attached object
 *
 * Return: its parent, the driver object for a child of one of the
 * driver's child lists, or NULL once detached.
 */
struct wdf_object *wdf_object_parent(struct wdf_object *obj)
{
	struct wdf_object *parent = READ_ONCE(obj->parent);

	if (parent && wdf_is(parent, WDF_OPS_DRIVER_SHARD))
		return parent->parent;
	return parent;
}

static void wdf_generic_free(struct wdf_object *obj)
{
	kfree(obj);
}

static const struct wdf_object_ops wdf_generic_ops = {
	.type = WDF_TYPE_GENERIC,
	.id = WDF_OPS_GENERIC,
	.size = sizeof(struct wdf_object),
	.free = wdf_generic_free,
};

/* The hashed child list of @obj; under RCU or its bucket's lock. */
static struct wdf_children_node *wdf_children_find(struct wdf_object *obj)
{
	struct wdf_children_node *n;

	hash_for_each_possible_rcu(wdf_children_hash, n, node,
				   (unsigned long)obj)
		if (n->owner == obj)
			return n;
	return NULL;
}

static spinlock_t *wdf_children_lock(struct wdf_object *obj)
{
	return &wdf_children_locks[hash_min((unsigned long)obj,
					    WDF_CHILDREN_HASH_BITS)];
}

/*
 * The child list of @obj, or NULL if it is of a hashed type and never had
 * one.  An object's list outlives its children: only its own destroy,
 * after its delete has taken every child, frees it.
 */
static struct wdf_children *wdf_children_hashed(struct wdf_object *obj)
{
	struct wdf_children_node *n;

	if (!READ_ONCE(obj->had_children))
		return NULL;
	rcu_read_lock();
	n = wdf_children_find(obj);
	rcu_read_unlock();
	return n ? &n->children : NULL;
}

static __always_inline struct wdf_children *
wdf_children_of(struct wdf_object *obj)
{
	const struct wdf_object_ops *ops = wdf_ops(obj);

	if (!ops->hashed_children)
		return (void *)obj + ALIGN(ops->size, WDF_ALIGNMENT);
	return wdf_children_hashed(obj);
}

/*
 * The child list of @parent, made if it has none.  Called with @parent
 * pinned by the caller, as any creation under a parent is.
 *
 * Return: the list, or ERR_PTR(-ENOMEM).
 */
static struct wdf_children *wdf_children_make(struct wdf_object *parent)
{
	struct wdf_children_node *n, *old;
	struct wdf_children *c = wdf_children_of(parent);
	spinlock_t *lock = wdf_children_lock(parent);
	unsigned long flags;

	if (c)
		return c;
	/* The creation may be in any context: never sleep here. */
	n = wdf_fail() ? NULL : kmalloc(sizeof(*n), GFP_NOWAIT | __GFP_NOWARN);
	if (!n)
		return ERR_PTR(-ENOMEM);
	n->owner = parent;
	spin_lock_init(&n->children.lock);
	INIT_LIST_HEAD(&n->children.list);
	spin_lock_irqsave(lock, flags);
	rcu_read_lock();
	old = wdf_children_find(parent);
	rcu_read_unlock();
	if (!old)
		hash_add_rcu(wdf_children_hash, &n->node, (unsigned long)parent);
	spin_unlock_irqrestore(lock, flags);
	if (old) {
		/* Another attach made it first. */
		kfree(n);
		return &old->children;
	}
	/* Its destroy looks for the list only if this is set. */
	WRITE_ONCE(parent->had_children, true);
	return &n->children;
}

/* An object of a hashed type is destroyed: free its child list if any. */
static void wdf_children_free(struct wdf_object *obj)
{
	spinlock_t *lock = wdf_children_lock(obj);
	struct wdf_children_node *n;
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	rcu_read_lock();
	n = wdf_children_find(obj);
	rcu_read_unlock();
	if (n)
		hash_del_rcu(&n->node);
	spin_unlock_irqrestore(lock, flags);
	if (n)
		kfree_rcu(n, rcu);
}

/*
 * Does the hash table hold a child list for @obj?  Compares addresses
 * only, so @obj may be gone already.
 */
bool wdf_object_children_hashed(const void *obj)
{
	bool found;

	rcu_read_lock();
	found = wdf_children_find((struct wdf_object *)obj);
	rcu_read_unlock();
	return found;
}

/* The locks of the hashed child lists' buckets. */
void wdf_object_tables_init(void)
{
	unsigned int i;

	/* Not ARRAY_SIZE(): a spinlock_t is empty on a uniprocessor kernel. */
	for (i = 0; i < 1U << WDF_CHILDREN_HASH_BITS; i++)
		spin_lock_init(&wdf_children_locks[i]);
	/* The types wdf_ops_preset() names: their objects register nothing. */
	wdf_ops_table[WDF_OPS_MEMORY] = &wdf_memory_ops;
	wdf_ops_table[WDF_OPS_MEMORY_ENTRY] = &wdf_memory_entry_ops;
	wdf_ops_table[WDF_OPS_REQUEST] = &wdf_request_ops;
}

/**
 * wdf_object_size() - bytes of an object up to what its type keeps after
 * @ops: its type
 * @attr: attributes or NULL: callbacks and context
 *
 * The type's struct, then the callbacks if @attr has any, then the context
 * if it asks for one, each starting on WDF_ALIGNMENT; whatever the type
 * keeps after them (an embedded buffer) starts there too.
 *
 * Return: the size, or SIZE_MAX (which no allocator satisfies) if it
 * overflows.
 */
size_t wdf_object_size(const struct wdf_object_ops *ops,
		       const struct wdf_object_attributes *attr)
{
	return __wdf_object_size(ops, attr);
}

/**
 * wdf_object_setup() - make @p a new object of @drv
 * @p: memory of at least @size bytes
 * @ops: its type
 * @drv: the creating driver
 * @attr: attributes or NULL: the context size and callbacks
 * @size: wdf_object_size(@ops, @attr), which the caller has at hand
 *
 * Takes the driver's reference, initialises the header, and zeroes the
 * rest of the type's struct and the context.  A type that allocates its objects itself
 * (lookaside entries come from a kmem_cache) calls this; everything else
 * calls wdf_object_alloc().  Undo with wdf_object_abort().
 *
 * Return: 0, -EINVAL if the module never created its driver object, or
 * -ESHUTDOWN if the driver is exiting.
 */
int wdf_object_setup(void *p, const struct wdf_object_ops *ops,
		     struct wdf_driver *drv,
		     const struct wdf_object_attributes *attr, size_t size)
{
	return __wdf_object_setup(p, ops, drv, attr, size, true);
}

/**
 * wdf_object_alloc() - allocate and set up a new object
 * @ops: its type; @ops->size is the size of its struct
 * @drv: the creating driver
 * @attr: attributes or NULL
 * @extra: bytes the type keeps after the context (not zeroed), or 0
 * @gfp: allocation flags (__GFP_ZERO is ignored: the struct and context
 *       are always zeroed, @extra never)
 * @tail: if not NULL, receives where the @extra bytes start
 *
 * The constructor of every framework object but lookaside entries (the
 * hot paths inline their own copy, __wdf_object_alloc()): size arithmetic
 * with overflow checks, the fault point, the driver's reference and the
 * header.  The type then fills in its fields and calls
 * wdf_object_add(); on a failure before that, wdf_object_abort() frees the
 * object through its type's @free, which must cope with fields still zero.
 *
 * Return: the object, or ERR_PTR(-EINVAL) if the module never created its
 * driver object, ERR_PTR(-ESHUTDOWN) if the driver is exiting, or
 * ERR_PTR(-ENOMEM).
 */
void *wdf_object_alloc(const struct wdf_object_ops *ops, struct wdf_driver *drv,
		       const struct wdf_object_attributes *attr, size_t extra,
		       gfp_t gfp, void **tail)
{
	return __wdf_object_alloc(ops, drv, attr, extra, gfp, tail, false, true);
}

/**
 * wdf_object_init_embedded() - the header of an object inside another
 * @obj: the header
 * @ops: its type, which must be no_delete and free nothing
 * @drv: the owner's driver
 *
 * For objects that live and die with the object that embeds them (a
 * request's memory objects): no driver reference, no parent, no callbacks
 * or context, not counted.
 */
void wdf_object_init_embedded(struct wdf_object *obj,
			      const struct wdf_object_ops *ops,
			      struct wdf_driver *drv)
{
	wdf_object_init(obj, ops, drv, NULL);
}

/* Append @obj to @parent's child list, unless @parent is being deleted. */
static __always_inline int wdf_object_attach(struct wdf_object *obj,
					     struct wdf_object *parent)
{
	const struct wdf_object_ops *pops = wdf_ops(parent);
	bool hashed = pops->hashed_children;
	struct wdf_children *c;

	if (likely(!hashed)) {
		c = (void *)parent + ALIGN(pops->size, WDF_ALIGNMENT);
	} else {
		c = wdf_children_make(parent);
		if (IS_ERR(c))
			return PTR_ERR(c);
	}
	return wdf_children_attach(obj, parent, c, hashed);
}

/**
 * wdf_object_add() - finish creating an object: attach it to its parent
 * @obj: an object from wdf_object_alloc() or wdf_object_setup(), its
 *       fields filled in
 * @parent: the parent, or NULL for the object's driver
 *
 * On failure the object is freed as wdf_object_abort() does, so the caller
 * only returns the error.  On success the caller must not touch @obj
 * again: a delete of @parent running at the same time may already have
 * freed it.
 *
 * Return: 0, -ESHUTDOWN if the parent is being deleted, or -ENOMEM if the
 * parent is a memory object or an MDL getting its first child and no
 * memory was free for its child list.
 */
int wdf_object_add(struct wdf_object *obj, struct wdf_object *parent)
{
	int ret;

	if (!parent)
		parent = &obj->driver->obj;
	/*
	 * Everything that reads @obj comes first: once it is on the list,
	 * a delete of @parent racing with this may free it at once.  A
	 * failed attach undoes both (wdf_object_destroy() untracks and
	 * traces the destroy).
	 */
	wdf_object_announce(obj, parent, true);
	if (wdf_is(parent, WDF_OPS_DRIVER))
		parent = wdf_driver_shard(parent);
	ret = wdf_object_attach(obj, parent);
	if (ret)
		wdf_object_abort(obj);
	return ret;
}

/*
 * The two per-CPU updates of destroys in a row of one driver and type (the
 * freed counter and the driver's reference), made once for the row: the
 * destroy pass of a parent's delete.  A per-CPU operation is one instruction
 * on x86 but an interrupt save and restore around a plain add on UML,
 * where the 100,000-leaf delete cost 38.8 ns a leaf with two of them per
 * leaf and 28-30 ns with this.
 */
struct wdf_destroy_batch {
	struct wdf_driver *drv;
	enum wdf_object_type type;
	unsigned int n;
};

static __always_inline void wdf_destroy_batch_flush(struct wdf_destroy_batch *b)
{
	if (!b->n)
		return;
	this_cpu_add(wdf_stats.freed[b->type], b->n);
	if (b->type != WDF_TYPE_DRIVER)
		percpu_ref_put_many(&b->drv->live, b->n);
	b->n = 0;
}

/* A destroy up to the type's free: its callback and what refers to it. */
static __always_inline void
wdf_object_destroy_begin(struct wdf_object *obj,
			 const struct wdf_object_ops *ops,
			 struct wdf_object_callbacks *cb)
{
	trace_wdfmem_object_destroy(obj, ops->type);
	if (cb && cb->destroy)
		cb->destroy(obj);
	wdf_object_tags_release(obj);
	wdf_verifier_untrack(obj);
	if (ops->hashed_children && obj->had_children)
		wdf_children_free(obj);
}

/*
 * wdf_object_destroy() with the type and callbacks at hand, inlined into
 * the destroy pass of a parent's delete, which passes @batch to count the
 * destroy there.
 */
static __always_inline void
__wdf_object_destroy(struct wdf_object *obj, const struct wdf_object_ops *ops,
		     struct wdf_object_callbacks *cb,
		     struct wdf_destroy_batch *batch)
{
	struct wdf_driver *drv = obj->driver;
	enum wdf_object_type type = ops->type;

	wdf_object_destroy_begin(obj, ops, cb);
	ops->free(obj);
	if (batch) {
		if (batch->n && (batch->drv != drv || batch->type != type))
			wdf_destroy_batch_flush(batch);
		batch->drv = drv;
		batch->type = type;
		batch->n++;
		return;
	}
	this_cpu_inc(wdf_stats.freed[type]);
	if (type != WDF_TYPE_DRIVER)
		percpu_ref_put(&drv->live);
}

/*
 * wdf_object_destroy() - run the destroy callback and free an object
 * @obj: an object whose last reference went
 */
void wdf_object_destroy(struct wdf_object *obj)
{
	__wdf_object_destroy(obj, wdf_ops(obj), wdf_object_callbacks(obj), NULL);
}

/**
 * wdf_object_abort() - free an object whose creation failed
 * @obj: an object set up but never added
 *
 * Frees it through its type's @free and drops the driver's reference.  No
 * callback runs for an object that was never created.
 */
void wdf_object_abort(struct wdf_object *obj)
{
	struct wdf_object_callbacks *cb = wdf_object_callbacks(obj);

	if (cb)
		*cb = (struct wdf_object_callbacks){};
	wdf_object_destroy(obj);
}

static __always_inline void wdf_object_release(struct kref *kref)
{
	struct wdf_object *obj = container_of(kref, struct wdf_object, ref);
	const struct wdf_object_ops *ops = wdf_ops(obj);

	if (ops->release)
		ops->release(obj);
	else
		wdf_object_destroy(obj);
}

/*
 * kref_put() with the release inlined: the -Os kernels would otherwise call
 * an out-of-line copy of kref_put() on every delete.
 */
static __always_inline void wdf_object_unref(struct wdf_object *obj)
{
	if (refcount_dec_and_test(&obj->ref.refcount))
		wdf_object_release(&obj->ref);
}

/* Drop a reference that may be the last; for the verifier's forced free. */
void wdf_object_put_last(struct wdf_object *obj)
{
	wdf_object_unref(obj);
}

static __always_inline bool wdf_object_begin_delete(struct wdf_object *obj)
{
	/* Fully ordered: wdf_object_attach() pairs with it. */
	return cmpxchg(&obj->state, WDF_STATE_CREATED,
		       WDF_STATE_DELETING) == WDF_STATE_CREATED;
}

/*
 * Detach an object whose deletion this thread owns from its parent.  With
 * @uncount (WDF_OPS_MEMORY or WDF_OPS_MEMORY_ENTRY, the object's type, no
 * callbacks): if the caller's reference is its last, count its destroy
 * under the parent's lock and return true; the caller then frees it
 * without counting (wdf_memory_destroy_counted()).
 */
static __always_inline bool __wdf_object_detach(struct wdf_object *obj,
						u8 uncount)
{
	struct wdf_object *parent = obj->parent;
	struct wdf_children *c;
	unsigned long flags;
	bool waited, last = false;

	if (!parent)
		return false;
	/* One of a driver's lists, the commonest parent: no type lookup. */
	if (wdf_is(parent, WDF_OPS_DRIVER_SHARD))
		c = &container_of(parent, struct wdf_driver_shard, obj)->children;
	else
		c = wdf_children_of(parent);
	spin_lock_irqsave(&c->lock, flags);
	list_del_init(&obj->sibling);
	/* Read by a parent's delete waiting in wdf_object_take_child(). */
	WRITE_ONCE(obj->parent, NULL);
	waited = obj->waited;
	/*
	 * A leaf (read after its state change, as in wdf_object_attach())
	 * held by the caller alone: no other reference can be taken now but
	 * from one already held, so the caller's is the last.  Count its
	 * destroy here, where interrupts are off.
	 */
	if (uncount && !READ_ONCE(obj->had_children) &&
	    refcount_read(&obj->ref.refcount) == 1) {
		if (uncount == WDF_OPS_MEMORY)
			wdf_memory_uncount_irqsoff(obj);
		else
			wdf_entry_uncount_irqsoff(obj);
		last = true;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (waited)
		wake_up_var(&obj->parent);
	return last;
}

/* Take @obj off its parent's list, if it is on one. */
static __always_inline void wdf_object_detach(struct wdf_object *obj)
{
	__wdf_object_detach(obj, 0);
}

/*
 * Take the first child of @cur off its list and own its deletion.  A child
 * that another thread is already deleting is left to that thread: wait
 * until it has detached, then look again.
 */
static struct wdf_object *wdf_object_take_child(struct wdf_object *cur)
{
	struct wdf_children *c = wdf_children_of(cur);
	struct wdf_object *child;
	unsigned long flags;

	if (!c)
		return NULL;
	for (;;) {
		spin_lock_irqsave(&c->lock, flags);
		child = list_first_entry_or_null(&c->list, struct wdf_object,
						 sibling);
		if (!child || wdf_object_begin_delete(child)) {
			if (child)
				list_del_init(&child->sibling);
			spin_unlock_irqrestore(&c->lock, flags);
			return child;
		}
		kref_get(&child->ref);
		child->waited = true;
		spin_unlock_irqrestore(&c->lock, flags);
		wait_var_event(&child->parent, READ_ONCE(child->parent) != cur);
		wdf_object_unref(child);
	}
}

/* Does a cleanup run for @obj: its type's, or a callback? */
static __always_inline bool wdf_object_has_cleanup(struct wdf_object *obj)
{
	struct wdf_object_callbacks *cb = wdf_object_callbacks(obj);

	return wdf_ops(obj)->cleanup || (cb && cb->cleanup);
}

/* The most leaves taken in one hold of a child list's lock (irqs off). */
#define WDF_DELETE_BATCH	32

/*
 * Take children of @cur off its list in order and own their deletion: a
 * run of leaves (children that never had one of their own) goes onto
 * @leaves in one hold of the lock, up to the first leaf with a cleanup
 * (included) or the first child that has children, which is returned for
 * the walk to descend into.  A child that another thread is already
 * deleting ends the run; if it comes first, wait until it has detached and
 * look again.
 *
 * Return: a child with children of its own, or NULL; with @leaves empty
 * too, @cur has no child left.
 */
static struct wdf_object *wdf_object_take_children(struct wdf_object *cur,
						   struct list_head *leaves)
{
	struct wdf_children *c = wdf_children_of(cur);
	struct wdf_object *child;
	unsigned long flags;
	unsigned int n = 0;

	if (!c)
		return NULL;
	for (;;) {
		spin_lock_irqsave(&c->lock, flags);
		list_for_each_entry(child, &c->list, sibling) {
			if (n == WDF_DELETE_BATCH ||
			    !wdf_object_begin_delete(child))
				break;
			/* Its state changed first: no child can join it now. */
			if (READ_ONCE(child->had_children)) {
				list_cut_before(leaves, &c->list,
						&child->sibling);
				list_del_init(&child->sibling);
				spin_unlock_irqrestore(&c->lock, flags);
				return child;
			}
			n++;
			/*
			 * A cleanup may delete a later sibling: none is taken
			 * after a leaf that has one, so each is still there.
			 */
			if (wdf_object_has_cleanup(child)) {
				child = list_next_entry(child, sibling);
				break;
			}
			/* No cleanup to run: its cleanup is the state alone. */
			trace_wdfmem_object_cleanup(child, wdf_type(child));
			WRITE_ONCE(child->state, WDF_STATE_DELETED);
		}
		/* The run of leaves before @child, cut off in one go. */
		list_cut_before(leaves, &c->list, &child->sibling);
		if (n || list_entry_is_head(child, &c->list, sibling)) {
			spin_unlock_irqrestore(&c->lock, flags);
			return NULL;
		}
		kref_get(&child->ref);
		child->waited = true;
		spin_unlock_irqrestore(&c->lock, flags);
		wait_var_event(&child->parent, READ_ONCE(child->parent) != cur);
		wdf_object_unref(child);
	}
}

/* Run an object's cleanup callback: its subtree's have run. */
static __always_inline void
__wdf_object_cleanup(struct wdf_object *obj, const struct wdf_object_ops *ops,
		     struct wdf_object_callbacks *cb)
{
	trace_wdfmem_object_cleanup(obj, ops->type);
	if (ops->cleanup)
		ops->cleanup(obj);
	if (cb && cb->cleanup)
		cb->cleanup(obj);
	WRITE_ONCE(obj->state, WDF_STATE_DELETED);
}

static __always_inline void wdf_object_cleanup(struct wdf_object *obj)
{
	__wdf_object_cleanup(obj, wdf_ops(obj), wdf_object_callbacks(obj));
}

/*
 * Run the cleanup of the leaves the walk took, then put them on @done.
 * Only the last can have one to run (wdf_object_take_children() stops
 * after it); the others' cleanup, a state change, ran as they were taken.
 */
static void wdf_object_cleanup_leaves(struct list_head *leaves,
				      struct list_head *done)
{
	struct wdf_object *last = list_last_entry(leaves, struct wdf_object,
						  sibling);

	if (READ_ONCE(last->state) != WDF_STATE_DELETED)
		wdf_object_cleanup(last);
	list_splice_tail_init(leaves, done);
}

/*
 * Delete the subtree under @root, whose deletion this thread owns and which
 * is already detached.  Cleanup runs post-order, children in creation
 * order, without recursion: a child keeps its parent pointer while it is
 * off the list so the walk can climb back.  Each object whose cleanup ran
 * goes on @done in that same order; then every creation reference is
 * dropped in that order, so with no extra references destroy callbacks run
 * children first too, and nothing is freed before the whole subtree's
 * cleanups ran (KMDF's destroy pass comes after its dispose pass).
 */
static noinline void wdf_object_delete_walk(struct wdf_object *root)
{
	struct wdf_destroy_batch batch = {};
	struct wdf_object *cur = root, *child, *next;
	LIST_HEAD(leaves);
	LIST_HEAD(done);

	for (;;) {
		child = wdf_object_take_children(cur, &leaves);
		if (!list_empty(&leaves)) {
			/* Leaves come before @child in creation order. */
			wdf_object_cleanup_leaves(&leaves, &done);
			if (!child)
				continue;
		}
		if (child) {
			cur = child;
			continue;
		}
		wdf_object_cleanup(cur);
		list_add_tail(&cur->sibling, &done);
		if (cur == root)
			break;
		cur = cur->parent;
	}

	/*
	 * @done is dropped whole: no entry is unlinked from it, and nothing
	 * reads a deleted object's entry again.  Its parent pointer is
	 * cleared: one that lives on may still be handed in as a parent.
	 */
	list_for_each_entry_safe(child, next, &done, sibling) {
		const struct wdf_object_ops *ops = wdf_ops(child);

		child->parent = NULL;
		if (ops->release) {
			wdf_object_unref(child);
			continue;
		}
		/* No release of its type: wdf_object_release() destroys. */
		if (refcount_dec_and_test(&child->ref.refcount))
			__wdf_object_destroy(child, ops,
					     wdf_object_callbacks(child),
					     &batch);
	}
	/* After the frees: the driver's references go last. */
	wdf_destroy_batch_flush(&batch);
}

/*
 * wdf_object_delete_tree() with the type and callbacks at hand: a caller
 * that knows them as constants gets its type's fields folded.
 */
static __always_inline void
__wdf_object_delete_tree(struct wdf_object *root,
			 const struct wdf_object_ops *ops,
			 struct wdf_object_callbacks *cb)
{
	/*
	 * A leaf that never had a child, the common case: nothing to walk.
	 * Its state changed before this read (see wdf_object_attach()).
	 */
	if (!READ_ONCE(root->had_children)) {
		__wdf_object_cleanup(root, ops, cb);
		/* Its creation reference, with the destroy inlined. */
		if (!refcount_dec_and_test(&root->ref.refcount))
			return;
		if (ops->release)
			ops->release(root);
		else
			__wdf_object_destroy(root, ops, cb, NULL);
		return;
	}
	wdf_object_delete_walk(root);
}

static __always_inline void wdf_object_delete_tree(struct wdf_object *root)
{
	__wdf_object_delete_tree(root, wdf_ops(root),
				 wdf_object_callbacks(root));
}

/* wdf_object_delete_children() of an object that had a child. */
void __wdf_object_delete_children(struct wdf_object *obj)
{
	struct wdf_object *child;

	while ((child = wdf_object_take_child(obj)))
		wdf_object_delete_tree(child);
	if (wdf_ops(obj)->hashed_children)
		wdf_children_free(obj);
	WRITE_ONCE(obj->had_children, false);
}

/*
 * The destroy of a leaf whose destroy __wdf_object_detach() counted (a
 * memory object of @ops, wdf_memory_ops or wdf_memory_entry_ops, without
 * callbacks): freed with no reference dropped, nobody else has one.
 */
static __always_inline void
wdf_memory_destroy_counted(struct wdf_object *obj,
			   const struct wdf_object_ops *ops)
{
	struct wdf_driver *drv;

	__wdf_object_cleanup(obj, ops, NULL);
	wdf_object_destroy_begin(obj, ops, NULL);
	drv = obj->driver;
	if (ops->id == WDF_OPS_MEMORY)
		wdf_memory_release_embedded(obj);
	else
		wdf_lookaside_entry_release(obj);
	percpu_ref_put(&drv->live);
}

/*
 * The delete once the caller may delete @obj, with its type and callbacks
 * at hand: the commonest types pass theirs as constants, and their fields
 * fold.  With @counted (a memory object of wdf_memory_ops or
 * wdf_memory_entry_ops without callbacks), a leaf whose creation reference
 * is its last has its destroy counted as it leaves its parent's list.
 */
static __always_inline int
__wdf_object_force_delete(struct wdf_object *obj,
			  const struct wdf_object_ops *ops,
			  struct wdf_object_callbacks *cb, bool counted)
{
	if (!wdf_object_begin_delete(obj)) {
		wdf_misuse("second delete of object %p", obj);
		return -EINVAL;
	}
	if (__wdf_object_detach(obj, counted ? ops->id : 0))
		wdf_memory_destroy_counted(obj, ops);
	else
		__wdf_object_delete_tree(obj, ops, cb);
	return 0;
}

/* wdf_object_delete() with the type and callbacks at hand, as above. */
static __always_inline int
__wdf_object_delete(struct wdf_object *obj, const struct wdf_object_ops *ops,
		    struct wdf_object_callbacks *cb, bool counted)
{
	if (ops->no_delete) {
		wdf_misuse("delete of an object that cannot be deleted (type %d)",
			   ops->type);
		return -EPERM;
	}
	if (ops->may_delete) {
		int ret = ops->may_delete(obj);

		if (ret)
			return ret;
	}
	return __wdf_object_force_delete(obj, ops, cb, counted);
}

/**
 * wdf_object_delete() - delete an object and every object under it
 * @obj: the object
 *
 * Detaches @obj from its parent, runs every cleanup callback in the subtree
 * (children before parents, siblings in creation order), then drops the
 * creation reference of each object.  An object whose extra references are
 * still held stays usable until its last wdf_object_put(); its destroy
 * callback runs then.
 *
 * Context: any context that may run the callbacks.
 * Return: 0; -EINVAL (with a warning) for NULL or an object already being
 * deleted; -EPERM (with a warning) for an object that may not be deleted,
 * such as a driver object; -EBUSY (with a warning) for a DMA transaction
 * in transfer.  Nothing changes on error.
 */
int wdf_object_delete(struct wdf_object *obj)
{
	if (!obj) {
		wdf_misuse("delete of NULL object");
		return -EINVAL;
	}
	/* A memory object with its buffer inside has no callbacks. */
	if (wdf_is(obj, WDF_OPS_MEMORY))
		return __wdf_object_delete(obj, &wdf_memory_ops, NULL, true);
	if (wdf_is(obj, WDF_OPS_MEMORY_ENTRY)) {
		struct wdf_object_callbacks *cb = wdf_object_callbacks(obj);

		if (!cb)
			return __wdf_object_delete(obj, &wdf_memory_entry_ops,
						   NULL, true);
		return __wdf_object_delete(obj, &wdf_memory_entry_ops, cb,
					   false);
	}
	return __wdf_object_delete(obj, wdf_ops(obj),
				   wdf_object_callbacks(obj), false);
}
EXPORT_SYMBOL_GPL(wdf_object_delete);

/*
 * wdf_object_force_delete() - delete, even an object of a no-delete type
 * @obj: the object
 *
 * For the framework's own owners: devres for device objects, completion
 * for requests.
 *
 * Return: 0, or -EINVAL (with a warning) if it is already being deleted.
 */
int wdf_object_force_delete(struct wdf_object *obj)
{
	/* A request made for an I/O operation has no callbacks. */
	if (wdf_is(obj, WDF_OPS_REQUEST))
		return __wdf_object_force_delete(obj, &wdf_request_ops, NULL,
						 false);
	return __wdf_object_force_delete(obj, wdf_ops(obj),
					 wdf_object_callbacks(obj), false);
}

/**
 * wdf_object_get() - take an extra reference
 * @obj: the object
 *
 * An extra reference delays the destroy callback and the free, never the
 * cleanup callback.
 *
 * Return: 0, or -EINVAL (with a warning) for NULL.
 */
int wdf_object_get(struct wdf_object *obj)
{
	if (!obj) {
		wdf_misuse("reference on NULL object");
		return -EINVAL;
	}
	kref_get(&obj->ref);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_object_get);

/**
 * wdf_object_put() - drop an extra reference
 * @obj: the object
 *
 * Dropping the last reference of a deleted object destroys it.  Dropping
 * the creation reference of an object that was not deleted is refused (KMDF
 * bugchecks): use wdf_object_delete().
 *
 * Return: 0, or -EINVAL (with a warning) for NULL or for a put that would
 * drop the creation reference of a live object.
 */
int wdf_object_put(struct wdf_object *obj)
{
	if (!obj) {
		wdf_misuse("dereference of NULL object");
		return -EINVAL;
	}
	if (refcount_dec_not_one(&obj->ref.refcount))
		return 0;
	if (wdf_object_state(obj) != WDF_STATE_DELETED) {
		wdf_misuse("put of the creation reference of live object %p",
			   obj);
		return -EINVAL;
	}
	wdf_object_unref(obj);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_object_put);

/**
 * wdf_object_context() - the object's zeroed context area
 * @obj: the object
 *
 * Return: the context, or NULL if it has none (or @obj is NULL).
 */
void *wdf_object_context(struct wdf_object *obj)
{
	if (!obj || !(wdf_object_extras_of(obj) & WDF_EXTRA_CONTEXT))
		return NULL;
	return (void *)obj + wdf_object_context_offset(obj);
}
EXPORT_SYMBOL_GPL(wdf_object_context);

/**
 * wdf_object_context_type() - the type the context was created with
 * @obj: the object
 *
 * Return: the @context_type of the attributes the object was created with,
 * or NULL if it has no context or was given no type (or @obj is NULL).
 */
const void *wdf_object_context_type(struct wdf_object *obj)
{
	if (!obj || !(wdf_object_extras_of(obj) & WDF_EXTRA_TYPED))
		return NULL;
	return *(const void **)((void *)obj + wdf_object_context_offset(obj) -
				WDF_TYPE_SLOT_SIZE);
}
EXPORT_SYMBOL_GPL(wdf_object_context_type);

/**
 * wdf_object_get_type() - the type of an object
 * @obj: the object
 *
 * Return: its enum wdf_object_type, or WDF_TYPE_MAX (with a warning) for
 * NULL.
 */
enum wdf_object_type wdf_object_get_type(const struct wdf_object *obj)
{
	if (!obj) {
		wdf_misuse("type of NULL object");
		return WDF_TYPE_MAX;
	}
	return wdf_type(obj);
}
EXPORT_SYMBOL_GPL(wdf_object_get_type);

/**
 * __wdf_object_create() - create a generic object for a driver
 * @drv: the creating driver (wdf_object_create() passes the module's own)
 * @attr: attributes, or NULL
 * @out: receives the object, or NULL on failure
 *
 * Return: 0; -EINVAL (with a warning) for a NULL @out; -ENOMEM; or
 * -ESHUTDOWN if the parent or the driver is being deleted.  On failure
 * nothing stays allocated and no callback runs.
 */
int __wdf_object_create(struct wdf_driver *drv,
			const struct wdf_object_attributes *attr,
			struct wdf_object **out)
{
	struct wdf_object *obj;
	int ret;

	if (!out) {
		wdf_misuse("object create with NULL output");
		return -EINVAL;
	}
	*out = NULL;
	obj = wdf_object_alloc(&wdf_generic_ops, drv, attr, 0, GFP_KERNEL, NULL);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = wdf_object_add(obj, attr ? attr->parent : NULL);
	if (ret)
		return ret;
	*out = obj;
	return 0;
}
EXPORT_SYMBOL_GPL(__wdf_object_create);

static void wdf_driver_drained(struct percpu_ref *ref)
{
	struct wdf_driver *drv = container_of(ref, struct wdf_driver, live);

	complete(&drv->drained);
}

/**
 * __wdf_driver_create() - create a client module's driver object
 * @owner: the client module, or NULL when built in
 * @name: a name for messages; must outlive the driver
 * @out: receives the driver
 *
 * Use wdf_driver_init() rather than calling this directly.
 *
 * Context: process context.
 * Return: 0, -EINVAL for a NULL @out, or -ENOMEM.
 */
int __wdf_driver_create(struct module *owner, const char *name,
			struct wdf_driver **out)
{
	struct wdf_driver_shard *shards;
	unsigned int i;
	struct wdf_driver *drv;

	if (!out) {
		wdf_misuse("driver create with NULL output");
		return -EINVAL;
	}
	*out = NULL;
	drv = wdf_kmalloc(wdf_object_size(&wdf_driver_ops, NULL),
			  GFP_KERNEL | __GFP_ZERO);
	if (!drv)
		return -ENOMEM;
	shards = kcalloc(WDF_DRIVER_SHARDS, sizeof(*shards), GFP_KERNEL);
	if (!shards || wdf_fail() ||
	    percpu_ref_init(&drv->live, wdf_driver_drained, 0, GFP_KERNEL)) {
		kfree(shards);
		kfree(drv);
		return -ENOMEM;
	}
	drv->owner = owner;
	drv->name = name;
	init_completion(&drv->drained);
	wdf_verifier_driver_init(drv);
	wdf_object_init(&drv->obj, &wdf_driver_ops, drv, NULL);
	drv->shards = shards;
	for (i = 0; i < WDF_DRIVER_SHARDS; i++) {
		wdf_object_init(&shards[i].obj, &wdf_driver_shard_ops, drv, NULL);
		/* Nothing else sees the driver yet: this cannot fail. */
		wdf_object_attach(&shards[i].obj, &drv->obj);
	}
	this_cpu_inc(wdf_stats.created[WDF_TYPE_DRIVER]);
	wdf_debugfs_driver_add(drv);
	*out = drv;
	return 0;
}
EXPORT_SYMBOL_GPL(__wdf_driver_create);

/**
 * __wdf_driver_delete() - delete a driver object and everything under it
 * @drv: the driver, or NULL (nothing happens)
 *
 * Deletes the driver's tree, then waits until every object the driver
 * created is gone, including lookaside lists whose teardown waits for
 * their entries.  With the verifier on for the driver, objects and local
 * buffers still pinned by leaked references are reported with their
 * creation stacks and freed.  Without it, objects still pinned after ten
 * seconds are reported and the driver's bookkeeping is leaked with them,
 * so that late puts stay safe.
 *
 * Context: process context (it sleeps).
 */
void __wdf_driver_delete(struct wdf_driver *drv)
{
	if (!drv)
		return;
	if (!wdf_object_begin_delete(&drv->obj)) {
		wdf_misuse("second delete of driver %s", drv->name);
		return;
	}
	wdf_object_delete_tree(&drv->obj);
	percpu_ref_kill(&drv->live);
	wdf_debugfs_driver_remove(drv);
	/* With the verifier: whatever is still pinned is reported and freed. */
	if (wdf_verifier_tracking())
		wdf_verifier_driver_exit(drv);
	if (!wait_for_completion_timeout(&drv->drained, 10 * HZ)) {
		wdf_misuse("driver %s exits with objects still referenced",
			   drv->name);
		return;
	}
	percpu_ref_exit(&drv->live);
	kfree(drv->shards);
	kfree(drv);
}
EXPORT_SYMBOL_GPL(__wdf_driver_delete);
