/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem I/O queues (WDFQUEUE): how a device receives its requests.  A
 * device has one default queue; every read, write and ioctl reaches the
 * driver through it, whether it came from a device node or from another
 * driver's I/O target.
 */
#ifndef _WDF_QUEUE_H
#define _WDF_QUEUE_H

#include <wdf/request.h>

/**
 * enum wdf_io_queue_dispatch_type - how many requests the driver holds
 * @WDF_IO_QUEUE_DISPATCH_SEQUENTIAL: one at a time; the next is presented
 *	(from the framework's workqueue) once the driver completes the last
 * @WDF_IO_QUEUE_DISPATCH_PARALLEL: each as soon as it arrives, in the
 *	sender's context
 */
enum wdf_io_queue_dispatch_type {
	WDF_IO_QUEUE_DISPATCH_SEQUENTIAL,
	WDF_IO_QUEUE_DISPATCH_PARALLEL,
};

/**
 * enum wdf_device_io_type - how reads and writes from other drivers travel
 * @WDF_DEVICE_IO_DIRECT: the driver gets the sender's own memory (an MDL
 *	over it on request)
 * @WDF_DEVICE_IO_BUFFERED: through a framework buffer; a write's bytes are
 *	copied in when it is formatted, a read's copied back at completion
 *
 * Reads and writes from a device node are always direct (pinned pages).
 * An ioctl's buffers follow its method (&enum wdf_ioctl_method).
 */
enum wdf_device_io_type {
	WDF_DEVICE_IO_DIRECT,
	WDF_DEVICE_IO_BUFFERED,
};

struct wdf_io_queue;

/**
 * typedef wdf_io_queue_io_fn - EvtIoRead / EvtIoWrite
 * @queue: the queue
 * @req: the request, which the driver must complete, at once or later
 * @length: the bytes asked for
 */
typedef void (*wdf_io_queue_io_fn)(struct wdf_io_queue *queue,
				   struct wdf_request *req, size_t length);

/**
 * typedef wdf_io_queue_ioctl_fn - EvtIoDeviceControl
 * @queue: the queue
 * @req: the request, which the driver must complete
 * @out_len: the output's length
 * @in_len: the input's length
 * @code: the ioctl code
 */
typedef void (*wdf_io_queue_ioctl_fn)(struct wdf_io_queue *queue,
				      struct wdf_request *req, size_t out_len,
				      size_t in_len, unsigned int code);

/**
 * typedef wdf_io_queue_default_fn - EvtIoDefault
 * @queue: the queue
 * @req: a request of a type the queue has no callback of its own for
 */
typedef void (*wdf_io_queue_default_fn)(struct wdf_io_queue *queue,
					struct wdf_request *req);

/**
 * struct wdf_io_queue_config - WDF_IO_QUEUE_CONFIG
 * @dispatch: sequential or parallel
 * @io_type: how reads and writes from other drivers travel
 * @allow_zero_length: present reads and writes of 0 bytes to the driver;
 *	if false (KMDF's default) the queue completes them with 0 itself
 * @io_read: EvtIoRead, or NULL
 * @io_write: EvtIoWrite, or NULL
 * @io_device_control: EvtIoDeviceControl, or NULL
 * @io_default: EvtIoDefault: the types without a callback above, or NULL
 *
 * A request of a type without a callback is completed with -EINVAL (KMDF's
 * STATUS_INVALID_DEVICE_REQUEST) without reaching the driver.
 */
struct wdf_io_queue_config {
	enum wdf_io_queue_dispatch_type dispatch;
	enum wdf_device_io_type io_type;
	bool allow_zero_length;
	wdf_io_queue_io_fn io_read;
	wdf_io_queue_io_fn io_write;
	wdf_io_queue_ioctl_fn io_device_control;
	wdf_io_queue_default_fn io_default;
};

/**
 * struct wdf_io_queue - an I/O queue (WDFQUEUE)
 * @obj: object header; a child of its device unless the attributes say
 *
 * The rest of the object is the framework's.
 */
struct wdf_io_queue {
	struct wdf_object obj;
};

int wdf_io_queue_create(struct wdf_device *device,
			const struct wdf_io_queue_config *config,
			const struct wdf_object_attributes *attr,
			struct wdf_io_queue **out);
struct wdf_device *wdf_io_queue_get_device(struct wdf_io_queue *queue);
void wdf_io_queue_purge_sync(struct wdf_io_queue *queue);
long wdf_io_queue_submit_user(struct wdf_io_queue *queue,
			      const struct wdf_request_params *params);
struct wdf_io_queue *wdf_request_get_io_queue(struct wdf_request *req);

#endif /* _WDF_QUEUE_H */
