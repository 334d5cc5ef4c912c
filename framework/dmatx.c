// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem DMA enablers, transactions and common buffers: KMDF's
 * WDFDMAENABLER, WDFDMATRANSACTION and WDFCOMMONBUFFER on the DMA API.
 *
 * An enabler applies the device's profile to its struct device (DMA mask,
 * maximum segment) and sets the longest fragment.  A transaction walks an
 * MDL range in fragments: each is staged (its bus ranges built into a
 * scatterlist preallocated at initialize, then mapped with
 * dma_map_sgtable(), or its bytes bounced through coherent memory the
 * enabler owns), handed to the driver's program-DMA callback, and ended
 * (unmapped, bounced bytes copied back) when the driver reports it done.
 * Staging allocates nothing, so completion may run in any context.
 *
 * Whether a fragment bounces is decided before anything is mapped: a page
 * beyond the device's reach (no IOMMU translating for it), or, on a packet
 * profile, pages that are not one bus range.  A packet fragment is then
 * always one transfer, as on Windows.
 *
 * The program-DMA callback may report completion from inside itself or
 * from another CPU before it returns: a completion that finds the callback
 * running only notes that the next fragment is due (the rerun flag), and
 * the caller that ran the callback stages it, so nothing recurses.
 */

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <wdf/dma.h>
#include <wdf/request.h>
#include "wdf_internal.h"
#include "wdf_trace.h"

/* Longest coherent bounce buffer an enabler gets: longer fragments are cut. */
#define WDF_DMA_BOUNCE_MAX	SZ_64K
/* Most scatterlist entries a transaction preallocates for one fragment. */
#define WDF_DMA_SG_MAX		512
/* Completions of 0 bytes in a row before the transaction fails. */
#define WDF_DMA_MAX_RETRIES	8

enum wdf_dma_state {
	WDF_DMA_CREATED,
	WDF_DMA_INITIALIZED,
	WDF_DMA_TRANSFER,
	WDF_DMA_COMPLETED,
	WDF_DMA_FAILED,
	WDF_DMA_RELEASED,
};

struct wdf_common_buffer_private {
	union {
		struct wdf_common_buffer pub;
		struct wdf_object obj;
	};
	struct device *dev;
	void *cpu;
	dma_addr_t bus;
	size_t alloc_len;
	void *va;
	dma_addr_t la;
	size_t length;
	bool abandoned;
	struct work_struct free_work;
};

struct wdf_dma_enabler_private {
	union {
		struct wdf_dma_enabler pub;
		struct wdf_object obj;
	};
	struct wdf_device *wdev;
	struct device *dev;
	enum wdf_dma_profile profile;
	size_t max_length;
	size_t max_fragment;
	unsigned int max_seg;
	unsigned long boundary;
	unsigned int max_sg;
	struct wdf_dma_transaction_private *active;	/* packet: in transfer */
	struct wdf_dma_transaction_private *bounce_owner;
	struct mutex bounce_lock;	/* creating @bounce */
	struct wdf_common_buffer_private *bounce;
	atomic64_t mapped_pieces;
	atomic64_t mapped_bytes;
	atomic64_t bounced_pieces[WDF_DMA_BOUNCE_REASONS];
	atomic64_t bounced_bytes[WDF_DMA_BOUNCE_REASONS];
};

struct wdf_dma_transaction_private {
	union {
		struct wdf_dma_transaction pub;
		struct wdf_object obj;
	};
	struct wdf_dma_enabler_private *en;
	spinlock_t lock;	/* @state, the fragment, @in_program, @rerun */
	enum wdf_dma_state state;
	wdf_program_dma_fn program;
	void *context;
	enum dma_data_direction dir;
	struct wdf_mdl *mdl;
	struct wdf_request *req;
	bool req_held;
	bool force_bounce;
	bool in_program;
	bool rerun;
	bool staged;
	bool bounced;
	enum wdf_dma_bounce_reason reason;
	size_t offset;
	size_t length;
	size_t transferred;
	size_t max_fragment;
	size_t frag;
	unsigned int retries;
	int status;
	struct sg_table sgt;
	unsigned int sg_cap;
	struct scatterlist *sg_last;
	struct scatterlist one;
};

static bool wdf_dma_packet(const struct wdf_dma_enabler_private *en)
{
	return en->profile == WDF_DMA_PROFILE_PACKET ||
	       en->profile == WDF_DMA_PROFILE_PACKET64;
}

static unsigned int wdf_dma_profile_bits(enum wdf_dma_profile p)
{
	return p == WDF_DMA_PROFILE_PACKET64 ||
	       p == WDF_DMA_PROFILE_SCATTER_GATHER64 ||
	       p == WDF_DMA_PROFILE_SCATTER_GATHER64_DUPLEX ? 64 : 32;
}

static struct wdf_dma_enabler_private *
wdf_dma_enabler_get(struct wdf_dma_enabler *en, const char *what);

/* ---- common buffers ---------------------------------------------------- */

static void wdf_common_buffer_free(struct wdf_object *obj)
{
	struct wdf_common_buffer_private *cb =
		container_of(obj, struct wdf_common_buffer_private, obj);

	/* A transaction abandoned in transfer may still have the device on it. */
	if (cb->cpu && !cb->abandoned)
		dma_free_coherent(cb->dev, cb->alloc_len, cb->cpu, cb->bus);
	if (cb->dev)
		put_device(cb->dev);
	kfree(cb);
}

static void wdf_common_buffer_free_work(struct work_struct *work)
{
	wdf_object_destroy(&container_of(work, struct wdf_common_buffer_private,
					 free_work)->obj);
}

/* dma_free_coherent() needs interrupts on: from atomic context, defer. */
static void wdf_common_buffer_release(struct wdf_object *obj)
{
	struct wdf_common_buffer_private *cb =
		container_of(obj, struct wdf_common_buffer_private, obj);

	if (in_task() && !irqs_disabled() && preemptible()) {
		wdf_object_destroy(obj);
		return;
	}
	INIT_WORK(&cb->free_work, wdf_common_buffer_free_work);
	queue_work(wdf_wq, &cb->free_work);
}

static const struct wdf_object_ops wdf_common_buffer_ops = {
	.type = WDF_TYPE_COMMON_BUFFER,
	.id = WDF_OPS_COMMON_BUFFER,
	.size = sizeof(struct wdf_common_buffer_private),
	.release = wdf_common_buffer_release,
	.free = wdf_common_buffer_free,
};

static struct wdf_common_buffer_private *
wdf_common_buffer_get(struct wdf_common_buffer *cb, const char *what)
{
	if (!cb || !wdf_is(&cb->obj, WDF_OPS_COMMON_BUFFER)) {
		wdf_misuse("%s: not a common buffer", what);
		return NULL;
	}
	return container_of(cb, struct wdf_common_buffer_private, pub);
}

/*
 * Allocate @length bytes of coherent memory whose bus address is aligned
 * to @align + 1.  dma_alloc_coherent() aligns to the allocation's page
 * order; for more, over-allocate and move both addresses by the same delta.
 */
static int wdf_common_buffer_alloc(struct wdf_common_buffer_private *cb,
				   size_t length, size_t align)
{
	size_t natural = PAGE_SIZE << get_order(length);
	dma_addr_t delta;

	cb->alloc_len = length;
	if (align >= natural)
		cb->alloc_len = length + align;
	cb->cpu = wdf_fail() ? NULL :
		  dma_alloc_coherent(cb->dev, cb->alloc_len, &cb->bus,
				     GFP_KERNEL);
	if (!cb->cpu)
		return -ENOMEM;
	delta = ALIGN(cb->bus, (dma_addr_t)align + 1) - cb->bus;
	cb->va = cb->cpu + delta;
	cb->la = cb->bus + delta;
	cb->length = length;
	return 0;
}

static int wdf_common_buffer_new(struct wdf_dma_enabler_private *en,
				 size_t length, size_t align,
				 const struct wdf_object_attributes *attr,
				 struct wdf_common_buffer_private **out)
{
	struct wdf_common_buffer_private *cb;
	int ret;

	cb = wdf_object_alloc(&wdf_common_buffer_ops, en->obj.driver, attr, 0,
			      GFP_KERNEL, NULL);
	if (IS_ERR(cb))
		return PTR_ERR(cb);
	cb->dev = get_device(en->dev);
	ret = wdf_common_buffer_alloc(cb, length, align);
	if (!ret)
		ret = wdf_object_add(&cb->obj, &en->obj);
	else
		wdf_object_abort(&cb->obj);
	if (!ret)
		*out = cb;
	return ret;
}

/**
 * wdf_common_buffer_create() - WdfCommonBufferCreate[WithConfig]
 * @en: the enabler; the buffer is its child
 * @length: bytes, 1 to U32_MAX (KMDF keeps the length in a ULONG)
 * @config: the alignment requirement, or NULL for none beyond the
 *	allocator's
 * @attr: attributes, or NULL; a parent is not allowed (it is @en)
 * @out: receives the buffer, or NULL on failure
 *
 * The memory is cache-coherent (dma_alloc_coherent()).  An alignment
 * above what the allocator guarantees (the allocation's page order) is
 * met by allocating @config->alignment more bytes and moving the virtual
 * and the bus address by the same delta.  The memory is freed when the
 * buffer's last reference goes, from the framework's workqueue if that is
 * in atomic context (dma_free_coherent() needs interrupts on).
 *
 * Context: process context.
 * Return: 0; -EINVAL (with a warning) for a bad @en or a NULL @out;
 * -EINVAL for a zero or too long @length, an alignment that is not a
 * power of two minus one, or a parent in @attr; -ENOMEM; -ESHUTDOWN if
 * the enabler is being deleted.
 */
int wdf_common_buffer_create(struct wdf_dma_enabler *en, size_t length,
			     const struct wdf_common_buffer_config *config,
			     const struct wdf_object_attributes *attr,
			     struct wdf_common_buffer **out)
{
	struct wdf_dma_enabler_private *e = wdf_dma_enabler_get(en, "common buffer");
	struct wdf_common_buffer_private *cb;
	size_t align = config ? config->alignment : 0;
	int ret;

	if (!e)
		return -EINVAL;
	if (!out) {
		wdf_misuse("common buffer with a NULL output");
		return -EINVAL;
	}
	*out = NULL;
	might_sleep();
	if (!length || length > U32_MAX || (attr && attr->parent) ||
	    (align & (align + 1)) || align > SZ_1G)
		return -EINVAL;
	ret = wdf_common_buffer_new(e, length, align, attr, &cb);
	if (!ret)
		*out = &cb->pub;
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_common_buffer_create);

/**
 * wdf_common_buffer_get_aligned_virtual_address() - the CPU's address
 * @cb: the buffer
 *
 * Return: the address, or NULL (with a warning) for a bad @cb.
 */
void *wdf_common_buffer_get_aligned_virtual_address(struct wdf_common_buffer *cb)
{
	struct wdf_common_buffer_private *p = wdf_common_buffer_get(cb, "VA");

	return p ? p->va : NULL;
}
EXPORT_SYMBOL_GPL(wdf_common_buffer_get_aligned_virtual_address);

/**
 * wdf_common_buffer_get_aligned_logical_address() - the device's address
 * @cb: the buffer
 *
 * Return: the bus address, or 0 (with a warning) for a bad @cb.
 */
dma_addr_t wdf_common_buffer_get_aligned_logical_address(struct wdf_common_buffer *cb)
{
	struct wdf_common_buffer_private *p = wdf_common_buffer_get(cb, "LA");

	return p ? p->la : 0;
}
EXPORT_SYMBOL_GPL(wdf_common_buffer_get_aligned_logical_address);

/**
 * wdf_common_buffer_get_length() - the length asked for
 * @cb: the buffer
 *
 * Return: the length, or 0 (with a warning) for a bad @cb.
 */
size_t wdf_common_buffer_get_length(struct wdf_common_buffer *cb)
{
	struct wdf_common_buffer_private *p = wdf_common_buffer_get(cb, "length");

	return p ? p->length : 0;
}
EXPORT_SYMBOL_GPL(wdf_common_buffer_get_length);

/* ---- enablers ---------------------------------------------------------- */

static void wdf_dma_enabler_free(struct wdf_object *obj)
{
	kfree(container_of(obj, struct wdf_dma_enabler_private, obj));
}

static const struct wdf_object_ops wdf_dma_enabler_ops = {
	.type = WDF_TYPE_DMA_ENABLER,
	.id = WDF_OPS_DMA_ENABLER,
	.size = sizeof(struct wdf_dma_enabler_private),
	.free = wdf_dma_enabler_free,
};

static struct wdf_dma_enabler_private *
wdf_dma_enabler_get(struct wdf_dma_enabler *en, const char *what)
{
	if (!en || !wdf_is(&en->obj, WDF_OPS_DMA_ENABLER)) {
		wdf_misuse("%s: not a DMA enabler", what);
		return NULL;
	}
	return container_of(en, struct wdf_dma_enabler_private, pub);
}

/* Is @obj @anc or under it? */
static bool wdf_object_under(struct wdf_object *obj, struct wdf_object *anc)
{
	for (; obj; obj = obj->parent)
		if (obj == anc)
			return true;
	return false;
}

/**
 * __wdf_dma_enabler_create() - WdfDmaEnablerCreate
 * @drv: the creating driver (wdf_dma_enabler_create() passes the module's)
 * @wdev: the device
 * @config: profile, maximum transfer length, address width
 * @attr: attributes, or NULL; a parent must be @wdev or one of its
 *	descendants (the default is @wdev)
 * @out: receives the enabler, or NULL on failure
 *
 * Sets the device's streaming and coherent DMA masks to the address width
 * and, where the device has DMA parameters (PCI devices do), its maximum
 * segment to the maximum length.  A fragment is at most the maximum
 * length and what the DMA layer can map (dma_max_mapping_size()); on a
 * packet profile also at most one segment.
 *
 * Context: process context (probe).
 * Return: 0; -EINVAL (with a warning) for a bad @wdev or a NULL @config or
 * @out; -EINVAL for an unknown profile, a maximum length of 0 or above
 * U32_MAX, an address width outside 24 to the profile's bits, or a parent
 * not under @wdev; what dma_set_mask_and_coherent() returns (-EIO: the
 * platform cannot do that width); -ENOMEM; -ESHUTDOWN if the parent is
 * being deleted.
 */
int __wdf_dma_enabler_create(struct wdf_driver *drv, struct wdf_device *wdev,
			     const struct wdf_dma_enabler_config *config,
			     const struct wdf_object_attributes *attr,
			     struct wdf_dma_enabler **out)
{
	struct wdf_dma_enabler_private *en;
	struct device *dev;
	unsigned int bits;
	int ret;

	if (!config || !out ||
	    !wdev || wdf_object_get_type(&wdev->obj) != WDF_TYPE_DEVICE) {
		wdf_misuse("DMA enabler with a bad device or NULL argument");
		return -EINVAL;
	}
	*out = NULL;
	might_sleep();
	dev = wdf_device_get_device(wdev);
	if (config->profile >= WDF_DMA_PROFILE_MAX || !config->maximum_length ||
	    config->maximum_length > U32_MAX)
		return -EINVAL;
	bits = config->address_width ?: wdf_dma_profile_bits(config->profile);
	if (bits < 24 || bits > wdf_dma_profile_bits(config->profile))
		return -EINVAL;
	if (attr && attr->parent && !wdf_object_under(attr->parent, &wdev->obj))
		return -EINVAL;
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits));
	if (ret)
		return ret;
	if (dev->dma_parms)
		dma_set_max_seg_size(dev, config->maximum_length);

	en = wdf_object_alloc(&wdf_dma_enabler_ops, drv, attr, 0, GFP_KERNEL,
			      NULL);
	if (IS_ERR(en))
		return PTR_ERR(en);
	en->wdev = wdev;
	en->dev = dev;
	en->profile = config->profile;
	en->max_length = config->maximum_length;
	en->max_seg = dma_get_max_seg_size(dev);
	en->boundary = dma_get_seg_boundary(dev);
	en->max_sg = UINT_MAX;
	en->max_fragment = min(en->max_length, dma_max_mapping_size(dev));
	if (wdf_dma_packet(en))
		en->max_fragment = min_t(size_t, en->max_fragment, en->max_seg);
	mutex_init(&en->bounce_lock);
	ret = wdf_object_add(&en->obj, attr && attr->parent ? attr->parent :
							      &wdev->obj);
	if (ret)
		return ret;
	*out = &en->pub;
	return 0;
}
EXPORT_SYMBOL_GPL(__wdf_dma_enabler_create);

/**
 * wdf_dma_enabler_get_maximum_length() - WdfDmaEnablerGetMaximumLength
 * @en: the enabler
 *
 * Return: the configured maximum transfer length, or 0 (with a warning)
 * for a bad @en.
 */
size_t wdf_dma_enabler_get_maximum_length(struct wdf_dma_enabler *en)
{
	struct wdf_dma_enabler_private *p = wdf_dma_enabler_get(en, "max length");

	return p ? p->max_length : 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_enabler_get_maximum_length);

/**
 * wdf_dma_enabler_get_fragment_length() - the longest fragment staged
 * @en: the enabler
 *
 * KMDF's WdfDmaEnablerGetFragmentLength: the maximum length cut to what
 * the DMA layer maps at once and, on a packet profile, to one segment.
 *
 * Return: bytes, or 0 (with a warning) for a bad @en.
 */
size_t wdf_dma_enabler_get_fragment_length(struct wdf_dma_enabler *en)
{
	struct wdf_dma_enabler_private *p = wdf_dma_enabler_get(en, "fragment");

	return p ? p->max_fragment : 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_enabler_get_fragment_length);

/**
 * wdf_dma_enabler_set_max_sg_elements() - the most bus
 *	ranges one fragment may have
 * @en: the enabler
 * @n: the limit; 0 is ignored, as KMDF does
 *
 * A fragment whose pages would need more ranges is cut short (KMDF fails
 * the initialize with STATUS_WDF_TOO_FRAGMENTED instead).  Transactions
 * initialized before the call keep their limit.
 *
 * Return: 0, or -EINVAL (with a warning) for a bad @en.
 */
int wdf_dma_enabler_set_max_sg_elements(struct wdf_dma_enabler *en,
					unsigned int n)
{
	struct wdf_dma_enabler_private *p = wdf_dma_enabler_get(en, "SG elements");

	if (!p)
		return -EINVAL;
	if (n)
		WRITE_ONCE(p->max_sg, n);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_enabler_set_max_sg_elements);

/**
 * wdf_dma_enabler_get_max_sg_elements() - the limit
 * @en: the enabler
 *
 * Return: the limit (UINT_MAX when unset), or 0 (with a warning) for a
 * bad @en.
 */
unsigned int wdf_dma_enabler_get_max_sg_elements(struct wdf_dma_enabler *en)
{
	struct wdf_dma_enabler_private *p = wdf_dma_enabler_get(en, "SG elements");

	return p ? READ_ONCE(p->max_sg) : 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_enabler_get_max_sg_elements);

/**
 * wdf_dma_enabler_get_device() - the Linux device the enabler programs
 * @en: the enabler
 *
 * Return: the device, or NULL (with a warning) for a bad @en.
 */
struct device *wdf_dma_enabler_get_device(struct wdf_dma_enabler *en)
{
	struct wdf_dma_enabler_private *p = wdf_dma_enabler_get(en, "device");

	return p ? p->dev : NULL;
}
EXPORT_SYMBOL_GPL(wdf_dma_enabler_get_device);

/**
 * wdf_dma_enabler_read_counters() - what the enabler's fragments did
 * @en: the enabler
 * @c: receives the counters: fragments mapped and bounced, and bytes
 *
 * Return: 0, or -EINVAL (with a warning) for a bad argument.
 */
int wdf_dma_enabler_read_counters(struct wdf_dma_enabler *en,
				  struct wdf_dma_counters *c)
{
	struct wdf_dma_enabler_private *p = wdf_dma_enabler_get(en, "counters");
	int r;

	if (!p)
		return -EINVAL;
	if (!c) {
		wdf_misuse("enabler counters with a NULL argument");
		return -EINVAL;
	}
	c->mapped_pieces = atomic64_read(&p->mapped_pieces);
	c->mapped_bytes = atomic64_read(&p->mapped_bytes);
	for (r = 0; r < WDF_DMA_BOUNCE_REASONS; r++) {
		c->bounced_pieces[r] = atomic64_read(&p->bounced_pieces[r]);
		c->bounced_bytes[r] = atomic64_read(&p->bounced_bytes[r]);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_enabler_read_counters);

/* The enabler's bounce buffer, made at the first transaction that may need it. */
static int wdf_dma_enabler_bounce(struct wdf_dma_enabler_private *en)
{
	struct wdf_common_buffer_private *cb;
	struct wdf_object_attributes attr = { };
	int ret = 0;

	/* Pairs with the release below: the buffer is seen whole. */
	if (smp_load_acquire(&en->bounce))
		return 0;
	mutex_lock(&en->bounce_lock);
	if (!en->bounce) {
		ret = wdf_common_buffer_new(en, min_t(size_t, en->max_fragment,
						      WDF_DMA_BOUNCE_MAX),
					    0, &attr, &cb);
		if (!ret)
			/* Published whole to stagers without the mutex. */
			smp_store_release(&en->bounce, cb);
	}
	mutex_unlock(&en->bounce_lock);
	return ret;
}

/* ---- transactions ------------------------------------------------------ */

static void wdf_dma_unstage(struct wdf_dma_transaction_private *t,
			    size_t done);

/* Drop what an initialize took: the MDL, the request, the scatterlist. */
static void wdf_dma_transaction_clear(struct wdf_dma_transaction_private *t)
{
	if (t->req_held)
		wdf_object_put(&t->req->obj);
	t->req_held = false;
	t->req = NULL;
	if (t->mdl)
		wdf_object_put(&t->mdl->obj);
	t->mdl = NULL;
	if (t->sg_cap) {
		t->sgt.orig_nents = t->sg_cap;
		sg_free_table(&t->sgt);
	}
	t->sg_cap = 0;
	t->program = NULL;
	t->force_bounce = false;
}

/*
 * Deleted with its parent while in transfer: the device may still use the
 * buffers, so they stay mapped and held (and the bounce buffer allocated)
 * for good.  KMDF bugchecks here.
 */
static void wdf_dma_transaction_cleanup(struct wdf_object *obj)
{
	struct wdf_dma_transaction_private *t =
		container_of(obj, struct wdf_dma_transaction_private, obj);

	if (READ_ONCE(t->state) != WDF_DMA_TRANSFER)
		return;
	wdf_misuse("DMA transaction %p deleted in transfer: its buffers are abandoned",
		   t);
	if (t->bounced && t->en->bounce)
		t->en->bounce->abandoned = true;
	t->mdl = NULL;	/* its reference is kept */
	t->req_held = false;
	t->sg_cap = 0;
}

static void wdf_dma_transaction_free(struct wdf_object *obj)
{
	struct wdf_dma_transaction_private *t =
		container_of(obj, struct wdf_dma_transaction_private, obj);

	if (t->state != WDF_DMA_TRANSFER)
		wdf_dma_transaction_clear(t);
	kfree(t);
}

static int wdf_dma_transaction_may_delete(struct wdf_object *obj)
{
	struct wdf_dma_transaction_private *t =
		container_of(obj, struct wdf_dma_transaction_private, obj);

	if (READ_ONCE(t->state) == WDF_DMA_TRANSFER) {
		wdf_misuse("delete of DMA transaction %p in transfer", t);
		return -EBUSY;
	}
	return 0;
}

static const struct wdf_object_ops wdf_dma_transaction_ops = {
	.type = WDF_TYPE_DMA_TRANSACTION,
	.id = WDF_OPS_DMA_TRANSACTION,
	.size = sizeof(struct wdf_dma_transaction_private),
	.may_delete = wdf_dma_transaction_may_delete,
	.cleanup = wdf_dma_transaction_cleanup,
	.free = wdf_dma_transaction_free,
};

static struct wdf_dma_transaction_private *
wdf_dma_txn_get(struct wdf_dma_transaction *txn, const char *what)
{
	if (!txn || !wdf_is(&txn->obj, WDF_OPS_DMA_TRANSACTION)) {
		wdf_misuse("%s: not a DMA transaction", what);
		return NULL;
	}
	return container_of(txn, struct wdf_dma_transaction_private, pub);
}

/**
 * wdf_dma_transaction_create() - WdfDmaTransactionCreate
 * @en: the enabler; the transaction is its child
 * @attr: attributes, or NULL; a parent is not allowed (it is @en)
 * @out: receives the transaction, or NULL on failure
 *
 * Context: process context.
 * Return: 0; -EINVAL (with a warning) for a bad @en or a NULL @out;
 * -EINVAL for a parent in @attr (KMDF's
 * STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED); -ENOMEM; -ESHUTDOWN if the
 * enabler is being deleted.
 */
int wdf_dma_transaction_create(struct wdf_dma_enabler *en,
			       const struct wdf_object_attributes *attr,
			       struct wdf_dma_transaction **out)
{
	struct wdf_dma_enabler_private *e = wdf_dma_enabler_get(en, "transaction");
	struct wdf_dma_transaction_private *t;
	int ret;

	if (!e)
		return -EINVAL;
	if (!out) {
		wdf_misuse("DMA transaction with a NULL argument");
		return -EINVAL;
	}
	*out = NULL;
	if (attr && attr->parent)
		return -EINVAL;
	t = wdf_object_alloc(&wdf_dma_transaction_ops, e->obj.driver, attr, 0,
			     GFP_KERNEL, NULL);
	if (IS_ERR(t))
		return PTR_ERR(t);
	t->en = e;
	spin_lock_init(&t->lock);
	t->state = WDF_DMA_CREATED;
	ret = wdf_object_add(&t->obj, &e->obj);
	if (ret)
		return ret;
	*out = &t->pub;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_create);

/* The page array and first-page offset of the MDL at @pos bytes in. */
static struct page **wdf_dma_pages(struct wdf_dma_transaction_private *t,
				   size_t pos, size_t *off)
{
	struct wdf_mdl_private *m = wdf_mdl_priv(t->mdl);
	size_t first = m->offset + t->offset + pos;

	*off = offset_in_page(first);
	return m->pages + (first >> PAGE_SHIFT);
}

/* Why @len bytes from @pos must bounce, or -1 if they can be mapped. */
static int wdf_dma_bounce_why(struct wdf_dma_transaction_private *t,
			      size_t pos, size_t len)
{
	struct device *dev = t->en->dev;
	struct page **pages;
	size_t off;

	if (t->force_bounce)
		return WDF_DMA_BOUNCE_FORCED;
	pages = wdf_dma_pages(t, pos, &off);
	if (!wdf_dma_pages_reachable(dev, pages, off, len))
		return WDF_DMA_BOUNCE_UNREACHABLE;
	if (wdf_dma_packet(t->en) &&
	    !wdf_dma_pages_contiguous(dev, pages, off, len))
		return WDF_DMA_BOUNCE_SCATTERED;
	return -1;
}

/* Could any fragment of the range bounce?  Decides the bounce buffer. */
static bool wdf_dma_may_bounce(struct wdf_dma_transaction_private *t)
{
	size_t pos, n;

	if (t->force_bounce)
		return true;
	for (pos = 0; pos < t->length; pos += n) {
		n = min(t->length - pos, t->max_fragment);
		if (wdf_dma_bounce_why(t, pos, n) >= 0)
			return true;
	}
	return false;
}

/*
 * Fill the preallocated scatterlist with the bus ranges of up to *@len
 * bytes from @pos: physically contiguous pages merge up to the maximum
 * segment and the segment boundary.  Cuts *@len where the entries run
 * out.  Allocates nothing.
 */
static void wdf_dma_build_sg(struct wdf_dma_transaction_private *t,
			     size_t pos, size_t *len)
{
	struct wdf_dma_enabler_private *en = t->en;
	unsigned int cap = min(t->sg_cap, READ_ONCE(en->max_sg));
	struct scatterlist *sg = NULL;
	unsigned int n = 0;
	struct page **pages;
	size_t off, done = 0;

	pages = wdf_dma_pages(t, pos, &off);
	while (done < *len) {
		phys_addr_t p = page_to_phys(*pages) + off;
		size_t chunk = min(*len - done, PAGE_SIZE - off);

		if (sg && sg_phys(sg) + sg->length == p &&
		    sg->length < en->max_seg &&
		    !((sg_phys(sg) ^ (p + chunk - 1)) & ~(phys_addr_t)en->boundary)) {
			chunk = min_t(size_t, chunk, en->max_seg - sg->length);
			sg->length += chunk;
		} else {
			if (n == cap)
				break;
			sg = sg ? sg_next(sg) : t->sgt.sgl;
			chunk = min_t(size_t, chunk, en->max_seg);
			sg_set_page(sg, *pages, chunk, off);
			n++;
		}
		done += chunk;
		off += chunk;
		if (off == PAGE_SIZE) {
			off = 0;
			pages++;
		}
	}
	sg_mark_end(sg);
	t->sg_last = sg;
	t->sgt.orig_nents = n;
	*len = done;
}

static void wdf_dma_sg_reset(struct wdf_dma_transaction_private *t)
{
	sg_unmark_end(t->sg_last);
	t->sg_last = NULL;
	t->sgt.orig_nents = t->sg_cap;
}

/* Bounce @len bytes from @pos through the enabler's buffer. */
static int wdf_dma_stage_bounce(struct wdf_dma_transaction_private *t,
				size_t pos, size_t len, int reason)
{
	struct wdf_dma_enabler_private *en = t->en;
	struct wdf_common_buffer_private *b;
	int ret;

	/* Pairs with wdf_dma_enabler_bounce(): made at initialize. */
	b = smp_load_acquire(&en->bounce);
	if (!b)
		return -EIO;	/* a map failure on a range that looked fine */
	/* A packet transaction holds the enabler, so the buffer, already. */
	if (!wdf_dma_packet(en)) {
		struct wdf_dma_transaction_private *old;

		old = cmpxchg(&en->bounce_owner, NULL, t);
		if (old && old != t)
			return -EBUSY;
	}
	len = min(len, b->length);
	if (t->dir == DMA_TO_DEVICE) {
		ret = wdf_mdl_copy_to_buffer(t->mdl, t->offset + pos, b->va, len);
		if (ret)
			return ret;
	}
	sg_init_table(&t->one, 1);
	t->one.length = len;
	sg_dma_address(&t->one) = b->la;
	sg_dma_len(&t->one) = len;
	t->bounced = true;
	t->reason = reason;
	t->frag = len;
	atomic64_inc(&en->bounced_pieces[reason]);
	atomic64_add(len, &en->bounced_bytes[reason]);
	this_cpu_add(wdf_stats.dma_bounced_bytes[reason], len);
	return 0;
}

/* Stage the next fragment: map it, or bounce it.  Allocates nothing. */
static int wdf_dma_stage(struct wdf_dma_transaction_private *t)
{
	struct wdf_dma_enabler_private *en = t->en;
	size_t pos = t->transferred;
	size_t len = min(t->length - pos, t->max_fragment);
	int reason = wdf_dma_bounce_why(t, pos, len);
	int ret;

	t->bounced = false;
	if (reason < 0) {
		wdf_dma_build_sg(t, pos, &len);
		ret = dma_map_sgtable(en->dev, &t->sgt, t->dir, 0);
		if (!ret && wdf_dma_packet(en) && t->sgt.nents > 1) {
			dma_unmap_sgtable(en->dev, &t->sgt, t->dir, 0);
			ret = -EXDEV;
		}
		if (!ret) {
			t->frag = len;
			atomic64_inc(&en->mapped_pieces);
			atomic64_add(len, &en->mapped_bytes);
			this_cpu_add(wdf_stats.dma_mapped_bytes, len);
			goto staged;
		}
		wdf_dma_sg_reset(t);
		reason = ret == -EXDEV ? WDF_DMA_BOUNCE_SCATTERED :
					 WDF_DMA_BOUNCE_MAP_FAILED;
	}
	ret = wdf_dma_stage_bounce(t, pos, len, reason);
	if (ret)
		return ret;
staged:
	trace_wdfmem_dma_map(t->mdl, t->offset + pos, t->frag, t->dir,
			     t->bounced, t->reason,
			     t->bounced ? 1 : t->sgt.nents);
	return 0;
}

/* End the staged fragment, of which the device moved @done bytes. */
static void wdf_dma_unstage(struct wdf_dma_transaction_private *t,
			    size_t done)
{
	struct wdf_dma_enabler_private *en = t->en;

	if (t->bounced) {
		if (t->dir == DMA_FROM_DEVICE && done &&
		    wdf_mdl_copy_from_buffer(t->mdl, t->offset + t->transferred,
					     en->bounce->va, done))
			t->status = -EFAULT;
	} else {
		dma_unmap_sgtable(en->dev, &t->sgt, t->dir, 0);
		wdf_dma_sg_reset(t);
	}
	t->staged = false;
	t->frag = 0;
}

/* The transaction is over: give back what it held for the transfer. */
static void wdf_dma_end(struct wdf_dma_transaction_private *t, int status)
{
	struct wdf_dma_enabler_private *en = t->en;

	t->status = status;
	WRITE_ONCE(t->state, status ? WDF_DMA_FAILED : WDF_DMA_COMPLETED);
	if (READ_ONCE(en->bounce_owner) == t)
		WRITE_ONCE(en->bounce_owner, NULL);
	if (READ_ONCE(en->active) == t)
		/* The next packet transaction sees this one ended. */
		smp_store_release(&en->active, NULL);
	if (t->req_held)
		wdf_object_put(&t->req->obj);
	t->req_held = false;
}

/*
 * Stage fragments and program them until one is left with the device.
 * Return: 0, or the staging error that ended the transaction.
 */
static int wdf_dma_run(struct wdf_dma_transaction_private *t)
{
	struct scatterlist *sgl;
	unsigned long flags;
	unsigned int nents;
	bool again;
	int ret;

	do {
		ret = wdf_dma_stage(t);
		spin_lock_irqsave(&t->lock, flags);
		if (ret) {
			wdf_dma_end(t, ret);
			spin_unlock_irqrestore(&t->lock, flags);
			return ret;
		}
		t->staged = true;
		t->in_program = true;
		t->rerun = false;
		spin_unlock_irqrestore(&t->lock, flags);
		sgl = t->bounced ? &t->one : t->sgt.sgl;
		nents = t->bounced ? 1 : t->sgt.nents;
		/* The callback may end and delete the transaction: hold it. */
		wdf_object_get(&t->obj);
		t->program(&t->pub, t->en->wdev, t->context, t->dir, sgl, nents);
		spin_lock_irqsave(&t->lock, flags);
		t->in_program = false;
		again = t->rerun;
		t->rerun = false;
		spin_unlock_irqrestore(&t->lock, flags);
		wdf_object_put(&t->obj);
	} while (again);
	return 0;
}

/**
 * wdf_dma_transaction_initialize() - WdfDmaTransactionInitializeUsingOffset
 * @txn: the transaction, created or released
 * @program: the driver's program-DMA callback
 * @dir: DMA_TO_DEVICE or DMA_FROM_DEVICE
 * @mdl: the buffer; referenced until release
 * @offset: where in @mdl the transfer starts
 * @length: bytes, 1 to U32_MAX (KMDF keeps it in a ULONG)
 *
 * Plans the transfer: the fragment length is the enabler's (any earlier
 * wdf_dma_transaction_set_maximum_length() is forgotten), the scatterlist
 * for one fragment is allocated now, and so is the enabler's bounce buffer
 * if a fragment may need it.  Nothing is mapped until execute.
 *
 * Context: process context (KMDF allows DISPATCH_LEVEL: a deviation).
 * Return: 0; -EINVAL (with a warning) for a bad @txn or @mdl or a NULL
 * @program; -EINVAL for a zero or too long @length or a bad @dir;
 * -EOVERFLOW for a range past the end of @mdl; -EACCES for a transfer from
 * the device into pages pinned for reading; -EBUSY (with a warning) if the
 * transaction was initialized and not released (KMDF bugchecks); -ENOMEM.
 * A failed initialize leaves the transaction released.
 */
int wdf_dma_transaction_initialize(struct wdf_dma_transaction *txn,
				   wdf_program_dma_fn program,
				   enum dma_data_direction dir,
				   struct wdf_mdl *mdl, size_t offset,
				   size_t length)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "initialize");
	struct wdf_mdl_private *m;
	size_t per_entry;
	unsigned int cap;
	int ret;

	if (!t)
		return -EINVAL;
	m = wdf_mdl_get(mdl, "DMA initialize");
	if (!m)
		return -EINVAL;
	if (!program) {
		wdf_misuse("DMA initialize with a NULL program-DMA callback");
		return -EINVAL;
	}
	might_sleep();
	if (!length || length > U32_MAX ||
	    (dir != DMA_TO_DEVICE && dir != DMA_FROM_DEVICE))
		return -EINVAL;
	if (range_end_overflows(offset, length, m->length))
		return -EOVERFLOW;
	if (dir == DMA_FROM_DEVICE && !m->writable)
		return -EACCES;
	if (t->state != WDF_DMA_CREATED && t->state != WDF_DMA_RELEASED) {
		wdf_misuse("initialize of DMA transaction %p in use (state %d)",
			   t, t->state);
		return -EBUSY;
	}

	t->program = program;
	t->dir = dir;
	t->offset = offset;
	t->length = length;
	t->transferred = 0;
	t->retries = 0;
	t->status = 0;
	t->max_fragment = t->en->max_fragment;
	t->mdl = mdl;
	wdf_object_get(&mdl->obj);
	per_entry = min_t(size_t, t->en->max_seg, PAGE_SIZE);
	cap = DIV_ROUND_UP(min(length, t->max_fragment), per_entry) + 1;
	cap = min3(cap, READ_ONCE(t->en->max_sg), (unsigned int)WDF_DMA_SG_MAX);
	ret = wdf_fail() ? -ENOMEM : sg_alloc_table(&t->sgt, cap, GFP_KERNEL);
	if (ret)
		goto fail;
	t->sg_cap = cap;
	if (wdf_dma_may_bounce(t)) {
		ret = wdf_dma_enabler_bounce(t->en);
		if (ret)
			goto fail;
	}
	WRITE_ONCE(t->state, WDF_DMA_INITIALIZED);
	return 0;

fail:
	wdf_dma_transaction_clear(t);
	t->state = WDF_DMA_RELEASED;
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_initialize);

/**
 * wdf_dma_transaction_initialize_using_request() - the request's buffer
 * @txn: the transaction, created or released
 * @req: a received read, write or ioctl
 * @program: the driver's program-DMA callback
 * @dir: DMA_TO_DEVICE or DMA_FROM_DEVICE
 *
 * KMDF's table: a read goes from the device into the output, a write to
 * the device from the input; a buffered ioctl either way (the input and
 * its length to the device, the output from it); an IN_DIRECT ioctl to
 * the device from its output buffer, an OUT_DIRECT one from the device
 * into it.  The request is remembered (wdf_dma_transaction_get_request())
 * and referenced from execute until the transaction ends.
 *
 * Context: process context.
 * Return: as wdf_dma_transaction_initialize(); -EINVAL (with a warning)
 * for a bad @req; -EINVAL for a direction the request does not allow, a
 * METHOD_NEITHER ioctl, or a length of 0 (KMDF's
 * STATUS_INVALID_DEVICE_REQUEST); what retrieving the MDL returns.
 */
int wdf_dma_transaction_initialize_using_request(struct wdf_dma_transaction *txn,
						 struct wdf_request *req,
						 wdf_program_dma_fn program,
						 enum dma_data_direction dir)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "initialize");
	struct wdf_request_parameters p;
	bool to_dev = dir == DMA_TO_DEVICE;
	struct wdf_mdl *mdl;
	bool input;
	size_t len;
	int ret;

	if (!t)
		return -EINVAL;
	if (!program) {
		wdf_misuse("DMA initialize with a NULL program-DMA callback");
		return -EINVAL;
	}
	if (dir != DMA_TO_DEVICE && dir != DMA_FROM_DEVICE)
		return -EINVAL;
	ret = wdf_request_get_parameters(req, &p);
	if (ret)
		return ret;
	switch (p.type) {
	case WDF_REQUEST_READ:
	case WDF_REQUEST_WRITE:
		input = p.type == WDF_REQUEST_WRITE;
		if (input != to_dev)
			return -EINVAL;
		len = input ? p.in_len : p.out_len;
		break;
	case WDF_REQUEST_IOCTL:
		if (p.method == WDF_METHOD_NEITHER ||
		    (p.method == WDF_METHOD_IN_DIRECT && dir != DMA_TO_DEVICE) ||
		    (p.method == WDF_METHOD_OUT_DIRECT && dir != DMA_FROM_DEVICE))
			return -EINVAL;
		input = p.method == WDF_METHOD_BUFFERED && to_dev;
		len = input ? p.in_len : p.out_len;
		break;
	default:
		return -EINVAL;
	}
	if (!len)
		return -EINVAL;
	ret = input ? wdf_request_retrieve_input_mdl(req, &mdl) :
		      wdf_request_retrieve_output_mdl(req, &mdl);
	if (ret)
		return ret;
	/* An IN_DIRECT output is read by the device: never written. */
	ret = wdf_dma_transaction_initialize(txn, program, dir, mdl, 0, len);
	if (!ret)
		t->req = req;
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_initialize_using_request);

/**
 * wdf_dma_transaction_set_maximum_length() - lower the fragment length
 * @txn: an initialized transaction
 * @length: the new maximum; a larger one than the enabler's is ignored
 *
 * Return: 0; -EINVAL (with a warning) for a bad @txn or one not
 * initialized; -EINVAL for a zero @length.
 */
int wdf_dma_transaction_set_maximum_length(struct wdf_dma_transaction *txn,
					   size_t length)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "max length");

	if (!t)
		return -EINVAL;
	if (t->state != WDF_DMA_INITIALIZED) {
		wdf_misuse("maximum length of DMA transaction %p not initialized", t);
		return -EINVAL;
	}
	if (!length)
		return -EINVAL;
	t->max_fragment = min(t->max_fragment, length);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_set_maximum_length);

/**
 * wdf_dma_transaction_set_bounce() - send every fragment through the
 *	enabler's coherent buffer
 * @txn: an initialized transaction
 * @always: bounce every fragment (for testing, or a device that must not
 *	see the buffer's pages); false restores the framework's choice
 *
 * Not in KMDF.  A bounced fragment is at most 64 KiB.
 *
 * Context: process context.
 * Return: 0; -EINVAL (with a warning) for a bad @txn or one not
 * initialized; -ENOMEM if the bounce buffer could not be made.
 */
int wdf_dma_transaction_set_bounce(struct wdf_dma_transaction *txn,
				   bool always)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "bounce");
	int ret;

	if (!t)
		return -EINVAL;
	if (t->state != WDF_DMA_INITIALIZED) {
		wdf_misuse("bounce of DMA transaction %p not initialized", t);
		return -EINVAL;
	}
	if (always) {
		ret = wdf_dma_enabler_bounce(t->en);
		if (ret)
			return ret;
	}
	t->force_bounce = always;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_set_bounce);

/**
 * wdf_dma_transaction_execute() - WdfDmaTransactionExecute
 * @txn: an initialized transaction
 * @context: passed to the program-DMA callback
 *
 * Stages the first fragment and calls the program-DMA callback, before
 * returning.  A packet profile runs one transaction per enabler at a time.
 * On failure the transaction has ended (failed): release it and complete
 * its request.
 *
 * Context: any context that may run the callback.
 * Return: 0; -EINVAL (with a warning) for a bad @txn or one not
 * initialized (KMDF bugchecks); -EBUSY if another transaction of a packet
 * enabler is in transfer, or one that must bounce finds the bounce buffer
 * held; -EIO if the DMA layer refused a range the device can reach and
 * there is no bounce buffer; -EFAULT if the bytes could not be read.
 */
int wdf_dma_transaction_execute(struct wdf_dma_transaction *txn,
				void *context)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "execute");
	unsigned long flags;
	int ret = 0;

	if (!t)
		return -EINVAL;
	spin_lock_irqsave(&t->lock, flags);
	if (t->state != WDF_DMA_INITIALIZED) {
		spin_unlock_irqrestore(&t->lock, flags);
		wdf_misuse("execute of DMA transaction %p not initialized (state %d)",
			   t, t->state);
		return -EINVAL;
	}
	t->context = context;
	t->transferred = 0;
	t->status = 0;
	if (wdf_dma_packet(t->en) && cmpxchg(&t->en->active, NULL, t))
		ret = -EBUSY;
	if (!ret && t->req) {
		wdf_object_get(&t->req->obj);
		t->req_held = true;
	}
	if (ret)
		wdf_dma_end(t, ret);
	else
		WRITE_ONCE(t->state, WDF_DMA_TRANSFER);
	spin_unlock_irqrestore(&t->lock, flags);
	return ret ?: wdf_dma_run(t);
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_execute);

/*
 * The fragment with the device is done, @done bytes of it moved; @final
 * ends the transaction there.  Return: true if the transaction is over.
 */
static bool wdf_dma_completed(struct wdf_dma_transaction *txn, size_t done,
			      bool full, bool final, int *status)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "completed");
	unsigned long flags;
	int end = 1;	/* > 0: not yet over */

	if (!t || !status) {
		if (t)
			wdf_misuse("DMA completion with a NULL status");
		if (status)
			*status = -EINVAL;
		return true;
	}
	spin_lock_irqsave(&t->lock, flags);
	if (t->state != WDF_DMA_TRANSFER || !t->staged) {
		bool over = t->state != WDF_DMA_TRANSFER;

		spin_unlock_irqrestore(&t->lock, flags);
		wdf_misuse("completion of DMA transaction %p with no fragment staged (state %d)",
			   t, t->state);
		*status = -EINVAL;
		return over;
	}
	if (full)
		done = t->frag;
	if (done > t->frag) {
		wdf_misuse("DMA completion of %zu bytes for a %zu-byte fragment",
			   done, t->frag);
		done = 0;
		end = -EINVAL;
	}
	wdf_dma_unstage(t, done);
	t->transferred += done;
	if (end > 0 && t->status)
		end = t->status;	/* the copy back failed */
	if (end > 0 && !done && !final && ++t->retries > WDF_DMA_MAX_RETRIES)
		end = -EIO;
	else if (done)
		t->retries = 0;
	if (end > 0 && (final || t->transferred == t->length))
		end = 0;
	if (end <= 0) {
		wdf_dma_end(t, end);
		spin_unlock_irqrestore(&t->lock, flags);
		*status = end;
		return true;
	}
	if (t->in_program) {
		/* The caller that runs the callback stages the next one. */
		t->rerun = true;
		spin_unlock_irqrestore(&t->lock, flags);
		*status = -EINPROGRESS;
		return false;
	}
	spin_unlock_irqrestore(&t->lock, flags);
	end = wdf_dma_run(t);
	*status = end ?: -EINPROGRESS;
	return end != 0;
}

/**
 * wdf_dma_transaction_dma_completed() - WdfDmaTransactionDmaCompleted
 * @txn: a transaction in transfer
 * @status: receives 0 when the transaction is over and succeeded,
 *	-EINPROGRESS (STATUS_MORE_PROCESSING_REQUIRED) when the next fragment
 *	was staged and programmed, or the errno it failed with
 *
 * The staged fragment moved all its bytes: it is unmapped (bounced bytes
 * from the device copied into the buffer), and the next is staged and the
 * program-DMA callback called before this returns.
 *
 * Context: any context, including hard interrupt.
 * Return: true if the transaction is over (then read @status, release it
 * and complete its request); false if more is in progress.  A call with
 * no fragment staged (KMDF bugchecks) gets a warning, *@status -EINVAL,
 * and true unless the transaction is in transfer.
 */
bool wdf_dma_transaction_dma_completed(struct wdf_dma_transaction *txn,
				       int *status)
{
	return wdf_dma_completed(txn, 0, true, false, status);
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_dma_completed);

/**
 * wdf_dma_transaction_dma_completed_with_length() - the device moved only
 *	@length bytes of the fragment
 * @txn: a transaction in transfer
 * @length: bytes moved; the rest is sent again, and 0 retries the
 *	fragment (after 8 such retries in a row the transaction fails with
 *	-EIO; KMDF retries forever)
 * @status: as wdf_dma_transaction_dma_completed()
 *
 * A @length above the fragment's ends the transaction failed (-EINVAL,
 * with a warning), as KMDF does.
 *
 * Context: any context.
 * Return: as wdf_dma_transaction_dma_completed().
 */
bool wdf_dma_transaction_dma_completed_with_length(struct wdf_dma_transaction *txn,
						   size_t length, int *status)
{
	return wdf_dma_completed(txn, length, false, false, status);
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_dma_completed_with_length);

/**
 * wdf_dma_transaction_dma_completed_final() - end the transaction after
 *	@length bytes of this fragment
 * @txn: a transaction in transfer
 * @length: bytes the device moved of the fragment
 * @status: as wdf_dma_transaction_dma_completed()
 *
 * For a device that stopped early, and for cancel and timeout: stop the
 * hardware first, then end the transaction here, so no buffer is unmapped
 * while the device may still use it.
 *
 * Context: any context.
 * Return: true, unless no fragment was staged in a transaction in transfer.
 */
bool wdf_dma_transaction_dma_completed_final(struct wdf_dma_transaction *txn,
					     size_t length, int *status)
{
	return wdf_dma_completed(txn, length, false, true, status);
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_dma_completed_final);

/**
 * wdf_dma_transaction_release() - WdfDmaTransactionRelease
 * @txn: the transaction
 *
 * Drops what initialize took (the MDL, the scatterlist), so the
 * transaction can be initialized again.  Releasing twice does nothing.
 *
 * Return: 0; -EINVAL (with a warning) for a bad @txn; -EBUSY (with a
 * warning) for a transaction in transfer (KMDF bugchecks).
 */
int wdf_dma_transaction_release(struct wdf_dma_transaction *txn)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "release");
	unsigned long flags;
	enum wdf_dma_state s;

	if (!t)
		return -EINVAL;
	spin_lock_irqsave(&t->lock, flags);
	s = t->state;
	if (s == WDF_DMA_INITIALIZED || s == WDF_DMA_COMPLETED ||
	    s == WDF_DMA_FAILED)
		t->state = WDF_DMA_RELEASED;
	spin_unlock_irqrestore(&t->lock, flags);
	if (s == WDF_DMA_TRANSFER) {
		wdf_misuse("release of DMA transaction %p in transfer", t);
		return -EBUSY;
	}
	if (s != WDF_DMA_CREATED && s != WDF_DMA_RELEASED)
		wdf_dma_transaction_clear(t);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_release);

/**
 * wdf_dma_transaction_get_bytes_transferred() - bytes completed so far
 * @txn: the transaction
 *
 * Inside the program-DMA callback, the fragment's offset in the transfer.
 *
 * Return: bytes, or 0 (with a warning) for a bad @txn.
 */
size_t wdf_dma_transaction_get_bytes_transferred(struct wdf_dma_transaction *txn)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "bytes");

	return t ? READ_ONCE(t->transferred) : 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_get_bytes_transferred);

/**
 * wdf_dma_transaction_get_current_dma_transfer_length() - the staged
 *	fragment's length
 * @txn: the transaction
 *
 * Return: bytes (0 when none is staged), or 0 (with a warning) for a bad
 * @txn.
 */
size_t wdf_dma_transaction_get_current_dma_transfer_length(struct wdf_dma_transaction *txn)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "length");

	return t ? READ_ONCE(t->frag) : 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_get_current_dma_transfer_length);

/**
 * wdf_dma_transaction_is_bounced() - does the staged fragment bounce?
 * @txn: the transaction
 *
 * Return: true if the fragment handed to the program-DMA callback goes
 * through the enabler's coherent buffer; false otherwise or for a bad
 * @txn (with a warning).
 */
bool wdf_dma_transaction_is_bounced(struct wdf_dma_transaction *txn)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "bounced");

	return t && READ_ONCE(t->staged) && t->bounced;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_is_bounced);

/**
 * wdf_dma_transaction_get_request() - the request it was initialized from
 * @txn: the transaction
 *
 * Return: the request, until release; NULL for a transaction initialized
 * from an MDL, or (with a warning) for a bad @txn.
 */
struct wdf_request *wdf_dma_transaction_get_request(struct wdf_dma_transaction *txn)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "request");

	return t ? t->req : NULL;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_get_request);

/**
 * wdf_dma_transaction_get_device() - the enabler's device object
 * @txn: the transaction
 *
 * Return: the device, or NULL (with a warning) for a bad @txn.
 */
struct wdf_device *wdf_dma_transaction_get_device(struct wdf_dma_transaction *txn)
{
	struct wdf_dma_transaction_private *t = wdf_dma_txn_get(txn, "device");

	return t ? t->en->wdev : NULL;
}
EXPORT_SYMBOL_GPL(wdf_dma_transaction_get_device);
