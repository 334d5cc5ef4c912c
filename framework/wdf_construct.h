/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The object constructor's inline pieces.  object.c builds the one
 * out-of-line constructor, wdf_object_alloc(), from them; the hot paths
 * (a memory object with its buffer inside, a request) build their own
 * copy with their type and no attributes, which the compiler folds into a
 * few stores.
 */
#ifndef _WDF_CONSTRUCT_H
#define _WDF_CONSTRUCT_H

#include <linux/hash.h>
#include <linux/percpu-refcount.h>
#include "wdf_internal.h"
#include "wdf_trace.h"

/*
 * A parent's children, in creation order, and the lock that protects the
 * list and the @sibling entries on it.
 */
struct wdf_children {
	spinlock_t lock;	/* protects @list and the entries on it */
	struct list_head list;
};

#define WDF_CHILDREN_SIZE	ALIGN(sizeof(struct wdf_children), WDF_ALIGNMENT)

/*
 * A driver's children are on WDF_DRIVER_SHARDS lists, each headed by an
 * object of its own (object.c): an object joins the list of the thread
 * that creates it.
 */
#define WDF_DRIVER_SHARD_BITS	6
#define WDF_DRIVER_SHARDS	BIT(WDF_DRIVER_SHARD_BITS)

struct wdf_driver_shard {
	struct wdf_object obj;
	struct wdf_children children __aligned(WDF_ALIGNMENT);
} ____cacheline_aligned;

/* The list of @drv's children that objects this thread creates join. */
static __always_inline struct wdf_driver_shard *
wdf_driver_shard_of(struct wdf_driver *drv)
{
	struct wdf_driver_shard *s = drv->shards;

	return &s[hash_ptr(current, WDF_DRIVER_SHARD_BITS)];
}

/*
 * Put @obj on @parent's child list @c, unless @parent is being deleted
 * (-ESHUTDOWN).  @hashed: the list is one wdf_children_make() made.  With
 * @count, also count the creation of @obj (@type), its @bytes of buffer
 * and, unless NULL, the per-CPU counter @also, under the lock: whether or
 * not it joins, since a failed add's abort counts the free.
 */
static __always_inline int __wdf_children_attach(struct wdf_object *obj,
						 struct wdf_object *parent,
						 struct wdf_children *c,
						 bool hashed, bool count,
						 enum wdf_object_type type,
						 size_t bytes,
						 u64 __percpu *also)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&c->lock, flags);
	if (count) {
		wdf_irqsoff_cpu_inc(wdf_stats.created[type]);
		wdf_bytes_add_irqsoff(bytes);
		if (also)
			wdf_irqsoff_cpu_inc(*also);
	}
	/*
	 * The parent's delete reads had_children without the lock, after
	 * its state change (a full barrier): either it sees the flag and
	 * takes the lock, which waits for this list_add, or this reads its
	 * new state and adds nothing.  The first child's store is ordered
	 * before the state read here; later attaches find it set, and the
	 * lock orders them after that first one.  A hashed list's maker
	 * sets the flag outside the lock: every attach to such a parent
	 * orders its own store.
	 */
	if (!parent->had_children || hashed) {
		WRITE_ONCE(parent->had_children, true);
		/* The flag before the state: pairs with the delete's cmpxchg. */
		smp_mb();
	}
	if (wdf_object_state(parent) != WDF_STATE_CREATED) {
		ret = -ESHUTDOWN;
	} else {
		obj->parent = parent;
		list_add_tail(&obj->sibling, &c->list);
	}
	spin_unlock_irqrestore(&c->lock, flags);
	return ret;
}

static __always_inline int wdf_children_attach(struct wdf_object *obj,
					       struct wdf_object *parent,
					       struct wdf_children *c,
					       bool hashed)
{
	return __wdf_children_attach(obj, parent, c, hashed, false, 0, 0, NULL);
}

/*
 * The verifier's record (unless the caller already found the verifier off
 * and made an object it does not track: !@may_track) and the create event
 * of a new object.
 */
static __always_inline void wdf_object_announce(struct wdf_object *obj,
						struct wdf_object *parent,
						bool may_track)
{
	if (may_track && unlikely(wdf_verifier_on(obj->driver)))
		wdf_verifier_track_object(obj);
	if (trace_wdfmem_object_create_enabled()) {
		size_t size;
		u32 tag;

		wdf_object_describe(obj, &size, &tag);
		trace_wdfmem_object_create(obj, wdf_type(obj), size, parent);
	}
}

/*
 * wdf_object_add_owned() - finish creating an object on no parent's list
 * @obj: the object, set up
 *
 * For what the framework makes for one owner that deletes it itself
 * (wdf_object_force_delete()) before it goes: a request made for an I/O
 * operation (KMDF parents none), a request's MDLs.  Counted and tracked
 * like any object, but no child list is locked to add it or walked to
 * delete it.
 */
static __always_inline void wdf_object_add_owned(struct wdf_object *obj)
{
	wdf_object_announce(obj, NULL, true);
}

/*
 * wdf_object_add(), with the driver's list joined inline when @parent is
 * NULL (the default parent): for the hot constructors.  @may_track: as
 * wdf_object_announce().  With @count, for an object set up uncounted
 * (@count false in __wdf_object_setup()), its creation, of @type, its
 * @bytes of buffer and, unless NULL, the per-CPU counter @also are counted
 * here, under the list's lock when it joins its driver's.
 */
static __always_inline int
__wdf_object_add_fast(struct wdf_object *obj, struct wdf_object *parent,
		      bool may_track, bool count, enum wdf_object_type type,
		      size_t bytes, u64 __percpu *also)
{
	struct wdf_driver_shard *s;
	int ret;

	if (parent) {
		if (count) {
			this_cpu_inc(wdf_stats.created[type]);
			wdf_bytes_add(bytes);
			if (also)
				this_cpu_inc(*also);
		}
		return wdf_object_add(obj, parent);
	}
	wdf_object_announce(obj, &obj->driver->obj, may_track);
	s = wdf_driver_shard_of(obj->driver);
	ret = __wdf_children_attach(obj, &s->obj, &s->children, false, count,
				    type, bytes, also);
	if (ret)
		wdf_object_abort(obj);
	return ret;
}

static __always_inline int wdf_object_add_fast(struct wdf_object *obj,
					       struct wdf_object *parent,
					       bool may_track)
{
	return __wdf_object_add_fast(obj, parent, may_track, false, 0, 0,
				     NULL);
}

static __always_inline int
wdf_object_add_counting(struct wdf_object *obj, enum wdf_object_type type,
			size_t bytes, u64 __percpu *also,
			struct wdf_object *parent, bool may_track)
{
	return __wdf_object_add_fast(obj, parent, may_track, true, type, bytes,
				     also);
}

/* Take the driver's reference for a new object. */
static __always_inline int wdf_object_prepare(struct wdf_driver *drv)
{
	if (!drv) {
		wdf_misuse("object created before wdf_driver_init()");
		return -EINVAL;
	}
	if (!percpu_ref_tryget_live(&drv->live))
		return -ESHUTDOWN;
	return 0;
}

/* What an object carries after its type's struct. */
#define WDF_EXTRA_CALLBACKS	BIT(0)	/* struct wdf_object_callbacks */
#define WDF_EXTRA_CONTEXT	BIT(1)	/* the context area */
#define WDF_EXTRA_TYPED		BIT(2)	/* the context's type, before it */

/* The callbacks of an object created with any, after the type's struct. */
struct wdf_object_callbacks {
	void (*cleanup)(struct wdf_object *obj);
	void (*destroy)(struct wdf_object *obj);
};

#define WDF_CALLBACKS_SIZE \
	ALIGN(sizeof(struct wdf_object_callbacks), WDF_ALIGNMENT)
#define WDF_TYPE_SLOT_SIZE	ALIGN(sizeof(void *), WDF_ALIGNMENT)

static __always_inline u8
wdf_object_extras(const struct wdf_object_attributes *attr)
{
	if (!attr)
		return 0;
	return (attr->cleanup || attr->destroy ? WDF_EXTRA_CALLBACKS : 0) |
	       (attr->context_size ? WDF_EXTRA_CONTEXT : 0) |
	       (attr->context_size && attr->context_type ? WDF_EXTRA_TYPED : 0);
}

static __always_inline u8 wdf_object_extras_of(const struct wdf_object *obj)
{
	return obj->shape >> WDF_SHAPE_ID_BITS;
}

/* The type's struct and, unless the type's are hashed, its child list. */
static __always_inline size_t wdf_object_base(const struct wdf_object_ops *ops)
{
	return ALIGN(ops->size, WDF_ALIGNMENT) +
	       (ops->hashed_children ? 0 : WDF_CHILDREN_SIZE);
}

/* Where the context area (and its type slot before it) would start. */
static __always_inline size_t
wdf_object_context_offset(const struct wdf_object *obj)
{
	u8 extras = wdf_object_extras_of(obj);

	return wdf_object_base(wdf_ops(obj)) +
	       (extras & WDF_EXTRA_CALLBACKS ? WDF_CALLBACKS_SIZE : 0) +
	       (extras & WDF_EXTRA_TYPED ? WDF_TYPE_SLOT_SIZE : 0);
}

static __always_inline struct wdf_object_callbacks *
wdf_object_callbacks(struct wdf_object *obj)
{
	if (!(wdf_object_extras_of(obj) & WDF_EXTRA_CALLBACKS))
		return NULL;
	return (void *)obj + wdf_object_base(wdf_ops(obj));
}

/*
 * The types whose ops this header defines (below): wdf_object_tables_init()
 * puts them in wdf_ops_table at load, so each file's copy of them may set
 * up objects without registering its own.  Every other type registers the
 * ops it is given when its first object is set up.
 */
static __always_inline bool wdf_ops_preset(u8 id)
{
	return id == WDF_OPS_MEMORY || id == WDF_OPS_MEMORY_ENTRY ||
	       id == WDF_OPS_REQUEST;
}

/*
 * The one place an object header is initialised, with the callbacks of
 * @attr after the type's struct when it has any.
 */
static __always_inline void
wdf_object_init(struct wdf_object *obj, const struct wdf_object_ops *ops,
		struct wdf_driver *drv, const struct wdf_object_attributes *attr)
{
	struct wdf_object_callbacks *cb;

	if (!wdf_ops_preset(ops->id) &&
	    unlikely(READ_ONCE(wdf_ops_table[ops->id]) != ops)) {
		/* Two types with one index would be a framework bug. */
		WARN_ON_ONCE(wdf_ops_table[ops->id]);
		WRITE_ONCE(wdf_ops_table[ops->id], ops);
	}
	obj->shape = ops->id | wdf_object_extras(attr) << WDF_SHAPE_ID_BITS;
	obj->driver = drv;
	obj->state = WDF_STATE_CREATED;
	kref_init(&obj->ref);
	obj->waited = false;
	obj->had_children = false;
	obj->parent = NULL;
	INIT_LIST_HEAD(&obj->sibling);
	if (!ops->hashed_children) {
		struct wdf_children *c = (void *)obj + ALIGN(ops->size,
							      WDF_ALIGNMENT);

		spin_lock_init(&c->lock);
		INIT_LIST_HEAD(&c->list);
	}
	cb = wdf_object_callbacks(obj);
	if (cb) {
		cb->cleanup = attr->cleanup;
		cb->destroy = attr->destroy;
	}
	if (wdf_object_extras_of(obj) & WDF_EXTRA_TYPED)
		*(const void **)((void *)obj + wdf_object_context_offset(obj) -
				 WDF_TYPE_SLOT_SIZE) = attr->context_type;
}

/* wdf_object_size(), inlined into the constructor. */
static __always_inline size_t
__wdf_object_size(const struct wdf_object_ops *ops,
		  const struct wdf_object_attributes *attr)
{
	u8 extras = wdf_object_extras(attr);
	size_t size = wdf_object_base(ops), ctx;

	if (extras & WDF_EXTRA_CALLBACKS)
		size += WDF_CALLBACKS_SIZE;
	if (extras & WDF_EXTRA_TYPED)
		size += WDF_TYPE_SLOT_SIZE;
	if (!(extras & WDF_EXTRA_CONTEXT))
		return size;
	if (wdf_align_size_up(attr->context_size, WDF_ALIGNMENT, &ctx))
		return SIZE_MAX;
	return size_add(size, ctx);
}

/*
 * Zero an object past its header.  A memory object's or a lookaside
 * entry's struct ends a word or three after it: stores, not a memset()
 * call for 8 bytes.
 */
static __always_inline void wdf_object_zero(void *p, size_t len)
{
	u64 *w = p;

	if (len == sizeof(u64)) {
		w[0] = 0;
	} else if (len == 3 * sizeof(u64)) {
		w[0] = 0;
		w[1] = 0;
		w[2] = 0;
	} else {
		memset(p, 0, len);
	}
}

/*
 * The header and the created count of an object whose driver reference is
 * taken and whose struct is set: the end of every constructor, and all a
 * request's pinned range needs to become an MDL (wdf_mdl_adopt_in()).
 */
static __always_inline void
wdf_object_start(void *p, const struct wdf_object_ops *ops,
		 struct wdf_driver *drv, const struct wdf_object_attributes *attr)
{
	wdf_object_init(p, ops, drv, attr);
	this_cpu_inc(wdf_stats.created[ops->type]);
}

/*
 * wdf_object_setup(), inlined into it and into every constructor.  Without
 * @count the caller counts the creation itself (wdf_object_add_counting()).
 */
static __always_inline int
__wdf_object_setup(void *p, const struct wdf_object_ops *ops,
		   struct wdf_driver *drv,
		   const struct wdf_object_attributes *attr, size_t size,
		   bool count)
{
	int ret;

	ret = wdf_object_prepare(drv);
	if (ret)
		return ret;
	/* wdf_object_init() sets every field of the header itself. */
	wdf_object_zero(p + sizeof(struct wdf_object),
			size - sizeof(struct wdf_object));
	if (count)
		wdf_object_start(p, ops, drv, attr);
	else
		wdf_object_init(p, ops, drv, attr);
	return 0;
}

/*
 * wdf_object_alloc(), inlined: with @ops and @attr known where it is
 * inlined, the size, the zeroing and the header fold into constants.  With
 * @spare the block is one a CPU may keep (wdf_spare_alloc()), which the
 * type's free gives back with wdf_spare_free().  @count: as
 * __wdf_object_setup().
 */
static __always_inline void *
__wdf_object_alloc(const struct wdf_object_ops *ops, struct wdf_driver *drv,
		   const struct wdf_object_attributes *attr, size_t extra,
		   gfp_t gfp, void **tail, bool spare, bool count)
{
	size_t size = __wdf_object_size(ops, attr);
	size_t total = size_add(size, extra);
	void *p;
	int ret;

	p = spare ? wdf_spare_alloc(total, gfp & ~__GFP_ZERO) :
		    wdf_kmalloc(total, gfp & ~__GFP_ZERO);
	if (!p)
		return ERR_PTR(-ENOMEM);
	ret = __wdf_object_setup(p, ops, drv, attr, size, count);
	if (ret) {
		if (spare)
			wdf_spare_free(p, total);
		else
			kfree(p);
		return ERR_PTR(ret);
	}
	if (tail)
		*tail = p + size;
	return p;
}

static const struct wdf_object_ops wdf_memory_ops;

/*
 * The free of a memory object of that type, the common kind, which alone
 * has it: no switch.  Inline here for the delete in object.c.
 */
static __always_inline void wdf_memory_release_embedded(struct wdf_object *obj)
{
	struct wdf_memory_private *mem =
		container_of(obj, struct wdf_memory_private, obj);

	/* The create made it no larger (wdf_memory_bare()). */
	wdf_spare_free_fit(mem,
			   wdf_object_base(&wdf_memory_ops) + mem->small_size);
}

static inline void wdf_memory_free_embedded(struct wdf_object *obj)
{
	struct wdf_memory_private *mem =
		container_of(obj, struct wdf_memory_private, obj);

	wdf_bytes_add(-(s64)mem->small_size);
	wdf_memory_release_embedded(obj);
}

/*
 * What the destroy of such an object counts (its free, its bytes), counted
 * ahead of it with interrupts off (wdf_object_delete()); the destroy then
 * frees it with wdf_memory_release_embedded().
 */
static __always_inline void wdf_memory_uncount_irqsoff(struct wdf_object *obj)
{
	struct wdf_memory_private *mem =
		container_of(obj, struct wdf_memory_private, obj);

	wdf_irqsoff_cpu_inc(wdf_stats.freed[WDF_TYPE_MEMORY]);
	wdf_bytes_add_irqsoff(-(s64)mem->small_size);
}

/*
 * The type of a memory object with its buffer right after the struct and
 * no callbacks or context, here so that the delete of one in object.c
 * folds its fields.  Each file that includes this has its own copy, all
 * alike; object.c's is the one in wdf_ops_table (wdf_ops_preset()).
 */
static const struct wdf_object_ops wdf_memory_ops __maybe_unused = {
	.type = WDF_TYPE_MEMORY,
	.id = WDF_OPS_MEMORY,
	.hashed_children = true,
	.size = sizeof(struct wdf_memory_private),
	.free = wdf_memory_free_embedded,
};

void wdf_lookaside_entry_free(struct wdf_object *obj);
void wdf_lookaside_entry_release(struct wdf_object *obj);

/*
 * The same for a lookaside entry (its free, its bytes, its list's free);
 * the destroy then gives it back with wdf_lookaside_entry_release().
 */
static __always_inline void wdf_entry_uncount_irqsoff(struct wdf_object *obj)
{
	struct wdf_memory_private *mem =
		container_of(obj, struct wdf_memory_private, obj);
	struct wdf_lookaside_private *la = wdf_memory_list(mem);

	wdf_irqsoff_cpu_inc(wdf_stats.freed[WDF_TYPE_MEMORY]);
	wdf_bytes_add_irqsoff(-(s64)la->size);
	wdf_irqsoff_cpu_inc(la->cpu->frees);
}

/* The type of a lookaside list's entry, here for the same reason. */
static const struct wdf_object_ops wdf_memory_entry_ops __maybe_unused = {
	.type = WDF_TYPE_MEMORY,
	.id = WDF_OPS_MEMORY_ENTRY,
	.hashed_children = true,
	.size = sizeof(struct wdf_memory_private),
	.free = wdf_lookaside_entry_free,
};

void wdf_request_cleanup(struct wdf_object *obj);
void wdf_request_free(struct wdf_object *obj);

/*
 * The type of a request made for an I/O operation, here so that its delete
 * at completion (wdf_object_force_delete()) folds its fields.
 */
static const struct wdf_object_ops wdf_request_ops __maybe_unused = {
	.type = WDF_TYPE_REQUEST,
	.id = WDF_OPS_REQUEST,
	.size = sizeof(struct wdf_request_private),
	.no_delete = true,
	.cleanup = wdf_request_cleanup,
	.free = wdf_request_free,
};

#endif /* _WDF_CONSTRUCT_H */
