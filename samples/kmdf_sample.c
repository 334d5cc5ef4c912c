// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_kmdf_sample: a driver's buffer code written the way a KMDF
 * developer writes it, against <wdf/kmdf.h>.  It keeps a pool of packets in
 * a lookaside list, each packet a memory object with a typed context and a
 * trailer memory object parented to it; a header object; a scratch buffer
 * from ExAllocatePool2; writes through WDF_MEMORY_DESCRIPTORs; and checks
 * every status with NT_SUCCESS.
 *
 * Everything between the two "Linux" markers is KMDF code: no Linux call in
 * it.  Outside them: module_init/module_exit, and DbgPrint as printk.
 */

#include <linux/module.h>
#include <wdf/kmdf.h>

/* ---- Linux: the log and the driver object ---------------------------- */
#define DbgPrint(fmt, ...) pr_info("wdfmem-kmdf-sample: " fmt, ##__VA_ARGS__)
#define KdPrint(_x_) DbgPrint _x_

WDF_DRIVER_GLOBALS();
/* ---- end of Linux ---------------------------------------------------- */

#define SAMPLE_TAG	('lpmS')	/* poolmon shows "Smpl" */
#define HEADER_SIZE	16
#define PACKET_SIZE	256
#define TRAILER_SIZE	32
#define PACKET_COUNT	4

typedef struct _SAMPLE_DEVICE_CONTEXT {
	WDFLOOKASIDE PacketList;
	WDFMEMORY Header;
	PUCHAR Scratch;
	ULONG PacketsBuilt;
} SAMPLE_DEVICE_CONTEXT, *PSAMPLE_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SAMPLE_DEVICE_CONTEXT,
				   SampleGetDeviceContext)

typedef struct _PACKET_CONTEXT {
	ULONG Sequence;
	WDFMEMORY Trailer;
} PACKET_CONTEXT, *PPACKET_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE(PACKET_CONTEXT)

static WDFOBJECT SampleRoot;

static VOID SampleEvtPacketCleanup(WDFOBJECT Object)
{
	PPACKET_CONTEXT packet = WdfObjectGet_PACKET_CONTEXT(Object);

	KdPrint(("packet %u cleaned up, its trailer with it\n",
		 packet->Sequence));
}

static VOID SampleEvtRootCleanup(WDFOBJECT Object)
{
	PSAMPLE_DEVICE_CONTEXT ctx = SampleGetDeviceContext(Object);

	if (ctx->Scratch) {
		ExFreePoolWithTag(ctx->Scratch, SAMPLE_TAG);
		ctx->Scratch = NULL;
	}
	KdPrint(("root cleaned up last, after its %u packets\n",
		 ctx->PacketsBuilt));
}

/* Write Length bytes to whatever the descriptor describes. */
static NTSTATUS SampleWriteDescriptor(PWDF_MEMORY_DESCRIPTOR Descriptor,
				      PVOID Data, size_t Length)
{
	size_t offset = 0;

	switch (Descriptor->Type) {
	case WdfMemoryDescriptorTypeBuffer:
		if (Length > Descriptor->u.BufferType.Length)
			return STATUS_BUFFER_TOO_SMALL;
		RtlCopyMemory(Descriptor->u.BufferType.Buffer, Data, Length);
		return STATUS_SUCCESS;
	case WdfMemoryDescriptorTypeHandle:
		if (Descriptor->u.HandleType.Offsets)
			offset = Descriptor->u.HandleType.Offsets->BufferOffset;
		return WdfMemoryCopyFromBuffer(Descriptor->u.HandleType.Memory,
					       offset, Data, Length);
	default:
		return STATUS_INVALID_PARAMETER;
	}
}

static NTSTATUS SampleBuildPacket(PSAMPLE_DEVICE_CONTEXT ctx, PCSTR Payload,
				  size_t PayloadLength, WDFMEMORY *Packet)
{
	WDFMEMORY_OFFSET payloadWindow = { HEADER_SIZE, 0 };
	WDF_OBJECT_ATTRIBUTES trailerAttributes;
	WDF_MEMORY_DESCRIPTOR descriptor;
	UCHAR header[HEADER_SIZE];
	PPACKET_CONTEXT packet;
	WDFMEMORY memory;
	PUCHAR trailer;
	NTSTATUS status;

	status = WdfMemoryCreateFromLookaside(ctx->PacketList, &memory);
	if (!NT_SUCCESS(status))
		return status;
	packet = WdfObjectGet_PACKET_CONTEXT(memory);
	packet->Sequence = ++ctx->PacketsBuilt;

	/* The header template, then the payload after it. */
	status = WdfMemoryCopyToBuffer(ctx->Header, 0, header, HEADER_SIZE);
	if (NT_SUCCESS(status)) {
		header[HEADER_SIZE - 1] = (UCHAR)packet->Sequence;
		WDF_MEMORY_DESCRIPTOR_INIT_HANDLE(&descriptor, memory, NULL);
		status = SampleWriteDescriptor(&descriptor, header,
					       HEADER_SIZE);
	}
	if (NT_SUCCESS(status)) {
		WDF_MEMORY_DESCRIPTOR_INIT_HANDLE(&descriptor, memory,
						  &payloadWindow);
		status = SampleWriteDescriptor(&descriptor, (PVOID)Payload,
					       PayloadLength);
	}

	/* A trailer that lives and dies with its packet. */
	if (NT_SUCCESS(status)) {
		WDF_OBJECT_ATTRIBUTES_INIT(&trailerAttributes);
		trailerAttributes.ParentObject = memory;
		status = WdfMemoryCreate(&trailerAttributes, NonPagedPoolNx,
					 SAMPLE_TAG, TRAILER_SIZE,
					 &packet->Trailer, (PVOID *)&trailer);
	}
	if (!NT_SUCCESS(status)) {
		WdfObjectDelete(memory);
		return status;
	}
	RtlFillMemory(trailer, TRAILER_SIZE, 0xEE);
	*Packet = memory;
	return STATUS_SUCCESS;
}

static NTSTATUS SampleDriverEntry(VOID)
{
	static const CHAR payload[] = "bytes in a KMDF memory object";
	WDF_OBJECT_ATTRIBUTES attributes, packetAttributes;
	WDFMEMORY packets[PACKET_COUNT];
	PSAMPLE_DEVICE_CONTEXT ctx;
	UCHAR probe[8];
	PUCHAR header;
	NTSTATUS status;
	ULONG i;

	WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes,
						SAMPLE_DEVICE_CONTEXT);
	attributes.EvtCleanupCallback = SampleEvtRootCleanup;
	status = WdfObjectCreate(&attributes, &SampleRoot);
	if (!NT_SUCCESS(status))
		return status;
	ctx = SampleGetDeviceContext(SampleRoot);

	WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
	attributes.ParentObject = SampleRoot;
	status = WdfMemoryCreate(&attributes, NonPagedPoolNx, SAMPLE_TAG,
				 HEADER_SIZE, &ctx->Header, (PVOID *)&header);
	if (!NT_SUCCESS(status))
		return status;
	RtlZeroMemory(header, HEADER_SIZE);
	RtlCopyMemory(header, "WDFPKT", 6);

	WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&packetAttributes,
						PACKET_CONTEXT);
	packetAttributes.ParentObject = SampleRoot;
	packetAttributes.EvtCleanupCallback = SampleEvtPacketCleanup;
	status = WdfLookasideListCreate(&attributes, PACKET_SIZE,
					NonPagedPoolNx, &packetAttributes,
					SAMPLE_TAG, &ctx->PacketList);
	if (!NT_SUCCESS(status))
		return status;

	ctx->Scratch = ExAllocatePool2(POOL_FLAG_NON_PAGED,
				       WDF_ALIGN_SIZE_UP(37, 16), SAMPLE_TAG);
	if (!ctx->Scratch)
		return STATUS_INSUFFICIENT_RESOURCES;

	for (i = 0; i < PACKET_COUNT; i++) {
		status = SampleBuildPacket(ctx, payload, sizeof(payload),
					   &packets[i]);
		if (!NT_SUCCESS(status))
			return status;
	}
	status = WdfMemoryCopyToBuffer(packets[2], HEADER_SIZE, probe,
				       sizeof(probe));
	KdPrint(("%u packets of %u bytes from a lookaside list: 0x%08X, packet 3 reads \"%.8s\"\n",
		 ctx->PacketsBuilt, PACKET_SIZE, status, probe));

	/* Two copies past the end, and the status each direction gives. */
	status = WdfMemoryCopyToBuffer(packets[0], PACKET_SIZE - 4, probe,
				       sizeof(probe));
	KdPrint(("WdfMemoryCopyToBuffer past the end: 0x%08X (STATUS_BUFFER_TOO_SMALL)\n",
		 status));
	status = WdfMemoryCopyFromBuffer(packets[0], PACKET_SIZE - 4, probe,
					 sizeof(probe));
	KdPrint(("WdfMemoryCopyFromBuffer past the end: 0x%08X (STATUS_INVALID_BUFFER_SIZE)\n",
		 status));
	KdPrint(("scratch buffer of WDF_ALIGN_SIZE_UP(37, 16) = %zu zeroed bytes: %s\n",
		 WDF_ALIGN_SIZE_UP(37, 16),
		 ctx->Scratch[0] == 0 && ctx->Scratch[47] == 0 ? "yes" : "no"));

	/* One packet back to the list; the rest stay for the statistics. */
	WdfObjectDelete(packets[0]);
	return STATUS_SUCCESS;
}

/* ---- Linux: load and unload ------------------------------------------ */
static int __init kmdf_sample_init(void)
{
	NTSTATUS status;
	int ret = wdf_driver_init();

	if (ret)
		return ret;
	status = SampleDriverEntry();
	if (!NT_SUCCESS(status)) {
		KdPrint(("DriverEntry failed: 0x%08X\n", status));
		wdf_driver_exit();
		return wdf_ntstatus_to_errno(status);
	}
	return 0;
}

static void __exit kmdf_sample_exit(void)
{
	WdfObjectDelete(SampleRoot);
	wdf_driver_exit();
}

module_init(kmdf_sample_init);
module_exit(kmdf_sample_exit);
MODULE_DESCRIPTION("wdfmem: a driver's buffer code in KMDF's names");
MODULE_LICENSE("GPL");
/* ---- end of Linux ---------------------------------------------------- */
