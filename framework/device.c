// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem device objects: a framework object whose lifetime is the binding
 * of a struct device.  A devres action deletes it (and so everything
 * parented to it) when the driver is unbound, after remove().
 */

#include <linux/device.h>
#include <wdf/device.h>
#include "wdf_internal.h"
#include "wdf_io.h"

static void wdf_device_release(void *data);

static void wdf_device_free(struct wdf_object *obj)
{
	struct wdf_device_private *wdev =
		container_of(obj, struct wdf_device_private, obj);

	if (!wdev->released)
		devm_remove_action(wdev->dev, wdf_device_release, wdev);
	kfree(wdev);
}

/* Deleted: no I/O target can open it by name any more. */
static void wdf_device_cleanup(struct wdf_object *obj)
{
	wdf_device_unlink(container_of(obj, struct wdf_device_private, obj));
}

static const struct wdf_object_ops wdf_device_ops = {
	.type = WDF_TYPE_DEVICE,
	.id = WDF_OPS_DEVICE,
	.size = sizeof(struct wdf_device_private),
	.no_delete = true,
	.cleanup = wdf_device_cleanup,
	.free = wdf_device_free,
};

/* Delete a device object and its tree, bypassing the no-delete rule. */
static void wdf_device_release(void *data)
{
	struct wdf_device_private *wdev = data;

	wdev->released = true;
	wdf_object_force_delete(&wdev->obj);
}

/**
 * __wdf_device_create() - a device object for a driver
 * @drv: the creating driver (wdf_device_create() passes the module's)
 * @attr: attributes, or NULL (the parent defaults to @drv)
 * @dev: the device being probed
 * @out: receives the device object, or NULL on failure
 *
 * Context: probe (process context).
 * Return: 0; -EINVAL for a NULL @dev or @out (with a warning); -ENOMEM;
 * -ESHUTDOWN if the parent is being deleted.
 */
int __wdf_device_create(struct wdf_driver *drv,
			const struct wdf_object_attributes *attr,
			struct device *dev, struct wdf_device **out)
{
	struct wdf_device_private *wdev;
	int ret;

	if (!dev || !out) {
		wdf_misuse("device create with NULL %s", dev ? "output" : "device");
		return -EINVAL;
	}
	*out = NULL;
	wdev = wdf_object_alloc(&wdf_device_ops, drv, attr, 0, GFP_KERNEL,
				NULL);
	if (IS_ERR(wdev))
		return PTR_ERR(wdev);
	wdev->dev = dev;
	spin_lock_init(&wdev->io_lock);
	INIT_LIST_HEAD(&wdev->link);
	/* Not yet registered with devres: freeing must not remove it. */
	wdev->released = true;
	ret = wdf_object_add(&wdev->obj, attr ? attr->parent : NULL);
	if (ret)
		return ret;
	wdev->released = false;
	ret = devm_add_action_or_reset(dev, wdf_device_release, wdev);
	if (ret)
		return ret;
	*out = &wdev->pub;
	return 0;
}
EXPORT_SYMBOL_GPL(__wdf_device_create);

/**
 * wdf_device_get_device() - the struct device of a device object
 * @wdev: the device object
 *
 * Return: the device, or NULL (with a warning) if @wdev is not a device
 * object.
 */
struct device *wdf_device_get_device(struct wdf_device *wdev)
{
	if (!wdev || !wdf_is(&wdev->obj, WDF_OPS_DEVICE)) {
		wdf_misuse("not a device object");
		return NULL;
	}
	return wdf_device_priv(wdev)->dev;
}
EXPORT_SYMBOL_GPL(wdf_device_get_device);
