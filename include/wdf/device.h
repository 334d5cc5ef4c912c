/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem device objects (WDFDEVICE): a framework object whose lifetime is
 * the binding of a struct device.
 */
#ifndef _WDF_DEVICE_H
#define _WDF_DEVICE_H

#include <wdf/object.h>

struct device;

/**
 * struct wdf_device - a device object tied to a struct device (WDFDEVICE)
 * @obj: object header; deleted through devres when the device is unbound,
 *       never by wdf_object_delete()
 *
 * The rest of the object is the framework's.
 */
struct wdf_device {
	struct wdf_object obj;
};

int __wdf_device_create(struct wdf_driver *drv,
			const struct wdf_object_attributes *attr,
			struct device *dev, struct wdf_device **out);

/**
 * wdf_device_create() - a device object deleted when @dev is unbound
 * @attr: attributes, or NULL
 * @dev: the device being probed
 * @out: receives the device object
 *
 * Return: as __wdf_device_create().
 */
static inline int wdf_device_create(const struct wdf_object_attributes *attr,
				    struct device *dev,
				    struct wdf_device **out)
{
	return __wdf_device_create(wdf_driver_globals, attr, dev, out);
}

struct device *wdf_device_get_device(struct wdf_device *wdev);

#endif /* _WDF_DEVICE_H */
