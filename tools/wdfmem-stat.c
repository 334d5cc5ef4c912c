// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem-stat: the framework's statistics from debugfs, as tables or JSON.
 *
 *   wdfmem-stat [--json] [--watch N [--count K]] [--root DIR]
 *
 * Reads DIR/wdfmem/{stats,lookasides,tags,features} and the counters of
 * every edu device under DIR/wdfmem_edu/ (DIR: /sys/kernel/debug).
 * Exit status: 0, 1 when the statistics cannot be read (debugfs not
 * mounted, wdfmem not loaded), 2 for a bad command line.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAXF	16	/* fields of a line */
#define MAXL	256	/* lines of a file */

struct line {
	int n;
	char *f[MAXF];
};

struct table {
	int n;
	struct line l[MAXL];
	char *text;
};

static const char *root = "/sys/kernel/debug";
static int json;

static void usage(FILE *to)
{
	fprintf(to,
		"Usage: wdfmem-stat [--json] [--watch N [--count K]] [--root DIR]\n"
		"Print wdfmem's statistics from debugfs: objects live and created by type,\n"
		"buffer bytes, rejected copies, misuse warnings, DMA bytes mapped and bounced\n"
		"(by reason), lookaside lists, pool tags, the kernel features the framework\n"
		"found, and the counters of each edu device.\n"
		"  --json       one JSON object instead of tables\n"
		"  --watch N    print again every N seconds (until interrupted)\n"
		"  --count K    with --watch, stop after K prints\n"
		"  --root DIR   debugfs mount point (default /sys/kernel/debug)\n"
		"  --help       this text\n"
		"Exit status: 0; 1 if debugfs is not mounted or wdfmem is not loaded;\n"
		"2 for a bad command line.\n");
}

/* Read a file and split it into lines of whitespace-separated fields. */
static int load(struct table *t, const char *dir, const char *name)
{
	char path[512];
	size_t cap = 4096, len = 0;
	FILE *f;
	char *p, *save;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	t->n = 0;
	t->text = NULL;
	f = fopen(path, "r");
	if (!f)
		return -1;
	t->text = malloc(cap + 1);
	while (t->text) {
		size_t got = fread(t->text + len, 1, cap - len, f);

		len += got;
		if (len < cap)
			break;
		cap *= 2;
		p = realloc(t->text, cap + 1);
		if (!p) {
			free(t->text);
			t->text = NULL;
		} else {
			t->text = p;
		}
	}
	fclose(f);
	if (!t->text)
		return -1;
	t->text[len] = '\0';
	for (p = strtok_r(t->text, "\n", &save); p && t->n < MAXL;
	     p = strtok_r(NULL, "\n", &save)) {
		struct line *l = &t->l[t->n++];
		char *s2, *w;

		l->n = 0;
		for (w = strtok_r(p, " \t", &s2); w && l->n < MAXF;
		     w = strtok_r(NULL, " \t", &s2))
			l->f[l->n++] = w;
	}
	return 0;
}

static void unload(struct table *t)
{
	free(t->text);
	t->text = NULL;
	t->n = 0;
}

static int debugfs_mounted(void)
{
	char line[512];
	int found = 0;
	FILE *f = fopen("/proc/mounts", "r");

	while (f && !found && fgets(line, sizeof(line), f))
		found = !!strstr(line, " debugfs ");
	if (f)
		fclose(f);
	return found;
}

/* Why the statistics cannot be read, for the one line printed on error. */
static const char *why_unavailable(const char *dir)
{
	struct stat st;

	if (!strcmp(root, "/sys/kernel/debug") && !debugfs_mounted())
		return "debugfs is not mounted (mount -t debugfs none /sys/kernel/debug)";
	if (stat(root, &st))
		return "the debugfs directory does not exist";
	if (stat(dir, &st))
		return "wdfmem is not loaded (no wdfmem directory in debugfs): modprobe wdfmem";
	return "the statistics files cannot be read (run as root)";
}

static void jstr(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

/* A row of a table file whose header is @hdr, printed as a JSON object. */
static void jrow(const struct line *hdr, const struct line *l, int first_str)
{
	int i;

	printf("{");
	for (i = 0; i < hdr->n && i < l->n; i++) {
		printf("%s", i ? ", " : "");
		jstr(hdr->f[i]);
		printf(": ");
		if (i < first_str)
			jstr(l->f[i]);
		else
			printf("%s", l->f[i]);
	}
	printf("}");
}

static void print_stats(const struct table *st)
{
	int i, first = 1;

	if (json) {
		printf("\"objects\": {");
		for (i = 1; i < st->n && st->l[i].n == 3; i++) {
			printf("%s", first ? "" : ", ");
			jstr(st->l[i].f[0]);
			printf(": {\"live\": %s, \"total\": %s}", st->l[i].f[1],
			       st->l[i].f[2]);
			first = 0;
		}
		printf("}, \"counters\": {");
		first = 1;
		for (; i < st->n; i++) {
			if (st->l[i].n != 2)
				continue;
			printf("%s", first ? "" : ", ");
			jstr(st->l[i].f[0]);
			printf(": %s", st->l[i].f[1]);
			first = 0;
		}
		printf("}");
		return;
	}
	printf("%-16s %12s %12s\n", "objects", "live", "total");
	for (i = 1; i < st->n && st->l[i].n == 3; i++)
		printf("%-16s %12s %12s\n", st->l[i].f[0], st->l[i].f[1],
		       st->l[i].f[2]);
	printf("\n%-32s %16s\n", "counter", "value");
	for (; i < st->n; i++)
		if (st->l[i].n == 2)
			printf("%-32s %16s\n", st->l[i].f[0], st->l[i].f[1]);
}

/* A file with a header line and rows: lookasides, tags. */
static void print_rows(const char *name, const struct table *t, int strs,
		       int width)
{
	int i, j;

	if (json) {
		printf(", ");
		jstr(name);
		printf(": [");
		for (i = 1; i < t->n; i++) {
			printf("%s", i > 1 ? ", " : "");
			jrow(&t->l[0], &t->l[i], strs);
		}
		printf("]");
		return;
	}
	printf("\n%s\n", name);
	for (i = 0; i < t->n; i++) {
		for (j = 0; j < t->l[i].n; j++)
			printf(j < strs ? "%s%-*s" : "%s%*s", j ? " " : "",
			       j < strs ? width : 12, t->l[i].f[j]);
		printf("\n");
	}
	if (t->n <= 1)
		printf("(none)\n");
}

static void print_features(const struct table *t)
{
	int i;

	if (json) {
		printf(", \"features\": {");
		for (i = 0; i < t->n; i++) {
			printf("%s", i ? ", " : "");
			jstr(t->l[i].f[0]);
			printf(": %s", t->l[i].n > 1 && !strcmp(t->l[i].f[1], "yes") ?
			       "true" : "false");
		}
		printf("}");
		return;
	}
	printf("\nfeatures:");
	for (i = 0; i < t->n; i++)
		printf(" %s=%s", t->l[i].f[0], t->l[i].n > 1 ? t->l[i].f[1] : "?");
	printf("\n");
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every edu device's counters: one one-number file each. */
static void print_edu(void)
{
	char dir[512], path[800], val[64];
	struct dirent **dev = NULL, **ctr;
	int nd, nc, i, j, first_dev = 1, first;

	snprintf(dir, sizeof(dir), "%s/wdfmem_edu", root);
	nd = scandir(dir, &dev, NULL, by_name);
	printf(json ? ", \"edu\": {" : "\nedu devices\n");
	for (i = 0; i < nd; i++) {
		if (dev[i]->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, dev[i]->d_name);
		nc = scandir(path, &ctr, NULL, by_name);
		first = 1;
		if (json) {
			printf("%s", first_dev ? "" : ", ");
			first_dev = 0;
			jstr(dev[i]->d_name);
			printf(": {");
		} else {
			printf("%s\n", dev[i]->d_name);
		}
		for (j = 0; j < nc; j++) {
			char file[1200];
			FILE *f;

			if (ctr[j]->d_name[0] == '.')
				goto next;
			snprintf(file, sizeof(file), "%s/%s", path, ctr[j]->d_name);
			f = fopen(file, "r");
			val[0] = '\0';
			if (f && fgets(val, sizeof(val), f))
				val[strcspn(val, "\n")] = '\0';
			if (f)
				fclose(f);
			if (json) {
				printf("%s", first ? "" : ", ");
				first = 0;
				jstr(ctr[j]->d_name);
				printf(": %s", val[0] ? val : "null");
			} else {
				printf("  %-30s %16s\n", ctr[j]->d_name, val);
			}
next:
			free(ctr[j]);
		}
		if (nc >= 0)
			free(ctr);
		if (json)
			printf("}");
	}
	for (i = 0; i < nd; i++)
		free(dev[i]);
	if (nd >= 0)
		free(dev);
	if (json)
		printf("}");
	else if (nd <= 2)
		printf("(none: wdfmem_edu is not loaded)\n");
}

static int show(void)
{
	static struct table st, la, tags, feat;
	char dir[512];

	snprintf(dir, sizeof(dir), "%s/wdfmem", root);
	if (load(&st, dir, "stats")) {
		fprintf(stderr, "wdfmem-stat: %s\n", why_unavailable(dir));
		return 1;
	}
	load(&la, dir, "lookasides");
	load(&tags, dir, "tags");
	load(&feat, dir, "features");
	if (json) {
		printf("{");
		print_stats(&st);
		print_rows("lookasides", &la, 1, 0);
		print_rows("tags", &tags, 2, 0);
		print_features(&feat);
		print_edu();
		printf("}\n");
	} else {
		printf("wdfmem statistics (%s)\n", dir);
		print_stats(&st);
		print_rows("lookaside lists", &la, 1, 24);
		print_rows("pool tags", &tags, 2, 8);
		print_features(&feat);
		print_edu();
	}
	unload(&st);
	unload(&la);
	unload(&tags);
	unload(&feat);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	long watch = 0, count = 0, n;
	int i, ret;

	for (i = 1; i < argc; i++) {
		char *end;

		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "--root") && i + 1 < argc) {
			root = argv[++i];
		} else if ((!strcmp(argv[i], "--watch") ||
			    !strcmp(argv[i], "--count")) && i + 1 < argc) {
			n = strtol(argv[i + 1], &end, 10);
			if (*end || n <= 0 || n > 86400) {
				fprintf(stderr, "wdfmem-stat: %s wants a number from 1 to 86400\n",
					argv[i]);
				return 2;
			}
			if (!strcmp(argv[i++], "--watch"))
				watch = n;
			else
				count = n;
		} else {
			fprintf(stderr, "wdfmem-stat: unknown argument %s\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (count && !watch) {
		fprintf(stderr, "wdfmem-stat: --count needs --watch\n");
		return 2;
	}
	for (n = 1;; n++) {
		ret = show();
		if (ret || !watch || (count && n >= count))
			return ret;
		sleep(watch);
		if (!json)
			printf("\n");
	}
}
