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

/* ---- running one rule on one piece of code ---- */

typedef struct case_result {
    size_t matches;
    gf_buf snapshot; /* rendered snapshot entry (labels; fixed), YAML */
    gf_editset *edits;
    uint32_t last_end;
    bool first_done;
    bool has_fix;
} case_result;

static void yaml_str(gf_buf *b, const char *s, size_t n)
{
    /* A double-quoted scalar with JSON escapes is valid YAML. */
    gf_buf_addc(b, '"');
    gf_json_escape(b, s, n);
    gf_buf_addc(b, '"');
}

static int on_case_match(void *user, const gf_rule_match *m)
{
    case_result *r = user;
    r->matches++;
    /* The snapshot's "fixed" is the code with the first match fixed, as
     * ast-grep writes it. */
    if (m->has_fix && !r->first_done) {
        gf_editset_add(r->edits, m->fix_range.start, m->fix_range.end, m->fix, m->fix_len, NULL);
        r->last_end = m->fix_range.end;
    }
    r->first_done = true;
    return 0;
}

/* Collected label spans of the first match, kept apart from the buffer so
 * that "fixed" can come first as in ast-grep's snapshots. */
typedef struct first_labels {
    case_result *r;
    const char *code;
    gf_buf labels;
    bool seen;
} first_labels;

static int on_first(void *user, const gf_rule_match *m)
{
    first_labels *f = user;
    if (!f->seen) {
        f->seen = true;
        for (size_t k = 0; k < m->nlabels; k++) {
            gf_span sp = m->labels[k].span;
            gf_buf_adds(&f->labels, "    - source: ");
            yaml_str(&f->labels, f->code + sp.start, sp.end - sp.start);
            if (m->labels[k].message) {
                gf_buf_adds(&f->labels, "\n      message: ");
                yaml_str(&f->labels, m->labels[k].message, strlen(m->labels[k].message));
            }
            gf_buf_printf(&f->labels, "\n      style: %s\n      start: %u\n      end: %u\n",
                          m->labels[k].primary ? "primary" : "secondary", sp.start, sp.end);
        }
    }
    return on_case_match(f->r, m);
}

/* Runs rule on code: number of matches, and the snapshot entry body. */
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
    r->edits = gf_editset_new("<test>", code, len);
    first_labels f = {r, code, GF_BUF_INIT, false};
    const gf_rule *one[1] = {rule};
    gf_rules_scan(rs, one, 1, mt, &s, t, on_first, &f);
    gf_buf_clear(&r->snapshot);
    if (gf_rule_has_fix(rule) && r->matches) {
        char *fixed;
        size_t flen;
        if (gf_editset_apply(r->edits, &fixed, &flen, &e) == 0) {
            gf_buf_adds(&r->snapshot, "    fixed: ");
            yaml_str(&r->snapshot, fixed, flen);
            gf_buf_addc(&r->snapshot, '\n');
            gf_free(fixed);
        }
    }
    if (f.labels.len) {
        gf_buf_adds(&r->snapshot, "    labels:\n");
        gf_buf_add(&r->snapshot, f.labels.ptr, f.labels.len);
    }
    gf_buf_release(&f.labels);
    gf_editset_delete(r->edits);
    r->edits = NULL;
    ts_tree_delete(t);
    gf_source_release(&s);
    return 0;
}

/* ---- snapshots ---- */

/* One snapshot entry, normalised for comparison: the YAML we would write
 * for it, rebuilt from the parsed baseline. */
static void entry_from_yaml(const gf_yaml_node *v, gf_buf *out)
{
    const gf_yaml_node *fixed = gf_yaml_get(v, "fixed"), *labels = gf_yaml_get(v, "labels");
    if (fixed && fixed->type == GF_YAML_SCALAR) {
        gf_buf_adds(out, "    fixed: ");
        yaml_str(out, fixed->str, fixed->len);
        gf_buf_addc(out, '\n');
    }
    if (labels && labels->type == GF_YAML_SEQ && labels->n) {
        gf_buf_adds(out, "    labels:\n");
        for (size_t i = 0; i < labels->n; i++) {
            const gf_yaml_node *l = labels->items[i], *src = gf_yaml_get(l, "source"),
                               *st = gf_yaml_get(l, "style"), *msg = gf_yaml_get(l, "message");
            long long a = -1, b = -1;
            gf_yaml_int(gf_yaml_get(l, "start"), &a);
            gf_yaml_int(gf_yaml_get(l, "end"), &b);
            gf_buf_adds(out, "    - source: ");
            if (src)
                yaml_str(out, src->str, src->len);
            else
                gf_buf_adds(out, "\"\"");
            if (msg && msg->type == GF_YAML_SCALAR) {
                gf_buf_adds(out, "\n      message: ");
                yaml_str(out, msg->str, msg->len);
            }
            gf_buf_printf(out, "\n      style: %s\n      start: %lld\n      end: %lld\n",
                          st ? st->str : "", a, b);
        }
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
    return rc;
}

static const gf_yaml_node *snapshot_for(const snapshots *s, const char *code, size_t len)
{
    if (!s->map || s->map->type != GF_YAML_MAP)
        return NULL;
    for (size_t i = 0; i < s->map->n; i++) {
        const gf_yaml_node *k = s->map->items[2 * i];
        if (k->len == len && memcmp(k->str, code, len) == 0)
            return s->map->items[2 * i + 1];
    }
    return NULL;
}

typedef struct snap_entry {
    char *code;
    size_t len;
    char *body;
} snap_entry;

static int cmp_entry(const void *a, const void *b)
{
    const snap_entry *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->code, y->code, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
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

/* Writes a snapshot file (through the edit commit path when it exists). */
static int write_snapshots(const char *dir, const char *path, const char *id, snap_entry *e,
                           size_t n)
{
    qsort(e, n, sizeof *e, cmp_entry);
    gf_buf b = GF_BUF_INIT;
    gf_buf_printf(&b, "id: ");
    yaml_str(&b, id, strlen(id));
    gf_buf_adds(&b, n ? "\nsnapshots:\n" : "\nsnapshots: {}\n");
    for (size_t i = 0; i < n; i++) {
        gf_buf_adds(&b, "  ");
        yaml_str(&b, e[i].code, e[i].len);
        gf_buf_adds(&b, ":\n");
        gf_buf_adds(&b, e[i].body);
    }
    gf_error err;
    int rc = 0;
    if (mkdirs(dir) != 0) {
        rc = cli_error("cannot create '%s': %s", dir, strerror(errno));
    } else {
        gf_buf old = GF_BUF_INIT;
        int r = gf_read_file(path, 64u << 20, 0, &old, NULL, &err);
        gf_editset *es =
            r == 0 ? gf_editset_new(path, old.ptr, old.len) : gf_editset_new_file(path);
        gf_editset_add(es, 0, r == 0 ? old.len : 0, b.ptr, b.len, NULL);
        if (gf_editset_commit(es, NULL, &err) != 0)
            rc = cli_report(&err);
        gf_editset_delete(es);
        gf_buf_release(&old);
    }
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
        bool ok = true, changed = false;
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
                case_result r = {0, GF_BUF_INIT, NULL, 0, false, false};
                rc = run_case(c->rs, rule, c->parser, c->matcher, code->str, code->len, &r);
                if (rc) {
                    gf_buf_release(&r.snapshot);
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
                    gf_buf want = GF_BUF_INIT;
                    const gf_yaml_node *base = snapshot_for(&snaps, code->str, code->len);
                    if (base)
                        entry_from_yaml(base, &want);
                    bool same = base && want.len == r.snapshot.len &&
                                memcmp(want.ptr, r.snapshot.ptr, want.len) == 0;
                    if (!same && c->update) {
                        mark = 'U';
                        changed = true;
                    } else if (!same) {
                        mark = 'W';
                        gf_buf_printf(&details, "[Wrong] %s: %s for code:\n  %s\ngenerated:\n%s\n",
                                      idn->str,
                                      base ? "the snapshot differs" : "no snapshot baseline",
                                      code->str, r.snapshot.ptr);
                    }
                    gf_vec_push(&fresh, ((snap_entry){gf_memdup(code->str, code->len), code->len,
                                                      gf_buf_detach(&r.snapshot, NULL)}));
                    gf_buf_release(&want);
                }
                gf_buf_release(&r.snapshot);
                gf_buf_addc(&marks, mark);
                if (mark != '.' && mark != 'U')
                    ok = false;
            }
        }
        if (!rc && changed)
            rc = write_snapshots(snapdir, snap_path.ptr, idn->str, fresh.items, fresh.len);
        if (!rc) {
            if (details.len)
                fputs(details.ptr, stdout);
            printf("%s %s  %s\n", ok ? "PASS" : "FAIL", idn->str, marks.ptr);
            if (ok)
                c->passed++;
            else
                c->failed++;
        }
        for (size_t i = 0; i < fresh.len; i++) {
            gf_free(fresh.items[i].code);
            gf_free(fresh.items[i].body);
        }
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
