// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_demo: a small client of the framework for "make run".  At load it
 * builds a little object tree, takes entries from a lookaside list, copies
 * data through memory objects (one copy deliberately out of range) and
 * allocates tagged local buffers, leaving them live so the debugfs
 * statistics have something to show.  Unloading deletes it all.
 */

#include <linux/module.h>
#include <wdf/wdf.h>

WDF_DRIVER_GLOBALS();

#define DEMO_TAG	WDF_TAG('D', 'e', 'm', 'o')
#define DEMO_ENTRIES	8

static void *demo_local[2];

static void demo_cleanup(struct wdf_object *obj)
{
	pr_info("wdfmem-demo: cleanup of a %s object\n",
		wdf_object_get_type(obj) == WDF_TYPE_LOOKASIDE ? "lookaside" :
		"memory");
}

static int demo_build(void)
{
	struct wdf_object_attributes attr = { .cleanup = demo_cleanup };
	struct wdf_object_attributes mattr = {};
	static const char msg[] = "wdfmem moves bytes the KMDF way";
	struct wdf_memory *mem, *big;
	struct wdf_lookaside *la;
	char back[sizeof(msg)];
	int i, ret;

	ret = wdf_lookaside_create(&attr, 512, WDF_POOL_NONPAGED, &mattr,
				   DEMO_TAG, &la);
	if (ret)
		return ret;
	/* Memory from the list is parented to the driver, not the list. */
	for (i = 0; i < DEMO_ENTRIES; i++) {
		ret = wdf_memory_create_from_lookaside(la, GFP_KERNEL, &mem);
		if (ret)
			return ret;
	}
	ret = wdf_memory_create(&attr, WDF_POOL_NONPAGED, GFP_KERNEL, DEMO_TAG,
				sizeof(msg), &mem, NULL);
	if (ret)
		return ret;
	ret = wdf_memory_create(NULL, WDF_POOL_PAGED, GFP_KERNEL, DEMO_TAG,
				64 * 1024, &big, NULL);
	if (ret)
		return ret;
	ret = wdf_memory_copy_from_buffer(mem, 0, msg, sizeof(msg));
	if (!ret)
		ret = wdf_memory_copy_to_buffer(mem, 0, back, sizeof(back));
	if (ret)
		return ret;
	pr_info("wdfmem-demo: round trip through a memory object: \"%s\"\n",
		back);
	ret = wdf_memory_copy_from_buffer(mem, 8, msg, sizeof(msg));
	pr_info("wdfmem-demo: copy of %zu bytes at offset 8 into %zu: %d (expected %d)\n",
		sizeof(msg), sizeof(msg), ret, -EOVERFLOW);

	demo_local[0] = wdf_pool_alloc(WDF_POOL_NONPAGED, GFP_KERNEL, 1000,
				       DEMO_TAG);
	demo_local[1] = wdf_pool_alloc(WDF_POOL_PAGED, GFP_KERNEL, 3000,
				       WDF_TAG('B', 'u', 'f', '2'));
	if (!demo_local[0] || !demo_local[1])
		return -ENOMEM;
	pr_info("wdfmem-demo: %d lookaside entries, 2 memory objects, 2 local buffers live\n",
		DEMO_ENTRIES);
	return 0;
}

static void demo_free_local(void)
{
	if (demo_local[0])
		wdf_pool_free(demo_local[0], DEMO_TAG);
	if (demo_local[1])
		wdf_pool_free(demo_local[1], 0);
}

static int __init demo_init(void)
{
	int ret = wdf_driver_init();

	if (ret)
		return ret;
	ret = demo_build();
	if (ret) {
		demo_free_local();
		wdf_driver_exit();
	}
	return ret;
}

static void __exit demo_exit(void)
{
	demo_free_local();
	wdf_driver_exit();
	pr_info("wdfmem-demo: driver object deleted, everything freed\n");
}

module_init(demo_init);
module_exit(demo_exit);
MODULE_DESCRIPTION("wdfmem demo client for make run");
MODULE_LICENSE("GPL");
