// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem device objects: a framework object whose lifetime is the binding
 * of a struct device.  A devres action deletes it (and so everything
 * parented to it) when the driver is unbound, after remove().
 */

#include <linux/device.h>
#include <wdf/request.h>
#include "wdf_internal.h"

static void wdf_device_release(void *data);

static void wdf_device_free(struct wdf_object *obj)
{
	struct wdf_device *wdev = container_of(obj, struct wdf_device, obj);

	if (!wdev->released)
		devm_remove_action(wdev->dev, wdf_device_release, wdev);
	kfree(wdev);
}

static const struct wdf_object_ops wdf_device_ops = {
	.type = WDF_TYPE_DEVICE,
	.no_delete = true,
	.free = wdf_device_free,
};

/* Delete a device object and its tree, bypassing the no-delete rule. */
static void wdf_device_release(void *data)
{
	struct wdf_device *wdev = data;

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
	size_t hdr = ALIGN(sizeof(struct wdf_device), WDF_ALIGNMENT);
	size_t ctx = attr ? attr->context_size : 0;
	struct wdf_device *wdev;
	int ret;

	if (!dev || !out) {
		wdf_misuse("device create with NULL %s", dev ? "output" : "device");
		return -EINVAL;
	}
	*out = NULL;
	ret = wdf_object_prepare(drv);
	if (ret)
		return ret;
	wdev = wdf_kzalloc(size_add(hdr, ctx), GFP_KERNEL);
	if (!wdev) {
		wdf_object_unprepare(drv);
		return -ENOMEM;
	}
	wdev->dev = dev;
	wdf_object_init(&wdev->obj, &wdf_device_ops, drv, attr,
			ctx ? (void *)wdev + hdr : NULL);
	ret = wdf_object_commit(&wdev->obj, attr ? attr->parent : NULL);
	if (ret) {
		wdf_object_abort(&wdev->obj);
		return ret;
	}
	ret = devm_add_action_or_reset(dev, wdf_device_release, wdev);
	if (ret)
		return ret;
	*out = wdev;
	return 0;
}
EXPORT_SYMBOL_GPL(__wdf_device_create);
