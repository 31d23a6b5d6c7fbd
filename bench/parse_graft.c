/* parse_graft: the parse workload of parse_raw, through graft's library (walk, sources, parsers).
 */

/*
 * usage: parse_graft [-l LANG] [-j N] [-r R] [-m walk|parse|both] [-u] [-v] DIR...
 *
 * Two measurements, each repeated R times (default 3), median reported:
 *
 *   walk   gf_walk over DIR... with read_full and N worker threads (-j, 0 =
 *          every online CPU, the default): each worker owns a gf_parser;
 *          each file becomes a gf_source (gf_source_init_mem) parsed with
 *          gf_parse, its tree deleted at once. Includes walking, ignore
 *          rules, reading and language detection: what `graft` pays.
 *   parse  the files are first read into gf_sources (outside the clock),
 *          then parsed with gf_parse in a loop on one thread with one
 *          gf_parser. This is like for like with parse_raw, whose figure
 *          it must stay within 5% of.
 *
 * -l keeps only the files of one language (as parse_raw -l does; without
 * it every file with a detected language is parsed); -u ignores
 * .gitignore/.ignore files. The size limit is raised to 1 GiB so that large
 * generated files (typescript.js is 8.9 MB) count as they do in parse_raw.
 * Prints one line per measurement:
 *
 *     bytes files seconds MB/s mode threads
 *
 * (MB = 10^6 bytes). -v prints every round to stderr.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tree_sitter/api.h>

#include "graft/graft.h"

#define MAX_FILESIZE ((size_t)1 << 30)

typedef struct bench {
    gf_walk_opts opts;
    int verbose;
    /* Walk mode: totals of one round, updated by the workers. */
    atomic_size_t bytes, files, failed;
    size_t skipped; /* files emit saw with an error; calling thread only */
    /* Parse mode: the sources, read once. */
    gf_source *srcs;
    size_t nsrcs, capsrcs;
} bench;

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "parse_graft: out of memory\n");
        exit(2);
    }
    return p;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts t[0..n) and returns its median. */
static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

static void warn_fn(void *user, const gf_error *w)
{
    fprintf(stderr, "parse_graft: warning: %s\n", w->message);
}

/* Reports a per-file error; the first few only, then a count at the end. */
static void note_skip(bench *b, const gf_error *err)
{
    if (b->skipped++ < 5)
        fprintf(stderr, "parse_graft: skipped: %s\n", err->message);
}

static void *worker_new(void *user)
{
    return gf_parser_new_batch();
}

static void worker_free(void *user, void *worker)
{
    gf_parser_delete(worker);
}

/* Runs on a worker thread: one file, one source, one tree. */
static void visit_parse(void *user, void *worker, const gf_walk_file *f, struct gf_buf *out)
{
    bench *b = user;
    if (!f->lang)
        return;
    gf_source s = GF_SOURCE_INIT;
    gf_source_init_mem(&s, f->path, f->data, f->len);
    s.lang = f->lang;
    TSTree *tree = NULL;
    gf_error err = GF_ERROR_INIT;
    if (gf_parse(worker, &s, &tree, &err) == 0) {
        gf_tree_delete(tree);
        atomic_fetch_add(&b->bytes, f->len);
        atomic_fetch_add(&b->files, 1);
    } else {
        atomic_fetch_add(&b->failed, 1);
    }
    gf_source_release(&s);
}

static int emit_walk(void *user, const gf_walk_file *f, const struct gf_buf *out,
                     const gf_error *err)
{
    if (err)
        note_skip(user, err);
    return 0;
}

/* Parse mode, first step: reads every selected file into a gf_source, on
 * the calling thread, in path order. */
static int emit_load(void *user, const gf_walk_file *f, const struct gf_buf *out,
                     const gf_error *err)
{
    bench *b = user;
    if (err) {
        note_skip(b, err);
        return 0;
    }
    if (!f->lang)
        return 0;
    if (b->nsrcs == b->capsrcs) {
        b->capsrcs = b->capsrcs ? 2 * b->capsrcs : 1024;
        b->srcs = xrealloc(b->srcs, b->capsrcs * sizeof *b->srcs);
    }
    gf_source *s = &b->srcs[b->nsrcs];
    *s = (gf_source)GF_SOURCE_INIT;
    gf_error e = GF_ERROR_INIT;
    if (gf_source_read(s, f->path, MAX_FILESIZE, &e) != 0) {
        note_skip(b, &e);
        return 0;
    }
    s->lang = f->lang;
    b->nsrcs++;
    return 0;
}

static int run_walk(bench *b, int repeats)
{
    gf_walk_visitor v = {worker_new, worker_free, visit_parse, emit_walk, b};
    double *t = xrealloc(NULL, (size_t)repeats * sizeof *t);
    size_t bytes = 0, files = 0;
    for (int r = 0; r < repeats; r++) {
        atomic_store(&b->bytes, 0);
        atomic_store(&b->files, 0);
        atomic_store(&b->failed, 0);
        b->skipped = 0;
        gf_error err = GF_ERROR_INIT;
        double t0 = now();
        int rc = gf_walk(&b->opts, &v, warn_fn, NULL, NULL, &err);
        t[r] = now() - t0;
        if (rc != 0) {
            fprintf(stderr, "parse_graft: %s\n", err.message);
            return 1;
        }
        bytes = atomic_load(&b->bytes);
        files = atomic_load(&b->files);
        if (atomic_load(&b->failed)) {
            fprintf(stderr, "parse_graft: %zu files failed to parse\n", atomic_load(&b->failed));
            return 1;
        }
        if (b->verbose)
            fprintf(stderr, "parse_graft: walk round %d: %zu files, %.3f s, %.2f MB/s\n", r + 1,
                    files, t[r], (double)bytes / 1e6 / t[r]);
    }
    if (b->skipped)
        fprintf(stderr, "parse_graft: %zu files skipped\n", b->skipped);
    double med = median(t, repeats);
    int threads = b->opts.threads ? b->opts.threads : gf_cpu_count();
    printf("%zu %zu %.3f %.2f walk %d\n", bytes, files, med, (double)bytes / 1e6 / med, threads);
    free(t);
    return 0;
}

static int run_parse(bench *b, int repeats)
{
    gf_walk_visitor v = {NULL, NULL, NULL, emit_load, b};
    gf_walk_opts o = b->opts;
    o.threads = 1;
    gf_error err = GF_ERROR_INIT;
    b->skipped = 0;
    if (gf_walk(&o, &v, warn_fn, NULL, NULL, &err) != 0) {
        fprintf(stderr, "parse_graft: %s\n", err.message);
        return 1;
    }
    if (b->skipped)
        fprintf(stderr, "parse_graft: %zu files skipped\n", b->skipped);
    size_t bytes = 0;
    for (size_t k = 0; k < b->nsrcs; k++)
        bytes += b->srcs[k].len;

    gf_parser *p = gf_parser_new();
    double *t = xrealloc(NULL, (size_t)repeats * sizeof *t);
    for (int r = 0; r < repeats; r++) {
        double t0 = now();
        for (size_t k = 0; k < b->nsrcs; k++) {
            TSTree *tree = NULL;
            if (gf_parse(p, &b->srcs[k], &tree, &err) != 0) {
                fprintf(stderr, "parse_graft: %s\n", err.message);
                return 1;
            }
            gf_tree_delete(tree);
        }
        t[r] = now() - t0;
        if (b->verbose)
            fprintf(stderr, "parse_graft: parse round %d: %.3f s, %.2f MB/s\n", r + 1, t[r],
                    (double)bytes / 1e6 / t[r]);
    }
    double med = median(t, repeats);
    printf("%zu %zu %.3f %.2f parse 1\n", bytes, b->nsrcs, med, (double)bytes / 1e6 / med);
    gf_parser_delete(p);
    for (size_t k = 0; k < b->nsrcs; k++)
        gf_source_release(&b->srcs[k]);
    free(b->srcs);
    b->srcs = NULL;
    b->nsrcs = b->capsrcs = 0;
    free(t);
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: parse_graft [-l LANG] [-j N] [-r R] [-m walk|parse|both] [-u] [-v] "
                    "DIR...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    static bench b;
    const char *mode = "both";
    int repeats = 3, i;
    b.opts.max_filesize = MAX_FILESIZE;
    b.opts.read_full = true;
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "-v"))
            b.verbose = 1;
        else if (!strcmp(o, "-u"))
            b.opts.no_ignore = true;
        else if (i + 1 < argc && !strcmp(o, "-l")) {
            b.opts.lang = gf_lang_find(argv[++i]);
            if (!b.opts.lang) {
                fprintf(stderr, "parse_graft: unknown language '%s' (known: %s)\n", argv[i],
                        gf_lang_names());
                return 2;
            }
        } else if (i + 1 < argc && !strcmp(o, "-j"))
            b.opts.threads = atoi(argv[++i]);
        else if (i + 1 < argc && !strcmp(o, "-r"))
            repeats = atoi(argv[++i]);
        else if (i + 1 < argc && !strcmp(o, "-m"))
            mode = argv[++i];
        else
            usage();
    }
    if (repeats < 1 || b.opts.threads < 0 || i == argc)
        usage();
    b.opts.paths = (const char *const *)argv + i;
    b.opts.npaths = (size_t)(argc - i);

    int walk = !strcmp(mode, "walk") || !strcmp(mode, "both");
    int parse = !strcmp(mode, "parse") || !strcmp(mode, "both");
    if (!walk && !parse)
        usage();
    if (parse && run_parse(&b, repeats) != 0)
        return 1;
    if (walk && run_walk(&b, repeats) != 0)
        return 1;
    return 0;
}
