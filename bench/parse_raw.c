/* parse_raw: the raw tree-sitter baseline; parses files held in memory with one TSParser. */

/*
 * usage: parse_raw -l LANG [-r R] [-x EXT[,EXT...]] [-t] [-v] (DIR | LIST)...
 *
 * A DIR is walked with nftw (symbolic links not followed, entries whose
 * name starts with '.' skipped, as graft and ripgrep do) and keeps the files
 * whose name ends with one of the extensions (default: the language's
 * usual ones); a LIST file names one path per line. Every file is read into
 * memory first; then, R times (default 3), all files are parsed one after
 * the other on one thread with one parser, each tree deleted at once. Only
 * that parse phase is timed (CLOCK_MONOTONIC). Prints one line:
 *
 *     bytes files seconds MB/s
 *
 * with the median time of the R rounds (MB = 10^6 bytes). -v prints every
 * round to stderr.
 *
 * -t starts (and joins) one thread before parsing. glibc's malloc takes a
 * lock-free fast path while a process has never created a thread, and
 * tree-sitter allocates constantly while parsing: the first thread costs
 * a few percent of parse throughput for the rest of the process's life. graft
 * always creates worker threads, so -t gives the baseline graft can reach.
 */
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <tree_sitter/api.h>

/* The grammars linked into libgraft.a; declared here so the baseline does
 * not go through any graft code. */
const TSLanguage *tree_sitter_bash(void);
const TSLanguage *tree_sitter_c(void);
const TSLanguage *tree_sitter_cpp(void);
const TSLanguage *tree_sitter_go(void);
const TSLanguage *tree_sitter_java(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_json(void);
const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_rust(void);
const TSLanguage *tree_sitter_toml(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_yaml(void);

static const struct {
    const char *name;
    const TSLanguage *(*ts)(void);
    const char *exts; /* comma-separated, without dot */
} langs[] = {
    {"bash", tree_sitter_bash, "sh,bash"},
    {"c", tree_sitter_c, "c,h"},
    {"cpp", tree_sitter_cpp, "cc,cpp,cxx,hh,hpp,hxx"},
    {"go", tree_sitter_go, "go"},
    {"java", tree_sitter_java, "java"},
    {"javascript", tree_sitter_javascript, "js,mjs,cjs,jsx"},
    {"json", tree_sitter_json, "json"},
    {"python", tree_sitter_python, "py,pyi"},
    {"rust", tree_sitter_rust, "rs"},
    {"toml", tree_sitter_toml, "toml"},
    {"tsx", tree_sitter_tsx, "tsx"},
    {"typescript", tree_sitter_typescript, "ts,mts,cts"},
    {"yaml", tree_sitter_yaml, "yml,yaml"},
};

typedef struct file {
    char *path;
    char *data;
    size_t len;
} file;

/* The file list. Global because nftw's callback takes no user pointer. */
static file *files;
static size_t nfiles, capfiles;
static const char *exts;

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "parse_raw: out of memory\n");
        exit(2);
    }
    return p;
}

static void add_path(const char *path)
{
    if (nfiles == capfiles) {
        capfiles = capfiles ? 2 * capfiles : 1024;
        files = xrealloc(files, capfiles * sizeof *files);
    }
    size_t n = strlen(path) + 1;
    files[nfiles].path = memcpy(xrealloc(NULL, n), path, n);
    files[nfiles].data = NULL;
    files[nfiles].len = 0;
    nfiles++;
}

/* True when name ends with ".E" for one E of the comma-separated exts. */
static int has_ext(const char *name)
{
    size_t nl = strlen(name);
    for (const char *e = exts; *e;) {
        size_t el = strcspn(e, ",");
        if (nl > el + 1 && name[nl - el - 1] == '.' && !memcmp(name + nl - el, e, el))
            return 1;
        e += el + (e[el] == ',');
    }
    return 0;
}

static int walk_fn(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    const char *base = path + ftw->base;
    if (ftw->level > 0 && base[0] == '.') {
        /* Hidden: skip, and do not descend into a hidden directory. */
        return type == FTW_D ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
    }
    if (type == FTW_F && S_ISREG(st->st_mode) && has_ext(base))
        add_path(path);
    return FTW_CONTINUE;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(((const file *)a)->path, ((const file *)b)->path);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void read_list(const char *list)
{
    FILE *fp = fopen(list, "r");
    if (!fp) {
        fprintf(stderr, "parse_raw: cannot open '%s': %s\n", list, strerror(errno));
        exit(2);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, fp)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (n > 0)
            add_path(line);
    }
    free(line);
    fclose(fp);
}

/* Reads f->path whole into f->data; exits on failure. */
static void load(file *f)
{
    FILE *fp = fopen(f->path, "rb");
    struct stat st;
    if (!fp || fstat(fileno(fp), &st) != 0) {
        fprintf(stderr, "parse_raw: cannot read '%s': %s\n", f->path, strerror(errno));
        exit(2);
    }
    f->data = xrealloc(NULL, (size_t)st.st_size + 1);
    f->len = fread(f->data, 1, (size_t)st.st_size, fp);
    if (ferror(fp)) {
        fprintf(stderr, "parse_raw: cannot read '%s'\n", f->path);
        exit(2);
    }
    f->data[f->len] = '\0';
    fclose(fp);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *noop(void *arg)
{
    return arg;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: parse_raw -l LANG [-r R] [-x EXT[,EXT...]] [-t] [-v] (DIR | LIST)...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *lang = NULL;
    int repeats = 3, verbose = 0, threaded = 0, i;
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "-v"))
            verbose = 1;
        else if (!strcmp(o, "-t"))
            threaded = 1;
        else if (i + 1 < argc && !strcmp(o, "-l"))
            lang = argv[++i];
        else if (i + 1 < argc && !strcmp(o, "-r"))
            repeats = atoi(argv[++i]);
        else if (i + 1 < argc && !strcmp(o, "-x"))
            exts = argv[++i];
        else
            usage();
    }
    if (!lang || repeats < 1 || i == argc)
        usage();
    const TSLanguage *language = NULL;
    for (size_t k = 0; k < sizeof langs / sizeof langs[0]; k++)
        if (!strcmp(langs[k].name, lang)) {
            language = langs[k].ts();
            if (!exts)
                exts = langs[k].exts;
        }
    if (!language) {
        fprintf(stderr, "parse_raw: unknown language '%s'\n", lang);
        return 2;
    }

    for (; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "parse_raw: '%s': %s\n", argv[i], strerror(errno));
            return 2;
        }
        if (S_ISDIR(st.st_mode)) {
            if (nftw(argv[i], walk_fn, 64, FTW_PHYS | FTW_ACTIONRETVAL) != 0) {
                fprintf(stderr, "parse_raw: cannot walk '%s': %s\n", argv[i], strerror(errno));
                return 2;
            }
        } else {
            read_list(argv[i]);
        }
    }
    qsort(files, nfiles, sizeof *files, cmp_path);
    size_t bytes = 0;
    for (size_t k = 0; k < nfiles; k++) {
        load(&files[k]);
        bytes += files[k].len;
    }

    if (threaded) {
        pthread_t th;
        if (pthread_create(&th, NULL, noop, NULL) != 0 || pthread_join(th, NULL) != 0) {
            fprintf(stderr, "parse_raw: cannot start a thread\n");
            return 2;
        }
    }
    TSParser *parser = ts_parser_new();
    if (!ts_parser_set_language(parser, language)) {
        fprintf(stderr, "parse_raw: cannot load language '%s'\n", lang);
        return 2;
    }
    double *times = xrealloc(NULL, (size_t)repeats * sizeof *times);
    for (int r = 0; r < repeats; r++) {
        double t0 = now();
        for (size_t k = 0; k < nfiles; k++) {
            TSTree *tree =
                ts_parser_parse_string(parser, NULL, files[k].data, (uint32_t)files[k].len);
            if (!tree) {
                fprintf(stderr, "parse_raw: parse failed on '%s'\n", files[k].path);
                return 1;
            }
            ts_tree_delete(tree);
        }
        times[r] = now() - t0;
        if (verbose)
            fprintf(stderr, "parse_raw: round %d: %.3f s, %.2f MB/s\n", r + 1, times[r],
                    (double)bytes / 1e6 / times[r]);
    }
    qsort(times, (size_t)repeats, sizeof *times, cmp_double);
    double med =
        repeats % 2 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
    printf("%zu %zu %.3f %.2f\n", bytes, nfiles, med, (double)bytes / 1e6 / med);

    ts_parser_delete(parser);
    for (size_t k = 0; k < nfiles; k++) {
        free(files[k].path);
        free(files[k].data);
    }
    free(files);
    free(times);
    return 0;
}
