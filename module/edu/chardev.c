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

#define EDU_MINORS	16

static dev_t edu_devt;
static DEFINE_XARRAY_ALLOC(edu_minors);

static char *edu_devnode(wdf_devnode_const struct device *dev, umode_t *mode)
{
	if (mode)
		*mode = 0600;	/* root only */
	return NULL;
}

static struct class edu_class = {
	.name = "wdfmem_edu",
	.devnode = edu_devnode,
};

static void edu_free(struct kref *ref)
{
	kfree(container_of(ref, struct edu_dev, ref));
}

void edu_put(struct edu_dev *edu)
{
	kref_put(&edu->ref, edu_free);
}

static int edu_open(struct inode *inode, struct file *file)
{
	struct edu_dev *edu;

	xa_lock(&edu_minors);
	edu = xa_load(&edu_minors, iminor(inode));
	if (edu)
		kref_get(&edu->ref);
	xa_unlock(&edu_minors);
	if (!edu)
		return -ENODEV;
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

static long edu_rw_locked(struct edu_dev *edu, struct wdf_mdl *mdl, loff_t pos,
			  size_t len, bool write)
{
	long ret;

	if (mutex_lock_interruptible(&edu->lock))
		return -EINTR;
	ret = write ? edu_xfer_to_device(edu, mdl, 0, pos, len) :
		      edu_xfer_from_device(edu, mdl, 0, pos, len);
	mutex_unlock(&edu->lock);
	return ret;
}

static ssize_t edu_rw(struct file *file, unsigned long ubuf, size_t len,
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
		ret = edu_rw_locked(edu, mdl, *pos, len, write);
	ret = wdf_request_complete(req, ret < 0 ? ret : 0, ret < 0 ? 0 : ret);
	if (ret > 0)
		*pos += ret;
out:
	up_read(&edu->active);
	return ret;
}

static ssize_t edu_read(struct file *file, char __user *buf, size_t len,
			loff_t *pos)
{
	return edu_rw(file, (unsigned long)buf, len, pos, false);
}

static ssize_t edu_write(struct file *file, const char __user *buf,
			 size_t len, loff_t *pos)
{
	return edu_rw(file, (unsigned long)buf, len, pos, true);
}

static long edu_ioctl_xfer(struct edu_dev *edu, unsigned long arg, bool direct)
{
	struct wdf_request_params p = { .type = WDF_REQUEST_IOCTL };
	struct wdfmem_edu_xfer x;
	struct wdf_mdl *in, *out;
	struct wdf_request *req;
	long ret;

	if (copy_from_user(&x, (void __user *)arg, sizeof(x)))
		return -EFAULT;
	if (!x.len)
		return -EINVAL;
	if (x.len > SIZE_MAX || x.in > ULONG_MAX || x.out > ULONG_MAX)
		return -EINVAL;
	p.method = direct ? WDF_METHOD_OUT_DIRECT : WDF_METHOD_BUFFERED;
	p.in = x.in;
	p.in_len = x.len;
	p.out = x.out;
	p.out_len = x.len;
	ret = wdf_request_create(edu->wdev, &p, &req);
	if (ret)
		return ret;
	ret = wdf_request_retrieve_input_mdl(req, &in);
	if (!ret)
		ret = wdf_request_retrieve_output_mdl(req, &out);
	if (!ret)
		ret = edu_roundtrip(edu, in, out, x.len);
	return wdf_request_complete(req, ret < 0 ? ret : 0, ret < 0 ? 0 : ret);
}

/* Small fixed-size ioctls: a buffered request in and out of @arg. */
static long edu_ioctl_small(struct edu_dev *edu, unsigned int cmd,
			    unsigned long arg, size_t size)
{
	struct wdf_request_params p = {
		.type = WDF_REQUEST_IOCTL, .method = WDF_METHOD_BUFFERED,
		.code = cmd, .in = arg, .in_len = size, .out = arg,
		.out_len = size,
	};
	struct wdfmem_edu_regs *r;
	struct wdf_request *req;
	void *in, *out;
	long ret;

	ret = wdf_request_create(edu->wdev, &p, &req);
	if (ret)
		return ret;
	ret = wdf_request_retrieve_input_buffer(req, size, &in, NULL);
	if (!ret)
		ret = wdf_request_retrieve_output_buffer(req, size, &out, NULL);
	if (ret)
		return wdf_request_complete(req, ret, 0);

	if (cmd == WDFMEM_EDU_IOC_REGS) {
		r = out;
		r->live_in = ((struct wdfmem_edu_regs *)in)->live_in;
		if (mutex_lock_interruptible(&edu->lock))
			return wdf_request_complete(req, -EINTR, 0);
		r->id = readl(edu->regs + EDU_ID);
		writel(r->live_in, edu->regs + EDU_LIVENESS);
		r->live_out = readl(edu->regs + EDU_LIVENESS);
		r->status = readl(edu->regs + EDU_STATUS);
		r->irq_status = readl(edu->regs + EDU_IRQ_STATUS);
		mutex_unlock(&edu->lock);
	} else {
		struct wdfmem_edu_fact *f = out;

		f->in = ((struct wdfmem_edu_fact *)in)->in;
		ret = edu_factorial(edu, f->in, &f->out);
		if (ret)
			return wdf_request_complete(req, ret, 0);
	}
	/* Success returns 0 to the caller; the output is copied back. */
	return wdf_request_complete(req, 0, size) < 0 ? -EFAULT : 0;
}

static long edu_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct edu_dev *edu = file->private_data;
	long ret = edu_enter(edu);

	if (ret)
		return ret;
	switch (cmd) {
	case WDFMEM_EDU_IOC_XFER_BUFFERED:
		ret = edu_ioctl_xfer(edu, arg, false);
		break;
	case WDFMEM_EDU_IOC_XFER_DIRECT:
		ret = edu_ioctl_xfer(edu, arg, true);
		break;
	case WDFMEM_EDU_IOC_REGS:
		ret = edu_ioctl_small(edu, cmd, arg, sizeof(struct wdfmem_edu_regs));
		break;
	case WDFMEM_EDU_IOC_FACTORIAL:
		ret = edu_ioctl_small(edu, cmd, arg, sizeof(struct wdfmem_edu_fact));
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
 * edu_chardev_add() - create /dev/wdfmem-edu<N> for a device
 * @edu: the device
 *
 * Return: 0 or a negative errno.
 */
int edu_chardev_add(struct edu_dev *edu)
{
	u32 minor;
	int ret;

	ret = xa_alloc(&edu_minors, &minor, NULL, XA_LIMIT(0, EDU_MINORS - 1),
		       GFP_KERNEL);
	if (ret)
		return ret;
	edu->minor = minor;
	edu->cdev = cdev_alloc();
	if (!edu->cdev) {
		ret = -ENOMEM;
		goto err_minor;
	}
	edu->cdev->ops = &edu_fops;
	edu->cdev->owner = THIS_MODULE;
	ret = cdev_add(edu->cdev, MKDEV(MAJOR(edu_devt), minor), 1);
	if (ret)
		goto err_cdev;
	edu->node = device_create(&edu_class, &edu->pdev->dev,
				  MKDEV(MAJOR(edu_devt), minor), edu,
				  "wdfmem-edu%u", minor);
	if (IS_ERR(edu->node)) {
		ret = PTR_ERR(edu->node);
		goto err_cdev;
	}
	xa_store(&edu_minors, minor, edu, GFP_KERNEL);
	return 0;

err_cdev:
	cdev_del(edu->cdev);
err_minor:
	xa_erase(&edu_minors, minor);
	return ret;
}

/**
 * edu_chardev_remove() - remove a device's node; open files get -ENODEV
 * @edu: the device
 */
void edu_chardev_remove(struct edu_dev *edu)
{
	xa_erase(&edu_minors, edu->minor);
	device_destroy(&edu_class, MKDEV(MAJOR(edu_devt), edu->minor));
	cdev_del(edu->cdev);
}

int edu_chardev_init(void)
{
	int ret = alloc_chrdev_region(&edu_devt, 0, EDU_MINORS, "wdfmem_edu");

	if (ret)
		return ret;
	ret = class_register(&edu_class);
	if (ret)
		unregister_chrdev_region(edu_devt, EDU_MINORS);
	return ret;
}

void edu_chardev_exit(void)
{
	class_unregister(&edu_class);
	unregister_chrdev_region(edu_devt, EDU_MINORS);
}
