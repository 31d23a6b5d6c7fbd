/* tree: reads a directory tree with the walker's ignore rules and renders it. */
#include "repo/tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/json.h"
#include "util/vec.h"
#include "walk/git.h"
#include "walk/ignore.h"

/*
 * The ignore bookkeeping mirrors walk.c (read that first): every path is
 * kept relative to the outermost match root (the enclosing work tree's
 * top, else the tree's root), and each directory's ignore lists are
 * matched against the part of the path below that directory (`off`). The
 * walker's version is parallel and reports files only; this one is
 * sequential and keeps directories, binary and large files, which the
 * walker has no way to report.
 */
typedef struct repo {
    size_t off;
    gf_ignore *info_exclude, *excludes_file;
    struct repo *next;
} repo;

typedef struct dirnode {
    const struct dirnode *parent;
    gf_ignore *gitignore, *dotignore;
    const repo *repo;
    size_t off;
} dirnode;

typedef struct tree_ctx {
    const gf_tree_opts *o;
    gf_tree_warn_fn warn;
    void *warn_user;
    size_t problems;
    repo *repos;
    GF_VEC(dirnode *) nodes;
} tree_ctx;

static void report(tree_ctx *c, const gf_error *e)
{
    c->problems++;
    if (c->warn)
        c->warn(c->warn_user, e);
}

static gf_ignore *load_ignore(tree_ctx *c, const char *dir, const char *name)
{
    gf_buf p = GF_BUF_INIT;
    gf_buf_printf(&p, "%s%s%s", dir, *dir ? "/" : "", name);
    gf_ignore *ig = gf_ignore_new("");
    gf_error e;
    if (gf_ignore_load(ig, p.ptr, &e) != 0)
        report(c, &e);
    gf_buf_release(&p);
    if (!gf_ignore_count(ig)) {
        gf_ignore_free(ig);
        return NULL;
    }
    return ig;
}

static repo *repo_new(tree_ctx *c, size_t off, const char *gitdir)
{
    repo *r = gf_calloc(1, sizeof *r);
    r->off = off;
    gf_buf p = GF_BUF_INIT;
    gf_error e;
    gf_git_info_exclude(gitdir, &p);
    r->info_exclude = gf_ignore_new("");
    if (gf_ignore_load(r->info_exclude, p.ptr, &e) != 0)
        report(c, &e);
    if (gf_git_excludes_file(gitdir, &p)) {
        r->excludes_file = gf_ignore_new("");
        if (gf_ignore_load(r->excludes_file, p.ptr, &e) != 0)
            report(c, &e);
    }
    gf_buf_release(&p);
    r->next = c->repos;
    c->repos = r;
    return r;
}

static dirnode *dirnode_new(tree_ctx *c, const dirnode *parent, size_t off)
{
    dirnode *d = gf_calloc(1, sizeof *d);
    d->parent = parent;
    d->repo = parent ? parent->repo : NULL;
    d->off = off;
    gf_vec_push(&c->nodes, d);
    return d;
}

/* As walk.c: .ignore lists (deepest first), then .gitignore lists up to
 * the work tree's top, then its info/exclude and core.excludesFile; the
 * first list with a matching pattern decides. */
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

static bool excluded(const gf_tree_opts *o, const char *name)
{
    for (size_t i = 0; i < o->nexcludes; i++)
        if (gf_wildmatch(o->excludes[i], name, 0))
            return true;
    return false;
}

static char *join(const char *dir, const char *name)
{
    gf_buf b = GF_BUF_INIT;
    gf_buf_printf(&b, "%s%s%s", dir, *dir ? "/" : "", name);
    return gf_buf_detach(&b, NULL);
}

static int cmp_node(const void *a, const void *b)
{
    return strcmp(((const gf_tree_node *)a)->name, ((const gf_tree_node *)b)->name);
}

/*
 * Reads directory `node` (display path disp, `rel` from the match root)
 * at `depth` below the root: its ignore files, then each entry that
 * survives the rules, recursing into directories until the depth limit.
 */
static void read_dir(tree_ctx *c, gf_tree_node *node, const dirnode *parent, const char *rel,
                     const char *disp, int depth, bool is_top, repo *newrepo)
{
    const gf_tree_opts *o = c->o;
    const char *open_path = *disp ? disp : ".";
    DIR *dir = opendir(open_path);
    if (!dir) {
        gf_error e;
        gf_error_errno(&e, errno, open_path);
        report(c, &e);
        return;
    }
    int dfd = dirfd(dir);
    GF_VEC(char *) names = GF_VEC_INIT;
    GF_VEC(unsigned char) types = GF_VEC_INIT;
    bool has_gitignore = false, has_dotignore = false, has_git = false;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(dir);
        if (!de) {
            if (errno) {
                gf_error e;
                gf_error_errno(&e, errno, open_path);
                report(c, &e);
            }
            break;
        }
        const char *n = de->d_name;
        if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0')))
            continue;
        has_gitignore |= strcmp(n, ".gitignore") == 0;
        has_dotignore |= strcmp(n, ".ignore") == 0;
        has_git |= strcmp(n, ".git") == 0;
        gf_vec_push(&names, gf_strdup(n));
        gf_vec_push(&types, de->d_type);
    }

    dirnode *d = dirnode_new(c, parent, *rel ? strlen(rel) + 1 : 0);
    if (newrepo) {
        d->repo = newrepo;
    } else if (has_git && !is_top && !o->no_ignore) {
        /* A nested work tree brings its own rules; its parent's stop. */
        gf_buf top = GF_BUF_INIT, gitdir = GF_BUF_INIT;
        gf_buf_adds(&top, open_path);
        if (gf_git_dir_of(top.ptr, &gitdir))
            d->repo = repo_new(c, d->off, gitdir.ptr);
        gf_buf_release(&top);
        gf_buf_release(&gitdir);
    }
    if (!o->no_ignore) {
        if (has_gitignore && d->repo)
            d->gitignore = load_ignore(c, disp, ".gitignore");
        if (has_dotignore)
            d->dotignore = load_ignore(c, disp, ".ignore");
    }

    GF_VEC(gf_tree_node) kids = GF_VEC_INIT;
    gf_buf r = GF_BUF_INIT;
    for (size_t i = 0; i < names.len; i++) {
        const char *n = names.items[i];
        if (strcmp(n, ".git") == 0 || strcmp(n, ".agentfs") == 0)
            continue;
        if ((n[0] == '.' && !o->hidden) || excluded(o, n))
            continue;
        struct stat st;
        if (fstatat(dfd, n, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue; /* vanished */
        bool is_dir = S_ISDIR(st.st_mode);
        if (!is_dir && !S_ISREG(st.st_mode))
            continue; /* links, fifos, sockets, devices */
        gf_buf_clear(&r);
        gf_buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", n);
        if (!o->no_ignore && ignored(d, r.ptr, r.len, is_dir))
            continue;
        gf_tree_node *k = gf_vec_push_slot(&kids);
        k->name = names.items[i];
        names.items[i] = NULL;
        k->path = join(disp, n);
        k->is_dir = is_dir;
        k->size = is_dir ? 0 : (uint64_t)st.st_size;
    }
    gf_vec_release(&types);
    for (size_t i = 0; i < names.len; i++)
        gf_free(names.items[i]);
    gf_vec_release(&names);
    closedir(dir);

    if (kids.len)
        qsort(kids.items, kids.len, sizeof *kids.items, cmp_node);
    for (size_t i = 0; i < kids.len; i++) {
        gf_tree_node *k = &kids.items[i];
        if (!k->is_dir)
            continue;
        if (o->max_depth > 0 && depth + 1 >= o->max_depth) {
            k->unread = true;
            continue;
        }
        gf_buf_clear(&r);
        gf_buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", k->name);
        read_dir(c, k, d, r.ptr, k->path, depth + 1, false, NULL);
    }
    gf_buf_release(&r);
    node->children = kids.items;
    node->nchildren = kids.len;
    for (size_t i = 0; i < kids.len; i++)
        node->size += kids.items[i].size;
}

/*
 * The dirnodes of the root's ancestors up to the enclosing work tree's top
 * (their .gitignore and .ignore files apply below), as walk.c's
 * start_root. Returns the root's parent dirnode (NULL outside a work
 * tree, or when the root is the top: *newrepo is then the root's repo)
 * and sets *rel to the root's path from the top.
 */
static const dirnode *ancestors(tree_ctx *c, const char *path, char **rel, repo **newrepo)
{
    gf_buf abs = GF_BUF_INIT, top = GF_BUF_INIT, gitdir = GF_BUF_INIT;
    const dirnode *parent = NULL;
    *rel = gf_strdup("");
    *newrepo = NULL;
    char *real = realpath(path, NULL);
    if (!real || c->o->no_ignore || !gf_git_find(real, &top, &gitdir))
        goto done;
    gf_buf_adds(&abs, real);
    const char *sub = abs.ptr + top.len;
    if (top.len == 1) /* the top is "/" itself */
        sub = abs.ptr;
    while (*sub == '/')
        sub++;
    repo *r = repo_new(c, 0, gitdir.ptr);
    gf_buf anc = GF_BUF_INIT;
    gf_buf_add(&anc, top.ptr, top.len);
    const char *p = sub;
    size_t rel_len = 0;
    while (*p) {
        dirnode *d = dirnode_new(c, parent, rel_len ? rel_len + 1 : 0);
        d->repo = r;
        d->gitignore = load_ignore(c, anc.ptr, ".gitignore");
        d->dotignore = load_ignore(c, anc.ptr, ".ignore");
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
    gf_free(*rel);
    *rel = gf_strdup(sub);
    if (!parent)
        *newrepo = r;
done:
    free(real);
    gf_buf_release(&abs);
    gf_buf_release(&top);
    gf_buf_release(&gitdir);
    return parent;
}

int gf_tree_build(const gf_tree_opts *opts, gf_tree_node **out, gf_tree_warn_fn warn,
                  void *warn_user, size_t *problems, gf_error *err)
{
    *out = NULL;
    if (problems)
        *problems = 0;
    const char *path = opts->path ? opts->path : ".";
    struct stat st;
    if (stat(path, &st) != 0)
        return gf_error_errno(err, errno, path);
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
        return gf_error_path(err, GF_EINVAL, path, "not a directory or regular file");
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    gf_tree_node *root = gf_calloc(1, sizeof *root);
    root->name = gf_strdup(path); /* as given, as tree prints it */
    root->path = gf_strndup(path, n);
    root->is_dir = S_ISDIR(st.st_mode);
    if (!root->is_dir) {
        root->size = (uint64_t)st.st_size;
        *out = root;
        return 0;
    }
    tree_ctx c = {.o = opts, .warn = warn, .warn_user = warn_user};
    char *rel;
    repo *newrepo;
    const dirnode *parent = ancestors(&c, root->path, &rel, &newrepo);
    /* As the walker: children of an implicit root have no "./" prefix. */
    read_dir(&c, root, parent, rel, opts->path ? root->path : "", 0, true, newrepo);
    gf_free(rel);
    for (size_t i = 0; i < c.nodes.len; i++) {
        gf_ignore_free(c.nodes.items[i]->gitignore);
        gf_ignore_free(c.nodes.items[i]->dotignore);
        gf_free(c.nodes.items[i]);
    }
    gf_vec_release(&c.nodes);
    for (repo *r = c.repos, *next; r; r = next) {
        next = r->next;
        gf_ignore_free(r->info_exclude);
        gf_ignore_free(r->excludes_file);
        gf_free(r);
    }
    if (problems)
        *problems = c.problems;
    *out = root;
    return 0;
}

static void node_release(gf_tree_node *n)
{
    for (size_t i = 0; i < n->nchildren; i++)
        node_release(&n->children[i]);
    gf_free(n->children);
    gf_free(n->name);
    gf_free(n->path);
}

void gf_tree_free(gf_tree_node *root)
{
    if (!root)
        return;
    node_release(root);
    gf_free(root);
}

static void count(const gf_tree_node *n, size_t *dirs, size_t *files)
{
    for (size_t i = 0; i < n->nchildren; i++) {
        if (n->children[i].is_dir) {
            (*dirs)++;
            count(&n->children[i], dirs, files);
        } else {
            (*files)++;
        }
    }
}

void gf_tree_count(const gf_tree_node *root, size_t *dirs, size_t *files)
{
    *dirs = *files = 0;
    if (root->is_dir)
        count(root, dirs, files);
    else
        *files = 1;
}

/* prefix holds the connectors of the enclosing levels. */
static void text_children(const gf_tree_node *n, gf_buf *prefix, gf_buf *out)
{
    for (size_t i = 0; i < n->nchildren; i++) {
        const gf_tree_node *k = &n->children[i];
        bool last = i + 1 == n->nchildren;
        gf_buf_add(out, prefix->ptr, prefix->len);
        gf_buf_adds(out, last ? "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 "   /* └── */
                              : "\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 "); /* ├── */
        gf_buf_adds(out, k->name);
        gf_buf_addc(out, '\n');
        if (k->nchildren) {
            size_t keep = prefix->len;
            /* tree's own bytes: │, two no-break spaces, a space */
            gf_buf_adds(prefix, last ? "    " : "\xe2\x94\x82\xc2\xa0\xc2\xa0 ");
            text_children(k, prefix, out);
            gf_buf_setlen(prefix, keep);
        }
    }
}

void gf_tree_text(const gf_tree_node *root, gf_buf *out)
{
    gf_buf prefix = GF_BUF_INIT;
    gf_buf_adds(out, root->name);
    gf_buf_addc(out, '\n');
    text_children(root, &prefix, out);
    gf_buf_release(&prefix);
    size_t dirs, files;
    gf_tree_count(root, &dirs, &files);
    /* tree 2.x counts the root too, unless nothing is listed in it. */
    if (root->nchildren)
        dirs++;
    gf_buf_printf(out, "\n%zu director%s, %zu file%s\n", dirs, dirs == 1 ? "y" : "ies", files,
                  files == 1 ? "" : "s");
}

static void json_node(gf_json *j, const gf_tree_node *n)
{
    gf_json_object_begin(j);
    gf_json_key(j, "path");
    gf_json_str(j, n->path);
    gf_json_key(j, "type");
    gf_json_str(j, n->is_dir ? "directory" : "file");
    gf_json_key(j, "size");
    gf_json_uint(j, n->size);
    if (n->is_dir && !n->unread) {
        gf_json_key(j, "children");
        gf_json_array_begin(j);
        for (size_t i = 0; i < n->nchildren; i++)
            json_node(j, &n->children[i]);
        gf_json_array_end(j);
    }
    gf_json_object_end(j);
}

void gf_tree_json(const gf_tree_node *root, bool pretty, gf_buf *out)
{
    gf_json j;
    gf_json_init(&j, out, pretty);
    json_node(&j, root);
    gf_json_release(&j);
    gf_buf_addc(out, '\n');
}
