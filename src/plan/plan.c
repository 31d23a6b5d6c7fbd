/* plan: the action table and the plan loader (schema checks with positions). */
#include "plan/plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "graft/edit.h"
#include "util/alloc.h"
#include "util/error.h"

/* ---- the actions ---- */

#define WALK_ARGS                                                                                  \
    {"glob", GF_ARG_STRS, "--glob", 0, false}, {"hidden", GF_ARG_BOOL, "--hidden", 0, false},      \
        {"no_ignore", GF_ARG_BOOL, "--no-ignore", 0, false},                                       \
        {"follow", GF_ARG_BOOL, "--follow", 0, false},                                             \
    {                                                                                              \
        "max_filesize", GF_ARG_STR, "--max-filesize", 0, false                                     \
    }

#define EDIT_ARGS                                                                                  \
    {"path", GF_ARG_STR, NULL, 1, true}, {"regex", GF_ARG_BOOL, "--regex", 0, false},              \
    {                                                                                              \
        "expect_sha256", GF_ARG_STR, "--expect-sha256", 0, false                                   \
    }

static const gf_argspec replace_args[] = {
    EDIT_ARGS,
    {"old", GF_ARG_STR, "--old", 0, false},
    {"new", GF_ARG_STR, "--new", 0, false},
    {"old_file", GF_ARG_STR, "--old-file", 0, false},
    {"new_file", GF_ARG_STR, "--new-file", 0, false},
    {"all", GF_ARG_BOOL, "--all", 0, false},
    {"count", GF_ARG_INT, "--count", 0, false},
    {"fuzzy", GF_ARG_BOOL, "--fuzzy", 0, false},
    {NULL, 0, NULL, 0, false},
};
static const char *const replace_one_of[] = {"old|old_file", "new|new_file", NULL};
static const char *const replace_at_most[] = {"old|old_file", "new|new_file", "all|count", NULL};

static const gf_argspec insert_args[] = {
    EDIT_ARGS,
    {"anchor", GF_ARG_STR, "--anchor", 0, false},
    {"at_line", GF_ARG_INT, "--at-line", 0, false},
    {"before", GF_ARG_BOOL, "--before", 0, false},
    {"after", GF_ARG_BOOL, "--after", 0, false},
    {"text", GF_ARG_STR, "--text", 0, false},
    {"text_file", GF_ARG_STR, "--text-file", 0, false},
    {"occurrence", GF_ARG_INT, "--occurrence", 0, false},
    {"all", GF_ARG_BOOL, "--all", 0, false},
    {"allow_no_match", GF_ARG_BOOL, "--allow-no-match", 0, false},
    {NULL, 0, NULL, 0, false},
};
static const char *const insert_one_of[] = {"anchor|at_line", "text|text_file", "before|after",
                                            NULL};
static const char *const insert_at_most[] = {"anchor|at_line", "text|text_file", "before|after",
                                             "occurrence|all", NULL};

static const gf_argspec delete_args[] = {
    EDIT_ARGS,
    {"start", GF_ARG_STR, "--start", 0, true},
    {"end", GF_ARG_STR, "--end", 0, true},
    {"exclusive", GF_ARG_BOOL, "--exclusive", 0, false},
    {NULL, 0, NULL, 0, false},
};

static const gf_argspec patch_args[] = {
    {"patch", GF_ARG_STR, NULL, 0, false},
    {"diff", GF_ARG_STR, NULL, 0, false},
    {"strip", GF_ARG_INT, NULL, 0, false},
    {"directory", GF_ARG_STR, NULL, 0, false},
    {"fuzz", GF_ARG_INT, NULL, 0, false},
    {"reverse", GF_ARG_BOOL, NULL, 0, false},
    {NULL, 0, NULL, 0, false},
};
static const char *const patch_one_of[] = {"patch|diff", NULL};

static const gf_argspec search_args[] = {
    {"pattern", GF_ARG_STR, NULL, 1, true},
    {"paths", GF_ARG_STRS, NULL, 2, false},
    {"fixed_strings", GF_ARG_BOOL, "--fixed-strings", 0, false},
    {"ignore_case", GF_ARG_BOOL, "--ignore-case", 0, false},
    {"word_regexp", GF_ARG_BOOL, "--word-regexp", 0, false},
    {"max_count", GF_ARG_INT, "--max-count", 0, false},
    WALK_ARGS,
    {NULL, 0, NULL, 0, false},
};

static const gf_argspec tree_args[] = {
    {"path", GF_ARG_STR, NULL, 1, false},
    {"max_depth", GF_ARG_INT, "--max-depth", 0, false},
    {"exclude", GF_ARG_STRS, "--exclude", 0, false},
    {"hidden", GF_ARG_BOOL, "--hidden", 0, false},
    {"no_ignore", GF_ARG_BOOL, "--no-ignore", 0, false},
    {NULL, 0, NULL, 0, false},
};

#define FIND_ARGS                                                                                  \
    {"pattern", GF_ARG_STR, NULL, 1, true}, {"lang", GF_ARG_STR, "--lang", 0, false},              \
        {"selector", GF_ARG_STR, "--selector", 0, false},                                          \
        {"strictness", GF_ARG_STR, "--strictness", 0, false}, WALK_ARGS

static const gf_argspec find_args[] = {
    FIND_ARGS,
    {"paths", GF_ARG_STRS, NULL, 2, false},
    {"max_count", GF_ARG_INT, "--max-count", 0, false},
    {NULL, 0, NULL, 0, false},
};

static const gf_argspec rewrite_args[] = {
    FIND_ARGS,
    {"rewrite", GF_ARG_STR, NULL, 2, true},
    {"paths", GF_ARG_STRS, NULL, 3, false},
    {"allow_errors", GF_ARG_BOOL, "--allow-errors", 0, false},
    {NULL, 0, NULL, 0, false},
};

static const gf_argspec scan_args[] = {
    {"paths", GF_ARG_STRS, NULL, 1, false},
    {"rule", GF_ARG_STRS, "--rule", 0, false},
    {"rules", GF_ARG_STRS, "--rules", 0, false},
    {"inline_rules", GF_ARG_STR, "--inline-rules", 0, false},
    {"config", GF_ARG_STR, "--config", 0, false},
    {"severity", GF_ARG_STR, "--severity", 0, false},
    {"fix", GF_ARG_BOOL, NULL, 0, false},
    {"allow_errors", GF_ARG_BOOL, "--allow-errors", 0, false},
    WALK_ARGS,
    {NULL, 0, NULL, 0, false},
};

static const gf_argspec splice_args[] = {
    {"target", GF_ARG_STR, NULL, 1, true},
    {"replace", GF_ARG_BOOL, "--replace", 0, false},
    {"insert_before", GF_ARG_BOOL, "--insert-before", 0, false},
    {"insert_after", GF_ARG_BOOL, "--insert-after", 0, false},
    {"delete", GF_ARG_BOOL, "--delete", 0, false},
    {"with", GF_ARG_STR, "--with", 0, false},
    {"text", GF_ARG_STR, "--text", 0, false},
    {"lang", GF_ARG_STR, "--lang", 0, false},
    {"allow_errors", GF_ARG_BOOL, "--allow-errors", 0, false},
    {NULL, 0, NULL, 0, false},
};
static const char *const splice_one_of[] = {"replace|insert_before|insert_after|delete", NULL};
static const char *const splice_at_most[] = {"replace|insert_before|insert_after|delete",
                                             "with|text", NULL};

static const gf_argspec shell_args[] = {
    {"cmd", GF_ARG_STRS, NULL, 0, true},
    {"cwd", GF_ARG_STR, NULL, 0, false},
    {"env", GF_ARG_ENV, NULL, 0, false},
    {"timeout", GF_ARG_NUM, NULL, 0, false},
    {"stdin", GF_ARG_STR, NULL, 0, false},
    {"allow_failure", GF_ARG_BOOL, NULL, 0, false},
    {NULL, 0, NULL, 0, false},
};

static const gf_argspec parse_args[] = {
    {"paths", GF_ARG_STRS, NULL, 1, true},
    {"lang", GF_ARG_STR, "--lang", 0, false},
    {NULL, 0, NULL, 0, false},
};

static const gf_argspec symbols_args[] = {
    {"paths", GF_ARG_STRS, NULL, 1, false},
    {"depth", GF_ARG_INT, "--depth", 0, false},
    {"kind", GF_ARG_STRS, "--kind", 0, false},
    {"lang", GF_ARG_STR, "--lang", 0, false},
    WALK_ARGS,
    {NULL, 0, NULL, 0, false},
};

static const gf_argspec show_args[] = {
    {"target", GF_ARG_STR, NULL, 1, true},
    {"lang", GF_ARG_STR, "--lang", 0, false},
    {NULL, 0, NULL, 0, false},
};

static const gf_argspec refs_args[] = {
    {"name", GF_ARG_STR, NULL, 1, true},
    {"paths", GF_ARG_STRS, NULL, 2, false},
    {"kind", GF_ARG_STRS, "--kind", 0, false},
    {"lang", GF_ARG_STR, "--lang", 0, false},
    WALK_ARGS,
    {NULL, 0, NULL, 0, false},
};

static const gf_argspec no_args[] = {{NULL, 0, NULL, 0, false}};

static const char *const json_compact[] = {"--json=compact", NULL};
static const char *const json_plain[] = {"--json", NULL};
static const char *const dry_json[] = {"--dry-run", "--json=compact", NULL};
static const char *const parse_errors[] = {"--errors", "--format=json-compact", NULL};

static const gf_action actions[] = {
    {"assert", GF_ACT_ASSERT, NULL, no_args, NULL, NULL, NULL, NULL},
    {"code.find", GF_ACT_READ, "find", find_args, NULL, NULL, json_compact, "matches"},
    {"code.parse", GF_ACT_READ, "parse", parse_args, NULL, NULL, parse_errors, "errors"},
    {"code.refs", GF_ACT_READ, "refs", refs_args, NULL, NULL, json_compact, "refs"},
    {"code.rewrite", GF_ACT_EDIT, "rewrite", rewrite_args, NULL, NULL, NULL, NULL},
    {"code.scan", GF_ACT_READ, "scan", scan_args, NULL, NULL, json_compact, "matches"},
    {"code.show", GF_ACT_READ, "show", show_args, NULL, NULL, json_compact, "symbols"},
    {"code.splice", GF_ACT_EDIT, "splice", splice_args, splice_one_of, splice_at_most, NULL, NULL},
    {"code.symbols", GF_ACT_READ, "symbols", symbols_args, NULL, NULL, json_compact, "symbols"},
    {"file.delete_range", GF_ACT_EDIT, "delete-range", delete_args, NULL, NULL, dry_json, NULL},
    {"file.insert", GF_ACT_EDIT, "insert", insert_args, insert_one_of, insert_at_most, dry_json,
     NULL},
    {"file.patch_apply", GF_ACT_PATCH, NULL, patch_args, patch_one_of, patch_one_of, NULL, NULL},
    {"file.replace", GF_ACT_EDIT, "replace", replace_args, replace_one_of, replace_at_most,
     dry_json, NULL},
    {"repo.search", GF_ACT_READ, "search", search_args, NULL, NULL, json_plain, "matches"},
    {"repo.tree", GF_ACT_READ, "tree", tree_args, NULL, NULL, json_plain, "tree"},
    {"shell", GF_ACT_SHELL, NULL, shell_args, NULL, NULL, NULL, NULL},
};

const gf_action *gf_action_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strlen(actions[i].name) == len && memcmp(actions[i].name, name, len) == 0)
            return &actions[i];
    return NULL;
}

const char *gf_action_names(void)
{
    return "file.replace, file.insert, file.delete_range, file.patch_apply, repo.search, "
           "repo.tree, code.find, code.rewrite, code.scan, code.splice, code.parse, code.symbols, "
           "code.show, code.refs, shell, assert";
}

/* ---- assertions: a kind key, and the keys that may go with it ---- */

typedef struct assert_spec {
    const char *kind;
    gf_argtype type;          /* of the kind key's own value */
    const gf_argspec *inner;  /* when its value is a mapping: its keys */
    const gf_argspec *beside; /* keys allowed next to the kind key */
} assert_spec;

static const gf_argspec command_beside[] = {
    {"exit_code", GF_ARG_INT, NULL, 0, false}, {"cwd", GF_ARG_STR, NULL, 0, false},
    {"env", GF_ARG_ENV, NULL, 0, false},       {"timeout", GF_ARG_NUM, NULL, 0, false},
    {"stdin", GF_ARG_STR, NULL, 0, false},     {NULL, 0, NULL, 0, false},
};
static const gf_argspec contains_inner[] = {
    {"path", GF_ARG_STR, NULL, 0, true},
    {"text", GF_ARG_STR, NULL, 0, false},
    {"regex", GF_ARG_STR, NULL, 0, false},
    {"count", GF_ARG_INT, NULL, 0, false},
    {NULL, 0, NULL, 0, false},
};
static const gf_argspec sha_inner[] = {
    {"path", GF_ARG_STR, NULL, 0, true},
    {"checksum", GF_ARG_STR, NULL, 0, true},
    {NULL, 0, NULL, 0, false},
};
static const gf_argspec clean_inner[] = {
    {"allow_untracked", GF_ARG_BOOL, NULL, 0, false},
    {NULL, 0, NULL, 0, false},
};
static const gf_argspec gitdiff_inner[] = {
    {"expected_diff", GF_ARG_STR, NULL, 0, true},
    {"paths", GF_ARG_STRS, NULL, 0, false},
    {NULL, 0, NULL, 0, false},
};
static const gf_argspec count_inner[] = {
    {"pattern", GF_ARG_STR, NULL, 0, true}, {"lang", GF_ARG_STR, NULL, 0, false},
    {"path", GF_ARG_STRS, NULL, 0, false},  {"selector", GF_ARG_STR, NULL, 0, false},
    {"equals", GF_ARG_INT, NULL, 0, false}, {"min", GF_ARG_INT, NULL, 0, false},
    {"max", GF_ARG_INT, NULL, 0, false},    {NULL, 0, NULL, 0, false},
};

static const assert_spec asserts[] = {
    {"command", GF_ARG_STRS, NULL, command_beside},
    {"file_exists", GF_ARG_STR, NULL, no_args},
    {"file_contains", GF_ARG_ANY, contains_inner, no_args},
    {"file_sha256", GF_ARG_ANY, sha_inner, no_args},
    {"git_clean", GF_ARG_ANY, clean_inner, no_args},
    {"git_diff", GF_ARG_ANY, gitdiff_inner, no_args},
    {"match_count", GF_ARG_ANY, count_inner, no_args},
    {"that", GF_ARG_STR, NULL, no_args},
};

#define ASSERT_KINDS                                                                               \
    "command, file_exists, file_contains, file_sha256, git_clean, git_diff, match_count, that"

/* ---- loading ---- */

typedef struct lctx {
    gf_plan *plan;
    gf_error *err;
    json_t *known; /* names a template may use at this point: vars, earlier registers */
} lctx;

__attribute__((format(printf, 3, 4))) static int lerr(lctx *c, const gf_yaml_node *at,
                                                      const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    uint32_t line = at ? at->line : 1, col = at ? at->col : 1;
    int rc = gf_error_set(c->err, GF_EINVAL, "'%s':%u:%u: %s", c->plan->path, line, col, msg);
    if (c->err) {
        c->err->line = line;
        c->err->column = col;
    }
    return rc;
}

static const json_t *known_lookup(void *ctx, const char *name)
{
    lctx *c = ctx;
    return json_object_get(c->known, name);
}

/* Checks the templates in a scalar (and reports with the scalar's position). */
static int check_template(lctx *c, const gf_yaml_node *n)
{
    if (n->type != GF_YAML_SCALAR || !memmem(n->str, n->len, "{{", 2))
        return 0;
    gf_error e = GF_ERROR_INIT;
    if (gf_plan_template(n->str, n->len, true, known_lookup, c, NULL, &e))
        return lerr(c, n, "in '%.*s': %s", (int)(n->len > 80 ? 80 : n->len), n->str, e.message);
    return 0;
}

static bool is_template(const gf_yaml_node *n)
{
    return n->type == GF_YAML_SCALAR && !n->plain && memmem(n->str, n->len, "{{", 2);
}

static int check_type(lctx *c, const char *key, const gf_yaml_node *v, gf_argtype t)
{
    long long i;
    bool b;
    switch (t) {
    case GF_ARG_ANY: return 0;
    case GF_ARG_STR:
        if (v->type != GF_YAML_SCALAR)
            return lerr(c, v, "'%s' must be a string, not %s", key, gf_yaml_type_name(v));
        return check_template(c, v);
    case GF_ARG_INT:
        if (is_template(v) ||
            (v->type == GF_YAML_SCALAR && v->plain && memmem(v->str, v->len, "{{", 2)))
            return check_template(c, v);
        if (!gf_yaml_int(v, &i) || i < 0)
            return lerr(c, v, "'%s' must be a non-negative integer, not %s", key,
                        gf_yaml_type_name(v));
        return 0;
    case GF_ARG_NUM: {
        if (v->type == GF_YAML_SCALAR && memmem(v->str, v->len, "{{", 2))
            return check_template(c, v);
        char *end = NULL;
        double d = v->type == GF_YAML_SCALAR && v->plain ? strtod(v->str, &end) : -1;
        if (!end || *end || d < 0)
            return lerr(c, v, "'%s' must be a non-negative number, not %s", key,
                        gf_yaml_type_name(v));
        return 0;
    }
    case GF_ARG_BOOL:
        if (v->type == GF_YAML_SCALAR && memmem(v->str, v->len, "{{", 2))
            return check_template(c, v);
        if (!gf_yaml_bool(v, &b))
            return lerr(c, v, "'%s' must be true or false, not %s", key, gf_yaml_type_name(v));
        return 0;
    case GF_ARG_STRS:
        if (v->type == GF_YAML_SCALAR)
            return check_template(c, v);
        if (v->type != GF_YAML_SEQ)
            return lerr(c, v, "'%s' must be a string or a list of strings, not %s", key,
                        gf_yaml_type_name(v));
        for (size_t k = 0; k < v->n; k++) {
            if (v->items[k]->type != GF_YAML_SCALAR)
                return lerr(c, v->items[k], "'%s' must be a list of strings, not of %s", key,
                            gf_yaml_type_name(v->items[k]));
            int rc = check_template(c, v->items[k]);
            if (rc)
                return rc;
        }
        return 0;
    case GF_ARG_ENV:
        if (v->type != GF_YAML_MAP)
            return lerr(c, v, "'%s' must be a mapping of names to strings, not %s", key,
                        gf_yaml_type_name(v));
        for (size_t k = 0; k < v->n; k++) {
            const gf_yaml_node *name = v->items[2 * k], *val = v->items[2 * k + 1];
            if (name->len == 0 || memchr(name->str, '=', name->len))
                return lerr(c, name, "bad environment variable name '%s'", name->str);
            if (val->type != GF_YAML_SCALAR)
                return lerr(c, val, "'%s.%s' must be a string, not %s", key, name->str,
                            gf_yaml_type_name(val));
            int rc = check_template(c, val);
            if (rc)
                return rc;
        }
        return 0;
    }
    return 0;
}

static const gf_argspec *spec_find(const gf_argspec *specs, const char *key)
{
    for (const gf_argspec *a = specs; a->name; a++)
        if (!strcmp(a->name, key))
            return a;
    return NULL;
}

static void spec_names(const gf_argspec *specs, char *out, size_t cap)
{
    out[0] = '\0';
    for (const gf_argspec *a = specs; a->name; a++) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s", n ? ", " : "", a->name);
    }
}

/* Counts how many of the '|'-separated keys in group the mapping has. */
static int group_count(const gf_yaml_node *map, const char *group)
{
    int n = 0;
    const char *p = group;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        for (size_t k = 0; k < map->n; k++)
            if (map->items[2 * k]->len == len && !memcmp(map->items[2 * k]->str, p, len))
                n++;
        p += len + (bar ? 1 : 0);
    }
    return n;
}

static void group_text(const char *group, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *p = group; *p && o + 8 < cap; p++) {
        if (*p == '|') {
            o += (size_t)snprintf(out + o, cap - o, "' or '");
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

/* Checks a mapping of arguments against specs (and the one_of / at_most
 * groups); what names the owner in messages. */
static int check_args(lctx *c, const char *what, const gf_yaml_node *map, const gf_argspec *specs,
                      const char *const *one_of, const char *const *at_most)
{
    if (map->type != GF_YAML_MAP)
        return lerr(c, map, "%s takes a mapping of arguments, not %s", what,
                    gf_yaml_type_name(map));
    for (size_t k = 0; k < map->n; k++) {
        const gf_yaml_node *key = map->items[2 * k], *val = map->items[2 * k + 1];
        const gf_argspec *a = spec_find(specs, key->str);
        if (!a) {
            char names[512];
            spec_names(specs, names, sizeof names);
            return lerr(c, key, "unknown argument '%s' of %s (it takes: %s)", key->str, what,
                        names);
        }
        int rc = check_type(c, key->str, val, a->type);
        if (rc)
            return rc;
    }
    for (const gf_argspec *a = specs; a->name; a++)
        if (a->required && !gf_yaml_get(map, a->name))
            return lerr(c, map, "%s is missing its argument '%s'", what, a->name);
    char g[256];
    for (const char *const *o = one_of; o && *o; o++) {
        /* "key:a|b": the group is needed only when key is given */
        const char *group = *o, *colon = strchr(group, ':');
        if (colon) {
            char key[64];
            snprintf(key, sizeof key, "%.*s", (int)(colon - group), group);
            if (!gf_yaml_get(map, key))
                continue;
            group = colon + 1;
        }
        if (group_count(map, group) == 0) {
            group_text(group, g, sizeof g);
            if (colon)
                return lerr(c, map, "%s needs '%s' with '%.*s'", what, g, (int)(colon - *o), *o);
            return lerr(c, map, "%s needs '%s'", what, g);
        }
    }
    for (const char *const *o = at_most; o && *o; o++)
        if (group_count(map, *o) > 1) {
            group_text(*o, g, sizeof g);
            return lerr(c, map, "%s takes only one of '%s'", what, g);
        }
    return 0;
}

static int check_assertion(lctx *c, const gf_yaml_node *m)
{
    if (m->type != GF_YAML_MAP)
        return lerr(c, m, "an assertion is a mapping (%s), not %s", ASSERT_KINDS,
                    gf_yaml_type_name(m));
    const assert_spec *found = NULL;
    const gf_yaml_node *kind_key = NULL;
    for (size_t k = 0; k < m->n; k++) {
        const gf_yaml_node *key = m->items[2 * k];
        for (size_t i = 0; i < sizeof asserts / sizeof asserts[0]; i++)
            if (!strcmp(asserts[i].kind, key->str)) {
                if (found)
                    return lerr(c, key, "one assertion per mapping: '%s' and '%s' (use a list)",
                                found->kind, key->str);
                found = &asserts[i];
                kind_key = key;
            }
    }
    if (!found)
        return lerr(c, m, "an assertion needs one of: %s", ASSERT_KINDS);
    for (size_t k = 0; k < m->n; k++) {
        const gf_yaml_node *key = m->items[2 * k], *val = m->items[2 * k + 1];
        if (key == kind_key) {
            if (found->inner && val->type == GF_YAML_MAP) {
                char what[64];
                snprintf(what, sizeof what, "assertion '%s'", found->kind);
                int rc = check_args(c, what, val, found->inner, NULL, NULL);
                if (rc)
                    return rc;
                if (!strcmp(found->kind, "file_contains") &&
                    (gf_yaml_get(val, "text") != NULL) == (gf_yaml_get(val, "regex") != NULL))
                    return lerr(c, val, "assertion 'file_contains' needs one of 'text' or 'regex'");
                if (!strcmp(found->kind, "match_count") && !gf_yaml_get(val, "equals") &&
                    !gf_yaml_get(val, "min") && !gf_yaml_get(val, "max"))
                    return lerr(c, val, "assertion 'match_count' needs 'equals', 'min' or 'max'");
            } else if (!strcmp(found->kind, "git_clean")) {
                bool b;
                if (!gf_yaml_bool(val, &b) && !gf_yaml_is_null(val))
                    return lerr(c, val, "'git_clean' takes true or {allow_untracked: BOOL}");
            } else if (found->inner) {
                return lerr(c, val, "assertion '%s' takes a mapping, not %s", found->kind,
                            gf_yaml_type_name(val));
            } else {
                int rc = check_type(c, found->kind, val, found->type);
                if (rc)
                    return rc;
                if (!strcmp(found->kind, "that")) {
                    gf_error e = GF_ERROR_INIT;
                    if (gf_expr_check(val->str, val->len, known_lookup, c, &e))
                        return lerr(c, val, "in '%s': %s", val->str, e.message);
                }
            }
            continue;
        }
        const gf_argspec *a = spec_find(found->beside, key->str);
        if (!a)
            return lerr(c, key, "unknown key '%s' in assertion '%s'", key->str, found->kind);
        int rc = check_type(c, key->str, val, a->type);
        if (rc)
            return rc;
    }
    return 0;
}

static int check_step_args(lctx *c, const gf_plan_step *s)
{
    const gf_action *a = s->action;
    const gf_yaml_node *v = s->args;
    char what[160];
    snprintf(what, sizeof what, "step '%s' (%s)", s->name, a->name);
    switch (a->kind) {
    case GF_ACT_ASSERT:
        if (v->type == GF_YAML_SEQ) {
            if (v->n == 0)
                return lerr(c, v, "%s has no assertions", what);
            for (size_t i = 0; i < v->n; i++) {
                int rc = check_assertion(c, v->items[i]);
                if (rc)
                    return rc;
            }
            return 0;
        }
        return check_assertion(c, v);
    case GF_ACT_SHELL:
        if (v->type == GF_YAML_SCALAR || v->type == GF_YAML_SEQ) {
            if (v->type == GF_YAML_SEQ && v->n == 0)
                return lerr(c, v, "%s has an empty command", what);
            return check_type(c, "shell", v, GF_ARG_STRS);
        }
        break;
    default: break;
    }
    return check_args(c, what, v, a->args, a->one_of, a->at_most);
}

static const char *const step_keys[] = {"name", "register", "when", NULL};

static int load_step(lctx *c, const gf_yaml_node *y, size_t index)
{
    if (y->type != GF_YAML_MAP)
        return lerr(c, y, "step %zu must be a mapping, not %s", index + 1, gf_yaml_type_name(y));
    gf_plan_step st = {.line = y->line, .col = y->col};
    const gf_yaml_node *action_key = NULL;
    for (size_t k = 0; k < y->n; k++) {
        const gf_yaml_node *key = y->items[2 * k], *val = y->items[2 * k + 1];
        bool known = false;
        for (const char *const *s = step_keys; *s; s++)
            known |= strcmp(*s, key->str) == 0;
        if (known) {
            if (val->type != GF_YAML_SCALAR || (val->len == 0 && strcmp(key->str, "when") != 0))
                return lerr(c, val, "'%s' must be a non-empty string, not %s", key->str,
                            gf_yaml_type_name(val));
            if (!strcmp(key->str, "name"))
                st.name = val->str;
            else if (!strcmp(key->str, "register"))
                st.register_as = val->str;
            else
                st.when = val;
            continue;
        }
        const gf_action *a = gf_action_find(key->str, key->len);
        if (!a)
            return lerr(c, key,
                        "unknown action or key '%s' (actions: %s; keys: name, register, "
                        "when)",
                        key->str, gf_action_names());
        if (action_key)
            return lerr(c, key, "a step has exactly one action: '%s' and '%s'", action_key->str,
                        key->str);
        action_key = key;
        st.action = a;
        st.args = val;
    }
    if (!st.name)
        return lerr(c, y, "step %zu has no 'name'", index + 1);
    if (!action_key)
        return lerr(c, y, "step '%s' has no action (one of: %s)", st.name, gf_action_names());
    for (size_t i = 0; i < c->plan->steps.len; i++)
        if (!strcmp(c->plan->steps.items[i].name, st.name))
            return lerr(c, gf_yaml_get(y, "name"), "two steps are named '%s' (lines %u and %u)",
                        st.name, c->plan->steps.items[i].line, y->line);
    if (st.when) {
        gf_error e = GF_ERROR_INIT;
        if (gf_expr_check(st.when->str, st.when->len, known_lookup, c, &e))
            return lerr(c, st.when, "in when '%s': %s", st.when->str, e.message);
    }
    int rc = check_step_args(c, &st);
    if (rc)
        return rc;
    if (st.register_as) {
        const char *r = st.register_as;
        bool ok = (r[0] >= 'a' && r[0] <= 'z') || (r[0] >= 'A' && r[0] <= 'Z') || r[0] == '_';
        for (const char *p = r; *p && ok; p++)
            ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                 *p == '_' || *p == '-';
        if (!ok || !strcmp(r, "true") || !strcmp(r, "false") || !strcmp(r, "null") ||
            !strcmp(r, "and") || !strcmp(r, "or") || !strcmp(r, "not"))
            return lerr(
                c, gf_yaml_get(y, "register"),
                "register name '%s' must be a name ([A-Za-z_][A-Za-z0-9_-]*, not a keyword)", r);
        if (json_object_get(c->known, r) && !json_object_get(c->plan->vars, r))
            return lerr(c, gf_yaml_get(y, "register"), "'%s' is registered twice", r);
        if (json_object_get(c->plan->vars, r))
            return lerr(c, gf_yaml_get(y, "register"), "'%s' is already a variable", r);
        json_object_set_new(c->known, r, json_true());
    }
    gf_vec_push(&c->plan->steps, st);
    return 0;
}

json_t *gf_plan_value(const gf_yaml_node *n, gf_expr_lookup look, void *ctx, gf_error *err)
{
    long long i;
    bool b;
    switch (n->type) {
    case GF_YAML_NULL: return json_null();
    case GF_YAML_SCALAR:
        if (look && memmem(n->str, n->len, "{{", 2)) {
            json_t *v = NULL;
            gf_error e = GF_ERROR_INIT;
            if (gf_plan_template(n->str, n->len, false, look, ctx, &v, &e)) {
                gf_error_set(err, GF_EINVAL, "line %u: in '%.*s': %s", n->line,
                             (int)(n->len > 80 ? 80 : n->len), n->str, e.message);
                return NULL;
            }
            return v;
        }
        if (n->plain) {
            if (gf_yaml_is_null(n))
                return json_null();
            if (gf_yaml_bool(n, &b))
                return json_boolean(b);
            if (gf_yaml_int(n, &i))
                return json_integer(i);
            char *end;
            double d = strtod(n->str, &end);
            if (n->len && !*end &&
                (n->str[0] == '-' || n->str[0] == '.' || (n->str[0] >= '0' && n->str[0] <= '9')))
                return json_real(d);
        }
        return json_stringn_nocheck(n->str, n->len); /* the YAML loader checked the UTF-8 */
    case GF_YAML_SEQ: {
        json_t *a = json_array();
        for (size_t k = 0; k < n->n; k++) {
            json_t *v = gf_plan_value(n->items[k], look, ctx, err);
            if (!v) {
                json_decref(a);
                return NULL;
            }
            json_array_append_new(a, v);
        }
        return a;
    }
    case GF_YAML_MAP: {
        json_t *o = json_object();
        for (size_t k = 0; k < n->n; k++) {
            json_t *v = gf_plan_value(n->items[2 * k + 1], look, ctx, err);
            if (!v) {
                json_decref(o);
                return NULL;
            }
            json_object_setn_new(o, n->items[2 * k]->str, n->items[2 * k]->len, v);
        }
        return o;
    }
    }
    return json_null();
}

static const char *const top_keys[] = {"name", "vars", "budget", "steps", NULL};

int gf_plan_load(const char *path, const char *data, size_t len, char *const *overrides,
                 size_t noverrides, gf_plan *plan, gf_error *err)
{
    memset(plan, 0, sizeof *plan);
    plan->path = gf_strdup(path);
    plan->budget = -1;
    plan->vars = json_object();
    unsigned char sha[32];
    gf_sha256(data, len, sha);
    gf_sha256_hex(sha, plan->sha256);
    lctx c = {.plan = plan, .err = err, .known = json_object()};
    int rc = gf_yaml_load(data, len, path, &plan->docs, err);
    if (rc)
        goto out;
    if (plan->docs.len != 1) {
        gf_yaml_node at = {.line = plan->docs.len ? plan->docs.items[1].line : 1, .col = 1};
        rc =
            lerr(&c, &at,
                 plan->docs.len ? "a plan is one YAML document, not %zu" : "the plan is empty%.0zu",
                 plan->docs.len);
        goto out;
    }
    const gf_yaml_node *root = plan->docs.items[0].root;
    if (root->type != GF_YAML_MAP) {
        rc = lerr(&c, root,
                  "a plan is a mapping with 'steps' (and 'name', 'vars', 'budget'), not %s",
                  gf_yaml_type_name(root));
        goto out;
    }
    for (size_t k = 0; k < root->n; k++) {
        const gf_yaml_node *key = root->items[2 * k];
        bool ok = false;
        for (const char *const *t = top_keys; *t; t++)
            ok |= strcmp(*t, key->str) == 0;
        if (!ok) {
            rc =
                lerr(&c, key, "unknown key '%s' (a plan has: name, vars, budget, steps)", key->str);
            goto out;
        }
    }
    const gf_yaml_node *n = gf_yaml_get(root, "name");
    if (n) {
        if (n->type != GF_YAML_SCALAR) {
            rc = lerr(&c, n, "'name' must be a string, not %s", gf_yaml_type_name(n));
            goto out;
        }
        plan->name = n->str;
    }
    const gf_yaml_node *v = gf_yaml_get(root, "vars");
    if (v && !gf_yaml_is_null(v)) {
        if (v->type != GF_YAML_MAP) {
            rc = lerr(&c, v, "'vars' must be a mapping, not %s", gf_yaml_type_name(v));
            goto out;
        }
        json_decref(plan->vars);
        plan->vars = gf_plan_value(v, NULL, NULL, NULL);
    }
    for (size_t i = 0; i < noverrides; i++) {
        const char *eq = strchr(overrides[i], '=');
        if (!eq || eq == overrides[i]) {
            rc = gf_error_set(err, GF_EINVAL, "--var takes NAME=VALUE, not '%s'", overrides[i]);
            goto out;
        }
        json_t *val = json_string(eq + 1);
        if (!val) {
            rc = gf_error_set(err, GF_EINVAL, "--var '%s': not valid UTF-8", overrides[i]);
            goto out;
        }
        json_object_setn_new(plan->vars, overrides[i], (size_t)(eq - overrides[i]), val);
    }
    json_object_update(c.known, plan->vars);
    const gf_yaml_node *b = gf_yaml_get(root, "budget");
    if (b) {
        long long bv;
        if (!gf_yaml_int(b, &bv) || bv < 0) {
            rc = lerr(&c, b, "'budget' must be a non-negative integer (changed lines), not %s",
                      gf_yaml_type_name(b));
            goto out;
        }
        plan->budget = (long)bv;
    }
    const gf_yaml_node *steps = gf_yaml_get(root, "steps");
    if (!steps || steps->type != GF_YAML_SEQ) {
        rc = lerr(&c, steps ? steps : root, "the plan needs 'steps', a list of steps%s",
                  steps ? " (found something else)" : "");
        goto out;
    }
    for (size_t i = 0; i < steps->n && !rc; i++)
        rc = load_step(&c, steps->items[i], i);
out:
    json_decref(c.known);
    return rc;
}

void gf_plan_release(gf_plan *plan)
{
    gf_free(plan->path);
    json_decref(plan->vars);
    gf_vec_release(&plan->steps);
    gf_yaml_docs_release(&plan->docs);
    memset(plan, 0, sizeof *plan);
}
