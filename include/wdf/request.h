/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem I/O requests (WDFREQUEST): one read, write or ioctl on a device
 * node, owning its buffers until it is completed.
 */
#ifndef _WDF_REQUEST_H
#define _WDF_REQUEST_H

#include <wdf/device.h>
#include <wdf/mdl.h>

struct wdf_request;

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
 * @offset: for a read or write, the device offset (the file position)
 */
struct wdf_request_params {
	enum wdf_request_type type;
	enum wdf_ioctl_method method;
	unsigned int code;
	void __user *in;
	size_t in_len;
	void __user *out;
	size_t out_len;
	loff_t offset;
};

/**
 * struct wdf_request_parameters - what a received request asks for
 *	(WDF_REQUEST_PARAMETERS)
 * @type: read, write or ioctl
 * @method: for an ioctl, how its buffers travel
 * @code: for an ioctl, its code
 * @offset: for a read or write, the device offset
 * @in_len: the input's length (write, ioctl)
 * @out_len: the output's length (read, ioctl)
 */
struct wdf_request_parameters {
	enum wdf_request_type type;
	enum wdf_ioctl_method method;
	unsigned int code;
	loff_t offset;
	size_t in_len;
	size_t out_len;
};

/**
 * typedef wdf_request_cancel_fn - EvtRequestCancel
 * @req: a request the driver marked cancelable and that is being
 *	cancelled; the routine must complete it (at once or later)
 *
 * Runs in the canceller's context, which may be atomic.
 */
typedef void (*wdf_request_cancel_fn)(struct wdf_request *req);

/**
 * struct wdf_request - an I/O request (WDFREQUEST)
 * @obj: object header
 *
 * The rest of the object is the framework's.
 */
struct wdf_request {
	struct wdf_object obj;
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
long wdf_request_complete(struct wdf_request *request, int status,
			  size_t information);
int wdf_request_get_parameters(struct wdf_request *req,
			       struct wdf_request_parameters *p);
int wdf_request_mark_cancelable(struct wdf_request *req,
				wdf_request_cancel_fn cancel);
int wdf_request_unmark_cancelable(struct wdf_request *req);
bool wdf_request_is_canceled(struct wdf_request *req);

#endif /* _WDF_REQUEST_H */
