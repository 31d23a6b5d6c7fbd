/* walk: parallel directory traversal with git's ignore rules, then parallel
 * per-file visits whose results are emitted in path order. */
#include "graft/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graft/source.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/pool.h"
#include "util/vec.h"
#include "walk/git.h"
#include "walk/ignore.h"

int gf_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/*
 * A directory already read. Ignore lists are matched against the path of an
 * entry relative to the directory that holds the list: every path is kept
 * relative to the outermost match root (the enclosing work tree's top, else
 * the walk root), and `off` is where this directory's part ends in such a
 * path (0 for the match root, else strlen(rel) + 1). Nodes are immutable once
 * published and live until the walk ends, so children share their parents.
 */
typedef struct dirnode {
    const struct dirnode *parent;
    gf_ignore *gitignore;    /* this directory's .gitignore, or NULL */
    gf_ignore *dotignore;    /* this directory's .ignore, or NULL */
    const struct repo *repo; /* innermost work tree, NULL outside git */
    size_t off;
    dev_t dev;
    ino_t ino;
} dirnode;

/* A work tree: its top's offset in rel paths, and its excludes files. */
typedef struct repo {
    size_t off;
    gf_ignore *info_exclude, *excludes_file;
    struct repo *next; /* all repos, for freeing */
} repo;

typedef struct cand {
    char *path; /* display path, owned */
    bool explicit_file;
} cand;

typedef struct walk {
    const gf_walk_opts *o;
    gf_ignore *globs; /* --glob overrides, relative to each walk root */
    bool globs_whitelist;
    gf_pool *pool;
    pthread_mutex_t mu; /* guards the vectors and lists below */
    GF_VEC(cand) files;
    GF_VEC(gf_error *) warnings;
    GF_VEC(dirnode *) nodes;
    repo *repos;
} walk;

/* One directory to read. rel is the path from the match root ("" for it);
 * disp the display path (without trailing '/'); root_off where the walk
 * root's part of rel ends (for --glob matching). */
typedef struct dirjob {
    walk *w;
    const dirnode *parent;
    char *rel, *disp;
    size_t root_off;
    bool is_top;   /* the walk root itself */
    repo *newrepo; /* set when this directory is a work tree's top */
} dirjob;

static void add_warning(walk *w, const gf_error *e)
{
    gf_error *copy = gf_memdup(e, sizeof *e);
    pthread_mutex_lock(&w->mu);
    gf_vec_push(&w->warnings, copy);
    pthread_mutex_unlock(&w->mu);
}

static void warn_errno(walk *w, int errnum, const char *path)
{
    gf_error e;
    gf_error_errno(&e, errnum, path);
    add_warning(w, &e);
}

static gf_ignore *load_ignore(walk *w, const char *disp_dir, const char *name)
{
    gf_buf p = GF_BUF_INIT;
    gf_buf_printf(&p, "%s%s%s", disp_dir, *disp_dir ? "/" : "", name);
    gf_ignore *ig = gf_ignore_new("");
    gf_error e;
    if (gf_ignore_load(ig, p.ptr, &e) != 0)
        add_warning(w, &e);
    gf_buf_release(&p);
    if (!gf_ignore_count(ig)) {
        gf_ignore_free(ig);
        return NULL;
    }
    return ig;
}

static repo *repo_new(walk *w, size_t off, const char *gitdir)
{
    repo *r = gf_calloc(1, sizeof *r);
    r->off = off;
    gf_buf p = GF_BUF_INIT;
    gf_error e;
    if (!w->o->no_ignore) {
        gf_git_info_exclude(gitdir, &p);
        r->info_exclude = gf_ignore_new("");
        if (gf_ignore_load(r->info_exclude, p.ptr, &e) != 0)
            add_warning(w, &e);
        if (gf_git_excludes_file(gitdir, &p)) {
            r->excludes_file = gf_ignore_new("");
            if (gf_ignore_load(r->excludes_file, p.ptr, &e) != 0)
                add_warning(w, &e);
        }
    }
    gf_buf_release(&p);
    pthread_mutex_lock(&w->mu);
    r->next = w->repos;
    w->repos = r;
    pthread_mutex_unlock(&w->mu);
    return r;
}

/*
 * Decides an entry by the ignore files: .ignore lists (deepest first), then
 * .gitignore lists up to the work tree's top (deepest first), then that
 * tree's info/exclude and core.excludesFile. The first list with a matching
 * pattern decides; within a list the last matching pattern wins.
 */
static bool ignored(const dirnode *d, const char *rel, size_t len, bool is_dir)
{
    for (const dirnode *n = d; n; n = n->parent) {
        if (n->dotignore) {
            gf_ignore_verdict v = gf_ignore_match(n->dotignore, rel + n->off, len - n->off, is_dir);
            if (v)
                return v == GF_IGNORE_EXCLUDE;
        }
    }
    const repo *r = d->repo;
    if (!r)
        return false;
    for (const dirnode *n = d; n && n->off >= r->off; n = n->parent) {
        if (n->gitignore) {
            gf_ignore_verdict v = gf_ignore_match(n->gitignore, rel + n->off, len - n->off, is_dir);
            if (v)
                return v == GF_IGNORE_EXCLUDE;
        }
    }
    gf_ignore *ex[2] = {r->info_exclude, r->excludes_file};
    for (int i = 0; i < 2; i++) {
        if (ex[i]) {
            gf_ignore_verdict v = gf_ignore_match(ex[i], rel + r->off, len - r->off, is_dir);
            if (v)
                return v == GF_IGNORE_EXCLUDE;
        }
    }
    return false;
}

static void read_dir(void *arg, int worker);

/* Queues a directory job (takes ownership of rel and disp). */
static void submit_dir(walk *w, const dirnode *parent, char *rel, char *disp, size_t root_off,
                       bool is_top, repo *newrepo)
{
    dirjob *j = gf_calloc(1, sizeof *j);
    *j = (dirjob){w, parent, rel, disp, root_off, is_top, newrepo};
    gf_pool_submit(w->pool, read_dir, j);
}

static bool loops(const dirnode *d, dev_t dev, ino_t ino)
{
    for (; d; d = d->parent)
        if (d->dev == dev && d->ino == ino)
            return true;
    return false;
}

/*
 * Reads one directory: publishes its dirnode (with its ignore files), then
 * classifies each entry: skipped, queued as a subdirectory, or added as a
 * candidate file.
 */
static void read_dir(void *arg, int worker)
{
    (void)worker;
    dirjob *j = arg;
    walk *w = j->w;
    const gf_walk_opts *o = w->o;
    const char *open_path = *j->disp ? j->disp : ".";
    DIR *dir = opendir(open_path);
    if (!dir) {
        warn_errno(w, errno, open_path);
        goto out;
    }
    int dfd = dirfd(dir);
    struct stat dst;
    fstat(dfd, &dst);

    GF_VEC(char *) names = GF_VEC_INIT;
    GF_VEC(unsigned char) types = GF_VEC_INIT;
    bool has_gitignore = false, has_dotignore = false, has_git = false;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(dir);
        if (!de) {
            if (errno)
                warn_errno(w, errno, open_path);
            break;
        }
        const char *n = de->d_name;
        if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0')))
            continue;
        if (strcmp(n, ".gitignore") == 0)
            has_gitignore = true;
        else if (strcmp(n, ".ignore") == 0)
            has_dotignore = true;
        else if (strcmp(n, ".git") == 0)
            has_git = true;
        gf_vec_push(&names, gf_strdup(n));
        gf_vec_push(&types, de->d_type);
    }

    dirnode *d = gf_calloc(1, sizeof *d);
    d->parent = j->parent;
    d->off = *j->rel ? strlen(j->rel) + 1 : 0;
    d->dev = dst.st_dev;
    d->ino = dst.st_ino;
    d->repo = j->parent ? j->parent->repo : NULL;
    if (j->newrepo) {
        d->repo = j->newrepo;
    } else if (has_git && !j->is_top && !o->no_ignore) {
        /* A nested work tree (submodule or independent repository) brings
         * its own ignore rules; its parent's .gitignore files stop here. */
        gf_buf top = GF_BUF_INIT, gitdir = GF_BUF_INIT;
        gf_buf_adds(&top, open_path);
        if (gf_git_dir_of(top.ptr, &gitdir))
            d->repo = repo_new(w, d->off, gitdir.ptr);
        gf_buf_release(&top);
        gf_buf_release(&gitdir);
    }
    if (!o->no_ignore) {
        if (has_gitignore && d->repo)
            d->gitignore = load_ignore(w, j->disp, ".gitignore");
        if (has_dotignore)
            d->dotignore = load_ignore(w, j->disp, ".ignore");
    }
    pthread_mutex_lock(&w->mu);
    gf_vec_push(&w->nodes, d);
    pthread_mutex_unlock(&w->mu);

    GF_VEC(cand) found = GF_VEC_INIT;
    gf_buf rel = GF_BUF_INIT, shown = GF_BUF_INIT;
    for (size_t i = 0; i < names.len; i++) {
        const char *n = names.items[i];
        if (strcmp(n, ".git") == 0 || strcmp(n, ".agentfs") == 0)
            continue;
        bool is_dir = false, is_file = false;
        unsigned char t = types.items[i];
        struct stat st;
        if (t == DT_UNKNOWN) {
            if (fstatat(dfd, n, &st, AT_SYMLINK_NOFOLLOW) != 0)
                continue;
            t = S_ISDIR(st.st_mode)   ? DT_DIR
                : S_ISREG(st.st_mode) ? DT_REG
                : S_ISLNK(st.st_mode) ? DT_LNK
                                      : DT_UNKNOWN;
        }
        bool is_link = t == DT_LNK;
        if (is_link) {
            if (!o->follow)
                continue;
            if (fstatat(dfd, n, &st, 0) != 0)
                continue; /* dangling link */
            is_dir = S_ISDIR(st.st_mode);
            is_file = S_ISREG(st.st_mode);
        } else {
            is_dir = t == DT_DIR;
            is_file = t == DT_REG;
            /* Loop detection compares directory identities. */
            if (is_dir && o->follow && fstatat(dfd, n, &st, AT_SYMLINK_NOFOLLOW) != 0)
                continue;
        }
        if (!is_dir && !is_file)
            continue; /* fifos, sockets, devices */

        gf_buf_clear(&rel);
        gf_buf_printf(&rel, "%s%s%s", j->rel, *j->rel ? "/" : "", n);

        /* --glob overrides come first: a match on a plain glob keeps the
         * entry whatever the other rules say; a match on "!glob" drops it. */
        bool whitelisted = false;
        if (w->globs) {
            /* As ripgrep's -g: against the path as shown (relative to the
             * current directory, without "./"), so '!src/b' excludes
             * src/b when searching src. */
            gf_buf_clear(&shown);
            const char *dp = j->disp;
            while (dp[0] == '.' && dp[1] == '/')
                dp += 2;
            if (dp[0] == '.' && dp[1] == '\0')
                dp++;
            gf_buf_printf(&shown, "%s%s%s", dp, *dp ? "/" : "", n);
            gf_ignore_verdict v = gf_ignore_match(w->globs, shown.ptr, shown.len, is_dir);
            if (v == GF_IGNORE_INCLUDE)
                continue;
            whitelisted = v == GF_IGNORE_EXCLUDE;
            if (!whitelisted && is_file && w->globs_whitelist)
                continue;
        }
        if (!whitelisted) {
            if (n[0] == '.' && !o->hidden)
                continue;
            if (!o->no_ignore && ignored(d, rel.ptr, rel.len, is_dir))
                continue;
        }
        char *disp = gf_malloc(strlen(j->disp) + strlen(n) + 2);
        strcpy(disp, j->disp);
        if (*j->disp)
            strcat(disp, "/");
        strcat(disp, n);
        if (is_dir) {
            if (o->follow && loops(d, st.st_dev, st.st_ino)) {
                gf_error e;
                gf_error_path(&e, GF_EIO, disp, "symbolic link loop (not followed)");
                add_warning(w, &e);
                gf_free(disp);
                continue;
            }
            submit_dir(w, d, gf_strndup(rel.ptr, rel.len), disp, j->root_off, false, NULL);
        } else {
            gf_vec_push(&found, ((cand){disp, false}));
        }
    }
    if (found.len) {
        pthread_mutex_lock(&w->mu);
        gf_vec_reserve(&w->files, w->files.len + found.len);
        memcpy(w->files.items + w->files.len, found.items, found.len * sizeof *found.items);
        w->files.len += found.len;
        pthread_mutex_unlock(&w->mu);
    }
    gf_vec_release(&found);
    gf_buf_release(&rel);
    gf_buf_release(&shown);
    for (size_t i = 0; i < names.len; i++)
        gf_free(names.items[i]);
    gf_vec_release(&names);
    gf_vec_release(&types);
    closedir(dir);
out:
    gf_free(j->rel);
    gf_free(j->disp);
    gf_free(j);
}

/* Byte order with '/' below every other byte: directory-tree order. */
static int path_cmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca != cb) {
            if (ca == '/')
                return cb ? -1 : 1;
            if (cb == '/')
                return ca ? 1 : -1;
            return ca < cb ? -1 : 1;
        }
        if (!ca)
            return 0;
    }
}

static int cmp_cand(const void *a, const void *b)
{
    return path_cmp(((const cand *)a)->path, ((const cand *)b)->path);
}

static int cmp_warning(const void *a, const void *b)
{
    return path_cmp((*(gf_error *const *)a)->path, (*(gf_error *const *)b)->path);
}

/*
 * Sets up one walk root: the dirnodes of its ancestors up to the enclosing
 * work tree's top (so their .gitignore/.ignore files apply), then queues the
 * root itself.
 */
static void start_root(walk *w, const char *path, bool implicit)
{
    gf_buf abs = GF_BUF_INIT, top = GF_BUF_INIT, gitdir = GF_BUF_INIT;
    char *real = realpath(path, NULL);
    if (!real) {
        warn_errno(w, errno, path);
        goto done;
    }
    gf_buf_adds(&abs, real);
    free(real);
    repo *r = NULL;
    const dirnode *parent = NULL;
    char *rel = gf_strdup("");
    if (!w->o->no_ignore && gf_git_find(abs.ptr, &top, &gitdir)) {
        const char *sub = abs.ptr + top.len; /* "" or "/a/b" below the top */
        if (top.len == 1)                    /* the top is "/" itself */
            sub = abs.ptr;
        while (*sub == '/')
            sub++;
        r = repo_new(w, 0, gitdir.ptr);
        /* Ancestor directories from the top down to the root's parent. */
        gf_buf anc = GF_BUF_INIT;
        gf_buf_add(&anc, top.ptr, top.len);
        const char *p = sub;
        size_t rel_len = 0;
        while (*p) {
            dirnode *d = gf_calloc(1, sizeof *d);
            d->parent = parent;
            d->repo = r;
            d->off = rel_len ? rel_len + 1 : 0;
            d->gitignore = load_ignore(w, anc.ptr, ".gitignore");
            d->dotignore = load_ignore(w, anc.ptr, ".ignore");
            pthread_mutex_lock(&w->mu);
            gf_vec_push(&w->nodes, d);
            pthread_mutex_unlock(&w->mu);
            parent = d;
            const char *slash = strchr(p, '/');
            size_t n = slash ? (size_t)(slash - p) : strlen(p);
            gf_buf_addc(&anc, '/');
            gf_buf_add(&anc, p, n);
            rel_len = (size_t)(p + n - sub);
            p += n;
            while (*p == '/')
                p++;
        }
        gf_buf_release(&anc);
        gf_free(rel);
        rel = gf_strdup(sub);
    }
    /* Display paths keep the root as the user wrote it. */
    char *disp;
    if (implicit) {
        disp = gf_strdup("");
    } else {
        size_t n = strlen(path);
        while (n > 1 && path[n - 1] == '/')
            n--;
        disp = gf_strndup(path, n);
    }
    size_t root_off = *rel ? strlen(rel) + 1 : 0;
    submit_dir(w, parent, rel, disp, root_off, true, parent ? NULL : r);
done:
    gf_buf_release(&abs);
    gf_buf_release(&top);
    gf_buf_release(&gitdir);
}

/* ---- phase 2: visit files in parallel, emit in order ---- */

typedef struct slot {
    gf_buf out;
    gf_error *err;
    gf_error *warn; /* skipped with a warning (over max_filesize) */
    const gf_lang *lang;
    uint64_t size;
    bool skip;
    atomic_bool done; /* set by the worker once the fields above are final */
} slot;

typedef struct visit_ctx {
    walk *w;
    const gf_walk_visitor *v;
    slot *slots;
    size_t n;
    atomic_size_t next;
    atomic_size_t waiting; /* slot the emitter sleeps on, SIZE_MAX if none */
    atomic_bool stop;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    void **workers;
} visit_ctx;

static void visit_file(visit_ctx *c, size_t i, void *worker, gf_buf *data)
{
    const gf_walk_opts *o = c->w->o;
    const cand *f = &c->w->files.items[i];
    slot *s = &c->slots[i];
    size_t max = o->max_filesize ? o->max_filesize : GF_DEFAULT_MAX_FILESIZE;
    gf_error e;
    gf_buf_clear(data);
    int rc = gf_read_file(f->path, max, o->read_full ? 0 : GF_BINARY_PROBE, data, &s->size, &e);
    if (rc == GF_ETOOBIG) {
        /* As ripgrep's --max-filesize: skipped, not an error; said when
         * the caller asked for it (a search that skips a file says so). */
        s->skip = true;
        if (o->warn_too_big) {
            gf_error_path(&e, GF_ETOOBIG, f->path,
                          "skipped: larger than %zu bytes (raise --max-filesize)", max);
            s->warn = gf_memdup(&e, sizeof e);
        }
        return;
    }
    if (rc) {
        s->err = gf_memdup(&e, sizeof e);
        return;
    }
    if (gf_is_binary(data->ptr, data->len)) {
        s->skip = true;
        return;
    }
    s->lang = gf_lang_detect(o->langmap, f->path, data->ptr, data->len);
    if (o->lang && s->lang != o->lang) {
        s->skip = true;
        return;
    }
    if (c->v && c->v->visit) {
        gf_walk_file wf = {f->path, i, s->lang, data->ptr, data->len, s->size};
        c->v->visit(c->v->user, worker, &wf, &s->out);
    }
}

static void visit_loop(void *arg, int worker)
{
    visit_ctx *c = arg;
    gf_buf data = GF_BUF_INIT;
    void *ws = c->workers[worker];
    for (;;) {
        size_t i = atomic_fetch_add(&c->next, 1);
        if (i >= c->n || atomic_load(&c->stop))
            break;
        visit_file(c, i, ws, &data);
        /* Wake the emitter only when it sleeps on this very slot: it checks
         * done after publishing waiting, we check waiting after publishing
         * done (both sequentially consistent), so one of us sees the other;
         * the broadcast under the mutex cannot slip before its wait. */
        atomic_store(&c->slots[i].done, true);
        if (atomic_load(&c->waiting) == i) {
            pthread_mutex_lock(&c->mu);
            pthread_cond_broadcast(&c->cond);
            pthread_mutex_unlock(&c->mu);
        }
    }
    gf_buf_release(&data);
}

static void visit_all(walk *w, const gf_walk_visitor *v, gf_walk_warn_fn warn, void *warn_user,
                      size_t *problems)
{
    visit_ctx c = {.w = w, .v = v, .n = w->files.len, .waiting = SIZE_MAX};
    c.slots = gf_calloc(c.n ? c.n : 1, sizeof *c.slots);
    for (size_t i = 0; i < c.n; i++)
        gf_buf_init(&c.slots[i].out, 0); /* never NULL, even when nothing visits */
    pthread_mutex_init(&c.mu, NULL);
    pthread_cond_init(&c.cond, NULL);
    int nw = gf_pool_size(w->pool);
    c.workers = gf_calloc((size_t)nw, sizeof *c.workers);
    for (int i = 0; i < nw; i++)
        c.workers[i] = v && v->worker_new ? v->worker_new(v->user) : NULL;
    for (int i = 0; i < nw; i++)
        gf_pool_submit(w->pool, visit_loop, &c);
    for (size_t i = 0; i < c.n; i++) {
        if (!atomic_load(&c.slots[i].done)) {
            pthread_mutex_lock(&c.mu);
            atomic_store(&c.waiting, i);
            while (!atomic_load(&c.slots[i].done))
                pthread_cond_wait(&c.cond, &c.mu);
            atomic_store(&c.waiting, SIZE_MAX);
            pthread_mutex_unlock(&c.mu);
        }
        slot *s = &c.slots[i];
        if (s->err && problems)
            (*problems)++;
        if (s->warn && warn && !atomic_load(&c.stop))
            warn(warn_user, s->warn);
        if (!s->skip && !atomic_load(&c.stop) && v && v->emit) {
            const cand *f = &w->files.items[i];
            gf_walk_file wf = {f->path, i, s->lang, NULL, 0, s->size};
            if (v->emit(v->user, &wf, &s->out, s->err))
                atomic_store(&c.stop, true);
        }
        gf_buf_release(&s->out);
        gf_free(s->err);
        gf_free(s->warn);
        s->err = s->warn = NULL;
        if (atomic_load(&c.stop)) {
            /* Unvisited slots are never marked done; stop waiting for them
             * once every worker has left its loop. */
            break;
        }
    }
    gf_pool_wait(w->pool);
    for (size_t i = 0; i < c.n; i++) {
        gf_buf_release(&c.slots[i].out);
        gf_free(c.slots[i].err);
        gf_free(c.slots[i].warn);
    }
    for (int i = 0; i < nw; i++)
        if (v && v->worker_free)
            v->worker_free(v->user, c.workers[i]);
    gf_free(c.workers);
    gf_free(c.slots);
    pthread_mutex_destroy(&c.mu);
    pthread_cond_destroy(&c.cond);
}

int gf_walk(const gf_walk_opts *opts, const gf_walk_visitor *v, gf_walk_warn_fn warn,
            void *warn_user, size_t *problems, gf_error *err)
{
    walk w = {.o = opts};
    pthread_mutex_init(&w.mu, NULL);
    if (problems)
        *problems = 0;
    if (opts->nglobs) {
        w.globs = gf_ignore_new("");
        for (size_t i = 0; i < opts->nglobs; i++)
            gf_ignore_add_line(w.globs, opts->globs[i], strlen(opts->globs[i]));
        w.globs_whitelist = gf_ignore_has_positive(w.globs);
    }
    int threads = opts->threads > 0 ? opts->threads : gf_cpu_count();
    w.pool = gf_pool_new(threads);

    static const char *const dot[] = {"."};
    const char *const *paths = opts->npaths ? opts->paths : dot;
    size_t npaths = opts->npaths ? opts->npaths : 1;
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            warn_errno(&w, errno, paths[i]);
        } else if (S_ISDIR(st.st_mode)) {
            start_root(&w, paths[i], opts->npaths == 0);
        } else {
            /* Explicit files are visited whatever the ignore rules say. */
            pthread_mutex_lock(&w.mu);
            gf_vec_push(&w.files, ((cand){gf_strdup(paths[i]), true}));
            pthread_mutex_unlock(&w.mu);
        }
    }
    gf_pool_wait(w.pool);

    if (w.warnings.len)
        qsort(w.warnings.items, w.warnings.len, sizeof *w.warnings.items, cmp_warning);
    for (size_t i = 0; i < w.warnings.len; i++) {
        if (warn)
            warn(warn_user, w.warnings.items[i]);
        gf_free(w.warnings.items[i]);
    }
    if (problems)
        *problems += w.warnings.len;
    gf_vec_release(&w.warnings);

    if (w.files.len)
        qsort(w.files.items, w.files.len, sizeof *w.files.items, cmp_cand);
    visit_all(&w, v, warn, warn_user, problems);

    gf_pool_delete(w.pool);
    for (size_t i = 0; i < w.files.len; i++)
        gf_free(w.files.items[i].path);
    gf_vec_release(&w.files);
    for (size_t i = 0; i < w.nodes.len; i++) {
        gf_ignore_free(w.nodes.items[i]->gitignore);
        gf_ignore_free(w.nodes.items[i]->dotignore);
        gf_free(w.nodes.items[i]);
    }
    gf_vec_release(&w.nodes);
    for (repo *r = w.repos, *next; r; r = next) {
        next = r->next;
        gf_ignore_free(r->info_exclude);
        gf_ignore_free(r->excludes_file);
        gf_free(r);
    }
    gf_ignore_free(w.globs);
    pthread_mutex_destroy(&w.mu);
    (void)err; /* reserved for invalid options; per-path problems are warnings */
    return 0;
}
