/* project: graft.yml / sgconfig.yml and rule files on disk. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "match/project.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/yaml.h"

/* Rule files are small; anything bigger is a mistake. */
#define MAX_RULE_FILE (16u << 20)

static char *dir_of(const char *path)
{
    char *abs = realpath(path, NULL);
    if (!abs)
        return NULL;
    char *slash = strrchr(abs, '/');
    if (slash)
        slash[slash == abs ? 1 : 0] = '\0';
    char *d = gf_strdup(abs);
    free(abs); /* realpath allocates with malloc */
    return d;
}

static char *join(const char *dir, const char *rel)
{
    gf_buf b = GF_BUF_INIT;
    if (rel[0] == '/')
        gf_buf_adds(&b, rel);
    else
        gf_buf_printf(&b, "%s/%s", dir, rel);
    return gf_buf_detach(&b, NULL);
}

static int cfg_err(gf_error *err, const char *path, const gf_yaml_node *at, const char *msg)
{
    int rc = gf_error_set(err, GF_ESYNTAX, "'%s':%u:%u: %s", path, at->line, at->col, msg);
    if (err) {
        snprintf(err->path, sizeof err->path, "%s", path);
        err->line = at->line;
        err->column = at->col;
    }
    return rc;
}

/* A list of directory names (a string is a list of one). */
static int dir_list(const char *path, const char *dir, const gf_yaml_node *y, void *vec,
                    gf_error *err)
{
    GF_VEC(char *) *v = vec;
    if (y->type == GF_YAML_SCALAR) {
        gf_vec_push(v, join(dir, y->str));
        return 0;
    }
    if (y->type != GF_YAML_SEQ)
        return cfg_err(err, path, y, "expected a directory or a list of directories");
    for (size_t i = 0; i < y->n; i++) {
        if (y->items[i]->type != GF_YAML_SCALAR)
            return cfg_err(err, path, y->items[i], "expected a directory name");
        gf_vec_push(v, join(dir, y->items[i]->str));
    }
    return 0;
}

int gf_project_load(const char *path, gf_project *out, gf_error *err)
{
    memset(out, 0, sizeof *out);
    gf_buf text = GF_BUF_INIT;
    int rc = gf_read_file(path, MAX_RULE_FILE, 0, &text, NULL, err);
    if (rc)
        return rc;
    out->file = gf_strdup(path);
    out->dir = dir_of(path);
    if (!out->dir) {
        gf_buf_release(&text);
        return gf_error_errno(err, errno, path);
    }
    gf_yaml_docs docs = GF_YAML_DOCS_INIT;
    rc = gf_yaml_load(text.ptr, text.len, path, &docs, err);
    const gf_yaml_node *root = docs.len ? docs.items[0].root : NULL;
    if (!rc && root && root->type != GF_YAML_MAP && root->type != GF_YAML_NULL)
        rc = cfg_err(err, path, root, "the config must be a mapping");
    const gf_yaml_node *y;
    if (!rc && root && (y = gf_yaml_get(root, "ruleDirs")))
        rc = dir_list(path, out->dir, y, &out->rule_dirs, err);
    if (!rc && root && (y = gf_yaml_get(root, "utilDirs")))
        rc = dir_list(path, out->dir, y, &out->util_dirs, err);
    if (!rc && root && (y = gf_yaml_get(root, "testConfigs"))) {
        if (y->type != GF_YAML_SEQ)
            rc = cfg_err(err, path, y, "testConfigs must be a list of {testDir, snapshotDir}");
        for (size_t i = 0; !rc && i < y->n; i++) {
            const gf_yaml_node *t = y->items[i], *td = gf_yaml_get(t, "testDir"),
                               *sd = gf_yaml_get(t, "snapshotDir");
            if (!td || td->type != GF_YAML_SCALAR) {
                rc = cfg_err(err, path, t, "a test config needs a testDir string");
                break;
            }
            gf_test_config tc = {join(out->dir, td->str), NULL};
            /* snapshotDir is relative to testDir, as ast-grep reads it */
            if (sd && sd->type == GF_YAML_SCALAR)
                tc.snapshot_dir = join(tc.test_dir, sd->str);
            gf_vec_push(&out->tests, tc);
        }
    }
    gf_yaml_docs_release(&docs);
    gf_buf_release(&text);
    if (rc)
        gf_project_release(out);
    return rc;
}

void gf_project_release(gf_project *p)
{
    gf_free(p->file);
    gf_free(p->dir);
    for (size_t i = 0; i < p->rule_dirs.len; i++)
        gf_free(p->rule_dirs.items[i]);
    gf_vec_release(&p->rule_dirs);
    for (size_t i = 0; i < p->util_dirs.len; i++)
        gf_free(p->util_dirs.items[i]);
    gf_vec_release(&p->util_dirs);
    for (size_t i = 0; i < p->tests.len; i++) {
        gf_free(p->tests.items[i].test_dir);
        gf_free(p->tests.items[i].snapshot_dir);
    }
    gf_vec_release(&p->tests);
    memset(p, 0, sizeof *p);
}

int gf_rules_add_file(gf_rules *rs, const char *path, bool utils, const char *base, gf_error *err)
{
    gf_buf text = GF_BUF_INIT;
    int rc = gf_read_file(path, MAX_RULE_FILE, 0, &text, NULL, err);
    if (!rc)
        rc = utils ? gf_rules_add_utils(rs, path, text.ptr, text.len, err)
                   : gf_rules_add(rs, path, base, text.ptr, text.len, err);
    gf_buf_release(&text);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool yaml_name(const char *n)
{
    size_t l = strlen(n);
    return (l > 4 && strcmp(n + l - 4, ".yml") == 0) || (l > 5 && strcmp(n + l - 5, ".yaml") == 0);
}

/* Collects the rule files under dir into v (depth-limited). */
static int collect(const char *dir, void *vec, int depth, gf_error *err)
{
    GF_VEC(char *) *v = vec;
    DIR *d = opendir(dir);
    if (!d)
        return gf_error_errno(err, errno, dir);
    struct dirent *e;
    int rc = 0;
    while (!rc && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = join(dir, e->d_name);
        struct stat st;
        if (stat(p, &st) != 0) {
            gf_free(p);
            continue;
        }
        if (S_ISDIR(st.st_mode) && depth < 32) {
            rc = collect(p, vec, depth + 1, err);
            gf_free(p);
        } else if (S_ISREG(st.st_mode) && yaml_name(e->d_name)) {
            gf_vec_push(v, p);
        } else {
            gf_free(p);
        }
    }
    closedir(d);
    return rc;
}

int gf_rules_add_dir(gf_rules *rs, const char *dir, bool utils, const char *base, gf_error *err)
{
    GF_VEC(char *) files = GF_VEC_INIT;
    int rc = collect(dir, &files, 0, err);
    if (files.len)
        qsort(files.items, files.len, sizeof(char *), cmp_str);
    for (size_t i = 0; i < files.len; i++) {
        if (!rc)
            rc = gf_rules_add_file(rs, files.items[i], utils, base, err);
        gf_free(files.items[i]);
    }
    gf_vec_release(&files);
    return rc;
}
