// SPDX-License-Identifier: GPL-2.0
/*
 * tbprof: a QEMU TCG plugin that counts the guest instructions each
 * translation block runs, between two executions of one guest address.
 *
 *   -plugin tbprof.so,mark=0xADDR,out=FILE
 *
 * The first time the block at ADDR runs, every count is zeroed; the second
 * time, the counts are written to FILE, one "vaddr instructions executions"
 * line per block that ran; later marks change nothing.  qemu/profile.sh marks the
 * window with the sync(2) system call and names the blocks' functions.
 *
 * tbprof.h declares the part of QEMU's plugin interface (version 1, QEMU
 * 7.2) it uses; QEMU resolves those symbols when it loads the plugin.
 */

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#include "tbprof.h"

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* One block: its address and length; a block retranslated shares it. */
struct block {
	unsigned long long vaddr;
	unsigned long long insns;
	unsigned long long runs;
	struct block *next;
};

#define BUCKETS	65536

static struct block *table[BUCKETS];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long mark;
static const char *out_path;
static int marks_seen;

static struct block *block_get(unsigned long long vaddr,
			       unsigned long long insns)
{
	unsigned int h = (unsigned int)((vaddr ^ insns * 0x9e37) >> 2) &
			 (BUCKETS - 1);
	struct block *b;

	for (b = table[h]; b; b = b->next)
		if (b->vaddr == vaddr && b->insns == insns)
			return b;
	b = calloc(1, sizeof(*b));
	if (!b)
		abort();
	b->vaddr = vaddr;
	b->insns = insns;
	b->next = table[h];
	table[h] = b;
	return b;
}

static void dump(void)
{
	FILE *f = fopen(out_path, "w");
	struct block *b;
	unsigned int h;

	if (!f) {
		perror(out_path);
		return;
	}
	for (h = 0; h < BUCKETS; h++)
		for (b = table[h]; b; b = b->next)
			if (b->runs)
				fprintf(f, "%llx %llu %llu\n", b->vaddr,
					b->insns, b->runs);
	fclose(f);
}

static void on_mark(unsigned int vcpu, void *data)
{
	struct block *b;
	unsigned int h;

	pthread_mutex_lock(&table_lock);
	marks_seen++;
	if (marks_seen == 1) {
		for (h = 0; h < BUCKETS; h++)
			for (b = table[h]; b; b = b->next)
				b->runs = 0;
	} else if (marks_seen == 2) {
		dump();
	}
	pthread_mutex_unlock(&table_lock);
}

static void on_translate(unsigned long long id, struct qemu_plugin_tb *tb)
{
	unsigned long long vaddr = qemu_plugin_tb_vaddr(tb);
	struct block *b;

	pthread_mutex_lock(&table_lock);
	b = block_get(vaddr, qemu_plugin_tb_n_insns(tb));
	pthread_mutex_unlock(&table_lock);
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &b->runs, 1);
	if (vaddr == mark)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, on_mark,
						     QEMU_PLUGIN_CB_NO_REGS,
						     NULL);
}

__attribute__((visibility("default")))
int qemu_plugin_install(unsigned long long id, const struct qemu_info_t *info,
			int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "mark=", 5))
			mark = strtoull(argv[i] + 5, NULL, 0);
		else if (!strncmp(argv[i], "out=", 4))
			out_path = argv[i] + 4;
	}
	if (!mark || !out_path) {
		fprintf(stderr, "tbprof: mark=0xADDR and out=FILE are required\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	return 0;
}
