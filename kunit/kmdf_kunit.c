// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the KMDF-named API (<wdf/kmdf.h>), written in KMDF's own terms.
 * Each case asserts the NTSTATUS of every row of the check-order tables in
 * the KMDF reference (§1 memory, §3 lookaside, §4 attributes and objects,
 * §5 descriptors, §6 alignment, §7 request buffers), in KMDF's order:
 * where two checks fail at once, the status of the earlier one.
 *
 * Only the fixtures (the per-case driver object and leak check, a request
 * as a device node delivers it, fault injection, the warning counter) are
 * the harness's.
 */

#include <linux/irqflags.h>
#include <linux/uaccess.h>
#include <kunit/device.h>
#include <wdf/kmdf.h>
#include "harness.h"

#define KMDF_TEST_TAG	('tseT')	/* "Test", as poolmon shows it */

typedef struct _KMDF_TEST_CONTEXT {
	ULONG Id;
	ULONG Cleanups;
	UCHAR Bytes[40];
} KMDF_TEST_CONTEXT, *PKMDF_TEST_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KMDF_TEST_CONTEXT, KmdfTestGetContext)

typedef struct _KMDF_OTHER_CONTEXT {
	ULONG Value;
} KMDF_OTHER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE(KMDF_OTHER_CONTEXT)

static VOID KmdfTestCleanup(WDFOBJECT Object)
{
	PKMDF_TEST_CONTEXT ctx = KmdfTestGetContext(Object);

	wdf_kunit_record("c%u", ctx ? ctx->Id : 0);
}

static VOID KmdfTestDestroy(WDFOBJECT Object)
{
	PKMDF_TEST_CONTEXT ctx = KmdfTestGetContext(Object);

	wdf_kunit_record("d%u", ctx ? ctx->Id : 0);
}

/* Attributes of a recording object with an id, under @Parent. */
static VOID KmdfTestAttributes(PWDF_OBJECT_ATTRIBUTES Attributes,
			       PVOID Parent)
{
	WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(Attributes, KMDF_TEST_CONTEXT);
	Attributes->ParentObject = Parent;
	Attributes->EvtCleanupCallback = KmdfTestCleanup;
	Attributes->EvtDestroyCallback = KmdfTestDestroy;
}

static WDFMEMORY KmdfTestMemory(struct kunit *test, size_t Size)
{
	WDFMEMORY memory;

	KUNIT_ASSERT_EQ(test, WdfMemoryCreate(WDF_NO_OBJECT_ATTRIBUTES,
					      NonPagedPoolNx, KMDF_TEST_TAG,
					      Size, &memory, NULL),
			STATUS_SUCCESS);
	return memory;
}

/* Each way WDF_OBJECT_ATTRIBUTES can be wrong, and KMDF's answer. */
struct kmdf_attr_row {
	const char *name;
	void (*spoil)(PWDF_OBJECT_ATTRIBUTES a, WDF_OBJECT_CONTEXT_TYPE_INFO *t);
	NTSTATUS status;
};

static void kmdf_spoil_size(PWDF_OBJECT_ATTRIBUTES a,
			    WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	a->Size = sizeof(*a) - 8;
	a->ExecutionLevel = WdfExecutionLevelPassive;	/* later check */
}

static void kmdf_spoil_type_size(PWDF_OBJECT_ATTRIBUTES a,
				 WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	t->Size = 12;
	a->ContextTypeInfo = t;
}

static void kmdf_spoil_type_name(PWDF_OBJECT_ATTRIBUTES a,
				 WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	t->ContextName = NULL;
	a->ContextTypeInfo = t;
}

static void kmdf_spoil_override_untyped(PWDF_OBJECT_ATTRIBUTES a,
					WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	a->ContextSizeOverride = 64;
}

static void kmdf_spoil_override_small(PWDF_OBJECT_ATTRIBUTES a,
				      WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	a->ContextTypeInfo = t;
	a->ContextSizeOverride = t->ContextSize - 1;
}

static void kmdf_spoil_level_invalid(PWDF_OBJECT_ATTRIBUTES a,
				     WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	a->ExecutionLevel = WdfExecutionLevelInvalid;
}

static void kmdf_spoil_level_range(PWDF_OBJECT_ATTRIBUTES a,
				   WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	a->ExecutionLevel = WdfExecutionLevelDispatch + 1;
}

static void kmdf_spoil_scope_invalid(PWDF_OBJECT_ATTRIBUTES a,
				     WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	a->SynchronizationScope = WdfSynchronizationScopeInvalid;
}

static void kmdf_spoil_scope_range(PWDF_OBJECT_ATTRIBUTES a,
				   WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	a->SynchronizationScope = WdfSynchronizationScopeNone + 1;
}

static void kmdf_spoil_scope(PWDF_OBJECT_ATTRIBUTES a,
			     WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	a->SynchronizationScope = WdfSynchronizationScopeDevice;
	a->ExecutionLevel = WdfExecutionLevelPassive;	/* later check */
}

static void kmdf_spoil_level(PWDF_OBJECT_ATTRIBUTES a,
			     WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	a->ExecutionLevel = WdfExecutionLevelPassive;
}

static void kmdf_spoil_nothing(PWDF_OBJECT_ATTRIBUTES a,
			       WDF_OBJECT_CONTEXT_TYPE_INFO *t)
{
	a->SynchronizationScope = WdfSynchronizationScopeNone;
	a->ContextTypeInfo = t;
	a->ContextSizeOverride = t->ContextSize + 100;
}

static const struct kmdf_attr_row kmdf_attr_rows[] = {
	{ "Size wrong", kmdf_spoil_size, STATUS_INFO_LENGTH_MISMATCH },
	{ "type Size wrong", kmdf_spoil_type_size,
	  STATUS_INFO_LENGTH_MISMATCH },
	{ "ContextSize without a name", kmdf_spoil_type_name,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "override without a type", kmdf_spoil_override_untyped,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "override below ContextSize", kmdf_spoil_override_small,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "level Invalid", kmdf_spoil_level_invalid,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "level past Dispatch", kmdf_spoil_level_range,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "scope Invalid", kmdf_spoil_scope_invalid,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "scope past None", kmdf_spoil_scope_range,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "scope Device (before the level)", kmdf_spoil_scope,
	  STATUS_WDF_SYNCHRONIZATION_SCOPE_INVALID },
	{ "level Passive", kmdf_spoil_level,
	  STATUS_WDF_EXECUTION_LEVEL_INVALID },
	{ "scope None, typed, override", kmdf_spoil_nothing, STATUS_SUCCESS },
};

/*
 * Every attribute row through every create call that validates attributes:
 * the status, the output cleared, and nothing created on failure.
 */
static void kmdf_attributes_test(struct kunit *test)
{
	static UCHAR prealloc[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kmdf_attr_rows); i++) {
		const struct kmdf_attr_row *row = &kmdf_attr_rows[i];
		WDF_OBJECT_CONTEXT_TYPE_INFO type =
			*WDF_GET_CONTEXT_TYPE_INFO(KMDF_TEST_CONTEXT);
		WDF_OBJECT_ATTRIBUTES a, good;
		WDFMEMORY memory = (WDFMEMORY)&a;
		WDFLOOKASIDE list = (WDFLOOKASIDE)&a;
		WDFOBJECT object = (WDFOBJECT)&a;
		NTSTATUS status;

		WDF_OBJECT_ATTRIBUTES_INIT(&a);
		WDF_OBJECT_ATTRIBUTES_INIT(&good);
		row->spoil(&a, &type);

		status = WdfMemoryCreate(&a, NonPagedPoolNx, KMDF_TEST_TAG, 16,
					 &memory, NULL);
		KUNIT_EXPECT_EQ_MSG(test, status, row->status, "%s", row->name);
		if (NT_SUCCESS(status))
			WdfObjectDelete(memory);
		else
			KUNIT_EXPECT_NULL(test, memory);

		memory = (WDFMEMORY)&a;
		status = WdfMemoryCreatePreallocated(&a, prealloc,
						     sizeof(prealloc), &memory);
		KUNIT_EXPECT_EQ_MSG(test, status, row->status, "%s", row->name);
		if (NT_SUCCESS(status))
			WdfObjectDelete(memory);
		else
			KUNIT_EXPECT_NULL(test, memory);

		/* The list's attributes are checked before the memory's. */
		status = WdfLookasideListCreate(&a, 64, NonPagedPoolNx, &good,
						KMDF_TEST_TAG, &list);
		KUNIT_EXPECT_EQ_MSG(test, status, row->status, "%s", row->name);
		if (NT_SUCCESS(status))
			WdfObjectDelete(list);
		status = WdfLookasideListCreate(&good, 64, NonPagedPoolNx, &a,
						KMDF_TEST_TAG, &list);
		KUNIT_EXPECT_EQ_MSG(test, status, row->status, "%s", row->name);
		if (NT_SUCCESS(status))
			WdfObjectDelete(list);
		else
			KUNIT_EXPECT_NULL(test, list);

		/* WdfObjectCreate allows an execution level, not a scope. */
		status = WdfObjectCreate(&a, &object);
		KUNIT_EXPECT_EQ_MSG(test, status,
				    row->spoil == kmdf_spoil_level ?
				    STATUS_SUCCESS : row->status,
				    "WdfObjectCreate, %s", row->name);
		if (NT_SUCCESS(status))
			WdfObjectDelete(object);
	}
}

/* §1.1: WdfMemoryCreate's checks, in order. */
static void kmdf_memory_create_test(struct kunit *test)
{
	WDF_OBJECT_ATTRIBUTES bad;
	u64 warnings = wdf_kunit_warnings();
	WDFMEMORY memory, sentinel = (WDFMEMORY)&bad;
	unsigned long flags;
	size_t size;
	PVOID buffer;

	WDF_OBJECT_ATTRIBUTES_INIT(&bad);
	bad.Size = 1;

	/* NULL Memory: KMDF bugchecks; here a status and one warning. */
	KUNIT_EXPECT_EQ(test, WdfMemoryCreate(NULL, NonPagedPoolNx,
					      KMDF_TEST_TAG, 16, NULL, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);

	/* Size 0 comes before the attributes, and leaves *Memory alone. */
	memory = sentinel;
	KUNIT_EXPECT_EQ(test, WdfMemoryCreate(&bad, NonPagedPoolNx,
					      KMDF_TEST_TAG, 0, &memory, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_PTR_EQ(test, memory, sentinel);
	KUNIT_EXPECT_EQ(test, WdfMemoryCreate(&bad, NonPagedPoolNx,
					      KMDF_TEST_TAG, 16, &memory, NULL),
			STATUS_INFO_LENGTH_MISMATCH);
	KUNIT_EXPECT_NULL(test, memory);

	/* Paged pool above APC_LEVEL: the IRQL check, before the size. */
	memory = sentinel;
	local_irq_save(flags);
	KUNIT_EXPECT_EQ(test, WdfMemoryCreate(NULL, PagedPool, KMDF_TEST_TAG,
					      0, &memory, NULL),
			STATUS_INVALID_DEVICE_REQUEST);
	local_irq_restore(flags);
	KUNIT_EXPECT_PTR_EQ(test, memory, sentinel);

	/* Non-paged pool is fine at DISPATCH_LEVEL. */
	local_irq_save(flags);
	KUNIT_EXPECT_EQ(test, WdfMemoryCreate(NULL, NonPagedPoolNx,
					      KMDF_TEST_TAG, 100, &memory,
					      &buffer),
			STATUS_SUCCESS);
	local_irq_restore(flags);
	KUNIT_EXPECT_PTR_EQ(test, WdfMemoryGetBuffer(memory, &size), buffer);
	KUNIT_EXPECT_EQ(test, size, 100);
	WdfObjectDelete(memory);

	/* Paged, and every size up to and past a page. */
	for (size = 1; size <= 3 * PAGE_SIZE; size = size * 3 + 1) {
		KUNIT_ASSERT_EQ(test, WdfMemoryCreate(NULL, PagedPool,
						      KMDF_TEST_TAG, size,
						      &memory, &buffer),
				STATUS_SUCCESS);
		memset(buffer, 0x5a, size);
		WdfObjectDelete(memory);
	}

	/* An allocation that fails, and one that can never succeed. */
	wdf_kunit_fail_nth(test, 1);
	KUNIT_EXPECT_EQ(test, WdfMemoryCreate(NULL, NonPagedPoolNx,
					      KMDF_TEST_TAG, 16, &memory, NULL),
			STATUS_INSUFFICIENT_RESOURCES);
	KUNIT_EXPECT_TRUE(test, wdf_kunit_fail_disarm(test));
	KUNIT_EXPECT_NULL(test, memory);
	KUNIT_EXPECT_EQ(test, WdfMemoryCreate(NULL, NonPagedPoolNx,
					      KMDF_TEST_TAG, SIZE_MAX, &memory,
					      NULL),
			STATUS_INSUFFICIENT_RESOURCES);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
}

static NTSTATUS kmdf_late_status;

/* A child created under an object whose cleanup is running. */
static VOID KmdfTestLateChild(WDFOBJECT Object)
{
	WDF_OBJECT_ATTRIBUTES attributes;
	WDFMEMORY memory;

	WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
	attributes.ParentObject = Object;
	kmdf_late_status = WdfMemoryCreate(&attributes, NonPagedPoolNx,
					   KMDF_TEST_TAG, 16, &memory, NULL);
}

/* §4.2: a parent that is being deleted takes no children. */
static void kmdf_delete_pending_test(struct kunit *test)
{
	WDF_OBJECT_ATTRIBUTES attributes;
	WDFOBJECT parent;

	WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
	attributes.EvtCleanupCallback = KmdfTestLateChild;
	KUNIT_ASSERT_EQ(test, WdfObjectCreate(&attributes, &parent),
			STATUS_SUCCESS);
	kmdf_late_status = STATUS_SUCCESS;
	WdfObjectDelete(parent);
	KUNIT_EXPECT_EQ(test, kmdf_late_status, STATUS_DELETE_PENDING);
}

/* One row of the copy tables of §1.5/1.6, for a 64-byte object. */
struct kmdf_copy_row {
	size_t offset;
	size_t count;
	NTSTATUS to;	/* WdfMemoryCopyToBuffer */
	NTSTATUS from;	/* WdfMemoryCopyFromBuffer */
};

static const struct kmdf_copy_row kmdf_copy_rows[] = {
	{ 0, 64, STATUS_SUCCESS, STATUS_SUCCESS },
	{ 0, 1, STATUS_SUCCESS, STATUS_SUCCESS },
	{ 63, 1, STATUS_SUCCESS, STATUS_SUCCESS },
	{ 32, 32, STATUS_SUCCESS, STATUS_SUCCESS },
	{ 0, 0, STATUS_INVALID_PARAMETER, STATUS_INVALID_PARAMETER },
	{ 64, 0, STATUS_INVALID_PARAMETER, STATUS_INVALID_PARAMETER },
	{ SIZE_MAX, 0, STATUS_INVALID_PARAMETER, STATUS_INVALID_PARAMETER },
	{ 0, 65, STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_BUFFER_SIZE },
	{ 1, 64, STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_BUFFER_SIZE },
	{ 63, 2, STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_BUFFER_SIZE },
	{ 64, 1, STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_BUFFER_SIZE },
	{ 65, 1, STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_BUFFER_SIZE },
	{ 0, SIZE_MAX, STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_BUFFER_SIZE },
	{ 1, SIZE_MAX, STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_BUFFER_SIZE },
	{ SIZE_MAX, 1, STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_BUFFER_SIZE },
	{ SIZE_MAX, SIZE_MAX, STATUS_BUFFER_TOO_SMALL,
	  STATUS_INVALID_BUFFER_SIZE },
	{ SIZE_MAX - 63, 64, STATUS_BUFFER_TOO_SMALL,
	  STATUS_INVALID_BUFFER_SIZE },
};

/*
 * Both directions, every row: the status, the bytes that moved when it
 * succeeded, and none when it failed.  Then the NULL-buffer rows.
 */
static void kmdf_copy_test(struct kunit *test)
{
	WDFMEMORY memory = KmdfTestMemory(test, 64);
	u64 warnings = wdf_kunit_warnings();
	static UCHAR raw[128];
	PUCHAR bytes;
	size_t i, j;

	bytes = WdfMemoryGetBuffer(memory, NULL);
	for (i = 0; i < ARRAY_SIZE(kmdf_copy_rows); i++) {
		const struct kmdf_copy_row *row = &kmdf_copy_rows[i];
		bool ok;

		for (j = 0; j < 64; j++)
			bytes[j] = j;
		memset(raw, 0xee, sizeof(raw));
		KUNIT_EXPECT_EQ_MSG(test,
				    WdfMemoryCopyToBuffer(memory, row->offset,
							  raw, row->count),
				    row->to, "to: offset %zu count %zu",
				    row->offset, row->count);
		ok = NT_SUCCESS(row->to);
		for (j = 0; j < sizeof(raw); j++)
			if (raw[j] != (ok && j < row->count ?
				       (UCHAR)(row->offset + j) : 0xee))
				break;
		KUNIT_EXPECT_EQ_MSG(test, j, sizeof(raw),
				    "to: offset %zu count %zu, byte %zu",
				    row->offset, row->count, j);

		for (j = 0; j < sizeof(raw); j++)
			raw[j] = 0x80 + j;
		KUNIT_EXPECT_EQ_MSG(test,
				    WdfMemoryCopyFromBuffer(memory, row->offset,
							    raw, row->count),
				    row->from, "from: offset %zu count %zu",
				    row->offset, row->count);
		ok = NT_SUCCESS(row->from);
		for (j = 0; j < 64; j++)
			if (bytes[j] != (ok && j >= row->offset &&
					 j - row->offset < row->count ?
					 (UCHAR)(0x80 + j - row->offset) :
					 (UCHAR)j))
				break;
		KUNIT_EXPECT_EQ_MSG(test, j, 64,
				    "from: offset %zu count %zu, byte %zu",
				    row->offset, row->count, j);
	}
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings);

	/* A NULL buffer is checked first (KMDF bugchecks): one warning each. */
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyToBuffer(memory, 0, NULL, 0),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyFromBuffer(memory, 100, NULL, 1),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyToBuffer(NULL, 0, raw, 1),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 3);
	WdfObjectDelete(memory);
}

/* §1.2, §1.3: preallocated memory and WdfMemoryAssignBuffer. */
static void kmdf_preallocated_test(struct kunit *test)
{
	static UCHAR first[48], second[8];
	u64 warnings = wdf_kunit_warnings();
	WDFMEMORY memory, owning;
	WDF_OBJECT_ATTRIBUTES bad;
	size_t size;

	WDF_OBJECT_ATTRIBUTES_INIT(&bad);
	bad.SynchronizationScope = WdfSynchronizationScopeQueue;

	KUNIT_EXPECT_EQ(test, WdfMemoryCreatePreallocated(NULL, NULL, 8,
							  &memory),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, WdfMemoryCreatePreallocated(NULL, first, 8, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	/* *Memory is cleared before the size check here, unlike Create. */
	memory = (WDFMEMORY)first;
	KUNIT_EXPECT_EQ(test, WdfMemoryCreatePreallocated(&bad, first, 0,
							  &memory),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, memory);
	KUNIT_EXPECT_EQ(test, WdfMemoryCreatePreallocated(&bad, first,
							  sizeof(first),
							  &memory),
			STATUS_WDF_SYNCHRONIZATION_SCOPE_INVALID);

	KUNIT_ASSERT_EQ(test, WdfMemoryCreatePreallocated(NULL, first,
							  sizeof(first),
							  &memory),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, WdfMemoryGetBuffer(memory, &size),
			    (PVOID)first);
	KUNIT_EXPECT_EQ(test, size, sizeof(first));
	KUNIT_EXPECT_EQ(test, WdfMemoryAssignBuffer(memory, second, 0),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, WdfMemoryAssignBuffer(memory, NULL, 8),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, WdfMemoryAssignBuffer(memory, second,
						    sizeof(second)),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, WdfMemoryGetBuffer(memory, &size),
			    (PVOID)second);
	KUNIT_EXPECT_EQ(test, size, sizeof(second));
	/* The new size bounds the copies. */
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyFromBuffer(memory, 0, first, 9),
			STATUS_INVALID_BUFFER_SIZE);
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyFromBuffer(memory, 0, first, 8),
			STATUS_SUCCESS);

	/* Only preallocated memory takes a new buffer (KMDF bugchecks). */
	owning = KmdfTestMemory(test, 8);
	warnings = wdf_kunit_warnings();
	KUNIT_EXPECT_EQ(test, WdfMemoryAssignBuffer(owning, second,
						    sizeof(second)),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	KUNIT_EXPECT_PTR_NE(test, WdfMemoryGetBuffer(owning, NULL),
			    (PVOID)second);
	WdfObjectDelete(owning);
	/* The object never frees its buffer: static storage would oops. */
	WdfObjectDelete(memory);
}

/* §3: WdfLookasideListCreate and WdfMemoryCreateFromLookaside. */
static void kmdf_lookaside_test(struct kunit *test)
{
	WDF_OBJECT_ATTRIBUTES list_attributes, memory_attributes, bad;
	u64 warnings = wdf_kunit_warnings();
	WDFMEMORY memory[3], stranger;
	PKMDF_TEST_CONTEXT ctx;
	WDFLOOKASIDE list;
	WDFOBJECT parent;
	PUCHAR buffer;
	size_t size;
	int i;

	WDF_OBJECT_ATTRIBUTES_INIT(&bad);
	bad.ExecutionLevel = WdfExecutionLevelDispatch;
	KUNIT_EXPECT_EQ(test, WdfLookasideListCreate(NULL, 64, NonPagedPoolNx,
						     NULL, KMDF_TEST_TAG, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	list = (WDFLOOKASIDE)&bad;
	KUNIT_EXPECT_EQ(test, WdfLookasideListCreate(&bad, 0, NonPagedPoolNx,
						     &bad, KMDF_TEST_TAG,
						     &list),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, list);
	KUNIT_EXPECT_EQ(test, WdfLookasideListCreate(NULL, 64, NonPagedPoolNx,
						     &bad, KMDF_TEST_TAG,
						     &list),
			STATUS_WDF_EXECUTION_LEVEL_INVALID);
	wdf_kunit_fail_nth(test, 1);
	KUNIT_EXPECT_EQ(test, WdfLookasideListCreate(NULL, 64, NonPagedPoolNx,
						     NULL, KMDF_TEST_TAG,
						     &list),
			STATUS_INSUFFICIENT_RESOURCES);
	KUNIT_EXPECT_TRUE(test, wdf_kunit_fail_disarm(test));
	KUNIT_EXPECT_EQ(test, WdfLookasideListCreate(NULL, SIZE_MAX,
						     NonPagedPoolNx, NULL,
						     KMDF_TEST_TAG, &list),
			STATUS_INSUFFICIENT_RESOURCES);

	/* Entries are parented by the memory attributes, never the list. */
	KUNIT_ASSERT_EQ(test, WdfObjectCreate(NULL, &parent), STATUS_SUCCESS);
	WDF_OBJECT_ATTRIBUTES_INIT(&list_attributes);
	list_attributes.ParentObject = parent;
	KmdfTestAttributes(&memory_attributes, parent);
	KUNIT_ASSERT_EQ(test, WdfLookasideListCreate(&list_attributes, 200,
						     NonPagedPoolNx,
						     &memory_attributes, 0,
						     &list),
			STATUS_SUCCESS);
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, WdfMemoryCreateFromLookaside(list,
								   &memory[i]),
				STATUS_SUCCESS);
		buffer = WdfMemoryGetBuffer(memory[i], &size);
		KUNIT_EXPECT_EQ(test, size, 200);
		/* Zeroed on every allocation: the list is below PAGE_SIZE. */
		KUNIT_EXPECT_TRUE(test, !memchr_inv(buffer, 0, size));
		memset(buffer, 0xa5, size);
		ctx = KmdfTestGetContext(memory[i]);
		KUNIT_ASSERT_NOT_NULL(test, ctx);
		KUNIT_EXPECT_EQ(test, ctx->Id, 0);
		ctx->Id = 10 + i;
	}
	/* One back to the list, and out again: zeroed again. */
	WdfObjectDelete(memory[2]);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c12 d12");
	KUNIT_ASSERT_EQ(test, WdfMemoryCreateFromLookaside(list, &memory[2]),
			STATUS_SUCCESS);
	buffer = WdfMemoryGetBuffer(memory[2], &size);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(buffer, 0, size));
	KmdfTestGetContext(memory[2])->Id = 12;

	/* Deleting the list leaves its entries alive and usable. */
	WdfObjectDelete(list);
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyFromBuffer(memory[0], 199, "z", 1),
			STATUS_SUCCESS);

	/* Wrong handles (KMDF bugchecks): one warning each. */
	warnings = wdf_kunit_warnings();
	stranger = KmdfTestMemory(test, 8);
	KUNIT_EXPECT_EQ(test, WdfMemoryCreateFromLookaside((WDFLOOKASIDE)stranger,
							   &memory[0]),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, WdfMemoryCreateFromLookaside(NULL, &memory[0]),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	WdfObjectDelete(stranger);

	/* The parent takes the entries with it, each cleaned up once. */
	wdf_kunit_log[0] = '\0';
	WdfObjectDelete(parent);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c10 c11 c12 d10 d11 d12");

	/* A paged list. */
	KUNIT_ASSERT_EQ(test, WdfLookasideListCreate(NULL, 3 * PAGE_SIZE,
						     PagedPool, NULL,
						     KMDF_TEST_TAG, &list),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, WdfMemoryCreateFromLookaside(list, &memory[0]),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyFromBuffer(memory[0],
						      3 * PAGE_SIZE - 1, "z",
						      1),
			STATUS_SUCCESS);
	WdfObjectDelete(memory[0]);
	WdfObjectDelete(list);
}

/* §4.2-4.5: the tree, cleanup order, references with and without tags. */
static void kmdf_tree_test(struct kunit *test)
{
	WDF_OBJECT_ATTRIBUTES attributes;
	u64 warnings = wdf_kunit_warnings();
	WDFOBJECT root;
	WDFMEMORY a, b;
	static ULONG tag;

	KmdfTestAttributes(&attributes, NULL);
	KUNIT_ASSERT_EQ(test, WdfObjectCreate(&attributes, &root),
			STATUS_SUCCESS);
	KmdfTestGetContext(root)->Id = 1;
	KmdfTestAttributes(&attributes, root);
	KUNIT_ASSERT_EQ(test, WdfMemoryCreate(&attributes, NonPagedPoolNx,
					      KMDF_TEST_TAG, 32, &a, NULL),
			STATUS_SUCCESS);
	KmdfTestGetContext(a)->Id = 2;
	/* Memory objects parent each other. */
	attributes.ParentObject = a;
	KUNIT_ASSERT_EQ(test, WdfMemoryCreate(&attributes, PagedPool,
					      KMDF_TEST_TAG, 32, &b, NULL),
			STATUS_SUCCESS);
	KmdfTestGetContext(b)->Id = 3;

	WdfObjectReference(b);
	WdfObjectReferenceWithTag(a, &tag);
	/* The creation reference of a live object (KMDF bugchecks). */
	WdfObjectDereference(root);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);

	/* Cleanup post-order at once; destroy waits for the references. */
	WdfObjectDelete(root);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c3 c2 c1 d1");
	/* The handles stay valid until the last reference. */
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyFromBuffer(b, 0, "x", 1),
			STATUS_SUCCESS);
	WdfObjectDereferenceWithTag(a, &tag);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c3 c2 c1 d1 d2");
	WdfObjectDereference(b);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c3 c2 c1 d1 d2 d3");

	/* The driver is a NoDeleteDDI object: nothing happens. */
	WdfObjectDelete(wdf_driver_globals);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
}

/* Typed contexts: the right type, another type, overrides, none. */
static void kmdf_context_test(struct kunit *test)
{
	WDF_OBJECT_CONTEXT_TYPE_INFO copy =
		*WDF_GET_CONTEXT_TYPE_INFO(KMDF_TEST_CONTEXT);
	WDF_OBJECT_ATTRIBUTES attributes;
	PKMDF_TEST_CONTEXT ctx;
	WDFOBJECT object;
	WDFMEMORY memory;

	WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, KMDF_TEST_CONTEXT);
	attributes.ContextSizeOverride = sizeof(KMDF_TEST_CONTEXT) + 256;
	KUNIT_ASSERT_EQ(test, WdfMemoryCreate(&attributes, NonPagedPoolNx,
					      KMDF_TEST_TAG, 16, &memory, NULL),
			STATUS_SUCCESS);
	ctx = KmdfTestGetContext(memory);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_EXPECT_PTR_EQ(test, ctx,
			    WdfObjectGetTypedContext(memory, KMDF_TEST_CONTEXT));
	/* Zeroed, and as large as the override says. */
	KUNIT_EXPECT_TRUE(test, !memchr_inv(ctx, 0,
					    attributes.ContextSizeOverride));
	memset(ctx, 0x11, attributes.ContextSizeOverride);
	KUNIT_EXPECT_NULL(test, WdfObjectGet_KMDF_OTHER_CONTEXT(memory));
	/* Another unit's copy of the same type record names the same type. */
	KUNIT_EXPECT_PTR_EQ(test, WdfObjectGetTypedContextWorker(memory, &copy),
			    (PVOID)ctx);
	copy.ContextSize++;
	KUNIT_EXPECT_NULL(test, WdfObjectGetTypedContextWorker(memory, &copy));
	WdfObjectDelete(memory);

	KUNIT_ASSERT_EQ(test, WdfObjectCreate(NULL, &object), STATUS_SUCCESS);
	KUNIT_EXPECT_NULL(test, KmdfTestGetContext(object));
	WdfObjectDelete(object);
}

/* §6: KMDF's arithmetic, wrap included. */
static void kmdf_align_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_UP(0, 16), 0);
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_UP(1, 16), 16);
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_UP(16, 16), 16);
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_UP(17, 16), 32);
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_UP(4097, PAGE_SIZE),
			2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_DOWN(31, 16), 16);
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_DOWN(15, 16), 0);
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_DOWN(SIZE_MAX, 8), SIZE_MAX - 7);
	/* Up wraps: the caller tests result < length. */
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_UP(SIZE_MAX, 16), 0);
	KUNIT_EXPECT_LT(test, WDF_ALIGN_SIZE_UP(SIZE_MAX - 14, 16),
			SIZE_MAX - 14);
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_UP(SIZE_MAX - 15, 16),
			SIZE_MAX - 15);
	/* An alignment of 0 gives 0. */
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_UP(100, 0), 0);
	KUNIT_EXPECT_EQ(test, WDF_ALIGN_SIZE_DOWN(100, 0), 0);
}

/* Local buffers: ExAllocatePoolWithTag, ExAllocatePool2, the frees. */
static void kmdf_pool_test(struct kunit *test)
{
	u64 warnings = wdf_kunit_warnings();
	unsigned long flags;
	PUCHAR p, q;

	p = ExAllocatePoolWithTag(NonPagedPoolNx, 100, KMDF_TEST_TAG);
	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0xcc, 100);
	/* A wrong tag frees nothing (NT bugchecks). */
	ExFreePoolWithTag(p, 'gnrW');
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	KUNIT_EXPECT_EQ(test, p[99], 0xcc);
	ExFreePoolWithTag(p, KMDF_TEST_TAG);

	KUNIT_EXPECT_NULL(test, ExAllocatePoolWithTag(NonPagedPoolNx, 0,
						      KMDF_TEST_TAG));
	p = ExAllocatePoolWithTag(PagedPool, 3 * PAGE_SIZE, KMDF_TEST_TAG);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p[3 * PAGE_SIZE - 1] = 1;
	ExFreePool(p);
	local_irq_save(flags);
	p = ExAllocatePoolWithTag(PagedPool, 16, KMDF_TEST_TAG);
	q = ExAllocatePoolWithTag(NonPagedPool, 16, KMDF_TEST_TAG);
	local_irq_restore(flags);
	KUNIT_EXPECT_NULL(test, p);
	KUNIT_EXPECT_NOT_NULL(test, q);
	ExFreePool(q);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	KUNIT_EXPECT_NULL(test, ExAllocatePoolWithTag(NonPagedPoolCacheAligned,
						      16, KMDF_TEST_TAG));
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);

	/* ExAllocatePool2 zeroes unless told not to. */
	p = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED, 64,
			    KMDF_TEST_TAG);
	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0xff, 64);
	ExFreePoolWithTag(p, KMDF_TEST_TAG);
	p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, KMDF_TEST_TAG);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p, 0, 64));
	ExFreePoolWithTag(p, KMDF_TEST_TAG);
	p = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_USE_QUOTA | (1ULL << 40),
			    2 * PAGE_SIZE, KMDF_TEST_TAG);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p, 0, 2 * PAGE_SIZE));
	ExFreePoolWithTag(p, KMDF_TEST_TAG);

	/* Flags this port cannot honour: NULL and a warning each. */
	warnings = wdf_kunit_warnings();
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(0, 8, KMDF_TEST_TAG));
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_PAGED |
						POOL_FLAG_NON_PAGED, 8,
						KMDF_TEST_TAG));
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_NON_PAGED_EXECUTE, 8,
						KMDF_TEST_TAG));
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_NON_PAGED |
						POOL_FLAG_CACHE_ALIGNED, 8,
						KMDF_TEST_TAG));
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_NON_PAGED | 0x10, 8,
						KMDF_TEST_TAG));
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 5);
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_NON_PAGED, 0,
						KMDF_TEST_TAG));
}

/* §5: the INIT helpers set the type and fields and zero the rest. */
static void kmdf_descriptor_test(struct kunit *test)
{
	WDFMEMORY_OFFSET offsets = { .BufferOffset = 4, .BufferLength = 8 };
	WDF_MEMORY_DESCRIPTOR d;
	WDFMEMORY memory = KmdfTestMemory(test, 16);
	UCHAR raw[4];

	memset(&d, 0xff, sizeof(d));
	WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&d, raw, sizeof(raw));
	KUNIT_EXPECT_EQ(test, d.Type, WdfMemoryDescriptorTypeBuffer);
	KUNIT_EXPECT_PTR_EQ(test, d.u.BufferType.Buffer, (PVOID)raw);
	KUNIT_EXPECT_EQ(test, d.u.BufferType.Length, sizeof(raw));

	memset(&d, 0xff, sizeof(d));
	WDF_MEMORY_DESCRIPTOR_INIT_MDL(&d, NULL, 0);
	KUNIT_EXPECT_EQ(test, d.Type, WdfMemoryDescriptorTypeMdl);
	KUNIT_EXPECT_NULL(test, d.u.MdlType.Mdl);
	KUNIT_EXPECT_EQ(test, d.u.MdlType.BufferLength, 0);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(&d.u, 0, sizeof(d.u)));

	memset(&d, 0xff, sizeof(d));
	WDF_MEMORY_DESCRIPTOR_INIT_HANDLE(&d, memory, &offsets);
	KUNIT_EXPECT_EQ(test, d.Type, WdfMemoryDescriptorTypeHandle);
	KUNIT_EXPECT_PTR_EQ(test, d.u.HandleType.Memory, memory);
	KUNIT_EXPECT_PTR_EQ(test, d.u.HandleType.Offsets, &offsets);
	WdfObjectDelete(memory);
}

/* §7: a write's input is read-only memory; the wrong side is refused. */
static void kmdf_request_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	WDFREQUEST request = wdf_req(test, f, WDF_REQUEST_WRITE, 0, 100, 0);
	WDFMEMORY memory;
	PVOID buffer;
	size_t length;
	PMDL mdl;

	KUNIT_ASSERT_EQ(test, WdfRequestRetrieveInputMemory(request, &memory),
			STATUS_SUCCESS);
	/* Read-only is checked before the count and range. */
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyFromBuffer(memory, 500, "x", 1),
			STATUS_ACCESS_VIOLATION);
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyFromBuffer(memory, 0, "x", 0),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyToBuffer(memory, 99, &length, 2),
			STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, WdfRequestRetrieveOutputMemory(request, &memory),
			STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, WdfRequestRetrieveOutputBuffer(request, 0,
							     &buffer, &length),
			STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, WdfRequestRetrieveOutputWdmMdl(request, &mdl),
			STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, WdfRequestRetrieveInputBuffer(request, 101,
							    &buffer, &length),
			STATUS_BUFFER_TOO_SMALL);
	KUNIT_ASSERT_EQ(test, WdfRequestRetrieveInputBuffer(request, 100,
							    &buffer, &length),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, length, 100);
	KUNIT_EXPECT_EQ(test, ((PUCHAR)buffer)[99], WDF_UPAT(99));
	KUNIT_ASSERT_EQ(test, WdfRequestRetrieveInputWdmMdl(request, &mdl),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl), 100);
	KUNIT_EXPECT_LT(test, MmGetMdlByteOffset(mdl), PAGE_SIZE);
	buffer = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority);
	KUNIT_ASSERT_NOT_NULL(test, buffer);
	KUNIT_EXPECT_EQ(test, ((PUCHAR)buffer)[0], WDF_UPAT(0));
	KUNIT_EXPECT_EQ(test, wdf_request_complete(request,
						   wdf_ntstatus_to_errno(STATUS_SUCCESS),
						   100), 100);

	/* An ioctl with no input: STATUS_BUFFER_TOO_SMALL. */
	request = wdf_req(test, f, WDF_REQUEST_IOCTL, WDF_METHOD_BUFFERED, 0,
			  16);
	KUNIT_EXPECT_EQ(test, WdfRequestRetrieveInputMemory(request, &memory),
			STATUS_BUFFER_TOO_SMALL);
	KUNIT_ASSERT_EQ(test, WdfRequestRetrieveOutputMemory(request, &memory),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, WdfMemoryCopyFromBuffer(memory, 0, "abc", 3),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(request,
						   wdf_ntstatus_to_errno(STATUS_BUFFER_TOO_SMALL),
						   0), -EOVERFLOW);
}

static void kmdf_status_errno_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, NT_SUCCESS(STATUS_SUCCESS));
	KUNIT_EXPECT_TRUE(test, NT_SUCCESS((NTSTATUS)0x00000103));
	KUNIT_EXPECT_FALSE(test, NT_SUCCESS(STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_FALSE(test, NT_SUCCESS(STATUS_WDF_PARENT_NOT_SPECIFIED));
	KUNIT_EXPECT_EQ(test, wdf_ntstatus_to_errno(STATUS_SUCCESS), 0);
	KUNIT_EXPECT_EQ(test,
			wdf_ntstatus_to_errno(STATUS_INSUFFICIENT_RESOURCES),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, wdf_ntstatus_to_errno(STATUS_INVALID_BUFFER_SIZE),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_ntstatus_to_errno(STATUS_DELETE_PENDING),
			-ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, wdf_ntstatus_to_errno(STATUS_CANCELLED),
			-ECANCELED);
	KUNIT_EXPECT_EQ(test, wdf_ntstatus_to_errno((NTSTATUS)0xC0001234),
			-EIO);
}

/* The queue case's lower driver, written as a KMDF driver writes one. */
static ULONG KmdfQueueReads;
static WDF_REQUEST_PARAMETERS KmdfQueueParams;
static WDFREQUEST KmdfQueueHeld;
static ULONG KmdfQueueCancels;
static NTSTATUS KmdfQueueMarkEx, KmdfQueueUnmark, KmdfQueueUnmarkAgain;
static BOOLEAN KmdfQueueCanceled;

static VOID KmdfQueueCancel(WDFREQUEST Request)
{
	KmdfQueueCancels++;
	WdfRequestComplete(Request, STATUS_CANCELLED);
}

static VOID KmdfQueueRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
	PUCHAR buffer;
	NTSTATUS status;

	KmdfQueueReads++;
	WDF_REQUEST_PARAMETERS_INIT(&KmdfQueueParams);
	WdfRequestGetParameters(Request, &KmdfQueueParams);
	if (KmdfQueueParams.Parameters.Read.DeviceOffset == 98) {
		/* Marked and unmarked: the driver owns it again. */
		KmdfQueueMarkEx = WdfRequestMarkCancelableEx(Request,
							     KmdfQueueCancel);
		KmdfQueueUnmark = WdfRequestUnmarkCancelable(Request);
		KmdfQueueUnmarkAgain = WdfRequestUnmarkCancelable(Request);
		KmdfQueueCanceled = WdfRequestIsCanceled(Request);
		WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 3);
		return;
	}
	if (KmdfQueueParams.Parameters.Read.DeviceOffset == 99) {
		/* Held, cancelable, for the case to cancel. */
		KmdfQueueHeld = Request;
		WdfRequestMarkCancelable(Request, KmdfQueueCancel);
		return;
	}
	status = WdfRequestRetrieveOutputBuffer(Request, Length,
						(PVOID *)&buffer, NULL);
	if (NT_SUCCESS(status)) {
		RtlFillMemory(buffer, Length, 0x5a);
		WdfRequestSetInformation(Request, Length);
	}
	WdfRequestComplete(Request, status);
}

static VOID KmdfQueueIoctl(WDFQUEUE Queue, WDFREQUEST Request,
			   size_t OutputBufferLength, size_t InputBufferLength,
			   ULONG IoControlCode)
{
	WDF_REQUEST_PARAMETERS_INIT(&KmdfQueueParams);
	WdfRequestGetParameters(Request, &KmdfQueueParams);
	WdfRequestCompleteWithInformation(Request, STATUS_INVALID_DEVICE_REQUEST,
					  0);
}

/* WdfIoQueueCreate's checks, and a queue's requests in KMDF's terms. */
static void kmdf_queue_test(struct kunit *test)
{
	struct wdf_memory_descriptor d;
	WDF_IO_QUEUE_CONFIG config;
	struct wdf_io_target *t;
	WDFDEVICE device;
	WDFQUEUE queue, second;
	struct device *dev;
	UCHAR bytes[16];
	loff_t off = 7;
	size_t n;

	KmdfQueueReads = 0;
	KmdfQueueCancels = 0;
	KmdfQueueMarkEx = STATUS_UNSUCCESSFUL;
	KmdfQueueUnmark = STATUS_UNSUCCESSFUL;
	KmdfQueueUnmarkAgain = STATUS_UNSUCCESSFUL;
	KmdfQueueCanceled = TRUE;
	dev = kunit_device_register(test, "wdfmem-kmdf-queue");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, wdf_device_create(NULL, dev, &device), 0);

	WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchSequential);
	config.EvtIoRead = KmdfQueueRead;
	config.EvtIoDeviceControl = KmdfQueueIoctl;
	config.Size--;
	KUNIT_EXPECT_EQ(test, WdfIoQueueCreate(device, &config, NULL, &queue),
			STATUS_INFO_LENGTH_MISMATCH);
	config.Size++;
	config.DispatchType = WdfIoQueueDispatchManual;
	KUNIT_EXPECT_EQ(test, WdfIoQueueCreate(device, &config, NULL, &queue),
			STATUS_NOT_SUPPORTED);
	config.DispatchType = WdfIoQueueDispatchMax;
	KUNIT_EXPECT_EQ(test, WdfIoQueueCreate(device, &config, NULL, &queue),
			STATUS_INVALID_PARAMETER);
	config.DispatchType = WdfIoQueueDispatchSequential;
	config.DefaultQueue = FALSE;
	KUNIT_EXPECT_EQ(test, WdfIoQueueCreate(device, &config, NULL, &queue),
			STATUS_NOT_SUPPORTED);
	config.DefaultQueue = TRUE;
	KUNIT_ASSERT_EQ(test, WdfIoQueueCreate(device, &config, NULL, &queue),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, WdfIoQueueCreate(device, &config, NULL, &second),
			STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_NULL(test, second);
	KUNIT_EXPECT_PTR_EQ(test, WdfIoQueueGetDevice(queue), device);

	/* A read: parameters, the buffer, the information. */
	KUNIT_ASSERT_EQ(test, wdf_io_target_open(NULL, device, &t), 0);
	wdf_memory_descriptor_init_buffer(&d, bytes, sizeof(bytes));
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(t, NULL, &d, &off,
							   NULL, &n), 0);
	KUNIT_EXPECT_EQ(test, n, sizeof(bytes));
	KUNIT_EXPECT_EQ(test, bytes[15], 0x5a);
	KUNIT_EXPECT_EQ(test, KmdfQueueParams.Type, WdfRequestTypeRead);
	KUNIT_EXPECT_EQ(test, KmdfQueueParams.Parameters.Read.Length, 16);
	KUNIT_EXPECT_EQ(test, KmdfQueueParams.Parameters.Read.DeviceOffset, 7);
	/* AllowZeroLengthRequests FALSE: completed without the driver. */
	wdf_memory_descriptor_init_buffer(&d, bytes, 0);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(t, NULL, &d, NULL,
							   NULL, &n), 0);
	KUNIT_EXPECT_EQ(test, KmdfQueueReads, 1);
	/* An ioctl the driver refuses: its status, as an errno. */
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_ioctl_sync(t, NULL, 0x222004,
							    WDF_METHOD_BUFFERED,
							    NULL, NULL, NULL,
							    NULL),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, KmdfQueueParams.Type, WdfRequestTypeDeviceControl);
	KUNIT_EXPECT_EQ(test, KmdfQueueParams.Parameters.DeviceIoControl.IoControlCode,
			0x222004);
	off = 98;
	wdf_memory_descriptor_init_buffer(&d, bytes, sizeof(bytes));
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(t, NULL, &d, &off,
							   NULL, &n), 0);
	KUNIT_EXPECT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, KmdfQueueMarkEx, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KmdfQueueUnmark, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KmdfQueueUnmarkAgain, STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, KmdfQueueCanceled, FALSE);
	/* Cancelled while marked: the cancel routine completes it. */
	{
		struct wdf_request_send_options o = {
			.flags = WDF_REQUEST_SEND_OPTION_TIMEOUT,
			.timeout_ns = 10 * NSEC_PER_MSEC,
		};

		off = 99;
		wdf_memory_descriptor_init_buffer(&d, bytes, sizeof(bytes));
		KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(t, NULL, &d,
								   &off, &o,
								   &n),
				-ETIMEDOUT);
		KUNIT_EXPECT_EQ(test, KmdfQueueCancels, 1);
	}
	wdf_object_delete(&t->obj);
}

static struct kunit_case kmdf_cases[] = {
	KUNIT_CASE(kmdf_attributes_test),
	KUNIT_CASE(kmdf_memory_create_test),
	KUNIT_CASE(kmdf_delete_pending_test),
	KUNIT_CASE(kmdf_copy_test),
	KUNIT_CASE(kmdf_preallocated_test),
	KUNIT_CASE(kmdf_lookaside_test),
	KUNIT_CASE(kmdf_tree_test),
	KUNIT_CASE(kmdf_context_test),
	KUNIT_CASE(kmdf_align_test),
	KUNIT_CASE(kmdf_pool_test),
	KUNIT_CASE(kmdf_descriptor_test),
	KUNIT_CASE(kmdf_request_test),
	KUNIT_CASE(kmdf_status_errno_test),
	KUNIT_CASE(kmdf_queue_test),
	{}
};

static struct kunit_suite kmdf_suite = {
	.name = "wdfmem_kmdf",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = kmdf_cases,
};

kunit_test_suite(kmdf_suite);
