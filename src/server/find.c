/* find: code_find inside the server, over a cache of file contents and
 * parsed trees kept between calls. */
#include "server/find.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <tree_sitter/api.h>

#include "graft/graft.h"
#include "graft/match.h"
#include "match/matchout.h"
#include "syntax/cursor.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/file.h"
#include "util/json.h"
#include "util/vec.h"

/* A file read less than this long after its last change may change again
 * within the same timestamp: its content is compared on each use. */
#define RACY_SECONDS 2.0
/* What a tree costs when its allocations could not be measured: trees
 * take twenty to forty times the size of their source. */
#define TREE_FACTOR 40
#define ENTRY_OVERHEAD 256
#define MAX_FILESIZE ((size_t)64 << 20)

/* The nodes of one symbol in a cached tree, in document order: a pattern
 * rooted at that symbol is tried at these only, instead of at every node. */
typedef struct kindlist {
    uint16_t sym;
    uint32_t count;
    TSNode *nodes;
    uint32_t *ends; /* each node's end byte */
} kindlist;

typedef struct centry {
    char *path;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtim, ctim;
    bool racy;
    gf_source src; /* owns the bytes and the line index */
    const gf_lang *lang;
    TSTree *tree;    /* NULL until a pattern needs it */
    kindlist *kinds; /* of tree, built as patterns ask for them */
    size_t nkinds;
    size_t cost;
    unsigned gen; /* the last call that used it */
    int refs;
    pthread_mutex_t use;        /* held while a visitor reads or parses it */
    bool gone;                  /* out of the table; freed when the last user lets go */
    struct centry *prev, *next; /* LRU: head is the most recent */
    struct centry *hnext;
} centry;

struct gf_fcache {
    pthread_mutex_t mu;
    size_t limit, used;
    centry **buckets;
    size_t nbuckets, count;
    centry *head, *tail;
    size_t hits, misses;
    unsigned gen; /* the current call */
};

static double now_real(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

gf_fcache *gf_fcache_new(size_t limit_bytes)
{
    gf_fcache *c = gf_calloc(1, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    c->limit = limit_bytes;
    c->nbuckets = 4096;
    c->buckets = gf_calloc(c->nbuckets, sizeof *c->buckets);
    return c;
}

static void drop_kinds(centry *e)
{
    for (size_t i = 0; i < e->nkinds; i++) {
        gf_free(e->kinds[i].nodes);
        gf_free(e->kinds[i].ends);
    }
    gf_free(e->kinds);
    e->kinds = NULL;
    e->nkinds = 0;
}

static void entry_free(centry *e)
{
    pthread_mutex_destroy(&e->use);
    drop_kinds(e);
    if (e->tree)
        ts_tree_delete(e->tree);
    gf_source_release(&e->src);
    gf_free(e->path);
    gf_free(e);
}

/* Unlinks e from the table and the LRU list (lock held). */
static void unlink_entry(gf_fcache *c, centry *e)
{
    centry **pp = &c->buckets[hash_str(e->path) % c->nbuckets];
    while (*pp && *pp != e)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = e->hnext;
    if (e->prev)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    c->used -= e->cost;
    c->count--;
    e->gone = true;
    if (!e->refs)
        entry_free(e);
}

static void to_front(gf_fcache *c, centry *e)
{
    if (c->head == e)
        return;
    e->prev->next = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    e->prev = NULL;
    e->next = c->head;
    c->head->prev = e;
    c->head = e;
}

/*
 * Drops least recently used entries, not in use and not used by the current
 * call, until under the limit. A call never evicts what it used itself: when
 * its files do not all fit, the first ones reached stay and the others are
 * dropped after use (see release), so that repeating a search larger than
 * the cache still finds part of it cached, where plain LRU would find none.
 */
static void evict(gf_fcache *c)
{
    for (centry *e = c->tail; e && c->used > c->limit;) {
        centry *prev = e->prev;
        if (!e->refs && e->gen != c->gen)
            unlink_entry(c, e);
        e = prev;
    }
}

void gf_fcache_delete(gf_fcache *c)
{
    if (!c)
        return;
    while (c->head)
        unlink_entry(c, c->head);
    gf_free(c->buckets);
    pthread_mutex_destroy(&c->mu);
    gf_free(c);
}

static bool same_stat(const centry *e, const struct stat *st)
{
    return e->dev == st->st_dev && e->ino == st->st_ino && e->size == st->st_size &&
           e->mtim.tv_sec == st->st_mtim.tv_sec && e->mtim.tv_nsec == st->st_mtim.tv_nsec &&
           e->ctim.tv_sec == st->st_ctim.tv_sec && e->ctim.tv_nsec == st->st_ctim.tv_nsec;
}

static void set_stat(centry *e, const struct stat *st)
{
    e->dev = st->st_dev;
    e->ino = st->st_ino;
    e->size = st->st_size;
    e->mtim = st->st_mtim;
    e->ctim = st->st_ctim;
    double m = (double)st->st_mtim.tv_sec + (double)st->st_mtim.tv_nsec / 1e9;
    double ch = (double)st->st_ctim.tv_sec + (double)st->st_ctim.tv_nsec / 1e9;
    e->racy = now_real() - (m > ch ? m : ch) < RACY_SECONDS;
}

/*
 * The cached entry for path, current with the file on disk, in use by the
 * caller until gf_fcache_release; read (and cached) when it is not there
 * or out of date. Errors: the file cannot be read.
 */
static centry *acquire(gf_fcache *c, const char *path, gf_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        gf_error_errno(err, errno, path);
        return NULL;
    }
    pthread_mutex_lock(&c->mu);
    centry *e = c->buckets[hash_str(path) % c->nbuckets];
    while (e && strcmp(e->path, path) != 0)
        e = e->hnext;
    if (e && !same_stat(e, &st)) {
        unlink_entry(c, e);
        e = NULL;
    }
    if (e) {
        e->refs++;
        e->gen = c->gen;
        to_front(c, e);
    }
    pthread_mutex_unlock(&c->mu);
    gf_buf data = GF_BUF_INIT;
    if (e && e->racy) {
        /* same timestamps, but it may have changed within them: compare */
        bool same = gf_read_file(path, MAX_FILESIZE, 0, &data, NULL, err) == 0 &&
                    data.len == e->src.len &&
                    !memcmp(data.ptr ? data.ptr : "", e->src.bytes, data.len);
        pthread_mutex_lock(&c->mu);
        if (same) {
            set_stat(e, &st); /* racy no longer, once old enough */
            c->hits++;
        } else {
            e->refs--;
            if (!e->gone)
                unlink_entry(c, e);
            else if (!e->refs)
                entry_free(e);
            e = NULL;
        }
        pthread_mutex_unlock(&c->mu);
        if (same) {
            gf_buf_release(&data);
            return e;
        }
        gf_buf_clear(&data);
    } else if (e) {
        pthread_mutex_lock(&c->mu);
        c->hits++;
        pthread_mutex_unlock(&c->mu);
        return e;
    }
    if (!data.len && gf_read_file(path, MAX_FILESIZE, 0, &data, NULL, err) != 0) {
        gf_buf_release(&data);
        return NULL;
    }
    e = gf_calloc(1, sizeof *e);
    pthread_mutex_init(&e->use, NULL);
    e->path = gf_strdup(path);
    set_stat(e, &st);
    size_t len;
    char *bytes = gf_buf_detach(&data, &len);
    if (!bytes) {
        bytes = gf_malloc(1);
        bytes[0] = '\0';
        len = 0;
    }
    gf_source_init_owned(&e->src, path, bytes, len);
    e->cost = len + ENTRY_OVERHEAD;
    e->refs = 1;
    e->gen = c->gen;
    pthread_mutex_lock(&c->mu);
    c->misses++;
    /* another thread may have cached it meanwhile: ours replaces it */
    centry *old = c->buckets[hash_str(path) % c->nbuckets];
    while (old && strcmp(old->path, path) != 0)
        old = old->hnext;
    if (old)
        unlink_entry(c, old);
    size_t b = hash_str(path) % c->nbuckets;
    e->hnext = c->buckets[b];
    c->buckets[b] = e;
    e->next = c->head;
    if (c->head)
        c->head->prev = e;
    c->head = e;
    if (!c->tail)
        c->tail = e;
    c->count++;
    c->used += e->cost;
    evict(c);
    pthread_mutex_unlock(&c->mu);
    return e;
}

/* Lets go of e; when the cache is over its limit with what older calls
 * left dropped, e goes too. */
static void release(gf_fcache *c, centry *e)
{
    pthread_mutex_lock(&c->mu);
    e->refs--;
    if (e->gone) {
        if (!e->refs)
            entry_free(e);
    } else {
        evict(c);
        if (c->used > c->limit && !e->refs)
            unlink_entry(c, e);
    }
    pthread_mutex_unlock(&c->mu);
}

/* Whether the cache, grown by the entry in hand, is within its limit
 * (making room by evicting what older calls left). */
static bool fits(gf_fcache *c)
{
    pthread_mutex_lock(&c->mu);
    evict(c);
    bool ok = c->used <= c->limit;
    pthread_mutex_unlock(&c->mu);
    return ok;
}

/* Gives e a tree of lang (parsing with p when it has none, or another
 * language's); false when the parse failed. */
static bool ensure_tree(gf_fcache *c, centry *e, const gf_lang *lang, gf_parser *p)
{
    if (e->tree && e->lang == lang)
        return true;
    e->src.lang = lang;
    TSTree *t = NULL;
    /* what the parse leaves allocated is the tree (and the parser's
     * growth, once): its cost */
    long long before = gf_alloc_thread_bytes();
    if (gf_parse(p, &e->src, &t, NULL) != 0)
        return false;
    long long grew = gf_alloc_thread_bytes() - before;
    size_t tree_cost = grew > 0 ? (size_t)grew : e->src.len * TREE_FACTOR;
    pthread_mutex_lock(&c->mu);
    size_t old = e->cost;
    if (e->tree)
        ts_tree_delete(e->tree);
    drop_kinds(e);
    e->tree = t;
    e->lang = lang;
    e->cost = e->src.len + ENTRY_OVERHEAD + tree_cost;
    if (!e->gone)
        c->used += e->cost - old;
    pthread_mutex_unlock(&c->mu);
    return true;
}

/* The nodes of symbol sym in e's tree (e in use by the caller), collected
 * the first time a pattern asks. */
static const kindlist *kind_nodes(gf_fcache *c, centry *e, uint16_t sym)
{
    for (size_t i = 0; i < e->nkinds; i++)
        if (e->kinds[i].sym == sym)
            return &e->kinds[i];
    GF_VEC(TSNode) v = GF_VEC_INIT;
    GF_VEC(uint32_t) ends = GF_VEC_INIT;
    TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(e->tree));
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        if (ts_node_symbol(n) == sym) {
            gf_vec_push(&v, n);
            gf_vec_push(&ends, ts_node_end_byte(n));
        }
        if (!gf_cursor_next(&cur, ts_node_child_count(n) > 0))
            break;
    }
    ts_tree_cursor_delete(&cur);
    if (v.len > UINT32_MAX) {
        gf_vec_release(&v);
        gf_vec_release(&ends);
        return NULL;
    }
    e->kinds = gf_realloc(e->kinds, (e->nkinds + 1) * sizeof *e->kinds);
    kindlist *k = &e->kinds[e->nkinds++];
    k->sym = sym;
    k->count = (uint32_t)v.len;
    k->nodes = v.items;
    k->ends = ends.items;
    size_t extra = v.len * (sizeof(TSNode) + sizeof(uint32_t)) + sizeof *k;
    pthread_mutex_lock(&c->mu);
    e->cost += extra;
    if (!e->gone)
        c->used += extra;
    pthread_mutex_unlock(&c->mu);
    return k;
}

/* ---- code_find ---- */

typedef struct lang_slot {
    bool tried;
    gf_pattern *pat;
} lang_slot;

typedef struct fctx {
    gf_fcache *cache;
    const char *pattern;
    gf_pattern_opts popts;
    size_t max_count;
    pthread_mutex_t mu;
    lang_slot slots[32];
    volatile int *cancel;
    gf_found *found;
    size_t problems;
} fctx;

static const gf_pattern *pattern_for(fctx *c, const gf_lang *l)
{
    lang_slot *s = &c->slots[gf_lang_index(l)];
    pthread_mutex_lock(&c->mu);
    if (!s->tried) {
        s->tried = true;
        gf_pattern_compile(l, c->pattern, strlen(c->pattern), &c->popts, &s->pat, NULL);
    }
    pthread_mutex_unlock(&c->mu);
    return s->pat;
}

typedef struct run {
    fctx *c;
    centry *e;
    const gf_pattern *pat;
    gf_json j;
    gf_buf *out;
    size_t count;
} run;

static int on_match(void *user, const gf_match *m)
{
    run *r = user;
    r->count++;
    mo_json_find_match(&r->j, &r->e->src, r->pat, m, NULL, 0);
    gf_buf_addc(r->out, '\x1e');
    return r->c->max_count && r->count >= r->c->max_count;
}

static void visit(void *user, void *wp, const gf_walk_file *f, gf_buf *out)
{
    fctx *c = user;
    mo_worker *w = wp;
    if (!f->lang || (c->cancel && *c->cancel))
        return;
    const gf_pattern *pat = pattern_for(c, f->lang);
    if (!pat)
        return;
    gf_error e = GF_ERROR_INIT;
    centry *ce = acquire(c->cache, f->path, &e);
    if (!ce) {
        gf_buf_clear(out);
        gf_buf_adds(out, "\x1f"); /* a problem: the caller falls back */
        return;
    }
    /* one user at a time: the same file may be reached twice in a walk */
    pthread_mutex_lock(&ce->use);
    if (gf_pattern_may_match(pat, ce->src.bytes, ce->src.len) &&
        ensure_tree(c->cache, ce, f->lang, w->parser)) {
        run r = {c, ce, pat, .out = out};
        gf_json_init(&r.j, out, false);
        /* a file that will not stay gets no node lists */
        uint16_t sym = gf_pattern_root_symbol(pat);
        const kindlist *k = sym && fits(c->cache) ? kind_nodes(c->cache, ce, sym) : NULL;
        if (k)
            gf_pattern_find_at(pat, w->matcher, &ce->src, k->nodes, k->ends, k->count, on_match,
                               &r);
        else
            gf_pattern_find(pat, w->matcher, &ce->src, ce->tree, on_match, &r);
        gf_json_release(&r.j);
    }
    pthread_mutex_unlock(&ce->use);
    release(c->cache, ce);
}

static int emit(void *user, const gf_walk_file *f, const gf_buf *out, const gf_error *err)
{
    fctx *c = user;
    if (err || (out->len && out->ptr[0] == '\x1f')) {
        c->problems++;
        return 0;
    }
    /* the file's matches are separated by \x1e: into the array */
    gf_found *fd = c->found;
    size_t n = 0;
    for (const char *p = out->ptr, *end = p + out->len; p < end; n++) {
        const char *sep = memchr(p, '\x1e', (size_t)(end - p));
        size_t len = sep ? (size_t)(sep - p) : (size_t)(end - p);
        if (fd->count++)
            gf_buf_addc(&fd->text, ',');
        gf_vec_push(&fd->at, fd->text.len);
        gf_buf_add(&fd->text, p, len);
        p = sep ? sep + 1 : end;
    }
    if (n) {
        json_t *k = json_object_get(fd->per_file, f->path);
        json_object_set_new(fd->per_file, f->path,
                            json_integer(json_integer_value(k) + (json_int_t)n));
    }
    return 0;
}

static void warn(void *user, const gf_error *e)
{
    (void)e;
    fctx *c = user;
    c->problems++;
}

static bool get_bool(const json_t *args, const char *k)
{
    return json_is_true(json_object_get(args, k));
}

/* Each string of a string-or-list argument. */
static size_t strings(const json_t *v, const char **out, size_t cap)
{
    size_t n = 0;
    if (json_is_string(v))
        out[n++] = json_string_value(v);
    for (size_t i = 0; json_is_array(v) && i < json_array_size(v) && n < cap; i++)
        if (json_is_string(json_array_get(v, i)))
            out[n++] = json_string_value(json_array_get(v, i));
    return n;
}

void gf_found_release(gf_found *f)
{
    gf_buf_release(&f->text);
    gf_vec_release(&f->at);
    json_decref(f->per_file);
    memset(f, 0, sizeof *f);
}

int gf_fcache_find(gf_fcache *cache, const json_t *args, volatile int *cancel, gf_found *out)
{
    memset(out, 0, sizeof *out);
    const char *pattern = json_string_value(json_object_get(args, "pattern"));
    if (!pattern || json_object_get(args, "max_filesize") || json_object_get(args, "follow"))
        return GF_EINVAL; /* not handled here */
    fctx c = {.cache = cache, .pattern = pattern, .cancel = cancel, .found = out};
    pthread_mutex_lock(&cache->mu);
    cache->gen++;
    pthread_mutex_unlock(&cache->mu);
    pthread_mutex_init(&c.mu, NULL);
    out->per_file = json_object();
    gf_buf_addc(&out->text, '[');
    const char *paths[64], *globs[64];
    gf_walk_opts wo = {.max_filesize = MAX_FILESIZE};
    wo.npaths = strings(json_object_get(args, "paths"), paths, 64);
    wo.paths = wo.npaths ? paths : NULL;
    wo.nglobs = strings(json_object_get(args, "glob"), globs, 64);
    wo.globs = globs;
    wo.hidden = get_bool(args, "hidden");
    wo.no_ignore = get_bool(args, "no_ignore");
    int rc = GF_EINVAL;
    const char *lang = json_string_value(json_object_get(args, "lang"));
    if (lang && !(wo.lang = gf_lang_find(lang)))
        goto out;
    const char *sel = json_string_value(json_object_get(args, "selector"));
    c.popts.selector = sel;
    const char *strict = json_string_value(json_object_get(args, "strictness"));
    if (strict && !gf_strictness_parse(strict, &c.popts.strictness))
        goto out;
    const json_t *mc = json_object_get(args, "max_count");
    if (mc)
        c.max_count = (size_t)json_integer_value(mc);
    gf_langmap *map = NULL;
    if (gf_langmap_load(".", NULL, &map, NULL) != 0)
        goto out;
    wo.langmap = map;
    gf_walk_visitor v = {mo_worker_new, mo_worker_free, visit, emit, &c};
    size_t problems = 0;
    int wrc = gf_walk(&wo, &v, warn, &c, &problems, NULL);
    gf_buf_addc(&out->text, ']');
    gf_langmap_delete(map);
    bool any_ok = false, any_bad = false;
    for (size_t i = 0; i < gf_lang_count(); i++) {
        any_ok |= c.slots[i].pat != NULL;
        any_bad |= c.slots[i].tried && !c.slots[i].pat;
    }
    /* errors are the CLI's to word: the caller falls back to it */
    if (wrc || problems || c.problems || (any_bad && !any_ok) || (cancel && *cancel))
        goto out;
    rc = 0;
out:
    for (size_t i = 0; i < 32; i++)
        gf_pattern_delete(c.slots[i].pat);
    pthread_mutex_destroy(&c.mu);
    if (rc)
        gf_found_release(out);
    return rc;
}

void gf_fcache_stats(gf_fcache *c, size_t *files, size_t *bytes, size_t *hits, size_t *misses)
{
    pthread_mutex_lock(&c->mu);
    *files = c->count;
    *bytes = c->used;
    *hits = c->hits;
    *misses = c->misses;
    pthread_mutex_unlock(&c->mu);
}
