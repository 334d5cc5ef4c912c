// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_edu device nodes.  Every read, write and ioctl becomes a wdfmem
 * request: the framework pins or copies the caller's buffers, the driver
 * retrieves them as MDLs or buffers, and completion copies back only what
 * the driver reports and frees everything.
 */

#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/uaccess.h>
#include "edu.h"

static DEFINE_IDA(edu_ids);

/*
 * misc_open() calls this under misc_mtx with the miscdevice in
 * private_data; misc_deregister() takes the same mutex, so the device
 * cannot go away before the reference is taken.
 */
static int edu_open(struct inode *inode, struct file *file)
{
	struct edu_dev *edu = container_of(file->private_data, struct edu_dev,
					   misc);

	kref_get(&edu->ref);
	file->private_data = edu;
	return 0;
}

static int edu_release(struct inode *inode, struct file *file)
{
	edu_put(file->private_data);
	return 0;
}

/* Hold the device for one operation; -ENODEV once it is removed. */
static int edu_enter(struct edu_dev *edu)
{
	if (down_read_interruptible(&edu->active))
		return -EINTR;
	if (edu->dead || edu->stopping) {
		up_read(&edu->active);
		return -ENODEV;
	}
	return 0;
}

/* Complete with what the device did: bytes moved, or an errno. */
static long edu_complete(struct wdf_request *req, long ret)
{
	return wdf_request_complete(req, ret < 0 ? ret : 0, ret < 0 ? 0 : ret);
}

static ssize_t edu_rw(struct file *file, void __user *ubuf, size_t len,
		      loff_t *pos, bool write)
{
	struct edu_dev *edu = file->private_data;
	struct wdf_request_params p = {};
	struct wdf_request *req;
	struct wdf_mdl *mdl;
	long ret;

	if (!len)
		return 0;
	if (*pos < 0)
		return -EINVAL;
	if (*pos >= EDU_DMA_MAX)
		return write ? -ENOSPC : 0;
	len = min_t(size_t, len, EDU_DMA_MAX - *pos);
	ret = edu_enter(edu);
	if (ret)
		return ret;
	p.type = write ? WDF_REQUEST_WRITE : WDF_REQUEST_READ;
	if (write) {
		p.in = ubuf;
		p.in_len = len;
	} else {
		p.out = ubuf;
		p.out_len = len;
	}
	ret = wdf_request_create(edu->wdev, &p, &req);
	if (ret)
		goto out;
	ret = write ? wdf_request_retrieve_input_mdl(req, &mdl) :
		      wdf_request_retrieve_output_mdl(req, &mdl);
	if (!ret)
		ret = edu_transfer(edu, mdl, *pos, len, write);
	ret = edu_complete(req, ret);
	if (ret > 0)
		*pos += ret;
out:
	up_read(&edu->active);
	return ret;
}

static ssize_t edu_read(struct file *file, char __user *buf, size_t len,
			loff_t *pos)
{
	return edu_rw(file, buf, len, pos, false);
}

static ssize_t edu_write(struct file *file, const char __user *buf,
			 size_t len, loff_t *pos)
{
	return edu_rw(file, (void __user *)buf, len, pos, true);
}

static long edu_ioctl_xfer(struct edu_dev *edu, void __user *arg, bool direct)
{
	struct wdf_request_params p = { .type = WDF_REQUEST_IOCTL };
	struct wdfmem_edu_xfer x;
	struct wdf_mdl *in, *out;
	struct wdf_request *req;
	long ret;

	if (copy_from_user(&x, arg, sizeof(x)))
		return -EFAULT;
	if (!x.len)
		return -EINVAL;
	/* Addresses a 32-bit kernel cannot hold are refused, not truncated. */
	if (x.len > SIZE_MAX || x.in > ULONG_MAX || x.out > ULONG_MAX)
		return -EINVAL;
	p.method = direct ? WDF_METHOD_OUT_DIRECT : WDF_METHOD_BUFFERED;
	p.in = u64_to_user_ptr(x.in);
	p.in_len = x.len;
	p.out = u64_to_user_ptr(x.out);
	p.out_len = x.len;
	ret = wdf_request_create(edu->wdev, &p, &req);
	if (ret)
		return ret;
	ret = wdf_request_retrieve_input_mdl(req, &in);
	if (!ret)
		ret = wdf_request_retrieve_output_mdl(req, &out);
	if (!ret)
		ret = edu_roundtrip(edu, in, out, x.len);
	return edu_complete(req, ret);
}

/*
 * The small fixed-size ioctls: a buffered request in and out of @arg, the
 * same structure both ways.  @op fills the output from the input.
 */
static long edu_ioctl_small(struct edu_dev *edu, unsigned int cmd,
			    void __user *arg, size_t size,
			    int (*op)(struct edu_dev *edu, void *in, void *out))
{
	struct wdf_request_params p = {
		.type = WDF_REQUEST_IOCTL, .method = WDF_METHOD_BUFFERED,
		.code = cmd, .in = arg, .in_len = size, .out = arg,
		.out_len = size,
	};
	struct wdf_request *req;
	void *in, *out;
	long ret;

	ret = wdf_request_create(edu->wdev, &p, &req);
	if (ret)
		return ret;
	ret = wdf_request_retrieve_input_buffer(req, size, &in, NULL);
	if (!ret)
		ret = wdf_request_retrieve_output_buffer(req, size, &out, NULL);
	if (!ret)
		ret = op(edu, in, out);
	if (ret)
		return wdf_request_complete(req, ret, 0);
	/* Success returns 0 to the caller; the output is copied back. */
	return wdf_request_complete(req, 0, size) < 0 ? -EFAULT : 0;
}

static int edu_op_regs(struct edu_dev *edu, void *in, void *out)
{
	struct wdfmem_edu_regs *r = out;

	r->live_in = ((struct wdfmem_edu_regs *)in)->live_in;
	return edu_read_regs(edu, r);
}

static int edu_op_factorial(struct edu_dev *edu, void *in, void *out)
{
	struct wdfmem_edu_fact *f = out;

	f->in = ((struct wdfmem_edu_fact *)in)->in;
	return edu_factorial(edu, f->in, &f->out);
}

static long edu_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct edu_dev *edu = file->private_data;
	void __user *uarg = (void __user *)arg;
	long ret = edu_enter(edu);

	if (ret)
		return ret;
	switch (cmd) {
	case WDFMEM_EDU_IOC_XFER_BUFFERED:
		ret = edu_ioctl_xfer(edu, uarg, false);
		break;
	case WDFMEM_EDU_IOC_XFER_DIRECT:
		ret = edu_ioctl_xfer(edu, uarg, true);
		break;
	case WDFMEM_EDU_IOC_REGS:
		ret = edu_ioctl_small(edu, cmd, uarg,
				      sizeof(struct wdfmem_edu_regs),
				      edu_op_regs);
		break;
	case WDFMEM_EDU_IOC_FACTORIAL:
		ret = edu_ioctl_small(edu, cmd, uarg,
				      sizeof(struct wdfmem_edu_fact),
				      edu_op_factorial);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	up_read(&edu->active);
	return ret;
}

static loff_t edu_llseek(struct file *file, loff_t off, int whence)
{
	return fixed_size_llseek(file, off, whence, EDU_DMA_MAX);
}

static const struct file_operations edu_fops = {
	.owner = THIS_MODULE,
	.open = edu_open,
	.release = edu_release,
	.read = edu_read,
	.write = edu_write,
	.unlocked_ioctl = edu_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = edu_llseek,
};

/**
 * edu_chardev_add() - create /dev/wdfmem-edu<N> (mode 0600) for a device
 * @edu: the device
 *
 * Return: 0 or a negative errno.
 */
int edu_chardev_add(struct edu_dev *edu)
{
	int ret;

	edu->id = ida_alloc(&edu_ids, GFP_KERNEL);
	if (edu->id < 0)
		return edu->id;
	snprintf(edu->name, sizeof(edu->name), "wdfmem-edu%d", edu->id);
	edu->misc.minor = MISC_DYNAMIC_MINOR;
	edu->misc.name = edu->name;
	edu->misc.fops = &edu_fops;
	edu->misc.parent = &edu->pdev->dev;
	edu->misc.mode = 0600;	/* root only */
	ret = misc_register(&edu->misc);
	if (ret)
		ida_free(&edu_ids, edu->id);
	return ret;
}

/**
 * edu_chardev_remove() - remove a device's node; open files get -ENODEV
 * @edu: the device
 */
void edu_chardev_remove(struct edu_dev *edu)
{
	misc_deregister(&edu->misc);
	ida_free(&edu_ids, edu->id);
}
