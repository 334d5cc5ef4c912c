/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem: the KMDF memory-buffer model on Linux.  Include this header.
 *
 * Status codes.  KMDF's NTSTATUS results map to errno as follows:
 *
 *   STATUS_SUCCESS                        0
 *   STATUS_INVALID_PARAMETER              -EINVAL
 *   STATUS_INSUFFICIENT_RESOURCES         -ENOMEM
 *   STATUS_BUFFER_TOO_SMALL               -EOVERFLOW
 *   STATUS_INVALID_BUFFER_SIZE            -EOVERFLOW
 *   STATUS_INTEGER_OVERFLOW               -EOVERFLOW
 *   STATUS_ACCESS_VIOLATION               -EACCES
 *   STATUS_DELETE_PENDING                 -ESHUTDOWN
 *   STATUS_INVALID_DEVICE_REQUEST         -EOPNOTSUPP
 *   STATUS_CANNOT_DELETE                  -EPERM
 *
 * What KMDF answers with a WDF_VIOLATION bugcheck (a NULL required
 * argument, an object of the wrong type, dropping the creation reference of
 * a live object) never crashes here: the framework prints a "wdfmem:
 * misuse:" line, counts it in the "warnings" statistic, returns -EINVAL and
 * changes nothing.
 *
 * A driver ported from KMDF can include <wdf/kmdf.h> instead: KMDF's names
 * over this API, returning each call's exact NTSTATUS.
 */
#ifndef _WDF_WDF_H
#define _WDF_WDF_H

#include <wdf/object.h>
#include <wdf/memory.h>
#include <wdf/lookaside.h>
#include <wdf/align.h>
#include <wdf/stats.h>
#include <wdf/mdl.h>
#include <wdf/descriptor.h>
#include <wdf/device.h>
#include <wdf/request.h>
#include <wdf/queue.h>
#include <wdf/iotarget.h>
#include <wdf/dma.h>

#endif /* _WDF_WDF_H */
