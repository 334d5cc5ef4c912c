/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem I/O targets (WDFIOTARGET) and the requests a driver creates to
 * send through them.  A target is another wdfmem device in the same
 * kernel: what is sent arrives at its default queue as a request, exactly
 * as a read, write or ioctl on its device node does.
 *
 * Synchronous sends take memory descriptors (a buffer, an MDL, or a memory
 * object with offsets) that are only used during the call; asynchronous
 * sends take memory objects formatted into a created request, referenced
 * from format until the request is reused, re-formatted or deleted.
 */
#ifndef _WDF_IOTARGET_H
#define _WDF_IOTARGET_H

#include <wdf/descriptor.h>
#include <wdf/memory.h>
#include <wdf/request.h>

/**
 * struct wdf_io_target - an I/O target (WDFIOTARGET)
 * @obj: object header
 *
 * The rest of the object is the framework's.
 */
struct wdf_io_target {
	struct wdf_object obj;
};

/**
 * enum wdf_io_target_sent_io_action - what stopping does to sent requests
 * @WDF_IO_TARGET_CANCEL_SENT_IO: cancel them, then wait for them
 * @WDF_IO_TARGET_WAIT_FOR_SENT_IO_TO_COMPLETE: wait for them
 * @WDF_IO_TARGET_LEAVE_SENT_IO_PENDING: leave them; return at once
 */
enum wdf_io_target_sent_io_action {
	WDF_IO_TARGET_CANCEL_SENT_IO,
	WDF_IO_TARGET_WAIT_FOR_SENT_IO_TO_COMPLETE,
	WDF_IO_TARGET_LEAVE_SENT_IO_PENDING,
};

/* struct wdf_request_send_options flags (WDF_REQUEST_SEND_OPTION_*). */
#define WDF_REQUEST_SEND_OPTION_TIMEOUT		BIT(0)
#define WDF_REQUEST_SEND_OPTION_SYNCHRONOUS	BIT(1)
#define WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE BIT(2)

/**
 * struct wdf_request_send_options - WDF_REQUEST_SEND_OPTIONS
 * @flags: WDF_REQUEST_SEND_OPTION_*
 * @timeout_ns: with the TIMEOUT flag, how long the request may take from
 *	the send, in nanoseconds (0: no limit, as in KMDF); the request is
 *	then cancelled and completes with -ETIMEDOUT
 */
struct wdf_request_send_options {
	unsigned int flags;
	u64 timeout_ns;
};

/**
 * struct wdf_request_completion_params - what a sent request's completion
 * reports (WDF_REQUEST_COMPLETION_PARAMS)
 * @type: read, write or ioctl
 * @status: 0 or the negative errno the target completed with
 * @information: the bytes the target reported
 * @code: for an ioctl, its code
 * @in: the formatted input memory (write, ioctl), or NULL
 * @in_offset: its window's offset
 * @out: the formatted output memory (read, ioctl), or NULL
 * @out_offset: its window's offset
 * @length: the bytes transferred (= @information)
 *
 * Valid until the request is reused, re-formatted or deleted.
 */
struct wdf_request_completion_params {
	enum wdf_request_type type;
	int status;
	size_t information;
	unsigned int code;
	struct wdf_memory *in;
	size_t in_offset;
	struct wdf_memory *out;
	size_t out_offset;
	size_t length;
};

struct wdf_io_target;

/**
 * typedef wdf_request_completion_fn - EvtRequestCompletionRoutine
 * @req: the request the driver created and sent
 * @target: where it was sent
 * @params: its completion parameters
 * @context: the context given with the routine
 *
 * Runs once for every successful wdf_request_send(), in the context that
 * completed the request at the target: it may be atomic, so it must not
 * sleep.  It may reuse, re-format and re-send @req, or delete it.
 */
typedef void (*wdf_request_completion_fn)(struct wdf_request *req,
					  struct wdf_io_target *target,
					  const struct wdf_request_completion_params *params,
					  void *context);

int __wdf_io_target_open(struct wdf_driver *drv,
			 const struct wdf_object_attributes *attr,
			 struct wdf_device *device, const char *name,
			 struct wdf_io_target **out);

/**
 * wdf_io_target_open() - a target that sends to another wdfmem device
 * @attr: attributes, or NULL; the parent defaults to the driver
 * @device: the device whose default queue receives what is sent
 * @out: receives the target, or NULL on failure
 *
 * Return: as __wdf_io_target_open().
 */
static inline int wdf_io_target_open(const struct wdf_object_attributes *attr,
				     struct wdf_device *device,
				     struct wdf_io_target **out)
{
	return __wdf_io_target_open(wdf_driver_globals, attr, device, NULL, out);
}

/**
 * wdf_io_target_open_by_name() - a target opened by a device's name
 * @attr: attributes, or NULL; the parent defaults to the driver
 * @name: a name given with wdf_device_create_symbolic_link()
 * @out: receives the target, or NULL on failure
 *
 * Return: as __wdf_io_target_open().
 */
static inline int wdf_io_target_open_by_name(const struct wdf_object_attributes *attr,
					     const char *name,
					     struct wdf_io_target **out)
{
	return __wdf_io_target_open(wdf_driver_globals, attr, NULL, name, out);
}

int __wdf_io_target_open_file(struct wdf_driver *drv,
			      const struct wdf_object_attributes *attr,
			      const char *path, int flags,
			      struct wdf_io_target **out);

/**
 * wdf_io_target_open_file() - a target that reads and writes a file
 * @attr: attributes, or NULL; the parent defaults to the driver
 * @path: the file's path, opened in the kernel
 * @flags: open flags (O_RDONLY, O_WRONLY or O_RDWR, and O_CREAT, O_TRUNC...)
 * @out: receives the target, or NULL on failure
 *
 * Return: as __wdf_io_target_open_file().
 */
static inline int wdf_io_target_open_file(const struct wdf_object_attributes *attr,
					  const char *path, int flags,
					  struct wdf_io_target **out)
{
	return __wdf_io_target_open_file(wdf_driver_globals, attr, path, flags,
					 out);
}

void wdf_io_target_close(struct wdf_io_target *target);
int wdf_io_target_stop(struct wdf_io_target *target,
		       enum wdf_io_target_sent_io_action action);
int wdf_io_target_start(struct wdf_io_target *target);
int wdf_device_create_symbolic_link(struct wdf_device *device,
				    const char *name);

int __wdf_io_request_create(struct wdf_driver *drv,
			    const struct wdf_object_attributes *attr,
			    struct wdf_io_target *target,
			    struct wdf_request **out);

/**
 * wdf_io_request_create() - a request the driver sends (WdfRequestCreate)
 * @attr: attributes, or NULL; the parent defaults to the driver
 * @target: the target it will be sent to, or NULL
 * @out: receives the request, or NULL on failure
 *
 * Return: as __wdf_io_request_create().
 */
static inline int wdf_io_request_create(const struct wdf_object_attributes *attr,
					struct wdf_io_target *target,
					struct wdf_request **out)
{
	return __wdf_io_request_create(wdf_driver_globals, attr, target, out);
}

int wdf_request_reuse(struct wdf_request *req, int status);
int wdf_io_target_format_request_for_read(struct wdf_io_target *target,
					  struct wdf_request *req,
					  struct wdf_memory *mem,
					  const struct wdf_memory_offset *mem_off,
					  const loff_t *dev_off);
int wdf_io_target_format_request_for_write(struct wdf_io_target *target,
					   struct wdf_request *req,
					   struct wdf_memory *mem,
					   const struct wdf_memory_offset *mem_off,
					   const loff_t *dev_off);
int wdf_io_target_format_request_for_ioctl(struct wdf_io_target *target,
					   struct wdf_request *req,
					   unsigned int code,
					   enum wdf_ioctl_method method,
					   struct wdf_memory *in,
					   const struct wdf_memory_offset *in_off,
					   struct wdf_memory *out,
					   const struct wdf_memory_offset *out_off);
int wdf_request_set_completion_routine(struct wdf_request *req,
				       wdf_request_completion_fn fn,
				       void *context);
bool wdf_request_send(struct wdf_request *req, struct wdf_io_target *target,
		      const struct wdf_request_send_options *options);
int wdf_request_get_status(struct wdf_request *req);
int wdf_request_get_completion_params(struct wdf_request *req,
				      struct wdf_request_completion_params *p);
bool wdf_request_cancel_sent_request(struct wdf_request *req);

int wdf_io_target_send_read_sync(struct wdf_io_target *target,
				 struct wdf_request *req,
				 const struct wdf_memory_descriptor *out,
				 const loff_t *dev_off,
				 const struct wdf_request_send_options *options,
				 size_t *bytes);
int wdf_io_target_send_write_sync(struct wdf_io_target *target,
				  struct wdf_request *req,
				  const struct wdf_memory_descriptor *in,
				  const loff_t *dev_off,
				  const struct wdf_request_send_options *options,
				  size_t *bytes);
int wdf_io_target_send_ioctl_sync(struct wdf_io_target *target,
				  struct wdf_request *req, unsigned int code,
				  enum wdf_ioctl_method method,
				  const struct wdf_memory_descriptor *in,
				  const struct wdf_memory_descriptor *out,
				  const struct wdf_request_send_options *options,
				  size_t *bytes);

#endif /* _WDF_IOTARGET_H */
