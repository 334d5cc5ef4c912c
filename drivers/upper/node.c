// SPDX-License-Identifier: GPL-2.0
/* The device node of wdfmem_edu's ABI, built into this module too. */
#include "../edu/node.c"
