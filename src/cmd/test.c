/* cmd_test: rule tests as ast-grep runs them (valid/invalid code, snapshots). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <tree_sitter/api.h>

#include "cmd/cli.h"
#include "graft/rule.h"
#include "match/project.h"
#include "syntax/config.h"
#include "util/alloc.h"
#include "util/file.h"
#include "util/json.h"
#include "util/vec.h"
#include "util/yaml.h"

static const char help[] =
    "usage: graft test [--config FILE] [-t DIR] [-U] [--filter TEXT] [--skip-snapshot-tests]\n\n"
    "Test the project's rules, as 'ast-grep test' does. The project config\n"
    "(graft.yml or sgconfig.yml) lists ruleDirs and testConfigs: [{testDir,\n"
    "snapshotDir}]. A test file (*.yml in a testDir) names a rule and lists code:\n\n"
    "    id: no-print\n"
    "    valid: ['log(1)']\n"
    "    invalid: ['print(1)']\n\n"
    "Valid code must not match the rule; invalid code must, and what it reports\n"
    "(the first match's labels, and the code with that match's fix applied) must\n"
    "equal the snapshot in <testDir>/<snapshotDir>/<id>-snapshot.yml (default\n"
    "snapshotDir: __snapshots__). -U writes missing or changed snapshots.\n\n"
    "Each rule prints one line: PASS or FAIL, its id, and one mark per case:\n"
    "'.' passed, 'N' noisy (valid code matched), 'M' missing (invalid code did\n"
    "not match), 'W' wrong or missing snapshot, 'U' snapshot updated.\n\n"
    "options:\n"
    "      --config FILE          the project config to use instead of searching\n"
    "  -t, --test-dir DIR         run the tests in DIR instead of the testConfigs\n"
    "  -U, --update-all           write snapshots for every invalid case\n"
    "      --filter TEXT          only rules whose id contains TEXT\n"
    "      --skip-snapshot-tests  check matches only, not snapshots\n"
    "      --include-off          also test rules whose severity is off\n"
    "  -h, --help                 show this help\n\n"
    "exit status: 0 every test passed, 1 a test failed, 2 error (bad config,\n"
    "rule or test file)\n\n"
    "examples:\n"
    "  graft test\n"
    "  graft test -U\n"
    "  graft test --filter no-print\n";

/* ---- snapshot entries ---- */

/* One label of a snapshot entry; every string is owned. */
typedef struct snap_label {
    char *src, *msg; /* msg may be NULL */
    size_t src_len, msg_len;
    char *style;
    unsigned long long start, end;
} snap_label;

/*
 * What one matched invalid case reports, as ast-grep's snapshot files hold
 * it: the code, the code with the first match fixed (when the rule has a
 * fix) and the first match's labels. Every string is owned.
 */
typedef struct snap_entry {
    char *code;
    size_t len;
    char *fixed; /* NULL: no "fixed" */
    size_t flen;
    GF_VEC(snap_label) labels;
    size_t order; /* position in the merge: later entries replace earlier ones */
} snap_entry;

static void entry_release(snap_entry *e)
{
    for (size_t i = 0; i < e->labels.len; i++) {
        gf_free(e->labels.items[i].src);
        gf_free(e->labels.items[i].msg);
        gf_free(e->labels.items[i].style);
    }
    gf_vec_release(&e->labels);
    gf_free(e->code);
    gf_free(e->fixed);
    *e = (snap_entry){0};
}

static void entry_add_label(snap_entry *e, const char *src, size_t src_len, const char *msg,
                            size_t msg_len, const char *style, size_t style_len,
                            unsigned long long start, unsigned long long end)
{
    gf_vec_push(&e->labels,
                ((snap_label){gf_memdup(src, src_len), msg ? gf_memdup(msg, msg_len) : NULL,
                              src_len, msg_len, gf_memdup(style, style_len), start, end}));
}

/* Writes one entry (the value under its code) as ast-grep does: "fixed"
 * when there is one, then "labels" (possibly empty). */
static void write_entry(gf_yaml_writer *w, const snap_entry *e)
{
    gf_yaml_write_map_start(w);
    if (e->fixed) {
        gf_yaml_write_str(w, "fixed", 5);
        gf_yaml_write_str(w, e->fixed, e->flen);
    }
    gf_yaml_write_str(w, "labels", 6);
    gf_yaml_write_seq_start(w);
    for (size_t i = 0; i < e->labels.len; i++) {
        const snap_label *l = &e->labels.items[i];
        gf_yaml_write_map_start(w);
        gf_yaml_write_str(w, "source", 6);
        gf_yaml_write_str(w, l->src, l->src_len);
        if (l->msg) {
            gf_yaml_write_str(w, "message", 7);
            gf_yaml_write_str(w, l->msg, l->msg_len);
        }
        gf_yaml_write_str(w, "style", 5);
        gf_yaml_write_str(w, l->style, strlen(l->style));
        gf_yaml_write_str(w, "start", 5);
        gf_yaml_write_uint(w, l->start);
        gf_yaml_write_str(w, "end", 3);
        gf_yaml_write_uint(w, l->end);
        gf_yaml_write_map_end(w);
    }
    gf_yaml_write_seq_end(w);
    gf_yaml_write_map_end(w);
}

/* An entry alone, as YAML text: what snapshots are compared by (equal
 * entries, equal text, and the other way round). */
static void entry_text(gf_buf *out, const snap_entry *e)
{
    gf_yaml_writer *w = gf_yaml_writer_new(out);
    write_entry(w, e);
    gf_error err;
    if (gf_yaml_writer_finish(w, &err) != 0)
        gf_buf_printf(out, "# %s\n", err.message);
}

/* ---- running one rule on one piece of code ---- */

typedef struct case_result {
    size_t matches;
    snap_entry entry; /* code, labels, fixed (labels: the first match's) */
    gf_editset *edits;
    const char *code;
} case_result;

static int on_case_match(void *user, const gf_rule_match *m)
{
    case_result *r = user;
    if (!r->matches) {
        /* The snapshot's labels are the first match's, and its "fixed" is
         * the code with that match fixed, as ast-grep writes them. */
        for (size_t k = 0; k < m->nlabels; k++) {
            gf_span sp = m->labels[k].span;
            const char *msg = m->labels[k].message,
                       *style = m->labels[k].primary ? "primary" : "secondary";
            entry_add_label(&r->entry, r->code + sp.start, sp.end - sp.start, msg,
                            msg ? strlen(msg) : 0, style, strlen(style), sp.start, sp.end);
        }
        if (m->has_fix)
            gf_editset_add(r->edits, m->fix_range.start, m->fix_range.end, m->fix, m->fix_len,
                           NULL);
    }
    r->matches++;
    return 0;
}

/* Runs rule on code: the number of matches, and (when it matched) the
 * snapshot entry in r->entry. */
static int run_case(const gf_rules *rs, const gf_rule *rule, gf_parser *p, gf_matcher *mt,
                    const char *code, size_t len, case_result *r)
{
    gf_source s;
    gf_source_init_mem(&s, "<test>", code, len);
    s.lang = gf_rule_lang(rule);
    TSTree *t;
    gf_error e;
    int rc = gf_parse(p, &s, &t, &e);
    if (rc) {
        gf_source_release(&s);
        return cli_report(&e);
    }
    r->code = code;
    r->edits = gf_editset_new("<test>", code, len);
    r->entry.code = gf_memdup(code, len);
    r->entry.len = len;
    const gf_rule *one[1] = {rule};
    gf_rules_scan(rs, one, 1, mt, &s, t, on_case_match, r);
    char *fixed = NULL;
    size_t flen = 0;
    if (gf_rule_has_fix(rule) && r->matches && gf_editset_apply(r->edits, &fixed, &flen, &e) == 0)
        r->entry.fixed = fixed, r->entry.flen = flen;
    gf_editset_delete(r->edits);
    r->edits = NULL;
    gf_tree_delete(t);
    gf_source_release(&s);
    return 0;
}

/* ---- snapshots ---- */

/* A baseline entry read back from a snapshot file (fields as ast-grep
 * reads them; others are dropped). */
static void entry_from_yaml(const char *code, size_t len, const gf_yaml_node *v, snap_entry *out)
{
    *out = (snap_entry){0};
    out->code = gf_memdup(code, len);
    out->len = len;
    const gf_yaml_node *fixed = gf_yaml_get(v, "fixed"), *labels = gf_yaml_get(v, "labels");
    if (fixed && fixed->type == GF_YAML_SCALAR)
        out->fixed = gf_memdup(fixed->str, fixed->len), out->flen = fixed->len;
    for (size_t i = 0; labels && labels->type == GF_YAML_SEQ && i < labels->n; i++) {
        const gf_yaml_node *l = labels->items[i], *src = gf_yaml_get(l, "source"),
                           *st = gf_yaml_get(l, "style"), *msg = gf_yaml_get(l, "message");
        long long a = 0, b = 0;
        gf_yaml_int(gf_yaml_get(l, "start"), &a);
        gf_yaml_int(gf_yaml_get(l, "end"), &b);
        bool has_msg = msg && msg->type == GF_YAML_SCALAR;
        entry_add_label(out, src ? src->str : "", src ? src->len : 0, has_msg ? msg->str : NULL,
                        has_msg ? msg->len : 0, st ? st->str : "", st ? st->len : 0,
                        (unsigned long long)a, (unsigned long long)b);
    }
}

typedef struct snapshots {
    gf_yaml_docs docs;
    const gf_yaml_node *map; /* code -> entry, or NULL */
} snapshots;

static int load_snapshots(const char *path, snapshots *s, gf_error *err)
{
    s->docs = (gf_yaml_docs)GF_YAML_DOCS_INIT;
    s->map = NULL;
    gf_buf text = GF_BUF_INIT;
    int rc = gf_read_file(path, 64u << 20, 0, &text, NULL, err);
    if (rc == GF_ENOENT) {
        gf_buf_release(&text);
        return 0;
    }
    if (!rc)
        rc = gf_yaml_load(text.ptr, text.len, path, &s->docs, err);
    gf_buf_release(&text);
    if (!rc && s->docs.len)
        s->map = gf_yaml_get(s->docs.items[0].root, "snapshots");
    if (s->map && s->map->type != GF_YAML_MAP)
        s->map = NULL;
    return rc;
}

static const gf_yaml_node *snapshot_for(const snapshots *s, const char *code, size_t len)
{
    for (size_t i = 0; s->map && i < s->map->n; i++) {
        const gf_yaml_node *k = s->map->items[2 * i];
        if (k->len == len && memcmp(k->str, code, len) == 0)
            return s->map->items[2 * i + 1];
    }
    return NULL;
}

/* By code (bytes, as Rust orders strings), then by merge order. */
static int cmp_entry(const void *a, const void *b)
{
    const snap_entry *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->code, y->code, n);
    if (!c)
        c = (x->len > y->len) - (x->len < y->len);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int mkdirs(const char *dir)
{
    char *p = gf_strdup(dir);
    for (char *q = p + 1; *q; q++) {
        if (*q != '/')
            continue;
        *q = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            gf_free(p);
            return -1;
        }
        *q = '/';
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    gf_free(p);
    return rc;
}

/*
 * Writes a rule's snapshot file as 'ast-grep test -U' does: every entry of
 * the old file (old), replaced or joined by the fresh ones,
 * sorted by code, even when none changed or there are none. The file is
 * replaced through the edit commit path, and only when its bytes change.
 */
static int write_snapshots(const char *dir, const char *path, const char *id, const snapshots *old,
                           snap_entry *fresh, size_t nfresh)
{
    GF_VEC(snap_entry) all = GF_VEC_INIT;
    for (size_t i = 0; old->map && i < old->map->n; i++) {
        const gf_yaml_node *k = old->map->items[2 * i];
        snap_entry *e = gf_vec_push_slot(&all);
        entry_from_yaml(k->str, k->len, old->map->items[2 * i + 1], e);
        e->order = all.len;
    }
    for (size_t i = 0; i < nfresh; i++) {
        gf_vec_push(&all, fresh[i]);
        gf_vec_last(&all).order = all.len;
    }
    if (all.len)
        qsort(all.items, all.len, sizeof *all.items, cmp_entry);
    gf_buf b = GF_BUF_INIT;
    gf_yaml_writer *w = gf_yaml_writer_new(&b);
    gf_yaml_write_map_start(w);
    gf_yaml_write_str(w, "id", 2);
    gf_yaml_write_str(w, id, strlen(id));
    gf_yaml_write_str(w, "snapshots", 9);
    gf_yaml_write_map_start(w);
    for (size_t i = 0; i < all.len; i++) {
        const snap_entry *e = &all.items[i];
        bool replaced = i + 1 < all.len && all.items[i + 1].len == e->len &&
                        memcmp(all.items[i + 1].code, e->code, e->len) == 0;
        if (replaced)
            continue; /* the last of equal codes wins */
        gf_yaml_write_str(w, e->code, e->len);
        write_entry(w, e);
    }
    gf_yaml_write_map_end(w);
    gf_yaml_write_map_end(w);
    for (size_t i = 0; i < all.len; i++)
        if (all.items[i].order <= (old->map ? old->map->n : 0))
            entry_release(&all.items[i]); /* fresh entries stay the caller's */
    gf_vec_release(&all);
    gf_error err;
    if (gf_yaml_writer_finish(w, &err) != 0) {
        gf_buf_release(&b);
        return cli_report(&err);
    }
    int rc = 0;
    gf_buf cur = GF_BUF_INIT;
    int r = gf_read_file(path, 64u << 20, 0, &cur, NULL, &err);
    if (r == 0 && cur.len == b.len && memcmp(cur.ptr, b.ptr, b.len) == 0) {
        /* unchanged */
    } else if (mkdirs(dir) != 0) {
        rc = cli_error("cannot create '%s': %s", dir, strerror(errno));
    } else {
        gf_editset *es =
            r == 0 ? gf_editset_new(path, cur.ptr, cur.len) : gf_editset_new_file(path);
        gf_editset_add(es, 0, r == 0 ? cur.len : 0, b.ptr, b.len, NULL);
        if (gf_editset_commit(es, NULL, &err) != 0)
            rc = cli_report(&err);
        gf_editset_delete(es);
    }
    gf_buf_release(&cur);
    gf_buf_release(&b);
    return rc;
}

/* ---- test files ---- */

typedef struct test_ctx {
    gf_rules *rs;
    bool update, skip_snapshots, include_off;
    const char *filter;
    size_t passed, failed;
    gf_parser *parser;
    gf_matcher *matcher;
} test_ctx;

static const gf_rule *rule_by_id(const gf_rules *rs, const char *id)
{
    for (size_t i = 0; i < gf_rules_count(rs); i++)
        if (strcmp(gf_rule_id(gf_rules_at(rs, i)), id) == 0)
            return gf_rules_at(rs, i);
    return NULL;
}

static int test_file(test_ctx *c, const char *path, const char *snapdir)
{
    gf_buf text = GF_BUF_INIT;
    gf_yaml_docs docs = GF_YAML_DOCS_INIT;
    gf_error e;
    int rc = gf_read_file(path, 16u << 20, 0, &text, NULL, &e);
    if (!rc)
        rc = gf_yaml_load(text.ptr, text.len, path, &docs, &e);
    if (rc) {
        gf_buf_release(&text);
        gf_yaml_docs_release(&docs);
        return cli_report(&e);
    }
    for (size_t d = 0; d < docs.len && !rc; d++) {
        const gf_yaml_node *root = docs.items[d].root, *idn = gf_yaml_get(root, "id");
        if (root->type == GF_YAML_NULL)
            continue;
        if (!idn || idn->type != GF_YAML_SCALAR) {
            rc = cli_error("'%s':%u:%u: a test needs an 'id' naming its rule", path, root->line,
                           root->col);
            break;
        }
        if (c->filter && !strstr(idn->str, c->filter))
            continue;
        const gf_rule *rule = rule_by_id(c->rs, idn->str);
        if (!rule) {
            rc = cli_error("'%s':%u:%u: no rule with id '%s'", path, idn->line, idn->col, idn->str);
            break;
        }
        /* as ast-grep test: rules that are off are not tested by default */
        if (gf_rule_severity(rule) == GF_SEV_OFF && !c->include_off)
            continue;
        const gf_yaml_node *lists[2] = {gf_yaml_get(root, "valid"), gf_yaml_get(root, "invalid")};
        gf_buf marks = GF_BUF_INIT, details = GF_BUF_INIT;
        bool ok = true;
        gf_buf snap_path = GF_BUF_INIT;
        gf_buf_printf(&snap_path, "%s/%s-snapshot.yml", snapdir, idn->str);
        snapshots snaps;
        if ((rc = load_snapshots(snap_path.ptr, &snaps, &e)) != 0) {
            cli_report(&e);
            gf_buf_release(&snap_path);
            gf_buf_release(&marks);
            gf_buf_release(&details);
            break;
        }
        GF_VEC(snap_entry) fresh = GF_VEC_INIT;
        for (int kind = 0; kind < 2 && !rc; kind++) {
            const gf_yaml_node *l = lists[kind];
            if (!l || gf_yaml_is_null(l))
                continue;
            if (l->type != GF_YAML_SEQ) {
                rc = cli_error("'%s':%u:%u: '%s' must be a list of code strings", path, l->line,
                               l->col, kind ? "invalid" : "valid");
                break;
            }
            for (size_t i = 0; i < l->n && !rc; i++) {
                const gf_yaml_node *code = l->items[i];
                if (code->type != GF_YAML_SCALAR) {
                    rc = cli_error("'%s':%u:%u: a test case must be a string of code", path,
                                   code->line, code->col);
                    break;
                }
                case_result r = {0};
                rc = run_case(c->rs, rule, c->parser, c->matcher, code->str, code->len, &r);
                if (rc) {
                    entry_release(&r.entry);
                    break;
                }
                char mark = '.';
                if (kind == 0 && r.matches) {
                    mark = 'N';
                    gf_buf_printf(&details, "[Noisy] %s: valid code matched:\n  %s\n", idn->str,
                                  code->str);
                } else if (kind == 1 && !r.matches) {
                    mark = 'M';
                    gf_buf_printf(&details, "[Missing] %s: invalid code did not match:\n  %s\n",
                                  idn->str, code->str);
                } else if (kind == 1 && !c->skip_snapshots) {
                    gf_buf want = GF_BUF_INIT, got = GF_BUF_INIT;
                    const gf_yaml_node *base = snapshot_for(&snaps, code->str, code->len);
                    if (base) {
                        snap_entry be;
                        entry_from_yaml(code->str, code->len, base, &be);
                        entry_text(&want, &be);
                        entry_release(&be);
                    }
                    entry_text(&got, &r.entry);
                    bool same =
                        base && want.len == got.len && memcmp(want.ptr, got.ptr, got.len) == 0;
                    if (!same && c->update) {
                        mark = 'U';
                    } else if (!same) {
                        mark = 'W';
                        gf_buf_printf(
                            &details, "[Wrong] %s: %s for code:\n  %s\ngenerated:\n", idn->str,
                            base ? "the snapshot differs" : "no snapshot baseline", code->str);
                        /* indented as under its code in the file */
                        for (const char *ln = got.ptr; *ln;) {
                            const char *nl = strchr(ln, '\n');
                            size_t n = nl ? (size_t)(nl - ln) + 1 : strlen(ln);
                            gf_buf_adds(&details, "    ");
                            gf_buf_add(&details, ln, n);
                            ln += n;
                        }
                        gf_buf_addc(&details, '\n');
                    }
                    gf_vec_push(&fresh, r.entry);
                    r.entry = (snap_entry){0};
                    gf_buf_release(&want);
                    gf_buf_release(&got);
                }
                entry_release(&r.entry);
                gf_buf_addc(&marks, mark);
                if (mark != '.' && mark != 'U')
                    ok = false;
            }
        }
        /* as ast-grep test -U: every tested rule's file is rewritten */
        if (!rc && c->update && !c->skip_snapshots)
            rc = write_snapshots(snapdir, snap_path.ptr, idn->str, &snaps, fresh.items, fresh.len);
        if (!rc) {
            if (details.len)
                fputs(details.ptr, stdout);
            printf("%s %s  %s\n", ok ? "PASS" : "FAIL", idn->str, marks.ptr);
            if (ok)
                c->passed++;
            else
                c->failed++;
        }
        for (size_t i = 0; i < fresh.len; i++)
            entry_release(&fresh.items[i]);
        gf_vec_release(&fresh);
        gf_buf_release(&snap_path);
        gf_yaml_docs_release(&snaps.docs);
        gf_buf_release(&marks);
        gf_buf_release(&details);
    }
    gf_yaml_docs_release(&docs);
    gf_buf_release(&text);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int test_dir(test_ctx *c, const char *dir, const char *snapdir)
{
    DIR *d = opendir(dir);
    if (!d)
        return cli_error("cannot read test directory '%s': %s", dir, strerror(errno));
    GF_VEC(char *) names = GF_VEC_INIT;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        size_t l = strlen(ent->d_name);
        if (ent->d_name[0] == '.')
            continue;
        if ((l > 4 && !strcmp(ent->d_name + l - 4, ".yml")) ||
            (l > 5 && !strcmp(ent->d_name + l - 5, ".yaml")))
            gf_vec_push(&names, gf_strdup(ent->d_name));
    }
    closedir(d);
    if (names.len)
        qsort(names.items, names.len, sizeof(char *), cmp_str);
    int rc = 0;
    gf_buf snap = GF_BUF_INIT, p = GF_BUF_INIT;
    gf_buf_printf(&snap, "%s/__snapshots__", dir);
    for (size_t i = 0; i < names.len; i++) {
        gf_buf_clear(&p);
        gf_buf_printf(&p, "%s/%s", dir, names.items[i]);
        if (!rc)
            rc = test_file(c, p.ptr, snapdir ? snapdir : snap.ptr);
        gf_free(names.items[i]);
    }
    gf_buf_release(&snap);
    gf_buf_release(&p);
    gf_vec_release(&names);
    return rc;
}

int cmd_test(int argc, char **argv)
{
    enum { OPT_CONFIG = 256, OPT_FILTER, OPT_SKIP, OPT_OFF };
    static const struct option opts[] = {{"config", required_argument, NULL, OPT_CONFIG},
                                         {"filter", required_argument, NULL, OPT_FILTER},
                                         {"help", no_argument, NULL, 'h'},
                                         {"include-off", no_argument, NULL, OPT_OFF},
                                         {"skip-snapshot-tests", no_argument, NULL, OPT_SKIP},
                                         {"test-dir", required_argument, NULL, 't'},
                                         {"update-all", no_argument, NULL, 'U'},
                                         {0}};
    test_ctx c = {0};
    const char *config = NULL, *tdir = NULL;
    int opt, rc = EXIT_OK;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":ht:U", opts, NULL)) != -1) {
        switch (opt) {
        case OPT_CONFIG: config = optarg; break;
        case OPT_FILTER: c.filter = optarg; break;
        case OPT_SKIP: c.skip_snapshots = true; break;
        case OPT_OFF: c.include_off = true; break;
        case 't': tdir = optarg; break;
        case 'U': c.update = true; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("test", opt, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("test", "unexpected argument '%s'", argv[optind]);
    char *found = config ? gf_strdup(config) : gf_config_find(".");
    if (!found)
        return cli_error("no graft.yml or sgconfig.yml here or in a parent directory (graft test "
                         "needs ruleDirs and testConfigs)");
    gf_project proj;
    gf_error e;
    rc = gf_project_load(found, &proj, &e);
    gf_free(found);
    if (rc)
        return cli_report(&e);
    c.rs = gf_rules_new();
    for (size_t i = 0; !rc && i < proj.util_dirs.len; i++)
        rc = gf_rules_add_dir(c.rs, proj.util_dirs.items[i], true, NULL, &e);
    for (size_t i = 0; !rc && i < proj.rule_dirs.len; i++)
        rc = gf_rules_add_dir(c.rs, proj.rule_dirs.items[i], false, proj.dir, &e);
    if (!rc)
        rc = gf_rules_compile(c.rs, &e);
    if (rc) {
        rc = cli_report(&e);
        goto out;
    }
    if (!tdir && proj.tests.len == 0) {
        rc = cli_error("'%s' lists no testConfigs (and no -t DIR was given)", proj.file);
        goto out;
    }
    c.parser = gf_parser_new();
    c.matcher = gf_matcher_new();
    if (tdir)
        rc = test_dir(&c, tdir, NULL);
    for (size_t i = 0; !tdir && !rc && i < proj.tests.len; i++)
        rc = test_dir(&c, proj.tests.items[i].test_dir, proj.tests.items[i].snapshot_dir);
    if (!rc) {
        printf("test result: %s. %zu passed; %zu failed;\n", c.failed ? "failed" : "ok", c.passed,
               c.failed);
        rc = c.failed ? EXIT_NONE : EXIT_OK;
    } else {
        rc = EXIT_ERROR;
    }
out:
    gf_parser_delete(c.parser);
    gf_matcher_delete(c.matcher);
    gf_rules_delete(c.rs);
    gf_project_release(&proj);
    return rc;
}
