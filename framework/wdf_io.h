/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem's I/O path inside the framework: queues, targets and the requests
 * drivers send.  Only framework files and the KUnit suites include this.
 */
#ifndef _WDF_IO_H
#define _WDF_IO_H

#include <linux/timer.h>
#include <linux/wait.h>
#include "wdf_objects.h"

/* A queue's life (struct wdf_io_queue_private's @state). */
enum wdf_io_queue_state {
	WDF_IO_QUEUE_RUNNING,
	WDF_IO_QUEUE_PURGED,	/* refuses requests; waits for the presented */
};

/**
 * struct wdf_io_queue_private - an I/O queue
 * @pub: what the client sees
 * @obj: the same header
 * @device: its device, whose default queue it is
 * @config: the driver's configuration
 * @lock: protects everything below, and the queue fields of its requests
 * @state: running or purged
 * @waiting: requests not yet presented, oldest first
 * @presented: requests the driver holds
 * @npresented: how many
 * @dispatch: presents the next waiting request (sequential queues)
 * @idle: woken when @npresented falls to zero
 * @cleanup: the driver's cleanup callback, run after the queue's own
 */
struct wdf_io_queue_private {
	union {
		struct wdf_io_queue pub;
		struct wdf_object obj;
	};
	struct wdf_device_private *device;
	struct wdf_io_queue_config config;
	spinlock_t lock;	/* the lists, @state, requests' queue fields */
	enum wdf_io_queue_state state;
	struct list_head waiting;
	struct list_head presented;
	unsigned int npresented;
	struct work_struct dispatch;
	wait_queue_head_t idle;
	void (*cleanup)(struct wdf_object *obj);
};

static inline struct wdf_io_queue_private *
wdf_io_queue_priv(struct wdf_io_queue *q)
{
	return container_of(q, struct wdf_io_queue_private, pub);
}

/* A target's state (KMDF's WdfIoTargetStarted and so on). */
enum wdf_io_target_state {
	WDF_IO_TARGET_STARTED,
	WDF_IO_TARGET_STOPPED,
	WDF_IO_TARGET_CLOSED,
};

/**
 * struct wdf_io_target_private - an I/O target
 * @pub: what the client sees
 * @obj: the same header
 * @device: the device it sends to (a reference), NULL once closed or for
 *	a file target
 * @owner: that device's driver's module (a reference), NULL once closed
 * @file: a file target's open file, NULL once closed or for a device
 * @lock: protects @state, @sent, @pended and the requests' @tnode
 * @state: started, stopped or closed
 * @sent: requests sent and not yet completed
 * @pended: requests sent while stopped, waiting for a start
 * @nsent: how many are on @sent
 * @idle: woken when @nsent falls to zero
 * @cleanup: the driver's cleanup callback, run after the target closes
 */
struct wdf_io_target_private {
	union {
		struct wdf_io_target pub;
		struct wdf_object obj;
	};
	struct wdf_device_private *device;
	struct module *owner;
	struct file *file;
	spinlock_t lock;	/* @state, the lists, requests' @state */
	enum wdf_io_target_state state;
	struct list_head sent;
	struct list_head pended;
	unsigned int nsent;
	wait_queue_head_t idle;
	void (*cleanup)(struct wdf_object *obj);
};

static inline struct wdf_io_target_private *
wdf_io_target_priv(struct wdf_io_target *t)
{
	return container_of(t, struct wdf_io_target_private, pub);
}

/**
 * struct wdf_sent_side - one side of a formatted request
 * @mem: the formatted memory object (a reference), or NULL
 * @offset: its window's offset
 * @va: the bytes the target receives, or NULL for an MDL or an empty side
 * @mdl: an MDL the caller passed (synchronous sends), or NULL
 * @len: their length
 * @bounce: the framework buffer the target gets instead (buffered I/O)
 * @bounce_size: its size; kept across formats and freed with the request
 * @bounced: the target gets @bounce
 * @stack: @va is a copy of the caller's stack buffer @caller
 * @caller: the caller's buffer behind a stack copy
 */
struct wdf_sent_side {
	struct wdf_memory *mem;
	size_t offset;
	void *va;
	struct wdf_mdl *mdl;
	size_t len;
	void *bounce;
	size_t bounce_size;
	bool bounced;
	bool stack;
	void *caller;
};

/* A created request's life. */
enum wdf_sent_state {
	WDF_SENT_IDLE,		/* created, reused or completed */
	WDF_SENT_FORMATTED,
	WDF_SENT_COMPLETED,	/* its format kept until reuse, format, delete */
	WDF_SENT_PENDED,	/* on a stopped target's list */
	WDF_SENT_SENT,		/* at the target's queue */
};

/**
 * struct wdf_sent_request - a request a driver created to send
 * @pub: what the client sees
 * @obj: the same header
 * @target: the target it is formatted for or sent to (a reference)
 * @state: see &enum wdf_sent_state; changes under @target's lock once sent
 * @type: what it was formatted as
 * @method: for an ioctl, its method
 * @code: for an ioctl, its code
 * @dev_off: for a read or write, the device offset
 * @in: the input side
 * @out: the output side
 * @routine: the completion routine, or NULL
 * @context: its context
 * @params: the completion parameters
 * @tnode: its entry on the target's sent or pended list
 * @timer: its timeout
 * @timed_out: the timer cancelled it
 * @sync: a synchronous send waits on @sync_done
 * @sync_done: completed
 * @file_io: a file target's read or write, on the framework's workqueue
 * @rx: the request the target's queue receives
 */
struct wdf_sent_request {
	union {
		struct wdf_request pub;
		struct wdf_object obj;
	};
	struct wdf_io_target_private *target;
	enum wdf_sent_state state;
	enum wdf_request_type type;
	enum wdf_ioctl_method method;
	unsigned int code;
	loff_t dev_off;
	struct wdf_sent_side in;
	struct wdf_sent_side out;
	wdf_request_completion_fn routine;
	void *context;
	struct wdf_request_completion_params params;
	struct list_head tnode;
	struct timer_list timer;
	bool timed_out;
	bool sync;
	struct completion sync_done;
	struct work_struct file_io;
	struct wdf_request_private rx;
};

/* queue.c */
int wdf_io_queue_present(struct wdf_io_queue_private *q,
			 struct wdf_request_private *req);
void wdf_io_queue_completed(struct wdf_request_private *req);
bool wdf_request_cancel(struct wdf_request_private *req);
struct wdf_io_queue_private *wdf_device_queue_get(struct wdf_device_private *d);

/* request.c */
bool wdf_request_is_received(const struct wdf_request *req);
void wdf_request_rx_init(struct wdf_request_private *rx, struct wdf_driver *drv);
void wdf_request_rx_reset(struct wdf_request_private *rx);

/* iotarget.c */
void wdf_sent_rx_completed(struct wdf_request_private *rx);
void wdf_device_unlink(struct wdf_device_private *d);

#endif /* _WDF_IO_H */
