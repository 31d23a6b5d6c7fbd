/* graft/walk.h: parallel, gitignore-aware directory walk with ordered results. */
#ifndef GRAFT_WALK_H
#define GRAFT_WALK_H

#include "graft/core.h"
#include "graft/lang.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What to walk. Paths default to "." (then displayed without a "./"
 * prefix, as ripgrep does). Paths given explicitly are always visited when
 * they name files, even if an ignore rule would exclude them.
 *
 * Ignore rules follow git: nested .gitignore files, .git/info/exclude and
 * core.excludesFile apply inside a git work tree (found by looking for .git
 * upwards from each path); .ignore files (ripgrep's convention) apply
 * everywhere and take precedence over git's files. --glob overrides take
 * precedence over both. Hidden entries (leading '.') are skipped unless
 * hidden is set; .git and .agentfs are always skipped. Symbolic links are
 * skipped unless follow is set (then directory loops are detected and
 * reported).
 */
typedef struct gf_walk_opts {
    const char *const *paths; /* may be NULL: "." */
    size_t npaths;
    const char *const *globs; /* gitignore-style; "!g" excludes */
    size_t nglobs;
    const gf_lang *lang;       /* keep only files of this language */
    const gf_langmap *langmap; /* project overrides for detection; may be NULL */
    bool hidden;               /* visit dot files and directories */
    bool no_ignore;            /* ignore .gitignore/.ignore/exclude files */
    bool follow;               /* follow symbolic links */
    size_t max_filesize;       /* 0: GF_DEFAULT_MAX_FILESIZE */
    bool warn_too_big;         /* report files over max_filesize to warn (else silent) */
    int threads;               /* 0: number of online CPUs */
    bool read_full;            /* hand each visitor the whole file */
} gf_walk_opts;

/* One file handed to a visitor. data holds the first GF_BINARY_PROBE bytes
 * (or the whole file with read_full) and is valid during the call only. */
typedef struct gf_walk_file {
    const char *path;    /* display path */
    size_t index;        /* position in the sorted order */
    const gf_lang *lang; /* detected language, NULL if none */
    const char *data;
    size_t len;    /* bytes in data */
    uint64_t size; /* file size */
} gf_walk_file;

/*
 * Visitors. worker_new/worker_free create one state per worker thread
 * (e.g. a gf_parser). visit runs on a worker thread and writes whatever it
 * wants to report into out (pre-cleared). emit runs on the calling thread,
 * strictly in path order, with that file's out buffer; emit also receives
 * files that were skipped with an error (err non-NULL: unreadable, too big,
 * binary when listing) so the caller decides what to print. Any callback
 * may be NULL. A non-zero return from emit stops the walk early.
 */
struct gf_buf;
typedef struct gf_walk_visitor {
    void *(*worker_new)(void *user);
    void (*worker_free)(void *user, void *worker);
    void (*visit)(void *user, void *worker, const gf_walk_file *f, struct gf_buf *out);
    int (*emit)(void *user, const gf_walk_file *f, const struct gf_buf *out, const gf_error *err);
    void *user;
} gf_walk_visitor;

/* Warnings that do not stop the walk (unreadable directory, bad ignore
 * file, symlink loop); delivered on the calling thread in path order. */
typedef void (*gf_walk_warn_fn)(void *user, const gf_error *warning);

/*
 * Walks, visits every selected file in parallel and emits results in path
 * order (paths compared bytewise with '/' sorting before every other byte,
 * i.e. directory-tree order). Returns 0, or a negative gf_code when a root
 * path is missing or unreadable (err filled; nothing walked), or when the
 * options are invalid. Per-file problems go to emit/warn, and
 * *problems (may be NULL) counts them.
 */
GRAFT_API int gf_walk(const gf_walk_opts *opts, const gf_walk_visitor *v, gf_walk_warn_fn warn,
                      void *warn_user, size_t *problems, gf_error *err);

/* Online CPU count (at least 1). */
GRAFT_API int gf_cpu_count(void);

#ifdef __cplusplus
}
#endif

#endif
