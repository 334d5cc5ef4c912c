/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KMDF's own names over wdfmem, for drivers ported from Windows.
 *
 * A driver's memory code written against KMDF (wdfmemory.h, wdfobject.h,
 * wdfcore.h, the request buffer calls of wdfrequest.h, and the executive's
 * pool calls) compiles against this header and gets the NTSTATUS KMDF
 * returns for every failure, in KMDF's check order.  The header is thin:
 * every call lands in the native API (wdf_memory_create() and friends),
 * which keeps the one implementation; the framework's kmdf.c only adds
 * what KMDF has and the native API does not: the WDF_OBJECT_ATTRIBUTES
 * checks, typed contexts, pool types and flags, and each call's own
 * translation of the native errno into KMDF's status.
 *
 * Where KMDF stops the machine (WDF_VIOLATION: a NULL required pointer, a
 * handle of the wrong type, dropping the creation reference of a parented
 * object), the call returns STATUS_INVALID_PARAMETER (or does nothing, for
 * a VOID call) and the framework prints one ratelimited "wdfmem: misuse:"
 * line and counts it in the "warnings" statistic.  Every deviation from
 * KMDF is listed in the README's porting section.
 *
 * Build note: KMDF pool tags are multi-character constants ('Tag1'); GCC
 * gives them MSVC's value but warns, so a ported file is built with
 * -Wno-multichar (CFLAGS_file.o += -Wno-multichar in its Kbuild).
 */
#ifndef _WDF_KMDF_H
#define _WDF_KMDF_H

#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>
#include <wdf/wdf.h>

/* Base types, as the WDK spells them. */
typedef void VOID;
typedef void *PVOID;
typedef char CHAR;
typedef unsigned char UCHAR;
typedef UCHAR *PUCHAR;
typedef u16 USHORT;
typedef s32 LONG;
typedef u32 ULONG;
typedef ULONG *PULONG;
typedef s64 LONGLONG;
typedef u64 ULONGLONG;
typedef u64 ULONG64;
typedef size_t SIZE_T;
typedef size_t *PSIZE_T;
typedef unsigned long ULONG_PTR;
typedef u8 BOOLEAN;
typedef const char *PCSTR;
typedef const char *LPCSTR;
#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif

/* The run-time library's memory helpers (wdm.h). */
#define RtlCopyMemory(Destination, Source, Length) \
	memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length) \
	memmove((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) \
	memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) \
	memset((Destination), 0, (Length))

/* SAL annotations mean nothing to GCC. */
#define _In_
#define _In_opt_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _Must_inspect_result_

/*
 * NTSTATUS and the values KMDF's memory, object and request calls return
 * (ntstatus.h, wdfstatus.h).
 */
typedef LONG NTSTATUS;
#define NT_SUCCESS(status)	(((NTSTATUS)(status)) >= 0)

#define STATUS_SUCCESS				((NTSTATUS)0x00000000)
#define STATUS_UNSUCCESSFUL			((NTSTATUS)0xC0000001)
#define STATUS_INFO_LENGTH_MISMATCH		((NTSTATUS)0xC0000004)
#define STATUS_ACCESS_VIOLATION			((NTSTATUS)0xC0000005)
#define STATUS_INVALID_HANDLE			((NTSTATUS)0xC0000008)
#define STATUS_INVALID_PARAMETER		((NTSTATUS)0xC000000D)
#define STATUS_INVALID_DEVICE_REQUEST		((NTSTATUS)0xC0000010)
#define STATUS_BUFFER_TOO_SMALL			((NTSTATUS)0xC0000023)
#define STATUS_DELETE_PENDING			((NTSTATUS)0xC0000056)
#define STATUS_INTEGER_OVERFLOW			((NTSTATUS)0xC0000095)
#define STATUS_INSUFFICIENT_RESOURCES		((NTSTATUS)0xC000009A)
#define STATUS_NOT_SUPPORTED			((NTSTATUS)0xC00000BB)
#define STATUS_INTERNAL_ERROR			((NTSTATUS)0xC00000E5)
#define STATUS_CANCELLED			((NTSTATUS)0xC0000120)
#define STATUS_CANNOT_DELETE			((NTSTATUS)0xC0000121)
#define STATUS_INVALID_DEVICE_STATE		((NTSTATUS)0xC0000184)
#define STATUS_INVALID_BUFFER_SIZE		((NTSTATUS)0xC0000206)
#define STATUS_WDF_OBJECT_ATTRIBUTES_INVALID	((NTSTATUS)0xC0200209)
#define STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED ((NTSTATUS)0xC020020F)
#define STATUS_WDF_SYNCHRONIZATION_SCOPE_INVALID ((NTSTATUS)0xC0200210)
#define STATUS_WDF_EXECUTION_LEVEL_INVALID	((NTSTATUS)0xC0200211)
#define STATUS_WDF_PARENT_NOT_SPECIFIED		((NTSTATUS)0xC0200212)

/*
 * Handles.  Each typed handle is the native object, so a ported driver can
 * mix both APIs.  WDFOBJECT is the object header: callbacks get one, and
 * WdfObjectCreate makes one.  The calls that take any handle (delete,
 * references, contexts, a parent in the attributes) take a PVOID, so every
 * typed handle converts to them as it converts to KMDF's WDFOBJECT.
 */
typedef struct wdf_object *WDFOBJECT;
typedef WDFOBJECT *PWDFOBJECT;
typedef struct wdf_driver *WDFDRIVER;
typedef struct wdf_device *WDFDEVICE;
typedef struct wdf_memory *WDFMEMORY;
typedef WDFMEMORY *PWDFMEMORY;
typedef struct wdf_lookaside *WDFLOOKASIDE;
typedef WDFLOOKASIDE *PWDFLOOKASIDE;
typedef struct wdf_request *WDFREQUEST;
typedef struct wdf_io_queue *WDFQUEUE;
typedef PVOID WDFCONTEXT;
typedef struct wdf_mdl MDL;
typedef struct wdf_mdl *PMDL;
#define WDF_NO_HANDLE		NULL
#define WDF_NO_OBJECT_ATTRIBUTES	NULL

/* POOL_TYPE: only paged or not matters, as in KMDF (FxIsPagedPoolType). */
typedef enum _POOL_TYPE {
	NonPagedPool = 0,
	NonPagedPoolExecute = 0,
	PagedPool = 1,
	NonPagedPoolMustSucceed = 2,
	DontUseThisType = 3,
	NonPagedPoolCacheAligned = 4,
	PagedPoolCacheAligned = 5,
	NonPagedPoolCacheAlignedMustS = 6,
	NonPagedPoolSession = 32,
	PagedPoolSession = 33,
	PagedPoolCacheAlignedSession = 37,
	NonPagedPoolNx = 512,
	NonPagedPoolNxCacheAligned = 516,
	NonPagedPoolSessionNx = 544,
} POOL_TYPE;

/* ExAllocatePool2's flags (wdm.h). */
typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_USE_QUOTA		0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED		0x0000000000000002ULL
#define POOL_FLAG_SESSION		0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED		0x0000000000000008ULL
#define POOL_FLAG_RAISE_ON_FAILURE	0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED		0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE	0x0000000000000080ULL
#define POOL_FLAG_PAGED			0x0000000000000100ULL
#define POOL_FLAG_REQUIRED_END		0x0000000080000000ULL

/* Object attributes (wdfobject.h). */
typedef enum _WDF_EXECUTION_LEVEL {
	WdfExecutionLevelInvalid = 0,
	WdfExecutionLevelInheritFromParent,
	WdfExecutionLevelPassive,
	WdfExecutionLevelDispatch,
} WDF_EXECUTION_LEVEL;

typedef enum _WDF_SYNCHRONIZATION_SCOPE {
	WdfSynchronizationScopeInvalid = 0,
	WdfSynchronizationScopeInheritFromParent,
	WdfSynchronizationScopeDevice,
	WdfSynchronizationScopeQueue,
	WdfSynchronizationScopeNone,
} WDF_SYNCHRONIZATION_SCOPE;

typedef VOID EVT_WDF_OBJECT_CONTEXT_CLEANUP(WDFOBJECT Object);
typedef EVT_WDF_OBJECT_CONTEXT_CLEANUP *PFN_WDF_OBJECT_CONTEXT_CLEANUP;
typedef VOID EVT_WDF_OBJECT_CONTEXT_DESTROY(WDFOBJECT Object);
typedef EVT_WDF_OBJECT_CONTEXT_DESTROY *PFN_WDF_OBJECT_CONTEXT_DESTROY;

typedef struct _WDF_OBJECT_CONTEXT_TYPE_INFO WDF_OBJECT_CONTEXT_TYPE_INFO;
typedef const WDF_OBJECT_CONTEXT_TYPE_INFO *PCWDF_OBJECT_CONTEXT_TYPE_INFO;
typedef PCWDF_OBJECT_CONTEXT_TYPE_INFO
	(*PFN_GET_UNIQUE_CONTEXT_TYPE)(VOID);

struct _WDF_OBJECT_CONTEXT_TYPE_INFO {
	ULONG Size;
	LPCSTR ContextName;
	size_t ContextSize;
	PCWDF_OBJECT_CONTEXT_TYPE_INFO UniqueType;
	PFN_GET_UNIQUE_CONTEXT_TYPE EvtDriverGetUniqueContextType;
};

typedef struct _WDF_OBJECT_ATTRIBUTES {
	ULONG Size;
	PFN_WDF_OBJECT_CONTEXT_CLEANUP EvtCleanupCallback;
	PFN_WDF_OBJECT_CONTEXT_DESTROY EvtDestroyCallback;
	WDF_EXECUTION_LEVEL ExecutionLevel;
	WDF_SYNCHRONIZATION_SCOPE SynchronizationScope;
	PVOID ParentObject;
	size_t ContextSizeOverride;
	PCWDF_OBJECT_CONTEXT_TYPE_INFO ContextTypeInfo;
} WDF_OBJECT_ATTRIBUTES, *PWDF_OBJECT_ATTRIBUTES;

static inline VOID WDF_OBJECT_ATTRIBUTES_INIT(PWDF_OBJECT_ATTRIBUTES Attributes)
{
	memset(Attributes, 0, sizeof(*Attributes));
	Attributes->Size = sizeof(*Attributes);
	Attributes->ExecutionLevel = WdfExecutionLevelInheritFromParent;
	Attributes->SynchronizationScope =
		WdfSynchronizationScopeInheritFromParent;
}

/*
 * Typed contexts.  KMDF's __declspec(selectany) type record becomes a
 * static one per translation unit; the framework matches records by
 * address, or by name and size, so every unit's copy names the same type.
 */
#define WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype) \
	_WDF_ ## _contexttype ## _TYPE_INFO
#define WDF_GET_CONTEXT_TYPE_INFO(_contexttype) \
	(&WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype))

#define WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, _castingfunction) \
static const WDF_OBJECT_CONTEXT_TYPE_INFO __maybe_unused		\
WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype) = {				\
	sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO),				\
	#_contexttype,							\
	sizeof(_contexttype),						\
	WDF_GET_CONTEXT_TYPE_INFO(_contexttype),			\
	NULL,								\
};									\
static inline _contexttype * __maybe_unused				\
_castingfunction(PVOID Handle)						\
{									\
	return WdfObjectGetTypedContextWorker(Handle,			\
		WDF_GET_CONTEXT_TYPE_INFO(_contexttype)->UniqueType);	\
}

#define WDF_DECLARE_CONTEXT_TYPE(_contexttype) \
	WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, \
					   WdfObjectGet_ ## _contexttype)

#define WdfObjectGetTypedContext(handle, type)				\
	((type *)WdfObjectGetTypedContextWorker((PVOID)(handle),	\
		WDF_GET_CONTEXT_TYPE_INFO(type)->UniqueType))

#define WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE(_attributes, _contexttype) \
	((_attributes)->ContextTypeInfo =				\
		WDF_GET_CONTEXT_TYPE_INFO(_contexttype)->UniqueType)

#define WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(_attributes, _contexttype) \
	do {								\
		PWDF_OBJECT_ATTRIBUTES __wdf_attr = (_attributes);	\
									\
		WDF_OBJECT_ATTRIBUTES_INIT(__wdf_attr);			\
		__wdf_attr->ContextTypeInfo =				\
			WDF_GET_CONTEXT_TYPE_INFO(_contexttype)->UniqueType; \
	} while (0)

/* Memory descriptors and offsets (wdfmemory.h). */
typedef struct _WDFMEMORY_OFFSET {
	size_t BufferOffset;
	size_t BufferLength;
} WDFMEMORY_OFFSET, *PWDFMEMORY_OFFSET;

typedef enum _WDF_MEMORY_DESCRIPTOR_TYPE {
	WdfMemoryDescriptorTypeInvalid = 0,
	WdfMemoryDescriptorTypeBuffer,
	WdfMemoryDescriptorTypeMdl,
	WdfMemoryDescriptorTypeHandle,
} WDF_MEMORY_DESCRIPTOR_TYPE;

typedef struct _WDF_MEMORY_DESCRIPTOR {
	WDF_MEMORY_DESCRIPTOR_TYPE Type;
	union {
		struct {
			PVOID Buffer;
			ULONG Length;
		} BufferType;
		struct {
			PMDL Mdl;
			ULONG BufferLength;
		} MdlType;
		struct {
			WDFMEMORY Memory;
			PWDFMEMORY_OFFSET Offsets;
		} HandleType;
	} u;
} WDF_MEMORY_DESCRIPTOR, *PWDF_MEMORY_DESCRIPTOR;

static inline VOID
WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(PWDF_MEMORY_DESCRIPTOR Descriptor,
				  PVOID Buffer, ULONG BufferLength)
{
	memset(Descriptor, 0, sizeof(*Descriptor));
	Descriptor->Type = WdfMemoryDescriptorTypeBuffer;
	Descriptor->u.BufferType.Buffer = Buffer;
	Descriptor->u.BufferType.Length = BufferLength;
}

static inline VOID
WDF_MEMORY_DESCRIPTOR_INIT_MDL(PWDF_MEMORY_DESCRIPTOR Descriptor, PMDL Mdl,
			       ULONG BufferLength)
{
	memset(Descriptor, 0, sizeof(*Descriptor));
	Descriptor->Type = WdfMemoryDescriptorTypeMdl;
	Descriptor->u.MdlType.Mdl = Mdl;
	Descriptor->u.MdlType.BufferLength = BufferLength;
}

static inline VOID
WDF_MEMORY_DESCRIPTOR_INIT_HANDLE(PWDF_MEMORY_DESCRIPTOR Descriptor,
				  WDFMEMORY Memory,
				  PWDFMEMORY_OFFSET Offsets)
{
	memset(Descriptor, 0, sizeof(*Descriptor));
	Descriptor->Type = WdfMemoryDescriptorTypeHandle;
	Descriptor->u.HandleType.Memory = Memory;
	Descriptor->u.HandleType.Offsets = Offsets;
}

/*
 * WDF_ALIGN_SIZE_DOWN / _UP with KMDF's signatures and KMDF's arithmetic:
 * @AlignTo must be a power of two (unchecked), and UP wraps silently, so a
 * caller tests "result < Length" as KMDF's documentation says.  The
 * checked versions are wdf_align_size_down() / wdf_align_size_up().
 */
static inline size_t WDF_ALIGN_SIZE_DOWN(size_t Length, size_t AlignTo)
{
	return Length & ~(AlignTo - 1);
}

static inline size_t WDF_ALIGN_SIZE_UP(size_t Length, size_t AlignTo)
{
	return WDF_ALIGN_SIZE_DOWN(Length + AlignTo - 1, AlignTo);
}

/* The framework's side: each takes the calling module's driver object. */
NTSTATUS wdf_kmdf_object_create(struct wdf_driver *drv,
				PWDF_OBJECT_ATTRIBUTES Attributes,
				WDFOBJECT *Object);
NTSTATUS wdf_kmdf_memory_create(struct wdf_driver *drv,
				PWDF_OBJECT_ATTRIBUTES Attributes,
				POOL_TYPE PoolType, ULONG PoolTag,
				size_t BufferSize, WDFMEMORY *Memory,
				PVOID *Buffer);
NTSTATUS wdf_kmdf_memory_create_preallocated(struct wdf_driver *drv,
					     PWDF_OBJECT_ATTRIBUTES Attributes,
					     PVOID Buffer, size_t BufferSize,
					     WDFMEMORY *Memory);
NTSTATUS wdf_kmdf_lookaside_create(struct wdf_driver *drv,
				   PWDF_OBJECT_ATTRIBUTES LookasideAttributes,
				   size_t BufferSize, POOL_TYPE PoolType,
				   PWDF_OBJECT_ATTRIBUTES MemoryAttributes,
				   ULONG PoolTag, WDFLOOKASIDE *Lookaside);
PVOID wdf_kmdf_pool_alloc(struct wdf_driver *drv, POOL_TYPE PoolType,
			  SIZE_T NumberOfBytes, ULONG Tag);
PVOID wdf_kmdf_pool_alloc2(struct wdf_driver *drv, POOL_FLAGS Flags,
			   SIZE_T NumberOfBytes, ULONG Tag);
int wdf_ntstatus_to_errno(NTSTATUS status);

NTSTATUS WdfMemoryCreateFromLookaside(WDFLOOKASIDE Lookaside,
				      WDFMEMORY *Memory);
NTSTATUS WdfMemoryAssignBuffer(WDFMEMORY Memory, PVOID Buffer,
			       size_t BufferSize);
PVOID WdfMemoryGetBuffer(WDFMEMORY Memory, size_t *BufferSize);
NTSTATUS WdfMemoryCopyToBuffer(WDFMEMORY SourceMemory, size_t SourceOffset,
			       PVOID Buffer, size_t NumBytesToCopyTo);
NTSTATUS WdfMemoryCopyFromBuffer(WDFMEMORY DestinationMemory,
				 size_t DestinationOffset, PVOID Buffer,
				 size_t NumBytesToCopyFrom);
VOID WdfObjectDelete(PVOID Object);
VOID WdfObjectReferenceActual(PVOID Handle, PVOID Tag, LONG Line,
			      PCSTR File);
VOID WdfObjectDereferenceActual(PVOID Handle, PVOID Tag, LONG Line,
				PCSTR File);
PVOID WdfObjectGetTypedContextWorker(PVOID Handle,
				     PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo);
VOID ExFreePoolWithTag(PVOID P, ULONG Tag);
VOID ExFreePool(PVOID P);
NTSTATUS WdfRequestRetrieveInputMemory(WDFREQUEST Request, WDFMEMORY *Memory);
NTSTATUS WdfRequestRetrieveOutputMemory(WDFREQUEST Request,
					WDFMEMORY *Memory);
NTSTATUS WdfRequestRetrieveInputBuffer(WDFREQUEST Request,
				       size_t MinimumRequiredLength,
				       PVOID *Buffer, size_t *Length);
NTSTATUS WdfRequestRetrieveOutputBuffer(WDFREQUEST Request,
					size_t MinimumRequiredSize,
					PVOID *Buffer, size_t *Length);
NTSTATUS WdfRequestRetrieveInputWdmMdl(WDFREQUEST Request, PMDL *Mdl);
NTSTATUS WdfRequestRetrieveOutputWdmMdl(WDFREQUEST Request, PMDL *Mdl);

/* I/O queues: a device's default queue and what its callbacks receive. */
typedef enum _WDF_TRI_STATE {
	WdfFalse = 0,
	WdfTrue = 1,
	WdfUseDefault = 2,
} WDF_TRI_STATE;

typedef enum _WDF_IO_QUEUE_DISPATCH_TYPE {
	WdfIoQueueDispatchInvalid = 0,
	WdfIoQueueDispatchSequential,
	WdfIoQueueDispatchParallel,
	WdfIoQueueDispatchManual,
	WdfIoQueueDispatchMax,
} WDF_IO_QUEUE_DISPATCH_TYPE;

typedef VOID EVT_WDF_IO_QUEUE_IO_DEFAULT(WDFQUEUE Queue, WDFREQUEST Request);
typedef EVT_WDF_IO_QUEUE_IO_DEFAULT *PFN_WDF_IO_QUEUE_IO_DEFAULT;
typedef VOID EVT_WDF_IO_QUEUE_IO_READ(WDFQUEUE Queue, WDFREQUEST Request,
				      size_t Length);
typedef EVT_WDF_IO_QUEUE_IO_READ *PFN_WDF_IO_QUEUE_IO_READ;
typedef VOID EVT_WDF_IO_QUEUE_IO_WRITE(WDFQUEUE Queue, WDFREQUEST Request,
				       size_t Length);
typedef EVT_WDF_IO_QUEUE_IO_WRITE *PFN_WDF_IO_QUEUE_IO_WRITE;
typedef VOID EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL(WDFQUEUE Queue,
						WDFREQUEST Request,
						size_t OutputBufferLength,
						size_t InputBufferLength,
						ULONG IoControlCode);
typedef EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL *PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL;
typedef EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL;
typedef EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL
	*PFN_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL;
typedef VOID EVT_WDF_IO_QUEUE_IO_STOP(WDFQUEUE Queue, WDFREQUEST Request,
				      ULONG ActionFlags);
typedef EVT_WDF_IO_QUEUE_IO_STOP *PFN_WDF_IO_QUEUE_IO_STOP;
typedef VOID EVT_WDF_IO_QUEUE_IO_RESUME(WDFQUEUE Queue, WDFREQUEST Request);
typedef EVT_WDF_IO_QUEUE_IO_RESUME *PFN_WDF_IO_QUEUE_IO_RESUME;
typedef VOID EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE(WDFQUEUE Queue,
						   WDFREQUEST Request);
typedef EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE
	*PFN_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE;

typedef struct _WDF_IO_QUEUE_CONFIG {
	ULONG Size;
	WDF_IO_QUEUE_DISPATCH_TYPE DispatchType;
	WDF_TRI_STATE PowerManaged;
	BOOLEAN AllowZeroLengthRequests;
	BOOLEAN DefaultQueue;
	PFN_WDF_IO_QUEUE_IO_DEFAULT EvtIoDefault;
	PFN_WDF_IO_QUEUE_IO_READ EvtIoRead;
	PFN_WDF_IO_QUEUE_IO_WRITE EvtIoWrite;
	PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
	PFN_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL EvtIoInternalDeviceControl;
	PFN_WDF_IO_QUEUE_IO_STOP EvtIoStop;
	PFN_WDF_IO_QUEUE_IO_RESUME EvtIoResume;
	PFN_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE EvtIoCanceledOnQueue;
	union {
		struct {
			ULONG NumberOfPresentedRequests;
		} Parallel;
	} Settings;
	WDFDRIVER Driver;
} WDF_IO_QUEUE_CONFIG, *PWDF_IO_QUEUE_CONFIG;

static inline VOID
WDF_IO_QUEUE_CONFIG_INIT(PWDF_IO_QUEUE_CONFIG Config,
			 WDF_IO_QUEUE_DISPATCH_TYPE DispatchType)
{
	memset(Config, 0, sizeof(*Config));
	Config->Size = sizeof(*Config);
	Config->PowerManaged = WdfUseDefault;
	Config->DispatchType = DispatchType;
	if (DispatchType == WdfIoQueueDispatchParallel)
		Config->Settings.Parallel.NumberOfPresentedRequests = (ULONG)-1;
}

static inline VOID
WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(PWDF_IO_QUEUE_CONFIG Config,
				       WDF_IO_QUEUE_DISPATCH_TYPE DispatchType)
{
	WDF_IO_QUEUE_CONFIG_INIT(Config, DispatchType);
	Config->DefaultQueue = TRUE;
}

/* The request types of a queue's requests: IRP major function codes. */
typedef enum _WDF_REQUEST_TYPE {
	WdfRequestTypeCreate = 0x0,
	WdfRequestTypeClose = 0x2,
	WdfRequestTypeRead = 0x3,
	WdfRequestTypeWrite = 0x4,
	WdfRequestTypeDeviceControl = 0xE,
	WdfRequestTypeDeviceControlInternal = 0xF,
	WdfRequestTypeMax = 0x1C,
} WDF_REQUEST_TYPE;

typedef struct _WDF_REQUEST_PARAMETERS {
	USHORT Size;
	UCHAR MinorFunction;
	WDF_REQUEST_TYPE Type;
	union {
		struct {
			size_t Length;
			ULONG Key;
			LONGLONG DeviceOffset;
		} Read;
		struct {
			size_t Length;
			ULONG Key;
			LONGLONG DeviceOffset;
		} Write;
		struct {
			size_t OutputBufferLength;
			size_t InputBufferLength;
			ULONG IoControlCode;
			PVOID Type3InputBuffer;
		} DeviceIoControl;
		struct {
			PVOID Arg1;
			PVOID Arg2;
			ULONG IoControlCode;
			PVOID Arg4;
		} Others;
	} Parameters;
} WDF_REQUEST_PARAMETERS, *PWDF_REQUEST_PARAMETERS;

static inline VOID WDF_REQUEST_PARAMETERS_INIT(PWDF_REQUEST_PARAMETERS Parameters)
{
	memset(Parameters, 0, sizeof(*Parameters));
	Parameters->Size = sizeof(*Parameters);
}

typedef VOID EVT_WDF_REQUEST_CANCEL(WDFREQUEST Request);
typedef EVT_WDF_REQUEST_CANCEL *PFN_WDF_REQUEST_CANCEL;

NTSTATUS WdfIoQueueCreate(WDFDEVICE Device, PWDF_IO_QUEUE_CONFIG Config,
			  PWDF_OBJECT_ATTRIBUTES QueueAttributes, WDFQUEUE *Queue);
WDFDEVICE WdfIoQueueGetDevice(WDFQUEUE Queue);
VOID WdfIoQueuePurgeSynchronously(WDFQUEUE Queue);
VOID WdfRequestComplete(WDFREQUEST Request, NTSTATUS Status);
VOID WdfRequestCompleteWithInformation(WDFREQUEST Request, NTSTATUS Status,
				       SIZE_T Information);
VOID WdfRequestSetInformation(WDFREQUEST Request, SIZE_T Information);
SIZE_T WdfRequestGetInformation(WDFREQUEST Request);
VOID WdfRequestGetParameters(WDFREQUEST Request,
			     PWDF_REQUEST_PARAMETERS Parameters);
WDFQUEUE WdfRequestGetIoQueue(WDFREQUEST Request);
VOID WdfRequestMarkCancelable(WDFREQUEST Request,
			      PFN_WDF_REQUEST_CANCEL EvtRequestCancel);
NTSTATUS WdfRequestMarkCancelableEx(WDFREQUEST Request,
				    PFN_WDF_REQUEST_CANCEL EvtRequestCancel);
NTSTATUS WdfRequestUnmarkCancelable(WDFREQUEST Request);
BOOLEAN WdfRequestIsCanceled(WDFREQUEST Request);
ULONG MmGetMdlByteCount(PMDL Mdl);
ULONG MmGetMdlByteOffset(PMDL Mdl);
PVOID MmGetSystemAddressForMdlSafe(PMDL Mdl, ULONG Priority);

/* MmGetSystemAddressForMdlSafe's priorities: all behave alike here. */
#define LowPagePriority		0
#define NormalPagePriority	16
#define HighPagePriority	32
#define MdlMappingNoExecute	0x40000000

/* The calls whose creator is the calling module, as KMDF's globals. */
static inline NTSTATUS WdfObjectCreate(PWDF_OBJECT_ATTRIBUTES Attributes,
				       WDFOBJECT *Object)
{
	return wdf_kmdf_object_create(wdf_driver_globals, Attributes, Object);
}

static inline NTSTATUS WdfMemoryCreate(PWDF_OBJECT_ATTRIBUTES Attributes,
				       POOL_TYPE PoolType, ULONG PoolTag,
				       size_t BufferSize, WDFMEMORY *Memory,
				       PVOID *Buffer)
{
	return wdf_kmdf_memory_create(wdf_driver_globals, Attributes, PoolType,
				      PoolTag, BufferSize, Memory, Buffer);
}

static inline NTSTATUS
WdfMemoryCreatePreallocated(PWDF_OBJECT_ATTRIBUTES Attributes, PVOID Buffer,
			    size_t BufferSize, WDFMEMORY *Memory)
{
	return wdf_kmdf_memory_create_preallocated(wdf_driver_globals,
						   Attributes, Buffer,
						   BufferSize, Memory);
}

static inline NTSTATUS
WdfLookasideListCreate(PWDF_OBJECT_ATTRIBUTES LookasideAttributes,
		       size_t BufferSize, POOL_TYPE PoolType,
		       PWDF_OBJECT_ATTRIBUTES MemoryAttributes, ULONG PoolTag,
		       WDFLOOKASIDE *Lookaside)
{
	return wdf_kmdf_lookaside_create(wdf_driver_globals,
					 LookasideAttributes, BufferSize,
					 PoolType, MemoryAttributes, PoolTag,
					 Lookaside);
}

static inline PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType,
					  SIZE_T NumberOfBytes, ULONG Tag)
{
	return wdf_kmdf_pool_alloc(wdf_driver_globals, PoolType,
				   NumberOfBytes, Tag);
}

static inline PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes,
				    ULONG Tag)
{
	return wdf_kmdf_pool_alloc2(wdf_driver_globals, Flags, NumberOfBytes,
				    Tag);
}

#define WdfObjectReference(Handle) \
	WdfObjectReferenceActual(Handle, NULL, __LINE__, __FILE__)
#define WdfObjectReferenceWithTag(Handle, Tag) \
	WdfObjectReferenceActual(Handle, Tag, __LINE__, __FILE__)
#define WdfObjectDereference(Handle) \
	WdfObjectDereferenceActual(Handle, NULL, __LINE__, __FILE__)
#define WdfObjectDereferenceWithTag(Handle, Tag) \
	WdfObjectDereferenceActual(Handle, Tag, __LINE__, __FILE__)

#endif /* _WDF_KMDF_H */
