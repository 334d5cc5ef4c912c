// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem tagged references: WdfObjectReferenceWithTag and
 * WdfObjectDereferenceWithTag.
 *
 * With the verifier on, each object has a small tracker of the tags that
 * hold references on it (in an xarray keyed by the object, so the object
 * header carries nothing for it), with the stack (in stackdepot) that last took
 * each.  A tagged put of a tag that holds nothing is refused with a
 * warning, and an object destroyed while tags still hold references (a
 * tagged get answered by an untagged put) reports each of them with its
 * stack, as KMDF's tag tracker does.  With the verifier off the tags are
 * not tracked and tagged calls are plain gets and puts.
 */

#include <linux/list.h>
#include <linux/stackdepot.h>
#include <linux/stacktrace.h>
#include <linux/xarray.h>
#include "wdf_internal.h"

struct wdf_ref_tag {
	struct list_head node;
	const void *tag;
	unsigned int count;
	depot_stack_handle_t stack;	/* where it was last taken */
};

struct wdf_tag_tracker {
	spinlock_t lock;	/* protects @tags */
	struct list_head tags;
};

/* Trackers by object (the address over the 16-byte alignment). */
DEFINE_XARRAY(wdf_tag_trackers);

static unsigned long wdf_tracker_index(const struct wdf_object *obj)
{
	return (unsigned long)obj / WDF_ALIGNMENT;
}

/* The object's tracker, if it has one. */
static struct wdf_tag_tracker *wdf_tracker_of(const struct wdf_object *obj)
{
	if (xa_empty(&wdf_tag_trackers))
		return NULL;
	return xa_load(&wdf_tag_trackers, wdf_tracker_index(obj));
}

/* The object's tracker, made on first use; NULL if memory is short. */
static struct wdf_tag_tracker *wdf_tracker(struct wdf_object *obj)
{
	struct wdf_tag_tracker *t = wdf_tracker_of(obj), *old;

	if (t)
		return t;
	t = kzalloc(sizeof(*t), GFP_ATOMIC | __GFP_NOWARN);
	if (!t)
		return NULL;
	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->tags);
	old = xa_cmpxchg(&wdf_tag_trackers, wdf_tracker_index(obj), NULL, t,
			 GFP_ATOMIC | __GFP_NOWARN);
	if (old) {
		kfree(t);
		return xa_is_err(old) ? NULL : old;
	}
	return t;
}

/**
 * wdf_object_has_tags() - does the object have a tagged-reference tracker?
 * @obj: the object
 *
 * Return: true once a tagged reference was taken with the verifier on.
 */
bool wdf_object_has_tags(const struct wdf_object *obj)
{
	return wdf_tracker_of(obj);
}

static struct wdf_ref_tag *wdf_find_tag(struct wdf_tag_tracker *t,
					const void *tag)
{
	struct wdf_ref_tag *e;

	list_for_each_entry(e, &t->tags, node)
		if (e->tag == tag)
			return e;
	return NULL;
}

/**
 * wdf_object_get_tag() - take an extra reference, recording who took it
 * @obj: the object
 * @tag: any value that names the holder, typically its address
 *
 * Return: 0, or -EINVAL (with a warning) for NULL.
 */
int wdf_object_get_tag(struct wdf_object *obj, const void *tag)
{
	struct wdf_tag_tracker *t;
	struct wdf_ref_tag *e;
	unsigned long flags;
	int ret = wdf_object_get(obj);

	if (ret || !wdf_verifier_on(obj->driver))
		return ret;
	t = wdf_tracker(obj);
	if (!t)
		return 0;	/* tracked on a best-effort basis */
	spin_lock_irqsave(&t->lock, flags);
	e = wdf_find_tag(t, tag);
	if (!e) {
		e = kzalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
		if (e) {
			e->tag = tag;
			list_add_tail(&e->node, &t->tags);
		}
	}
	if (e) {
		e->count++;
		e->stack = wdf_save_stack();
	}
	spin_unlock_irqrestore(&t->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_object_get_tag);

/**
 * wdf_object_put_tag() - drop a reference taken with wdf_object_get_tag()
 * @obj: the object
 * @tag: the tag it was taken with
 *
 * With the verifier on, a tag that holds no reference on @obj is refused.
 *
 * Return: 0; -EINVAL (with a warning) for NULL, for a tag that holds no
 * reference (verifier on), or for a put that would drop the creation
 * reference of a live object.
 */
int wdf_object_put_tag(struct wdf_object *obj, const void *tag)
{
	struct wdf_tag_tracker *t = obj ? wdf_tracker_of(obj) : NULL;
	struct wdf_ref_tag *e;
	unsigned long flags;

	if (t && wdf_verifier_on(obj->driver)) {
		spin_lock_irqsave(&t->lock, flags);
		e = wdf_find_tag(t, tag);
		if (e && !--e->count) {
			list_del(&e->node);
			kfree(e);
		}
		spin_unlock_irqrestore(&t->lock, flags);
		if (!e) {
			wdf_misuse("put of tag %p, which holds no reference on %p",
				   tag, obj);
			return -EINVAL;
		}
	}
	return wdf_object_put(obj);
}
EXPORT_SYMBOL_GPL(wdf_object_put_tag);

/*
 * __wdf_object_tags_release() - report abandoned tags and free the tracker
 * @obj: an object being destroyed
 */
void __wdf_object_tags_release(struct wdf_object *obj)
{
	struct wdf_ref_tag *e, *next;
	struct wdf_tag_tracker *t;

	t = xa_erase(&wdf_tag_trackers, wdf_tracker_index(obj));
	if (!t)
		return;
	list_for_each_entry_safe(e, next, &t->tags, node) {
		wdf_misuse("object %p destroyed while tag %p holds %u reference(s); last taken at:",
			   obj, e->tag, e->count);
		if (IS_ENABLED(CONFIG_STACKDEPOT) && e->stack)
			stack_depot_print(e->stack);
		kfree(e);
	}
	kfree(t);
}
