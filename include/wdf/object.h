/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem object tree: the KMDF object model on Linux.
 *
 * Every framework object embeds a struct wdf_object.  An object is appended
 * to its parent's child list when it is created; neither side holds a
 * reference on the other.  wdf_object_delete() detaches the object, runs
 * cleanup callbacks post-order (every child before its parent, siblings in
 * creation order), then drops the creation reference of every object in the
 * subtree.  The destroy callback and the free happen when an object's last
 * reference goes, so extra references delay destroy, never cleanup.
 */
#ifndef _WDF_OBJECT_H
#define _WDF_OBJECT_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/percpu-refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/**
 * enum wdf_object_type - the kind of a framework object
 * @WDF_TYPE_DRIVER: a client module's root object (struct wdf_driver)
 * @WDF_TYPE_GENERIC: an object with no behaviour of its own (WdfObjectCreate)
 * @WDF_TYPE_MEMORY: a memory object (struct wdf_memory)
 * @WDF_TYPE_LOOKASIDE: a lookaside list (struct wdf_lookaside)
 * @WDF_TYPE_MDL: a memory descriptor list (struct wdf_mdl)
 * @WDF_TYPE_REQUEST: an I/O request (struct wdf_request)
 * @WDF_TYPE_DEVICE: a device object (struct wdf_device)
 * @WDF_TYPE_QUEUE: an I/O queue (struct wdf_io_queue)
 * @WDF_TYPE_IOTARGET: an I/O target (struct wdf_io_target)
 * @WDF_TYPE_DMA_ENABLER: a DMA enabler (struct wdf_dma_enabler)
 * @WDF_TYPE_DMA_TRANSACTION: a DMA transaction (struct wdf_dma_transaction)
 * @WDF_TYPE_COMMON_BUFFER: a common buffer (struct wdf_common_buffer)
 * @WDF_TYPE_MAX: number of types
 */
enum wdf_object_type {
	WDF_TYPE_DRIVER,
	WDF_TYPE_GENERIC,
	WDF_TYPE_MEMORY,
	WDF_TYPE_LOOKASIDE,
	WDF_TYPE_MDL,
	WDF_TYPE_REQUEST,
	WDF_TYPE_DEVICE,
	WDF_TYPE_QUEUE,
	WDF_TYPE_IOTARGET,
	WDF_TYPE_DMA_ENABLER,
	WDF_TYPE_DMA_TRANSACTION,
	WDF_TYPE_COMMON_BUFFER,
	WDF_TYPE_MAX,
};

struct wdf_object;
struct wdf_driver;

/**
 * struct wdf_object_ops - what a type does differently
 * @type: the type these operations belong to
 * @size: the size of the type's struct, which starts with its header
 * @no_delete: wdf_object_delete() refuses objects of this type
 * @may_delete: if set, asked before wdf_object_delete() deletes an object
 *              of this type: 0, or the errno it fails with (a DMA
 *              transaction in transfer); not asked when a parent's
 *              deletion takes the object along
 * @cleanup: if set, the type's own cleanup when the object is deleted, run
 *           before the driver's cleanup callback (a queue drains its
 *           requests, a target closes)
 * @release: if set, called instead of destroying when the last reference
 *           goes; the type destroys the object later (lookaside lists wait
 *           for their entries)
 * @free: release the storage of an object; called after the destroy
 *        callback
 * @id: this structure's index among the framework's operations (an
 *      object keeps the index, not a pointer)
 * @hashed_children: objects of this type are seldom parents: their child
 *                   list comes from a hash table when they first need one
 *                   instead of following their struct
 */
struct wdf_object_ops {
	enum wdf_object_type type;
	size_t size;
	u8 id;
	bool hashed_children;
	bool no_delete;
	int (*may_delete)(struct wdf_object *obj);
	void (*cleanup)(struct wdf_object *obj);
	void (*release)(struct wdf_object *obj);
	void (*free)(struct wdf_object *obj);
};

/**
 * struct wdf_object_attributes - how to create an object
 * @parent: the parent; NULL means the calling module's driver object
 * @cleanup: called once when the object is deleted, after every child's
 *           cleanup; may be NULL
 * @destroy: called once when the last reference goes, after cleanup;
 *           may be NULL
 * @context_size: bytes of zeroed, pointer-aligned context to attach
 * @context_type: if not NULL (and @context_size is not 0), what the context
 *                is: kept with the object and read back with
 *                wdf_object_context_type(), so a caller can check that a
 *                context is the one it expects (KMDF's typed contexts)
 *
 * Zero-initialise and set the fields you need; a NULL attributes pointer
 * means all defaults.
 */
struct wdf_object_attributes {
	struct wdf_object *parent;
	void (*cleanup)(struct wdf_object *obj);
	void (*destroy)(struct wdf_object *obj);
	size_t context_size;
	const void *context_type;
};

/**
 * struct wdf_object - header embedded in every framework object
 * @sibling: entry in the parent's child list (or a delete work list)
 * @parent: the parent while attached (for a child of a driver object, one
 *          of the driver's child lists, itself the driver's child)
 * @driver: the driver whose module owns this object
 * @ref: reference count; the creation reference is dropped by delete
 * @state: its life state (private), changed with cmpxchg()
 * @shape: what it is (set at creation): its type operations' index in
 *         the low bits, and above them what follows the type's struct
 *         (the cleanup and destroy callbacks, the context's type, the
 *         context area)
 * @waited: a parent's delete waits for this object's own deleter to detach
 *          it (protected by the parent's child-list lock)
 * @had_children: a child was ever attached (set under the child-list
 *                lock, read without it by this object's delete to skip the
 *                walk of a leaf)
 *
 * Forty bytes on 64-bit.  What only parents use, a child list and its
 * lock, is not in every object: most types keep it after their struct;
 * memory objects and MDLs, which are seldom parents, are given one from
 * a hash table when their first child is attached.  Only objects created
 * with callbacks or a context carry them, after the type's struct:
 * [type][child list][callbacks][context type][context][buffer].
 * Private to the framework: use the accessors.
 */
struct wdf_object {
	struct list_head sibling;
	struct wdf_object *parent;
	struct wdf_driver *driver;
	struct kref ref;
	u8 state;
	u8 shape;
	bool waited;
	bool had_children;
};

/**
 * struct wdf_driver - a client module's root object
 * @obj: object header; the driver cannot be deleted through
 *       wdf_object_delete(), only by wdf_driver_exit()
 * @owner: the client module (NULL when built in)
 * @name: a name for messages
 * @live: one reference for every live object of this driver
 * @drained: completed when @live reaches zero after exit began
 * @verifier: the verifier tracks this driver's objects and local buffers
 * @limit_reported: the leak limit was crossed and reported
 * @leak_limit: report once when more objects of the watched types live
 * @limited_live: live tracked objects of the watched types
 * @dbg: its debugfs directory, wdfmem/drivers/<name>
 * @shards: its child lists, one per hash of the creating thread (private:
 *          see wdf_object_add())
 */
struct wdf_driver {
	struct wdf_object obj;
	struct module *owner;
	const char *name;
	struct percpu_ref live;
	struct completion drained;
	bool verifier;
	bool limit_reported;
	unsigned int leak_limit;
	atomic_t limited_live;
	struct dentry *dbg;
	void *shards;
};

/*
 * The default parent: each client module holds its own driver object in a
 * variable named wdf_driver_globals, as a KMDF driver holds its
 * WdfDriverGlobals.  Define it once per module with WDF_DRIVER_GLOBALS().
 * The symbol carries the module's name (wdf_driver_globals_kmod_<name>),
 * so that clients built into the kernel do not collide.
 */
#define wdf_driver_globals __PASTE(wdf_driver_globals_, __KBUILD_MODNAME)
extern struct wdf_driver *wdf_driver_globals;
#define WDF_DRIVER_GLOBALS() struct wdf_driver *wdf_driver_globals

int __wdf_driver_create(struct module *owner, const char *name,
			struct wdf_driver **out);
void __wdf_driver_delete(struct wdf_driver *drv);

/**
 * wdf_driver_init() - create this module's driver object
 *
 * Call from module_init before creating any framework object.
 *
 * Return: 0, or -ENOMEM.
 */
#define wdf_driver_init() \
	__wdf_driver_create(THIS_MODULE, KBUILD_MODNAME, &wdf_driver_globals)

/**
 * wdf_driver_exit() - delete this module's driver object and its tree
 *
 * Call from module_exit.  Deletes every object parented to the driver and
 * waits until every object the module created is gone.
 */
#define wdf_driver_exit() do {					\
	__wdf_driver_delete(wdf_driver_globals);		\
	wdf_driver_globals = NULL;				\
} while (0)

int __wdf_object_create(struct wdf_driver *drv,
			const struct wdf_object_attributes *attr,
			struct wdf_object **out);

/**
 * wdf_object_create() - create a generic object (WdfObjectCreate)
 * @attr: attributes, or NULL
 * @out: receives the object; set to NULL first
 *
 * Return: 0, -EINVAL for a NULL @out, -ENOMEM, or -ESHUTDOWN when the
 * parent is being deleted.
 */
static inline int wdf_object_create(const struct wdf_object_attributes *attr,
				    struct wdf_object **out)
{
	return __wdf_object_create(wdf_driver_globals, attr, out);
}

int wdf_driver_set_verifier(struct wdf_driver *drv, bool on,
			    unsigned int leak_limit);
unsigned long wdf_verifier_leaks(void);

int wdf_object_delete(struct wdf_object *obj);
int wdf_object_get(struct wdf_object *obj);
int wdf_object_put(struct wdf_object *obj);
int wdf_object_get_tag(struct wdf_object *obj, const void *tag);
int wdf_object_put_tag(struct wdf_object *obj, const void *tag);
void *wdf_object_context(struct wdf_object *obj);
const void *wdf_object_context_type(struct wdf_object *obj);
enum wdf_object_type wdf_object_get_type(const struct wdf_object *obj);

#endif /* _WDF_OBJECT_H */
