/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device node of wdfmem_edu's ABI (wdfmem_edu.h), shared by the edu
 * driver and the upper driver that forwards to it: every read, write and
 * ioctl becomes a request submitted to the device's default queue.
 */
#ifndef _EDU_NODE_H
#define _EDU_NODE_H

#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/rwsem.h>
#include <wdf/wdf.h>

/**
 * struct edu_node - a device node in front of a queue
 * @misc: the node
 * @ref: one for the owner, one per open file
 * @active: held shared for each operation, exclusively to remove
 * @queue: where requests go; NULL once removed
 * @name: the node's name under /dev
 */
struct edu_node {
	struct miscdevice misc;
	struct kref ref;
	struct rw_semaphore active;
	struct wdf_io_queue *queue;
	char name[32];
};

struct edu_node *edu_node_add(struct device *parent, const char *name,
			      struct wdf_io_queue *queue);
void edu_node_remove(struct edu_node *node);

#endif /* _EDU_NODE_H */
