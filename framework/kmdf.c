// SPDX-License-Identifier: GPL-2.0
/*
 * KMDF's names over the native API (include/wdf/kmdf.h).
 *
 * Nothing here reimplements a behaviour: each call checks what only KMDF
 * has (WDF_OBJECT_ATTRIBUTES, pool types and flags, where KMDF clears an
 * output before or after a check), hands the rest to the native call, and
 * reads the native errno back as the NTSTATUS that KMDF returns from that
 * call.  The one errno whose meaning depends on the call is -EOVERFLOW: a
 * range past the end is STATUS_BUFFER_TOO_SMALL when reading a memory
 * object, STATUS_INVALID_BUFFER_SIZE when writing one, and
 * STATUS_INTEGER_OVERFLOW for a bad WDFMEMORY_OFFSET.
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/preempt.h>
#include <wdf/kmdf.h>
#include "wdf_internal.h"
#include "wdf_io.h"

/* A KMDF v1.0 context type record: without UniqueType and its callback. */
#define WDF_KMDF_TYPE_INFO_V1_0_SIZE \
	offsetof(WDF_OBJECT_CONTEXT_TYPE_INFO, UniqueType)

/* What a native errno means coming back from the call at hand. */
static NTSTATUS wdf_nt(int err, NTSTATUS overflow)
{
	switch (err) {
	case 0:
		return STATUS_SUCCESS;
	case -EINVAL:
		return STATUS_INVALID_PARAMETER;
	case -ENOMEM:
		return STATUS_INSUFFICIENT_RESOURCES;
	case -EOVERFLOW:
		return overflow;
	case -EACCES:
		return STATUS_ACCESS_VIOLATION;
	case -ESHUTDOWN:
		return STATUS_DELETE_PENDING;
	case -EOPNOTSUPP:
		return STATUS_INVALID_DEVICE_REQUEST;
	case -EPERM:
		return STATUS_CANNOT_DELETE;
	default:
		return STATUS_UNSUCCESSFUL;
	}
}

/**
 * wdf_ntstatus_to_errno() - the errno for a KMDF status
 * @status: an NTSTATUS
 *
 * For a ported driver that completes a request with a status it got from
 * KMDF code: the inverse of the table in <wdf/wdf.h>.
 *
 * Return: 0 for a success or informational status, the matching errno, or
 * -EIO for a status with no closer errno.
 */
int wdf_ntstatus_to_errno(NTSTATUS status)
{
	if (NT_SUCCESS(status))
		return 0;
	switch (status) {
	case STATUS_INSUFFICIENT_RESOURCES:
		return -ENOMEM;
	case STATUS_INVALID_PARAMETER:
	case STATUS_INFO_LENGTH_MISMATCH:
	case STATUS_INVALID_HANDLE:
	case STATUS_WDF_OBJECT_ATTRIBUTES_INVALID:
	case STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED:
	case STATUS_WDF_SYNCHRONIZATION_SCOPE_INVALID:
	case STATUS_WDF_EXECUTION_LEVEL_INVALID:
	case STATUS_WDF_PARENT_NOT_SPECIFIED:
		return -EINVAL;
	case STATUS_BUFFER_TOO_SMALL:
	case STATUS_INVALID_BUFFER_SIZE:
	case STATUS_INTEGER_OVERFLOW:
		return -EOVERFLOW;
	case STATUS_ACCESS_VIOLATION:
		return -EACCES;
	case STATUS_DELETE_PENDING:
		return -ESHUTDOWN;
	case STATUS_INVALID_DEVICE_REQUEST:
	case STATUS_NOT_SUPPORTED:
		return -EOPNOTSUPP;
	case STATUS_CANNOT_DELETE:
		return -EPERM;
	case STATUS_CANCELLED:
		return -ECANCELED;
	case STATUS_INVALID_DEVICE_STATE:
		return -EBUSY;
	default:
		return -EIO;
	}
}
EXPORT_SYMBOL_GPL(wdf_ntstatus_to_errno);

/*
 * KMDF's IRQL checks, where Linux can tell: true when the caller certainly
 * cannot sleep.  Without CONFIG_PREEMPT_COUNT a held spinlock is invisible,
 * so only interrupt context and disabled interrupts count there.
 */
static bool wdf_kmdf_atomic(void)
{
	if (IS_ENABLED(CONFIG_PREEMPT_COUNT))
		return !preemptible();
	return in_interrupt() || irqs_disabled();
}

/*
 * Non-paged pool may be used at DISPATCH_LEVEL, so it sleeps only where the
 * caller surely can; paged pool is for callers that can.
 */
static gfp_t wdf_kmdf_gfp(bool paged)
{
	if (paged || (IS_ENABLED(CONFIG_PREEMPT_COUNT) && preemptible()))
		return GFP_KERNEL;
	return GFP_ATOMIC;
}

/* FxIsPagedPoolType: every other value is non-paged. */
static bool wdf_kmdf_paged(POOL_TYPE type)
{
	return type == PagedPool || type == PagedPoolCacheAligned ||
	       type == PagedPoolSession ||
	       type == PagedPoolCacheAlignedSession;
}

/* KMDF's driver tag for a tag of 0: the driver name's first characters. */
static ULONG wdf_kmdf_tag(struct wdf_driver *drv, ULONG tag)
{
	const char *name = drv ? drv->name : NULL;
	int i;

	if (tag || !name)
		return tag;
	for (i = 0; i < 4; i++)
		tag |= (ULONG)(name[i] ? (u8)name[i] : ' ') << (8 * i);
	return tag;
}

/*
 * FxValidateObjectAttributes, in its order, then the native attributes:
 * the callbacks have the native type, and the context type record is kept
 * with the object for WdfObjectGetTypedContextWorker.  @level_ok: the
 * object may carry an execution level (WdfObjectCreate); no object here may
 * carry a synchronization scope.
 */
static NTSTATUS wdf_kmdf_attr(const WDF_OBJECT_ATTRIBUTES *a, bool level_ok,
			      struct wdf_object_attributes *out)
{
	const WDF_OBJECT_CONTEXT_TYPE_INFO *t;

	memset(out, 0, sizeof(*out));
	if (!a)
		return STATUS_SUCCESS;
	if (a->Size != sizeof(*a))
		return STATUS_INFO_LENGTH_MISMATCH;
	t = a->ContextTypeInfo;
	if (t) {
		if (t->Size != sizeof(*t) &&
		    t->Size != WDF_KMDF_TYPE_INFO_V1_0_SIZE)
			return STATUS_INFO_LENGTH_MISMATCH;
		if (t->ContextSize && !t->ContextName)
			return STATUS_WDF_OBJECT_ATTRIBUTES_INVALID;
	}
	if (a->ContextSizeOverride &&
	    (!t || a->ContextSizeOverride < t->ContextSize))
		return STATUS_WDF_OBJECT_ATTRIBUTES_INVALID;
	if (a->ExecutionLevel == WdfExecutionLevelInvalid ||
	    a->ExecutionLevel > WdfExecutionLevelDispatch)
		return STATUS_WDF_OBJECT_ATTRIBUTES_INVALID;
	if (a->SynchronizationScope == WdfSynchronizationScopeInvalid ||
	    a->SynchronizationScope > WdfSynchronizationScopeNone)
		return STATUS_WDF_OBJECT_ATTRIBUTES_INVALID;
	if (a->SynchronizationScope != WdfSynchronizationScopeInheritFromParent &&
	    a->SynchronizationScope != WdfSynchronizationScopeNone)
		return STATUS_WDF_SYNCHRONIZATION_SCOPE_INVALID;
	if (!level_ok &&
	    a->ExecutionLevel != WdfExecutionLevelInheritFromParent)
		return STATUS_WDF_EXECUTION_LEVEL_INVALID;

	out->parent = a->ParentObject;
	out->cleanup = a->EvtCleanupCallback;
	out->destroy = a->EvtDestroyCallback;
	if (t) {
		out->context_size = a->ContextSizeOverride ?: t->ContextSize;
		out->context_type = t;
	}
	return STATUS_SUCCESS;
}

/**
 * wdf_kmdf_object_create() - WdfObjectCreate for a driver
 * @drv: the creating driver (WdfObjectCreate passes the module's)
 * @Attributes: KMDF attributes, or NULL
 * @Object: receives the object
 *
 * Return: STATUS_SUCCESS, an attribute status, STATUS_INSUFFICIENT_RESOURCES
 * or STATUS_DELETE_PENDING; STATUS_INVALID_PARAMETER (with a warning) for a
 * NULL @Object.
 */
NTSTATUS wdf_kmdf_object_create(struct wdf_driver *drv,
				PWDF_OBJECT_ATTRIBUTES Attributes,
				WDFOBJECT *Object)
{
	struct wdf_object_attributes attr;
	NTSTATUS status;

	if (!Object) {
		wdf_misuse("WdfObjectCreate with a NULL Object");
		return STATUS_INVALID_PARAMETER;
	}
	status = wdf_kmdf_attr(Attributes, true, &attr);
	if (!NT_SUCCESS(status))
		return status;
	return wdf_nt(__wdf_object_create(drv, Attributes ? &attr : NULL,
					  Object), STATUS_INTEGER_OVERFLOW);
}
EXPORT_SYMBOL_GPL(wdf_kmdf_object_create);

/**
 * wdf_kmdf_memory_create() - WdfMemoryCreate for a driver
 * @drv: the creating driver (WdfMemoryCreate passes the module's)
 * @Attributes: KMDF attributes, or NULL
 * @PoolType: paged or non-paged
 * @PoolTag: pool tag; 0 means the driver's (its name's first characters)
 * @BufferSize: bytes, not 0
 * @Memory: receives the object
 * @Buffer: if not NULL, receives the buffer
 *
 * KMDF's order: @Memory, the IRQL of a paged request, @BufferSize (with
 * @Memory untouched), then @Memory cleared, the attributes, the
 * allocation, the parent.  The buffer is not zeroed.
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a zero @BufferSize
 * (or, with a warning, a NULL @Memory); an attribute status;
 * STATUS_INVALID_DEVICE_REQUEST for paged pool from atomic context;
 * STATUS_INSUFFICIENT_RESOURCES; STATUS_DELETE_PENDING when the parent is
 * being deleted.
 */
NTSTATUS wdf_kmdf_memory_create(struct wdf_driver *drv,
				PWDF_OBJECT_ATTRIBUTES Attributes,
				POOL_TYPE PoolType, ULONG PoolTag,
				size_t BufferSize, WDFMEMORY *Memory,
				PVOID *Buffer)
{
	bool paged = wdf_kmdf_paged(PoolType);
	struct wdf_object_attributes attr;
	NTSTATUS status;
	int ret;

	if (!Memory) {
		wdf_misuse("WdfMemoryCreate with a NULL Memory");
		return STATUS_INVALID_PARAMETER;
	}
	if (paged && wdf_kmdf_atomic())
		return STATUS_INVALID_DEVICE_REQUEST;
	if (!BufferSize)
		return STATUS_INVALID_PARAMETER;
	*Memory = NULL;
	status = wdf_kmdf_attr(Attributes, false, &attr);
	if (!NT_SUCCESS(status))
		return status;
	ret = __wdf_memory_create(drv, Attributes ? &attr : NULL,
				  paged ? WDF_POOL_PAGED : WDF_POOL_NONPAGED,
				  wdf_kmdf_gfp(paged), wdf_kmdf_tag(drv, PoolTag),
				  BufferSize, Memory, Buffer);
	return wdf_nt(ret, STATUS_INTEGER_OVERFLOW);
}
EXPORT_SYMBOL_GPL(wdf_kmdf_memory_create);

/**
 * wdf_kmdf_memory_create_preallocated() - WdfMemoryCreatePreallocated
 * @drv: the creating driver
 * @Attributes: KMDF attributes, or NULL
 * @Buffer: the caller's buffer, never freed by the framework
 * @BufferSize: its size, not 0
 * @Memory: receives the object
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a zero @BufferSize
 * (or, with a warning, a NULL @Buffer or @Memory); an attribute status;
 * STATUS_INVALID_DEVICE_REQUEST from atomic context (the object is
 * allocated with GFP_KERNEL); STATUS_INSUFFICIENT_RESOURCES;
 * STATUS_DELETE_PENDING.
 */
NTSTATUS wdf_kmdf_memory_create_preallocated(struct wdf_driver *drv,
					     PWDF_OBJECT_ATTRIBUTES Attributes,
					     PVOID Buffer, size_t BufferSize,
					     WDFMEMORY *Memory)
{
	struct wdf_object_attributes attr;
	NTSTATUS status;

	if (!Buffer || !Memory) {
		wdf_misuse("WdfMemoryCreatePreallocated with a NULL %s",
			   Buffer ? "Memory" : "Buffer");
		return STATUS_INVALID_PARAMETER;
	}
	*Memory = NULL;
	if (!BufferSize)
		return STATUS_INVALID_PARAMETER;
	status = wdf_kmdf_attr(Attributes, false, &attr);
	if (!NT_SUCCESS(status))
		return status;
	if (wdf_kmdf_atomic())
		return STATUS_INVALID_DEVICE_REQUEST;
	return wdf_nt(__wdf_memory_create_preallocated(drv,
						       Attributes ? &attr : NULL,
						       Buffer, BufferSize,
						       Memory),
		      STATUS_INTEGER_OVERFLOW);
}
EXPORT_SYMBOL_GPL(wdf_kmdf_memory_create_preallocated);

/**
 * wdf_kmdf_lookaside_create() - WdfLookasideListCreate for a driver
 * @drv: the creating driver
 * @LookasideAttributes: the list's attributes, or NULL
 * @BufferSize: every entry's buffer size, not 0
 * @PoolType: paged or non-paged
 * @MemoryAttributes: every memory object's attributes, or NULL
 * @PoolTag: pool tag; 0 means the driver's
 * @Lookaside: receives the list
 *
 * KMDF's order: @Lookaside, cleared; @BufferSize; the list's attributes,
 * then the memory attributes; the IRQL; the allocation; the parent.
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a zero @BufferSize
 * (or, with a warning, a NULL @Lookaside); an attribute status;
 * STATUS_INVALID_DEVICE_REQUEST from atomic context (a kmem_cache is
 * created); STATUS_INSUFFICIENT_RESOURCES (a size no slab holds included);
 * STATUS_DELETE_PENDING.
 */
NTSTATUS wdf_kmdf_lookaside_create(struct wdf_driver *drv,
				   PWDF_OBJECT_ATTRIBUTES LookasideAttributes,
				   size_t BufferSize, POOL_TYPE PoolType,
				   PWDF_OBJECT_ATTRIBUTES MemoryAttributes,
				   ULONG PoolTag, WDFLOOKASIDE *Lookaside)
{
	struct wdf_object_attributes lattr, mattr;
	NTSTATUS status;
	int ret;

	if (!Lookaside) {
		wdf_misuse("WdfLookasideListCreate with a NULL Lookaside");
		return STATUS_INVALID_PARAMETER;
	}
	*Lookaside = NULL;
	if (!BufferSize)
		return STATUS_INVALID_PARAMETER;
	status = wdf_kmdf_attr(LookasideAttributes, false, &lattr);
	if (NT_SUCCESS(status))
		status = wdf_kmdf_attr(MemoryAttributes, false, &mattr);
	if (!NT_SUCCESS(status))
		return status;
	if (wdf_kmdf_atomic())
		return STATUS_INVALID_DEVICE_REQUEST;
	ret = __wdf_lookaside_create(drv, LookasideAttributes ? &lattr : NULL,
				     BufferSize,
				     wdf_kmdf_paged(PoolType) ? WDF_POOL_PAGED :
								WDF_POOL_NONPAGED,
				     MemoryAttributes ? &mattr : NULL,
				     wdf_kmdf_tag(drv, PoolTag), Lookaside);
	return wdf_nt(ret, STATUS_INTEGER_OVERFLOW);
}
EXPORT_SYMBOL_GPL(wdf_kmdf_lookaside_create);

/**
 * WdfMemoryCreateFromLookaside() - a memory object from a lookaside list
 * @Lookaside: the list
 * @Memory: receives the object, parented as the list's memory attributes
 *          say (never to the list)
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER (with a warning) for a
 * handle that is not a list or a NULL @Memory;
 * STATUS_INVALID_DEVICE_REQUEST for a paged list from atomic context;
 * STATUS_INSUFFICIENT_RESOURCES; STATUS_DELETE_PENDING when the list or
 * the memory parent is being deleted.
 */
NTSTATUS WdfMemoryCreateFromLookaside(WDFLOOKASIDE Lookaside,
				      WDFMEMORY *Memory)
{
	bool paged = Lookaside && wdf_type(&Lookaside->obj) == WDF_TYPE_LOOKASIDE &&
		     wdf_lookaside_priv(Lookaside)->pool == WDF_POOL_PAGED;

	if (paged && Memory && wdf_kmdf_atomic()) {
		*Memory = NULL;
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	return wdf_nt(wdf_memory_create_from_lookaside(Lookaside,
						       wdf_kmdf_gfp(paged),
						       Memory),
		      STATUS_INTEGER_OVERFLOW);
}
EXPORT_SYMBOL_GPL(WdfMemoryCreateFromLookaside);

/**
 * WdfMemoryAssignBuffer() - point a preallocated memory object elsewhere
 * @Memory: an object from WdfMemoryCreatePreallocated
 * @Buffer: the new buffer; the old one is not freed
 * @BufferSize: its size, not 0
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a zero @BufferSize,
 * or (with a warning) for an object that owns its buffer or a NULL
 * @Buffer.
 */
NTSTATUS WdfMemoryAssignBuffer(WDFMEMORY Memory, PVOID Buffer,
			       size_t BufferSize)
{
	return wdf_nt(wdf_memory_assign_buffer(Memory, Buffer, BufferSize),
		      STATUS_INTEGER_OVERFLOW);
}
EXPORT_SYMBOL_GPL(WdfMemoryAssignBuffer);

/**
 * WdfMemoryGetBuffer() - a memory object's buffer
 * @Memory: the object
 * @BufferSize: if not NULL, receives its size
 *
 * Return: the buffer, or NULL (with a warning) for a handle that is not a
 * memory object.
 */
PVOID WdfMemoryGetBuffer(WDFMEMORY Memory, size_t *BufferSize)
{
	return wdf_memory_get_buffer(Memory, BufferSize);
}
EXPORT_SYMBOL_GPL(WdfMemoryGetBuffer);

/**
 * WdfMemoryCopyToBuffer() - copy out of a memory object
 * @SourceMemory: the object
 * @SourceOffset: where in it to start
 * @Buffer: the destination
 * @NumBytesToCopyTo: bytes, not 0
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a zero count or an
 * object without a buffer (or, with a warning, a bad handle or NULL
 * @Buffer); STATUS_BUFFER_TOO_SMALL for an offset or count past the end.
 */
NTSTATUS WdfMemoryCopyToBuffer(WDFMEMORY SourceMemory, size_t SourceOffset,
			       PVOID Buffer, size_t NumBytesToCopyTo)
{
	return wdf_nt(wdf_memory_copy_to_buffer(SourceMemory, SourceOffset,
						Buffer, NumBytesToCopyTo),
		      STATUS_BUFFER_TOO_SMALL);
}
EXPORT_SYMBOL_GPL(WdfMemoryCopyToBuffer);

/**
 * WdfMemoryCopyFromBuffer() - copy into a memory object
 * @DestinationMemory: the object
 * @DestinationOffset: where in it to start
 * @Buffer: the source
 * @NumBytesToCopyFrom: bytes, not 0
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a zero count (or,
 * with a warning, a bad handle or NULL @Buffer); STATUS_ACCESS_VIOLATION
 * for a read-only object; STATUS_INVALID_BUFFER_SIZE for an offset or
 * count past the end (never STATUS_BUFFER_TOO_SMALL, as in KMDF's code).
 */
NTSTATUS WdfMemoryCopyFromBuffer(WDFMEMORY DestinationMemory,
				 size_t DestinationOffset, PVOID Buffer,
				 size_t NumBytesToCopyFrom)
{
	return wdf_nt(wdf_memory_copy_from_buffer(DestinationMemory,
						  DestinationOffset, Buffer,
						  NumBytesToCopyFrom),
		      STATUS_INVALID_BUFFER_SIZE);
}
EXPORT_SYMBOL_GPL(WdfMemoryCopyFromBuffer);

/**
 * WdfObjectDelete() - delete an object and its children
 * @Object: any handle
 *
 * An object KMDF never lets a driver delete (a driver, a device, a
 * request's memory) is left alone with a warning, as KMDF only traces.
 */
void WdfObjectDelete(PVOID Object)
{
	wdf_object_delete(Object);
}
EXPORT_SYMBOL_GPL(WdfObjectDelete);

/**
 * WdfObjectReferenceActual() - take a reference (WdfObjectReference)
 * @Handle: any handle
 * @Tag: a tag for the verifier's reference tracking, or NULL
 * @Line: the caller's line (the tracker records a stack instead)
 * @File: the caller's file
 */
void WdfObjectReferenceActual(PVOID Handle, PVOID Tag, LONG Line,
			      PCSTR File)
{
	if (Tag)
		wdf_object_get_tag(Handle, Tag);
	else
		wdf_object_get(Handle);
}
EXPORT_SYMBOL_GPL(WdfObjectReferenceActual);

/**
 * WdfObjectDereferenceActual() - drop a reference (WdfObjectDereference)
 * @Handle: any handle
 * @Tag: the tag it was taken with, or NULL
 * @Line: the caller's line
 * @File: the caller's file
 *
 * Dropping the creation reference of a live object (KMDF bugchecks) is
 * refused with a warning.
 */
void WdfObjectDereferenceActual(PVOID Handle, PVOID Tag, LONG Line,
				PCSTR File)
{
	if (Tag)
		wdf_object_put_tag(Handle, Tag);
	else
		wdf_object_put(Handle);
}
EXPORT_SYMBOL_GPL(WdfObjectDereferenceActual);

static bool wdf_kmdf_same_type(const WDF_OBJECT_CONTEXT_TYPE_INFO *a,
			       const WDF_OBJECT_CONTEXT_TYPE_INFO *b)
{
	return a == b ||
	       (a->ContextSize == b->ContextSize && a->ContextName &&
		b->ContextName && !strcmp(a->ContextName, b->ContextName));
}

/**
 * WdfObjectGetTypedContextWorker() - an object's context of a given type
 * @Handle: any handle
 * @TypeInfo: the context type (WDF_GET_CONTEXT_TYPE_INFO)
 *
 * The object must have been created with KMDF attributes naming a context
 * type: a native object's context_type is not a KMDF type record.
 *
 * Return: the context, or NULL if the object has no context of that type
 * (or, with a warning, for a NULL argument).
 */
PVOID WdfObjectGetTypedContextWorker(PVOID Handle,
				     PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo)
{
	const WDF_OBJECT_CONTEXT_TYPE_INFO *have;

	if (!Handle || !TypeInfo) {
		wdf_misuse("typed context of a NULL %s",
			   Handle ? "type" : "handle");
		return NULL;
	}
	have = wdf_object_context_type(Handle);
	if (!have || !wdf_kmdf_same_type(have, TypeInfo))
		return NULL;
	return wdf_object_context(Handle);
}
EXPORT_SYMBOL_GPL(WdfObjectGetTypedContextWorker);

/**
 * wdf_kmdf_pool_alloc() - ExAllocatePoolWithTag for a driver
 * @drv: the allocating driver
 * @PoolType: paged or non-paged; the cache-aligned types are refused
 * @NumberOfBytes: bytes wanted
 * @Tag: pool tag
 *
 * Return: the buffer, not zeroed; NULL for 0 bytes, a failed allocation,
 * paged pool from atomic context, or (with a warning) a cache-aligned type.
 */
PVOID wdf_kmdf_pool_alloc(struct wdf_driver *drv, POOL_TYPE PoolType,
			  SIZE_T NumberOfBytes, ULONG Tag)
{
	bool paged = wdf_kmdf_paged(PoolType);

	if (PoolType == NonPagedPoolCacheAligned ||
	    PoolType == PagedPoolCacheAligned ||
	    PoolType == NonPagedPoolNxCacheAligned ||
	    PoolType == NonPagedPoolCacheAlignedMustS ||
	    PoolType == PagedPoolCacheAlignedSession) {
		wdf_misuse("ExAllocatePoolWithTag: cache-aligned pool type %d is not supported",
			   PoolType);
		return NULL;
	}
	if (paged && wdf_kmdf_atomic())
		return NULL;
	return __wdf_pool_alloc(drv, paged ? WDF_POOL_PAGED : WDF_POOL_NONPAGED,
				wdf_kmdf_gfp(paged), NumberOfBytes, Tag);
}
EXPORT_SYMBOL_GPL(wdf_kmdf_pool_alloc);

#define WDF_KMDF_POOL_KIND \
	(POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED)
#define WDF_KMDF_POOL_REQUIRED \
	(POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | POOL_FLAG_SESSION | \
	 POOL_FLAG_RAISE_ON_FAILURE | WDF_KMDF_POOL_KIND)

/**
 * wdf_kmdf_pool_alloc2() - ExAllocatePool2 for a driver
 * @drv: the allocating driver
 * @Flags: exactly one of POOL_FLAG_NON_PAGED or POOL_FLAG_PAGED, and any of
 *         POOL_FLAG_UNINITIALIZED, _USE_QUOTA, _SESSION (no effect) and
 *         _RAISE_ON_FAILURE (NULL on failure: there are no exceptions)
 * @NumberOfBytes: bytes wanted
 * @Tag: pool tag
 *
 * As ExAllocatePool2, the buffer is zeroed unless POOL_FLAG_UNINITIALIZED.
 * The optional flags (the upper 32 bits) are ignored, as Windows does
 * with those it cannot honour.
 *
 * Return: the buffer; NULL for 0 bytes, a failed allocation, paged pool
 * from atomic context, or (with a warning) required flags this port does
 * not have: an unknown one, POOL_FLAG_CACHE_ALIGNED,
 * POOL_FLAG_NON_PAGED_EXECUTE, or not exactly one pool.
 */
PVOID wdf_kmdf_pool_alloc2(struct wdf_driver *drv, POOL_FLAGS Flags,
			   SIZE_T NumberOfBytes, ULONG Tag)
{
	POOL_FLAGS required = Flags & (POOL_FLAG_REQUIRED_END * 2 - 1);
	POOL_FLAGS kind = required & WDF_KMDF_POOL_KIND;
	bool paged = kind == POOL_FLAG_PAGED;
	gfp_t gfp;

	if ((required & ~WDF_KMDF_POOL_REQUIRED) ||
	    (kind != POOL_FLAG_NON_PAGED && kind != POOL_FLAG_PAGED)) {
		wdf_misuse("ExAllocatePool2: unsupported flags %#llx",
			   (unsigned long long)Flags);
		return NULL;
	}
	if (paged && wdf_kmdf_atomic())
		return NULL;
	gfp = wdf_kmdf_gfp(paged);
	if (!(Flags & POOL_FLAG_UNINITIALIZED))
		gfp |= __GFP_ZERO;
	return __wdf_pool_alloc(drv, paged ? WDF_POOL_PAGED : WDF_POOL_NONPAGED,
				gfp, NumberOfBytes, Tag);
}
EXPORT_SYMBOL_GPL(wdf_kmdf_pool_alloc2);

/**
 * ExFreePoolWithTag() - free a local buffer
 * @P: a buffer from ExAllocatePoolWithTag or ExAllocatePool2
 * @Tag: the tag it was allocated with
 *
 * A wrong tag or a pointer that is no local buffer (NT bugchecks) is
 * refused with a warning and nothing is freed.
 */
void ExFreePoolWithTag(PVOID P, ULONG Tag)
{
	wdf_pool_free(P, Tag);
}
EXPORT_SYMBOL_GPL(ExFreePoolWithTag);

/**
 * ExFreePool() - free a local buffer whatever its tag
 * @P: a buffer from ExAllocatePoolWithTag or ExAllocatePool2
 */
void ExFreePool(PVOID P)
{
	wdf_pool_free(P, 0);
}
EXPORT_SYMBOL_GPL(ExFreePool);

/**
 * WdfRequestRetrieveInputMemory() - a request's input as a memory object
 * @Request: the request
 * @Memory: receives the object, owned by the request
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_DEVICE_REQUEST on a read;
 * STATUS_BUFFER_TOO_SMALL for an empty input; STATUS_INSUFFICIENT_RESOURCES
 * if it cannot be mapped; STATUS_INVALID_PARAMETER (with a warning) for a
 * bad or completed request or NULL @Memory.
 */
NTSTATUS WdfRequestRetrieveInputMemory(WDFREQUEST Request, WDFMEMORY *Memory)
{
	return wdf_nt(wdf_request_retrieve_input_memory(Request, Memory),
		      STATUS_BUFFER_TOO_SMALL);
}
EXPORT_SYMBOL_GPL(WdfRequestRetrieveInputMemory);

/**
 * WdfRequestRetrieveOutputMemory() - a request's output as a memory object
 * @Request: the request
 * @Memory: receives the object, owned by the request
 *
 * Return: as WdfRequestRetrieveInputMemory(), on a write for
 * STATUS_INVALID_DEVICE_REQUEST.
 */
NTSTATUS WdfRequestRetrieveOutputMemory(WDFREQUEST Request,
					WDFMEMORY *Memory)
{
	return wdf_nt(wdf_request_retrieve_output_memory(Request, Memory),
		      STATUS_BUFFER_TOO_SMALL);
}
EXPORT_SYMBOL_GPL(WdfRequestRetrieveOutputMemory);

/**
 * WdfRequestRetrieveInputBuffer() - a request's input buffer
 * @Request: the request
 * @MinimumRequiredLength: the fewest bytes the caller accepts
 * @Buffer: receives the buffer
 * @Length: if not NULL, receives its length
 *
 * Return: as WdfRequestRetrieveInputMemory(), and STATUS_BUFFER_TOO_SMALL
 * for a buffer shorter than @MinimumRequiredLength.
 */
NTSTATUS WdfRequestRetrieveInputBuffer(WDFREQUEST Request,
				       size_t MinimumRequiredLength,
				       PVOID *Buffer, size_t *Length)
{
	return wdf_nt(wdf_request_retrieve_input_buffer(Request,
							MinimumRequiredLength,
							Buffer, Length),
		      STATUS_BUFFER_TOO_SMALL);
}
EXPORT_SYMBOL_GPL(WdfRequestRetrieveInputBuffer);

/**
 * WdfRequestRetrieveOutputBuffer() - a request's output buffer
 * @Request: the request
 * @MinimumRequiredSize: the fewest bytes the caller accepts
 * @Buffer: receives the buffer
 * @Length: if not NULL, receives its length
 *
 * Return: as WdfRequestRetrieveInputBuffer(), for the output.
 */
NTSTATUS WdfRequestRetrieveOutputBuffer(WDFREQUEST Request,
					size_t MinimumRequiredSize,
					PVOID *Buffer, size_t *Length)
{
	return wdf_nt(wdf_request_retrieve_output_buffer(Request,
							 MinimumRequiredSize,
							 Buffer, Length),
		      STATUS_BUFFER_TOO_SMALL);
}
EXPORT_SYMBOL_GPL(WdfRequestRetrieveOutputBuffer);

/**
 * WdfRequestRetrieveInputWdmMdl() - an MDL over a request's input
 * @Request: the request
 * @Mdl: receives the MDL, owned by the request
 *
 * Return: as WdfRequestRetrieveInputMemory().
 */
NTSTATUS WdfRequestRetrieveInputWdmMdl(WDFREQUEST Request, PMDL *Mdl)
{
	return wdf_nt(wdf_request_retrieve_input_mdl(Request, Mdl),
		      STATUS_BUFFER_TOO_SMALL);
}
EXPORT_SYMBOL_GPL(WdfRequestRetrieveInputWdmMdl);

/**
 * WdfRequestRetrieveOutputWdmMdl() - an MDL over a request's output
 * @Request: the request
 * @Mdl: receives the MDL, owned by the request
 *
 * Return: as WdfRequestRetrieveOutputMemory().
 */
NTSTATUS WdfRequestRetrieveOutputWdmMdl(WDFREQUEST Request, PMDL *Mdl)
{
	return wdf_nt(wdf_request_retrieve_output_mdl(Request, Mdl),
		      STATUS_BUFFER_TOO_SMALL);
}
EXPORT_SYMBOL_GPL(WdfRequestRetrieveOutputWdmMdl);

/**
 * MmGetMdlByteCount() - the bytes an MDL describes
 * @Mdl: the MDL
 *
 * Return: the count; an NT MDL describes less than 4 GiB, so a larger one
 * reads as ULONG's maximum.
 */
ULONG MmGetMdlByteCount(PMDL Mdl)
{
	return min_t(size_t, wdf_mdl_byte_count(Mdl), U32_MAX);
}
EXPORT_SYMBOL_GPL(MmGetMdlByteCount);

/**
 * MmGetMdlByteOffset() - where in its first page an MDL's buffer starts
 * @Mdl: the MDL
 *
 * Return: the offset, below PAGE_SIZE.
 */
ULONG MmGetMdlByteOffset(PMDL Mdl)
{
	return wdf_mdl_byte_offset(Mdl);
}
EXPORT_SYMBOL_GPL(MmGetMdlByteOffset);

/**
 * MmGetSystemAddressForMdlSafe() - a kernel address for an MDL's buffer
 * @Mdl: the MDL
 * @Priority: ignored: every priority maps the same way
 *
 * Return: the address, or NULL if the pages cannot be mapped.
 */
PVOID MmGetSystemAddressForMdlSafe(PMDL Mdl, ULONG Priority)
{
	return wdf_mdl_map(Mdl);
}
EXPORT_SYMBOL_GPL(MmGetSystemAddressForMdlSafe);

/**
 * WdfIoQueueCreate() - a device's default queue
 * @Device: the device
 * @Config: from WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE()
 * @QueueAttributes: KMDF attributes, or NULL; the parent is the device
 * @Queue: receives the queue, or NULL on failure
 *
 * Sequential and parallel default queues.  Reads and writes other drivers
 * send travel buffered (KMDF's default I/O type).  EvtIoInternalDeviceControl,
 * EvtIoStop, EvtIoResume and EvtIoCanceledOnQueue are accepted and never
 * called: Linux has no internal ioctls and no power-managed queues, and a
 * request cancelled while it waits completes with STATUS_CANCELLED.
 *
 * Return: STATUS_SUCCESS; STATUS_INFO_LENGTH_MISMATCH for a @Config->Size
 * other than this header's; STATUS_INVALID_PARAMETER for an unknown
 * dispatch type, an attribute error, a parent other than @Device (or, with
 * a warning, a bad @Device or a NULL @Config or @Queue); STATUS_NOT_SUPPORTED
 * for a queue that is not the default queue or a manual one;
 * STATUS_INVALID_DEVICE_STATE if the device has its default queue;
 * STATUS_INVALID_DEVICE_REQUEST (with a warning) above PASSIVE_LEVEL;
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS WdfIoQueueCreate(WDFDEVICE Device, PWDF_IO_QUEUE_CONFIG Config,
			  PWDF_OBJECT_ATTRIBUTES QueueAttributes, WDFQUEUE *Queue)
{
	struct wdf_io_queue_config c = {};
	struct wdf_object_attributes attr;
	NTSTATUS status;
	int ret;

	if (!Config || !Queue) {
		wdf_misuse("%s with a NULL Config or Queue", __func__);
		return STATUS_INVALID_PARAMETER;
	}
	*Queue = NULL;
	if (wdf_kmdf_atomic()) {
		wdf_misuse("%s above PASSIVE_LEVEL", __func__);
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	if (Config->Size != sizeof(*Config))
		return STATUS_INFO_LENGTH_MISMATCH;
	if (Config->DispatchType <= WdfIoQueueDispatchInvalid ||
	    Config->DispatchType >= WdfIoQueueDispatchMax)
		return STATUS_INVALID_PARAMETER;
	if (Config->DispatchType == WdfIoQueueDispatchManual ||
	    !Config->DefaultQueue)
		return STATUS_NOT_SUPPORTED;
	status = wdf_kmdf_attr(QueueAttributes, false, &attr);
	if (!NT_SUCCESS(status))
		return status;
	c.dispatch = Config->DispatchType == WdfIoQueueDispatchSequential ?
		     WDF_IO_QUEUE_DISPATCH_SEQUENTIAL :
		     WDF_IO_QUEUE_DISPATCH_PARALLEL;
	c.io_type = WDF_DEVICE_IO_BUFFERED;
	c.allow_zero_length = Config->AllowZeroLengthRequests;
	c.io_read = Config->EvtIoRead;
	c.io_write = Config->EvtIoWrite;
	c.io_device_control = Config->EvtIoDeviceControl;
	c.io_default = Config->EvtIoDefault;
	ret = wdf_io_queue_create(Device, &c, QueueAttributes ? &attr : NULL,
				  Queue);
	return ret == -EEXIST ? STATUS_INVALID_DEVICE_STATE :
	       wdf_nt(ret, STATUS_INVALID_PARAMETER);
}
EXPORT_SYMBOL_GPL(WdfIoQueueCreate);

/**
 * WdfIoQueueGetDevice() - the device of a queue
 * @Queue: the queue
 *
 * Return: the device, or NULL (with a warning) for a bad @Queue.
 */
WDFDEVICE WdfIoQueueGetDevice(WDFQUEUE Queue)
{
	return wdf_io_queue_get_device(Queue);
}
EXPORT_SYMBOL_GPL(WdfIoQueueGetDevice);

/**
 * WdfIoQueuePurgeSynchronously() - refuse new requests, cancel and wait
 * @Queue: the queue
 *
 * Context: PASSIVE_LEVEL.
 */
void WdfIoQueuePurgeSynchronously(WDFQUEUE Queue)
{
	wdf_io_queue_purge_sync(Queue);
}
EXPORT_SYMBOL_GPL(WdfIoQueuePurgeSynchronously);

/* A request a queue presented and the driver has not completed. */
static struct wdf_request_private *wdf_kmdf_request(WDFREQUEST Request,
						    const char *what)
{
	struct wdf_request_private *r;

	if (!wdf_request_is_received(Request)) {
		wdf_misuse("%s: not a received request", what);
		return NULL;
	}
	r = wdf_request_priv(Request);
	if (r->completed) {
		wdf_misuse("%s: request already completed", what);
		return NULL;
	}
	return r;
}

/**
 * WdfRequestSetInformation() - the byte count WdfRequestComplete() reports
 * @Request: a request the driver holds
 * @Information: the bytes transferred
 */
void WdfRequestSetInformation(WDFREQUEST Request, SIZE_T Information)
{
	struct wdf_request_private *r = wdf_kmdf_request(Request,
							 "WdfRequestSetInformation");

	if (r)
		r->information = Information;
}
EXPORT_SYMBOL_GPL(WdfRequestSetInformation);

/**
 * WdfRequestGetInformation() - the byte count set so far
 * @Request: a request the driver holds
 *
 * Return: what WdfRequestSetInformation() set (0 before), or 0 (with a
 * warning) for a bad @Request.
 */
SIZE_T WdfRequestGetInformation(WDFREQUEST Request)
{
	struct wdf_request_private *r = wdf_kmdf_request(Request,
							 "WdfRequestGetInformation");

	return r ? r->information : 0;
}
EXPORT_SYMBOL_GPL(WdfRequestGetInformation);

/**
 * WdfRequestCompleteWithInformation() - complete a request
 * @Request: a request the driver holds
 * @Status: its status, turned into an errno by wdf_ntstatus_to_errno()
 * @Information: the bytes transferred (ignored for a failure status)
 *
 * Refused with a warning, and nothing completed, while a reference to the
 * request's memory is held (KMDF bugchecks).
 */
void WdfRequestCompleteWithInformation(WDFREQUEST Request, NTSTATUS Status,
				       SIZE_T Information)
{
	wdf_request_complete(Request, wdf_ntstatus_to_errno(Status),
			     Information);
}
EXPORT_SYMBOL_GPL(WdfRequestCompleteWithInformation);

/**
 * WdfRequestComplete() - complete a request with the information set before
 * @Request: a request the driver holds
 * @Status: its status
 */
void WdfRequestComplete(WDFREQUEST Request, NTSTATUS Status)
{
	struct wdf_request_private *r = wdf_kmdf_request(Request,
							 "WdfRequestComplete");

	if (r)
		wdf_request_complete(Request, wdf_ntstatus_to_errno(Status),
				     r->information);
}
EXPORT_SYMBOL_GPL(WdfRequestComplete);

/**
 * WdfRequestGetParameters() - what a received request asks for
 * @Request: a request the driver holds
 * @Parameters: from WDF_REQUEST_PARAMETERS_INIT(); filled in
 *
 * A bad @Request, a NULL @Parameters or one whose Size is not this header's
 * is a misuse, and nothing is filled in.
 */
void WdfRequestGetParameters(WDFREQUEST Request,
			     PWDF_REQUEST_PARAMETERS Parameters)
{
	struct wdf_request_parameters p;

	if (!Parameters || Parameters->Size != sizeof(*Parameters)) {
		wdf_misuse("%s with a bad Parameters", __func__);
		return;
	}
	if (wdf_request_get_parameters(Request, &p))
		return;
	memset(&Parameters->Parameters, 0, sizeof(Parameters->Parameters));
	Parameters->MinorFunction = 0;
	switch (p.type) {
	case WDF_REQUEST_READ:
		Parameters->Type = WdfRequestTypeRead;
		Parameters->Parameters.Read.Length = p.out_len;
		Parameters->Parameters.Read.DeviceOffset = p.offset;
		break;
	case WDF_REQUEST_WRITE:
		Parameters->Type = WdfRequestTypeWrite;
		Parameters->Parameters.Write.Length = p.in_len;
		Parameters->Parameters.Write.DeviceOffset = p.offset;
		break;
	default:
		Parameters->Type = WdfRequestTypeDeviceControl;
		Parameters->Parameters.DeviceIoControl.OutputBufferLength =
			p.out_len;
		Parameters->Parameters.DeviceIoControl.InputBufferLength =
			p.in_len;
		Parameters->Parameters.DeviceIoControl.IoControlCode = p.code;
		break;
	}
}
EXPORT_SYMBOL_GPL(WdfRequestGetParameters);

/**
 * WdfRequestGetIoQueue() - the queue that presented a request
 * @Request: a request the driver holds
 *
 * Return: the queue, or NULL (with a warning).
 */
WDFQUEUE WdfRequestGetIoQueue(WDFREQUEST Request)
{
	return wdf_request_get_io_queue(Request);
}
EXPORT_SYMBOL_GPL(WdfRequestGetIoQueue);

/**
 * WdfRequestMarkCancelableEx() - let cancellation reach the driver
 * @Request: a request its queue presented
 * @EvtRequestCancel: the routine that completes it when it is cancelled
 *
 * Return: STATUS_SUCCESS; STATUS_CANCELLED if it was cancelled already
 * (the routine is not called: complete the request);
 * STATUS_INVALID_PARAMETER (with a warning) for a bad @Request or a NULL
 * @EvtRequestCancel.
 */
NTSTATUS WdfRequestMarkCancelableEx(WDFREQUEST Request,
				    PFN_WDF_REQUEST_CANCEL EvtRequestCancel)
{
	int ret = wdf_request_mark_cancelable(Request, EvtRequestCancel);

	return ret == -ECANCELED ? STATUS_CANCELLED :
	       wdf_nt(ret, STATUS_INVALID_PARAMETER);
}
EXPORT_SYMBOL_GPL(WdfRequestMarkCancelableEx);

/**
 * WdfRequestMarkCancelable() - let cancellation reach the driver
 * @Request: a request its queue presented
 * @EvtRequestCancel: the routine that completes it when it is cancelled
 *
 * If the request was cancelled already, @EvtRequestCancel runs now, before
 * this returns, as in KMDF.
 */
void WdfRequestMarkCancelable(WDFREQUEST Request,
			      PFN_WDF_REQUEST_CANCEL EvtRequestCancel)
{
	if (wdf_request_mark_cancelable(Request, EvtRequestCancel) == -ECANCELED)
		EvtRequestCancel(Request);
}
EXPORT_SYMBOL_GPL(WdfRequestMarkCancelable);

/**
 * WdfRequestUnmarkCancelable() - take cancellation back before completing
 * @Request: a request the driver marked cancelable
 *
 * Return: STATUS_SUCCESS; STATUS_CANCELLED if the cancel routine has run
 * or runs now: it completes the request, the caller must not;
 * STATUS_INVALID_PARAMETER (with a warning) for a request not marked.
 */
NTSTATUS WdfRequestUnmarkCancelable(WDFREQUEST Request)
{
	int ret = wdf_request_unmark_cancelable(Request);

	return ret == -ECANCELED ? STATUS_CANCELLED :
	       wdf_nt(ret, STATUS_INVALID_PARAMETER);
}
EXPORT_SYMBOL_GPL(WdfRequestUnmarkCancelable);

/**
 * WdfRequestIsCanceled() - has the request been cancelled?
 * @Request: a request the driver holds
 *
 * Return: TRUE once its sender or the purge of its queue cancelled it.
 */
BOOLEAN WdfRequestIsCanceled(WDFREQUEST Request)
{
	return wdf_request_is_canceled(Request) ? TRUE : FALSE;
}
EXPORT_SYMBOL_GPL(WdfRequestIsCanceled);
