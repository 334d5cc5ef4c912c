/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem device objects and I/O requests (WDFDEVICE, WDFREQUEST).
 */
#ifndef _WDF_REQUEST_H
#define _WDF_REQUEST_H

#include <wdf/mdl.h>

struct device;

/**
 * struct wdf_device - a device object tied to a struct device
 * @obj: object header; deleted through devres when the device is unbound,
 *       never by wdf_object_delete()
 * @dev: the device
 * @released: devres deleted it (else it removes its devres action when it
 *            is freed, having been deleted with its parent first)
 */
struct wdf_device {
	struct wdf_object obj;
	struct device *dev;
	bool released;
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

/**
 * enum wdf_request_type - what the caller asked for
 * @WDF_REQUEST_READ: read(): output only, direct I/O
 * @WDF_REQUEST_WRITE: write(): input only, direct I/O
 * @WDF_REQUEST_IOCTL: ioctl(): input and output as the method says
 */
enum wdf_request_type {
	WDF_REQUEST_READ,
	WDF_REQUEST_WRITE,
	WDF_REQUEST_IOCTL,
};

/**
 * enum wdf_ioctl_method - how an ioctl's buffers travel
 * @WDF_METHOD_BUFFERED: both copied through kernel memory
 * @WDF_METHOD_IN_DIRECT: input copied; output pinned, read by the device
 * @WDF_METHOD_OUT_DIRECT: input copied; output pinned, written by the device
 * @WDF_METHOD_NEITHER: raw user pointers; refused for user callers
 */
enum wdf_ioctl_method {
	WDF_METHOD_BUFFERED,
	WDF_METHOD_IN_DIRECT,
	WDF_METHOD_OUT_DIRECT,
	WDF_METHOD_NEITHER,
};

/**
 * struct wdf_request_params - the user's side of a request
 * @type: read, write or ioctl
 * @method: for an ioctl, how its buffers travel
 * @code: for an ioctl, its code
 * @in: user address of the input (write, ioctl)
 * @in_len: its length
 * @out: user address of the output (read, ioctl)
 * @out_len: its length
 */
struct wdf_request_params {
	enum wdf_request_type type;
	enum wdf_ioctl_method method;
	unsigned int code;
	unsigned long in;
	size_t in_len;
	unsigned long out;
	size_t out_len;
};

/* One side of a request: its memory object and how it is backed. */
struct wdf_request_buffer {
	struct wdf_memory mem;
	void *kbuf;
	struct wdf_mdl *mdl;
	size_t len;
	bool present;
};

/**
 * struct wdf_request - an I/O request
 * @obj: object header
 * @params: what the caller asked for
 * @in: the input side
 * @out: the output side
 * @completed: wdf_request_complete() has run
 */
struct wdf_request {
	struct wdf_object obj;
	struct wdf_request_params params;
	struct wdf_request_buffer in;
	struct wdf_request_buffer out;
	bool completed;
};

int wdf_request_create(struct wdf_device *device,
		       const struct wdf_request_params *params,
		       struct wdf_request **out);
int wdf_request_retrieve_input_memory(struct wdf_request *req,
				      struct wdf_memory **mem);
int wdf_request_retrieve_output_memory(struct wdf_request *req,
				       struct wdf_memory **mem);
int wdf_request_retrieve_input_buffer(struct wdf_request *req, size_t min,
				      void **buf, size_t *len);
int wdf_request_retrieve_output_buffer(struct wdf_request *req, size_t min,
				       void **buf, size_t *len);
int wdf_request_retrieve_input_mdl(struct wdf_request *req,
				   struct wdf_mdl **mdl);
int wdf_request_retrieve_output_mdl(struct wdf_request *req,
				    struct wdf_mdl **mdl);
long wdf_request_complete(struct wdf_request *req, int status,
			  size_t information);

#endif /* _WDF_REQUEST_H */
