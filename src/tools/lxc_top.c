/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "arguments.h"
#include "lxc.h"

static struct {
	double delay;
	bool batch, reverse;
	char sort;
	long iterations;	/* 0: until stopped */
} opt = { .delay = 3, .sort = 'n' };

static const struct option longopts[] = {
	{ "delay", required_argument, NULL, 'd' },
	{ "batch", no_argument, NULL, 'b' },
	{ "sort", required_argument, NULL, 's' },
	{ "reverse", no_argument, NULL, 'r' },
	{ "iterations", required_argument, NULL, 'i' },
	{ NULL, 0, NULL, 0 },
};

static bool sort_key_valid(char c)
{
	return c == 'n' || c == 'c' || c == 'p' || c == 'm' || c == 'b';
}

static int parse(struct lxc_args *args, int c, const char *arg)
{
	char *end;

	switch (c) {
	case 'd':
		opt.delay = strtod(arg, &end);
		if (*arg == '\0' || *end || !(opt.delay >= 0.1) || opt.delay > 86400)
			return -1;
		return 0;
	case 'b':
		opt.batch = true;
		return 0;
	case 'r':
		opt.reverse = true;
		return 0;
	case 's':
		if (strlen(arg) != 1 || !sort_key_valid(arg[0]))
			return -1;
		opt.sort = arg[0];
		return 0;
	case 'i':
		opt.iterations = strtol(arg, &end, 10);
		if (*arg == '\0' || *end || opt.iterations < 1)
			return -1;
		return 0;
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "[-n NAME] [-d DELAY] [-b] [-s COLUMN] [-r] [-i COUNT]",
	.help = "Show the resource use of the running containers, refreshed every DELAY seconds.\n\n"
		"  -d, --delay=SECONDS    time between refreshes (default 3; fractions allowed)\n"
		"  -b, --batch            plain lines, one table per refresh, no terminal control\n"
		"  -s, --sort=COLUMN      sort by n (name, the default), c (CPU time), p (CPU %),\n"
		"                         m (memory) or b (block I/O); largest first but for n\n"
		"  -r, --reverse          reverse the order\n"
		"  -i, --iterations=COUNT stop after COUNT refreshes\n"
		"  -n, --name=NAME        show only this container\n\n"
		"On a terminal, keys: q quits; n, c, p, m, b sort; r reverses.\n",
	.shortopts = "d:bs:ri:",
	.longopts = longopts,
	.parse = parse,
	.name_optional = true,
};

struct row {
	char *name;
	lxc_state_t state;
	bool ok;		/* stats read */
	struct lxc_container_stats st;
	double cpu_pct;		/* < 0: unknown (first sample) */
};

/* The previous sample of each container, for CPU %. */
struct sample {
	char *name;
	uint64_t cpu_ns;
	bool has_cpu;
};

static struct sample *prev;
static size_t nprev;
static double prev_time;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t net_rx(const struct lxc_container_stats *st)
{
	uint64_t n = 0;

	for (size_t i = 0; i < st->nlinks; i++)
		n += st->links[i].rx_bytes;
	return n;
}

static uint64_t net_tx(const struct lxc_container_stats *st)
{
	uint64_t n = 0;

	for (size_t i = 0; i < st->nlinks; i++)
		n += st->links[i].tx_bytes;
	return n;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int compare(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int r;

	switch (opt.sort) {
	case 'c':
		r = -cmp_u64(a->st.cpu_ns, b->st.cpu_ns);
		break;
	case 'p':
		r = a->cpu_pct > b->cpu_pct ? -1 : a->cpu_pct < b->cpu_pct;
		break;
	case 'm':
		r = -cmp_u64(a->st.memory_bytes, b->st.memory_bytes);
		break;
	case 'b':
		r = -cmp_u64(a->st.blkio_bytes, b->st.blkio_bytes);
		break;
	default:
		r = 0;
	}
	if (r == 0)
		r = strcmp(a->name, b->name);
	return opt.reverse ? -r : r;
}

/* "12.3 MiB" in at most 10 columns. */
static const char *fmt_bytes(char *buf, size_t size, bool have, uint64_t n)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)n;
	size_t u = 0;

	if (!have) {
		snprintf(buf, size, "-");
		return buf;
	}
	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%llu B", (unsigned long long)n);
	else
		snprintf(buf, size, "%.1f %s", v, units[u]);
	return buf;
}

static void print_row(const char *name, const char *state, bool has_cpu, uint64_t cpu_ns,
		      double pct, bool has_mem, uint64_t mem, bool has_blk, uint64_t blk,
		      bool has_net, uint64_t rx, uint64_t tx)
{
	char cpu[32], cpup[32], m[32], b[32], r[32], t[32];

	if (has_cpu)
		snprintf(cpu, sizeof(cpu), "%.2f", (double)cpu_ns / 1e9);
	else
		snprintf(cpu, sizeof(cpu), "-");
	if (pct >= 0)
		snprintf(cpup, sizeof(cpup), "%.1f", pct);
	else
		snprintf(cpup, sizeof(cpup), "-");
	printf("%-24.24s %-9s %10s %7s %11s %11s %11s %11s\n", name, state, cpu, cpup,
	       fmt_bytes(m, sizeof(m), has_mem, mem), fmt_bytes(b, sizeof(b), has_blk, blk),
	       fmt_bytes(r, sizeof(r), has_net, rx), fmt_bytes(t, sizeof(t), has_net, tx));
}

static void free_rows(struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].name);
	free(rows);
}

/* Sample every running container; returns the number of rows or -errno. */
static int collect(const struct lxc_args *args, struct row **out)
{
	char **names = NULL;
	struct row *rows;
	double t = now_s(), elapsed = t - prev_time;
	struct sample *next;
	int n = lxc_list_running(args->lxcpath, &names);
	size_t k = 0;

	if (n < 0)
		return n;
	rows = calloc((size_t)n + 1, sizeof(*rows));
	next = calloc((size_t)n + 1, sizeof(*next));
	if (!rows || !next) {
		free(rows);
		free(next);
		for (int i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return -ENOMEM;
	}
	for (int i = 0; i < n; i++) {
		struct row *r = &rows[k];
		pid_t pid;

		if (args->name && strcmp(args->name, names[i]) != 0) {
			free(names[i]);
			continue;
		}
		r->name = names[i];
		r->cpu_pct = -1;
		if (lxc_container_get_state(r->name, args->lxcpath, &r->state, &pid) < 0 ||
		    r->state == LXC_STATE_STOPPED) {
			free(r->name);
			continue;
		}
		r->ok = lxc_container_get_stats(r->name, args->lxcpath, &r->st) == 0;
		if (r->ok && r->st.has_cpu) {
			for (size_t j = 0; j < nprev; j++)
				if (prev[j].has_cpu && strcmp(prev[j].name, r->name) == 0 &&
				    elapsed > 0 && r->st.cpu_ns >= prev[j].cpu_ns)
					r->cpu_pct = (double)(r->st.cpu_ns - prev[j].cpu_ns) / 1e9 /
						     elapsed * 100.0;
		}
		next[k].name = strdup(r->name);
		next[k].cpu_ns = r->st.cpu_ns;
		next[k].has_cpu = r->ok && r->st.has_cpu;
		k++;
	}
	free(names);
	for (size_t j = 0; j < nprev; j++)
		free(prev[j].name);
	free(prev);
	prev = next;
	nprev = k;
	prev_time = t;
	qsort(rows, k, sizeof(*rows), compare);
	*out = rows;
	return (int)k;
}

static void print_table(struct row *rows, size_t n)
{
	uint64_t cpu = 0, mem = 0, blk = 0, rx = 0, tx = 0;
	bool has_cpu = false, has_mem = false, has_blk = false, has_net = false, has_pct = false;
	double pct = 0;
	char label[32];

	printf("%-24s %-9s %10s %7s %11s %11s %11s %11s\n", "Container", "State", "CPU (s)",
	       "CPU %", "Memory", "BlkIO", "Net RX", "Net TX");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		const struct lxc_container_stats *st = &r->st;
		bool net = r->ok && st->nlinks > 0;

		print_row(r->name, lxc_state_name(r->state), r->ok && st->has_cpu, st->cpu_ns,
			  r->cpu_pct, r->ok && st->has_memory, st->memory_bytes,
			  r->ok && st->has_blkio, st->blkio_bytes, net, net_rx(st), net_tx(st));
		if (!r->ok)
			continue;
		if (st->has_cpu) {
			has_cpu = true;
			cpu += st->cpu_ns;
		}
		if (r->cpu_pct >= 0) {
			has_pct = true;
			pct += r->cpu_pct;
		}
		if (st->has_memory) {
			has_mem = true;
			mem += st->memory_bytes;
		}
		if (st->has_blkio) {
			has_blk = true;
			blk += st->blkio_bytes;
		}
		if (net) {
			has_net = true;
			rx += net_rx(st);
			tx += net_tx(st);
		}
	}
	snprintf(label, sizeof(label), "TOTAL (%zu)", n);
	print_row(label, "", has_cpu, cpu, has_pct ? pct : -1, has_mem, mem, has_blk, blk, has_net,
		  rx, tx);
}

static struct termios saved_tio;
static bool tio_saved;

/* Async-signal-safe: also called from the signal handler. */
static void restore_terminal(void)
{
	static const char show_cursor[] = "\033[?25h";

	if (tio_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	tio_saved = false;
	(void)!write(STDOUT_FILENO, show_cursor, sizeof(show_cursor) - 1);
}

static void flush_and_restore(void)
{
	fflush(stdout);
	restore_terminal();
}

static void on_signal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void setup_terminal(void)
{
	struct termios tio;

	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
		tio = saved_tio;
		tio.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		tio.c_cc[VMIN] = 0;
		tio.c_cc[VTIME] = 0;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0)
			tio_saved = true;
	}
	atexit(flush_and_restore);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	fputs("\033[?25l", stdout);
}

/* Wait for the next refresh; false when the user asked to quit. */
static bool wait_next(bool interactive)
{
	double deadline = now_s() + opt.delay;

	for (;;) {
		double left = deadline - now_s();
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		char c;

		if (left <= 0)
			return true;
		if (!interactive || !tio_saved) {
			struct timespec ts = { (time_t)left, (long)((left - (double)(time_t)left) * 1e9) };

			nanosleep(&ts, NULL);
			return true;
		}
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		if (read(STDIN_FILENO, &c, 1) != 1)
			continue;
		if (c == 'q')
			return false;
		if (c == 'r') {
			opt.reverse = !opt.reverse;
			return true;
		}
		if (sort_key_valid(c)) {
			opt.sort = c;
			return true;
		}
	}
}

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	bool interactive;
	long done = 0;

	args_parse(&args, &spec, argc, argv);
	interactive = !opt.batch && isatty(STDOUT_FILENO);
	if (interactive)
		setup_terminal();
	prev_time = now_s();
	for (;;) {
		struct row *rows = NULL;
		int n = collect(&args, &rows);

		if (n < 0) {
			fflush(stdout);
			tool_error_lib(&args, n);
			return 1;
		}
		if (interactive)
			/* Home and clear: the table refreshes in place. */
			fputs("\033[H\033[J", stdout);
		else if (done > 0)
			putchar('\n');
		print_table(rows, (size_t)n);
		fflush(stdout);
		free_rows(rows, (size_t)n);
		if (++done == opt.iterations)
			break;
		if (!wait_next(interactive))
			break;
	}
	return 0;
}
