/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The framework's private parts of its public object types.
 *
 * A client sees each type as its object header alone (struct wdf_device
 * { struct wdf_object obj; }, include/wdf/); the framework allocates the
 * larger struct below, whose first member is that public struct, and
 * converts with container_of().  The anonymous union lets the framework
 * name the header directly (dev->obj) as well as the public view
 * (&dev->pub) that it hands out.
 */
#ifndef _WDF_OBJECTS_H
#define _WDF_OBJECTS_H

#include <linux/completion.h>
#include <linux/percpu-refcount.h>
#include <linux/scatterlist.h>
#include <linux/workqueue.h>
#include <wdf/wdf.h>

/* Buffers, contexts and headers start on this boundary (x64 KMDF: 16). */
#define WDF_ALIGNMENT	16

/* Object life states, in order (struct wdf_object's @state). */
enum wdf_object_state {
	WDF_STATE_CREATED,
	WDF_STATE_DELETING,
	WDF_STATE_DELETED,
};

static __always_inline u8 wdf_object_state(const struct wdf_object *obj)
{
	return READ_ONCE(obj->state);
}

/*
 * Every struct wdf_object_ops of the framework, by its @id: an object
 * keeps the index in the low bits of its @shape.
 */
enum wdf_ops_id {
	WDF_OPS_DRIVER,
	WDF_OPS_DRIVER_SHARD,
	WDF_OPS_GENERIC,
	WDF_OPS_DEVICE,
	WDF_OPS_QUEUE,
	WDF_OPS_REQUEST,
	WDF_OPS_REQUEST_MEMORY,
	WDF_OPS_REQUEST_RX,
	WDF_OPS_IOTARGET,
	WDF_OPS_SENT,
	WDF_OPS_LOOKASIDE,
	WDF_OPS_MDL,
	WDF_OPS_MEMORY,
	WDF_OPS_MEMORY_EXT,
	WDF_OPS_MEMORY_ENTRY,
	WDF_OPS_DMA_ENABLER,
	WDF_OPS_DMA_TRANSACTION,
	WDF_OPS_COMMON_BUFFER,
	WDF_OPS_MAX
};

#define WDF_SHAPE_ID_BITS	5
#define WDF_SHAPE_ID_MASK	(BIT(WDF_SHAPE_ID_BITS) - 1)
static_assert(BIT(WDF_SHAPE_ID_BITS) >= WDF_OPS_MAX);

/* Filled in as each type creates its first object. */
extern const struct wdf_object_ops *wdf_ops_table[WDF_OPS_MAX];

static __always_inline const struct wdf_object_ops *wdf_ops(const struct wdf_object *obj)
{
	return wdf_ops_table[obj->shape & WDF_SHAPE_ID_MASK];
}

static __always_inline bool wdf_is(const struct wdf_object *obj, enum wdf_ops_id id)
{
	return (obj->shape & WDF_SHAPE_ID_MASK) == id;
}

/* The operations of every kind of memory object, as a mask of @id bits. */
#define WDF_MEMORY_OPS	(BIT(WDF_OPS_MEMORY) | BIT(WDF_OPS_MEMORY_EXT) | \
			 BIT(WDF_OPS_MEMORY_ENTRY) | BIT(WDF_OPS_REQUEST_MEMORY))

static __always_inline bool wdf_is_memory(const struct wdf_object *obj)
{
	return BIT(obj->shape & WDF_SHAPE_ID_MASK) & WDF_MEMORY_OPS;
}

static __always_inline enum wdf_object_type wdf_type(const struct wdf_object *obj)
{
	return wdf_ops(obj)->type;
}

/**
 * struct wdf_device_private - a device object
 * @pub: what the client sees
 * @obj: the same header
 * @dev: the device
 * @released: devres deleted it (else it removes its devres action when it
 *            is freed, having been deleted with its parent first)
 * @queue: its default queue, or NULL; set and cleared under @io_lock
 * @io_lock: protects @queue
 * @link: its entry in the framework's list of named devices
 * @name: the name I/O targets open it by (wdf_device_create_symbolic_link())
 */
struct wdf_device_private {
	union {
		struct wdf_device pub;
		struct wdf_object obj;
	};
	struct device *dev;
	bool released;
	struct wdf_io_queue_private *queue;
	spinlock_t io_lock;	/* protects @queue */
	struct list_head link;
	const char *name;
};

static inline struct wdf_device_private *wdf_device_priv(struct wdf_device *d)
{
	return container_of(d, struct wdf_device_private, pub);
}

/* How a memory object's buffer was obtained. */
enum wdf_memory_kind {
	WDF_MEMORY_EMBEDDED,	/* right after the object's struct */
	WDF_MEMORY_TAIL,	/* same allocation, after callbacks or context */
	WDF_MEMORY_POOL,	/* separate kmalloc/kvmalloc buffer */
	WDF_MEMORY_PREALLOCATED, /* the caller's, never freed here */
	WDF_MEMORY_LOOKASIDE,	/* one entry of a lookaside list */
	WDF_MEMORY_REQUEST,	/* a request's buffer, owned by the request */
};

struct wdf_lookaside_private;

/**
 * struct wdf_memory_private - a memory object
 * @pub: what the client sees
 * @obj: the same header
 * @tag: the pool tag given at creation
 * @kind: an enum wdf_memory_kind
 * @read_only: copy-from is refused with -EACCES
 * @small_size: the buffer's size (WDF_MEMORY_EMBEDDED, below 64 KiB)
 * @entry: a lookaside entry's list, with bit 0 set if it is read-only
 *
 * Eight bytes after the header.  What a kind needs and others do not
 * follows only in the objects of that kind: a WDF_MEMORY_EMBEDDED buffer
 * (an object created without callbacks or a context) starts right after
 * this struct; a lookaside entry (its own operations, WDF_OPS_MEMORY_ENTRY)
 * reads its size, tag and buffer's place from its list; every other kind
 * is a struct wdf_memory_ext.  Read them with wdf_memory_buffer() and its
 * siblings.
 */
struct wdf_memory_private {
	union {
		struct wdf_memory pub;
		struct wdf_object obj;
	};
	union {
		struct {
			u32 tag;
			u8 kind;
			bool read_only;
			u16 small_size;
		};
		unsigned long entry;
	};
};

/**
 * struct wdf_memory_ext - a memory object whose buffer is elsewhere
 * @m: the object
 * @buffer: the buffer
 * @size: its size in bytes
 */
struct wdf_memory_ext {
	struct wdf_memory_private m;
	void *buffer;
	size_t size;
};

static inline struct wdf_memory_private *wdf_memory_priv(struct wdf_memory *m)
{
	return container_of(m, struct wdf_memory_private, pub);
}

/*
 * The free depth a lookaside list starts with and keeps when idle, and the
 * most it grows to: NT's bounds (4 and 256 entries).
 */
#define WDF_LOOKASIDE_MIN_DEPTH	4
#define WDF_LOOKASIDE_MAX_DEPTH	256

/**
 * struct wdf_lookaside_cpu - one CPU's free entries of a lookaside list
 * @hot: the most recently freed entry, or NULL: taken with xchg() and
 *       filled with xchg() or cmpxchg(), by its CPU without the lock and
 *       by the depth scan and the shrinker from any CPU
 * @lock: protects the stack; taken by its CPU, and by the depth scan and
 *        the shrinker from any CPU
 * @head: the stack of the older free entries; each free entry's first
 *        word points to the next
 * @count: entries on the stack (the free entries are these and @hot)
 * @allocates: NT's TotalAllocates, this CPU's share (the counters are
 *             added to with this_cpu_inc(), on the CPU that counts)
 * @allocate_misses: NT's AllocateMisses
 * @frees: NT's TotalFrees
 * @free_misses: NT's FreeMisses
 * @failed: allocations that failed
 */
struct wdf_lookaside_cpu {
	void *hot;
	spinlock_t lock;	/* protects the stack */
	void *head;
	unsigned int count;
	u64 allocates;
	u64 allocate_misses;
	u64 frees;
	u64 free_misses;
	u64 failed;
};

/**
 * struct wdf_lookaside_private - a lookaside list
 * @pub: what the client sees
 * @obj: the same header
 * @cache: the list's own kmem_cache (SLAB_NO_MERGE, named after the list)
 * @entries: one reference per outstanding memory object, plus the list's
 * @size: buffer size of every entry
 * @offset: where the buffer starts inside an entry
 * @pool: pool type given at creation
 * @tag: pool tag
 * @mem_attr: attributes of every memory object from the list; its parent
 *            (NULL for the driver) is referenced for the list's lifetime
 * @cpu: per-CPU free entries and counters
 * @depth: the free entries each CPU keeps at most; set by the scan
 * @scanned_allocates: total allocates at the previous scan
 * @scanned_misses: allocate misses at the previous scan
 * @node: entry in the framework's list of lookasides (RCU for the
 *        shrinker, wdf_lookasides_lock for the rest)
 * @teardown: runs kmem_cache_destroy once the last entry is back
 * @name: the cache name, "wdf-<tag>-<id>"
 */
struct wdf_lookaside_private {
	union {
		struct wdf_lookaside pub;
		struct wdf_object obj;
	};
	struct kmem_cache *cache;
	struct percpu_ref entries;
	size_t size;
	size_t offset;
	enum wdf_pool_type pool;
	u32 tag;
	struct wdf_object_attributes mem_attr;
	struct wdf_lookaside_cpu __percpu *cpu;
	unsigned int depth;
	u64 scanned_allocates;
	u64 scanned_misses;
	struct list_head node;
	struct work_struct teardown;
	char name[32];
};

static inline struct wdf_lookaside_private *
wdf_lookaside_priv(struct wdf_lookaside *la)
{
	return container_of(la, struct wdf_lookaside_private, pub);
}

/* Is @m an entry of a lookaside list? */
static __always_inline bool wdf_memory_is_entry(const struct wdf_memory_private *m)
{
	return wdf_is(&m->obj, WDF_OPS_MEMORY_ENTRY);
}

static __always_inline struct wdf_lookaside_private *
wdf_memory_list(const struct wdf_memory_private *m)
{
	return (struct wdf_lookaside_private *)(m->entry & ~1UL);
}

static __always_inline struct wdf_memory_ext *
wdf_memory_ext(const struct wdf_memory_private *m)
{
	return container_of(m, struct wdf_memory_ext, m);
}

static __always_inline enum wdf_memory_kind
wdf_memory_kind(const struct wdf_memory_private *m)
{
	return wdf_memory_is_entry(m) ? WDF_MEMORY_LOOKASIDE : m->kind;
}

static __always_inline void *wdf_memory_buffer(const struct wdf_memory_private *m)
{
	if (wdf_memory_is_entry(m))
		return (void *)m + wdf_memory_list(m)->offset;
	if (m->kind == WDF_MEMORY_EMBEDDED)
		return (void *)m + ALIGN(sizeof(*m), WDF_ALIGNMENT);
	/* A preallocated buffer may be reassigned (by its owner). */
	return READ_ONCE(wdf_memory_ext(m)->buffer);
}

static __always_inline size_t wdf_memory_size(const struct wdf_memory_private *m)
{
	if (wdf_memory_is_entry(m))
		return wdf_memory_list(m)->size;
	if (m->kind == WDF_MEMORY_EMBEDDED)
		return m->small_size;
	return READ_ONCE(wdf_memory_ext(m)->size);
}

/* The buffer and its size, with one look at the kind. */
static __always_inline void *wdf_memory_span(const struct wdf_memory_private *m,
					     size_t *size)
{
	if (wdf_memory_is_entry(m)) {
		*size = wdf_memory_list(m)->size;
		return (void *)m + wdf_memory_list(m)->offset;
	}
	if (m->kind == WDF_MEMORY_EMBEDDED) {
		*size = m->small_size;
		return (void *)m + ALIGN(sizeof(*m), WDF_ALIGNMENT);
	}
	*size = READ_ONCE(wdf_memory_ext(m)->size);
	return READ_ONCE(wdf_memory_ext(m)->buffer);
}

static __always_inline u32 wdf_memory_tag(const struct wdf_memory_private *m)
{
	return wdf_memory_is_entry(m) ? wdf_memory_list(m)->tag : m->tag;
}

static __always_inline bool wdf_memory_read_only(const struct wdf_memory_private *m)
{
	if (wdf_memory_is_entry(m))
		return READ_ONCE(m->entry) & 1;
	return READ_ONCE(m->read_only);
}

/* What an MDL describes. */
enum wdf_mdl_kind {
	WDF_MDL_KERNEL,		/* lowmem, vmalloc or module memory */
	WDF_MDL_USER,		/* pinned user pages */
	WDF_MDL_PARTIAL,	/* a byte range of another MDL */
};

/**
 * struct wdf_mdl_private - a memory descriptor list
 * @pub: what the client sees
 * @obj: the same header
 * @sgt: the pages of the range, contiguous pages merged
 * @pages: the pages, first to last (@one_page for an MDL of one page)
 * @npages: number of @pages
 * @one_page: the page array of a one-page MDL, which needs no allocation
 * @one_sg: the table's entry for a one-page MDL, which needs none either
 * @offset: byte offset of the range in the first page
 * @length: byte count
 * @kind: an enum wdf_mdl_kind
 * @writable: the pages may be written (user pages pinned FOLL_WRITE)
 * @dirty: the pages were written by a device; user pages are dirtied when
 *         they are unpinned
 * @pinned: @pages are pinned user pages, unpinned on free
 * @request_owned: made by a request for its buffer: only the request
 *                 deletes it
 * @source: for a partial MDL, the MDL it was built from (referenced)
 * @memory: for an MDL over a memory object, that object (referenced)
 * @host: for an MDL made inside a request, that request (referenced; its
 *        memory is this MDL's, not allocated apart)
 * @vaddr: kernel mapping of the range, once wdf_mdl_map() made one
 * @vmapped: @vaddr comes from vmap() and is unmapped on free
 * @dma_dev: the device the sg_table is DMA-mapped for, or NULL
 * @dma_dir: direction of that mapping
 */
struct wdf_mdl_private {
	union {
		struct wdf_mdl pub;
		struct wdf_object obj;
	};
	struct sg_table sgt;
	struct page **pages;
	unsigned int npages;
	struct page *one_page;
	struct scatterlist one_sg;
	size_t offset;
	size_t length;
	u8 kind;
	bool writable;
	bool dirty;
	bool pinned;
	bool request_owned;
	struct wdf_mdl_private *source;
	struct wdf_memory_private *memory;
	struct wdf_object *host;
	void *vaddr;
	bool vmapped;
	struct device *dma_dev;
	enum dma_data_direction dma_dir;
};

static inline struct wdf_mdl_private *wdf_mdl_priv(struct wdf_mdl *mdl)
{
	return container_of(mdl, struct wdf_mdl_private, pub);
}

/*
 * One side of a request: its memory object and how it is backed.  A
 * request from a device node has pinned pages (@pin: the struct inside the
 * request that holds the pins, made the MDL object @mdl when the driver
 * asks for one) or a kernel copy (@kbuf); one sent by another driver has
 * the sender's memory (@kva or a borrowed @mdl) or the sender's request's
 * bounce buffer (@kbuf).  @own_mdl: the request made @mdl (on no child
 * list) and deletes it when it goes, or when a sent request's receiving
 * side completes.
 *
 * The retrieve calls make @mem and @mdl the first time they are asked, and
 * may be called from several threads at once (KMDF locks the request for
 * it): @mem_state says whether @mem is being made (WDF_SIDE_MEM_MAKING, a
 * few stores: others spin) or made, and @mdl_busy that a thread is making
 * @mdl (which may sleep: others wait for it).  @mem comes last and is not
 * zeroed when the request is made: nothing in it is read before
 * @mem_state says it is made, but @mem.buffer, the side's bytes once
 * mapped, which is.
 */
struct wdf_request_buffer {
	void *kbuf;
	void *kva;
	struct wdf_mdl_private *pin;
	struct wdf_mdl *mdl;
	size_t len;
	u8 mem_state;
	bool mdl_busy;
	bool own_mdl;
	struct wdf_memory_ext mem;
};

/* struct wdf_request_buffer's @mem_state. */
#define WDF_SIDE_MEM_NONE	0
#define WDF_SIDE_MEM_MAKING	1
#define WDF_SIDE_MEM_MADE	2

struct wdf_io_queue_private;
struct wdf_sent_request;

/**
 * struct wdf_request_private - an I/O request
 * @pub: what the client sees
 * @obj: the same header
 * @params: what the caller asked for
 * @in: the input side
 * @out: the output side
 * @mdl_room: where its pinned pages are kept, an MDL when asked for
 *	(WDF_MDL_ROOM bytes after the struct, not zeroed), or NULL if it pins
 *	none
 * @completed: wdf_request_complete() has run
 * @queue: the queue that presents it, or NULL for a request the caller
 *	completes itself (wdf_request_create() without a queue)
 * @qnode: its entry on the queue's waiting or presented list
 * @cancel: the driver's cancel routine while it is cancelable
 * @canceled: cancellation was asked for
 * @waiting: on the queue's waiting list, not yet presented
 * @status: the status it was completed with
 * @information: the bytes it was completed with
 * @done: completed, for the thread that submitted it from a device node
 *	(on that thread's stack, not in the request)
 * @sender: the request another driver sent, whose receiving side this is
 *
 * @cancel, @canceled, @waiting and @qnode are under the queue's lock.
 */
struct wdf_request_private {
	union {
		struct wdf_request pub;
		struct wdf_object obj;
	};
	struct wdf_request_params params;
	struct wdf_request_buffer in;
	struct wdf_request_buffer out;
	void *mdl_room;
	bool completed;
	bool canceled;
	bool waiting;
	struct wdf_io_queue_private *queue;
	struct list_head qnode;
	wdf_request_cancel_fn cancel;
	int status;
	size_t information;
	struct completion *done;
	struct wdf_sent_request *sender;
};

static inline struct wdf_request_private *wdf_request_priv(struct wdf_request *r)
{
	return container_of(r, struct wdf_request_private, pub);
}

#endif /* _WDF_OBJECTS_H */
