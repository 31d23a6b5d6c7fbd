/* cmd_scan: run YAML rules (ast-grep's schema) over files; report, fix. */
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tree_sitter/api.h>

#include "cmd/cli.h"
#include "match/matchout.h"
#include "graft/rule.h"
#include "match/project.h"
#include "syntax/config.h"
#include "util/alloc.h"
#include "util/vec.h"

static const char help[] =
    "usage: graft scan [PATH...] [-r RULE.yml]... [--rules DIR]... [--inline-rules YAML]\n"
    "                  [--config FILE] [--format text|json|sarif|github] [--json[=STYLE]]\n"
    "                  [--fix [--write]] [--severity LEVEL] [-g GLOB]... [-j N]\n\n"
    "Run rules written in ast-grep's YAML rule language over the files under PATH\n"
    "(default: the current directory) and report what they find. A rule file holds\n"
    "one rule per YAML document (separated by ---): id, language, rule (pattern,\n"
    "kind, regex, nthChild, range, inside, has, precedes, follows, all, any, not,\n"
    "matches), constraints, utils, transform, fix, severity, message, note, url,\n"
    "files and ignores. Without -r, --rules or --inline-rules the rules come from\n"
    "the project config (graft.yml, or ast-grep's sgconfig.yml, in the current\n"
    "directory or a parent): its ruleDirs, with utility rules from utilDirs.\n\n"
    "A match is suppressed by a comment on its line or the line before containing\n"
    "graft-ignore or ast-grep-ignore, optionally followed by ': RULE-ID, ...'.\n\n"
    "options:\n"
    "  -r, --rule FILE        a rule file (repeatable)\n"
    "      --rules DIR        every *.yml/*.yaml rule file under DIR (repeatable)\n"
    "      --inline-rules Y   rules given as text\n"
    "      --config FILE      the project config to use instead of searching\n"
    "      --format F         text (default), json, sarif (SARIF 2.1.0), github\n"
    "                         (workflow annotations)\n"
    "      --json[=STYLE]     --format json; STYLE pretty (default), compact, stream\n"
    "      --severity LEVEL   report only findings at LEVEL or above\n"
    "                         (hint, info, warning, error)\n"
    "      --fix              print the rules' fixes as a unified diff\n"
    "  -w, --write            with --fix: apply them (atomic, checked, per file)\n"
    "      --allow-errors     apply fixes even when they add syntax errors\n"
    "  -g, --glob G           include/exclude files (gitignore syntax; '!G' excludes)\n"
    "      --hidden, --no-ignore, --follow   as for 'graft files'\n"
    "      --max-filesize S    skip (and name on stderr) files larger than S\n"
    "                          (e.g. 512K, 100M; default 64M)\n"
    "  -j, --threads N        worker threads (default: number of CPUs)\n"
    "  -h, --help             show this help\n\n"
    "Text output: path:line:col: severity[rule-id]: message, then the line with the\n"
    "match underlined, then the rule's note. JSON is ast-grep's scan JSON (ruleId,\n"
    "severity, note, message, labels added to each match).\n\n"
    "exit status: 1 when a rule of severity error matched, 0 otherwise; 2 on an\n"
    "invalid rule, a bad path or I/O error\n\n"
    "examples:\n"
    "  graft scan -r rules/no-print.yml src\n"
    "  graft scan --inline-rules 'id: no-eval\n"
    "language: python\n"
    "rule: {pattern: eval($X)}\n"
    "severity: error' .\n"
    "  graft scan --format sarif > results.sarif\n"
    "  graft scan --fix --write\n";

typedef enum fmt { F_TEXT, F_JSON, F_SARIF, F_GITHUB } fmt;

typedef struct scan_ctx {
    gf_rules *rs;
    const gf_rule **by_lang[32];
    size_t nby_lang[32];
    fmt format;
    mo_json_style style;
    bool fix, write, allow_errors, color;
    gf_severity min_sev;
    char cwd[PATH_MAX];
    size_t errors, findings, refused, total;
    bool first_json;
    gf_buf out;
    gf_buf sarif; /* SARIF results, printed at the end with the rules */
    bool first_sarif;
} scan_ctx;

typedef struct file_run {
    scan_ctx *c;
    gf_source *src;
    const TSTree *tree;
    gf_buf *out;
    gf_json j;
    gf_editset *edits;
    size_t nedits;
    uint32_t last_end;
    size_t errors, findings;
} file_run;

/* The path a rule's files/ignores globs see: relative to the rule's base
 * directory (the config's) when the file is under it, else relative to the
 * current directory, without "./". */
static const char *rule_path(const scan_ctx *c, const gf_rule *r, const char *path, gf_buf *tmp)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    const char *base = gf_rule_base(r);
    if (!base)
        return path;
    gf_buf_clear(tmp);
    if (path[0] == '/')
        gf_buf_adds(tmp, path);
    else
        gf_buf_printf(tmp, "%s/%s", c->cwd, path);
    size_t bl = strlen(base);
    if (strncmp(tmp->ptr, base, bl) == 0 && tmp->ptr[bl] == '/')
        return tmp->ptr + bl + 1;
    return path;
}

static bool id_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-' || ch == '.' || ch == '/';
}

/* The text after a suppression marker: nothing (every rule) or ": id, id". */
static bool ignore_ids_match(const char *p, const char *end, const char *id)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p == end || *p != ':')
        return true;
    p++;
    size_t idl = strlen(id);
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *a = p;
        while (p < end && id_char(*p))
            p++;
        if ((size_t)(p - a) == idl && memcmp(a, id, idl) == 0)
            return true;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p == end || *p != ',')
            return false;
        p++;
    }
}

/*
 * Whether a suppression comment (graft-ignore / ast-grep-ignore) on the line
 * starting at ls applies to rule id. alone: the comment must be the only
 * thing on its line (for the line before a match, and the file header).
 */
static bool line_suppresses(const gf_source *s, const TSTree *t, size_t ls, const char *id,
                            bool alone)
{
    const char *end = memchr(s->bytes + ls, '\n', s->len - ls);
    size_t le = end ? (size_t)(end - s->bytes) : s->len;
    static const char *const marks[] = {"graft-ignore", "ast-grep-ignore"};
    for (size_t k = 0; k < 2; k++) {
        size_t ml = strlen(marks[k]);
        const char *p = s->bytes + ls;
        while ((p = memmem(p, (size_t)(s->bytes + le - p), marks[k], ml))) {
            uint32_t off = (uint32_t)(p - s->bytes);
            TSNode n = ts_node_descendant_for_byte_range(ts_tree_root_node(t), off, off + 1);
            if (strstr(ts_node_type(n), "comment")) {
                size_t cs = ts_node_start_byte(n), i = ls;
                while (i < cs && (s->bytes[i] == ' ' || s->bytes[i] == '\t'))
                    i++;
                const char *ce = s->bytes + (ts_node_end_byte(n) < le ? ts_node_end_byte(n) : le);
                if ((!alone || i == cs) && ignore_ids_match(p + ml, ce, id))
                    return true;
            }
            p += ml;
        }
    }
    return false;
}

/* A match is suppressed by a comment on its first line, by one alone on
 * the line before, or by one alone on the file's first line when a blank
 * line follows it (the whole file). */
static bool suppressed(file_run *r, const gf_rule *rule, uint32_t start)
{
    gf_source *s = r->src;
    const char *id = gf_rule_id(rule);
    uint32_t line, col;
    gf_source_point(s, start, &line, &col);
    if (line_suppresses(s, r->tree, start - col, id, false))
        return true;
    if (line > 0 && line_suppresses(s, r->tree, gf_source_offset(s, line - 1, 0), id, true))
        return true;
    /* the file header: line 0 a suppression comment, line 1 blank */
    if (gf_source_lines(s) > 2) {
        size_t l1 = gf_source_offset(s, 1, 0), l2 = gf_source_offset(s, 2, 0);
        bool blank = true;
        for (size_t i = l1; i < l2 && blank; i++)
            blank = s->bytes[i] == ' ' || s->bytes[i] == '\t' || s->bytes[i] == '\r' ||
                    s->bytes[i] == '\n';
        if (blank && line_suppresses(s, r->tree, 0, id, true))
            return true;
    }
    return false;
}

static const char *level_of(gf_severity sev, bool sarif)
{
    switch (sev) {
    case GF_SEV_ERROR: return "error";
    case GF_SEV_WARNING: return "warning";
    default: return sarif ? "note" : "notice";
    }
}

static void json_match(file_run *r, const gf_rule_match *m)
{
    gf_source *s = r->src;
    gf_json *j = &r->j;
    gf_json_object_begin(j);
    mo_json_match_head(j, s, m->range.start, m->range.end);
    if (m->has_fix)
        mo_json_replacement(j, m->fix, m->fix_len, m->fix_range.start, m->fix_range.end);
    gf_json_key(j, "language");
    gf_json_str(j, mo_display_name(s->lang));
    if (m->nvars || m->nsecondary || m->ntransformed) {
        gf_json_key(j, "metaVariables");
        gf_json_object_begin(j);
        gf_json_key(j, "single");
        gf_json_object_begin(j);
        for (size_t v = 0; v < m->nvars; v++) {
            if (m->vars[v].multi)
                continue;
            gf_json_key(j, m->vars[v].name);
            mo_json_capture(j, s, m->spans[m->vars[v].first]);
        }
        gf_json_object_end(j);
        gf_json_key(j, "multi");
        gf_json_object_begin(j);
        for (size_t v = 0; v < m->nvars; v++) {
            if (!m->vars[v].multi)
                continue;
            gf_json_key(j, m->vars[v].name);
            gf_json_array_begin(j);
            for (uint32_t k = 0; k < m->vars[v].count; k++)
                mo_json_capture(j, s, m->spans[m->vars[v].first + k]);
            gf_json_array_end(j);
        }
        if (m->nsecondary) {
            gf_json_key(j, "secondary");
            gf_json_array_begin(j);
            for (size_t k = 0; k < m->nsecondary; k++)
                mo_json_capture(j, s, m->secondary[k]);
            gf_json_array_end(j);
        }
        gf_json_object_end(j);
        gf_json_key(j, "transformed");
        gf_json_object_begin(j);
        for (size_t k = 0; k < m->ntransformed; k++) {
            gf_json_key(j, m->transformed[k].name);
            gf_json_strn(j, m->transformed[k].text, m->transformed[k].len);
        }
        gf_json_object_end(j);
        gf_json_object_end(j);
    }
    gf_json_key(j, "ruleId");
    gf_json_str(j, gf_rule_id(m->rule));
    gf_json_key(j, "severity");
    gf_json_str(j, gf_severity_name(gf_rule_severity(m->rule)));
    gf_json_key(j, "note");
    if (gf_rule_note(m->rule))
        gf_json_str(j, gf_rule_note(m->rule));
    else
        gf_json_null(j);
    gf_json_key(j, "message");
    gf_json_strn(j, m->message, m->message_len);
    gf_json_key(j, "labels");
    gf_json_array_begin(j);
    for (size_t k = 0; k < m->nlabels; k++) {
        gf_span sp = m->labels[k].span;
        gf_json_object_begin(j);
        gf_json_key(j, "text");
        gf_json_strn(j, s->bytes + sp.start, sp.end - sp.start);
        gf_json_key(j, "range");
        mo_json_range(j, s, sp.start, sp.end);
        gf_json_key(j, "style");
        gf_json_str(j, m->labels[k].primary ? "primary" : "secondary");
        gf_json_object_end(j);
    }
    gf_json_array_end(j);
    gf_json_object_end(j);
    gf_buf_addc(r->out, '\x1e');
}

#define C_ERR "\x1b[1;31m"
#define C_WARN "\x1b[1;33m"
#define C_NOTE "\x1b[1;36m"
#define C_BOLD "\x1b[1m"
#define C_OFF "\x1b[0m"

static void text_match(file_run *r, const gf_rule_match *m)
{
    gf_source *s = r->src;
    bool color = r->c->color;
    uint32_t line, col;
    mo_char_point(s, m->range.start, &line, &col);
    gf_severity sev = gf_rule_severity(m->rule);
    const char *sc = sev == GF_SEV_ERROR ? C_ERR : sev == GF_SEV_WARNING ? C_WARN : C_NOTE;
    gf_buf_printf(r->out, "%s%s:%u:%u:%s %s%s%s[%s]: %.*s\n", color ? C_BOLD : "", s->path,
                  line + 1, col + 1, color ? C_OFF : "", color ? sc : "", gf_severity_name(sev),
                  color ? C_OFF : "", gf_rule_id(m->rule), (int)m->message_len, m->message);
    size_t ls, le;
    mo_line_bounds(s, m->range.start, m->range.start, &ls, &le);
    if (le > ls && s->bytes[le - 1] == '\r')
        le--;
    char num[16];
    int w = snprintf(num, sizeof num, "%u", line + 1);
    gf_buf_printf(r->out, " %s | %.*s\n", num, (int)(le - ls), s->bytes + ls);
    size_t mend = m->range.end < le ? m->range.end : le;
    uint32_t width = mo_chars(s->bytes, m->range.start, mend);
    /* The carets' indent copies the line's tabs, so they stay aligned. */
    gf_buf_printf(r->out, " %*s | ", w, "");
    for (size_t i = ls; i < m->range.start && i < le; i++) {
        unsigned char ch = (unsigned char)s->bytes[i];
        if (ch == '\t')
            gf_buf_addc(r->out, '\t');
        else if ((ch & 0xC0) != 0x80)
            gf_buf_addc(r->out, ' ');
    }
    gf_buf_adds(r->out, color ? sc : "");
    for (uint32_t i = 0; i < (width ? width : 1); i++)
        gf_buf_addc(r->out, '^');
    gf_buf_printf(r->out, "%s\n", color ? C_OFF : "");
    const char *note = gf_rule_note(m->rule);
    if (note) {
        /* Every line of the note, indented under the source. */
        gf_buf_printf(r->out, " %*s = note: ", w, "");
        for (const char *p = note; *p; p++) {
            gf_buf_addc(r->out, *p);
            if (*p == '\n' && p[1])
                gf_buf_printf(r->out, " %*s         ", w, "");
        }
        if (note[0] && note[strlen(note) - 1] != '\n')
            gf_buf_addc(r->out, '\n');
    }
    gf_buf_addc(r->out, '\n');
}

/* A workflow command's text: '%', CR and LF escaped; in properties also
 * ':' and ','. */
static void github_escape(gf_buf *out, const char *t, size_t n, bool property)
{
    for (size_t i = 0; i < n; i++) {
        char ch = t[i];
        if (ch == '%')
            gf_buf_adds(out, "%25");
        else if (ch == '\r')
            gf_buf_adds(out, "%0D");
        else if (ch == '\n')
            gf_buf_adds(out, "%0A");
        else if (property && ch == ':')
            gf_buf_adds(out, "%3A");
        else if (property && ch == ',')
            gf_buf_adds(out, "%2C");
        else
            gf_buf_addc(out, ch);
    }
}

static void github_match(file_run *r, const gf_rule_match *m)
{
    uint32_t l1, c1, l2, c2;
    mo_char_point(r->src, m->range.start, &l1, &c1);
    mo_char_point(r->src, m->range.end, &l2, &c2);
    const char *path = mo_diff_path(r->src->path), *id = gf_rule_id(m->rule);
    gf_buf_printf(r->out, "::%s file=", level_of(gf_rule_severity(m->rule), false));
    github_escape(r->out, path, strlen(path), true);
    gf_buf_printf(r->out, ",line=%u,endLine=%u,col=%u,endColumn=%u,title=", l1 + 1, l2 + 1, c1 + 1,
                  c2 + 1);
    github_escape(r->out, id, strlen(id), true);
    gf_buf_adds(r->out, "::");
    github_escape(r->out, m->message, m->message_len, false);
    gf_buf_addc(r->out, '\n');
}

/* A relative path as a SARIF uri-reference: bytes other than unreserved
 * characters and '/' percent-encoded (RFC 3986), UTF-8 included. */
static void json_uri(gf_json *j, const char *path)
{
    gf_buf u = GF_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/')
            gf_buf_addc(&u, (char)*p);
        else
            gf_buf_printf(&u, "%%%02X", *p);
    }
    gf_json_strn(j, u.ptr, u.len);
    gf_buf_release(&u);
}

static void sarif_match(file_run *r, const gf_rule_match *m)
{
    gf_source *s = r->src;
    gf_json *j = &r->j;
    uint32_t l1, c1, l2, c2;
    mo_char_point(s, m->range.start, &l1, &c1);
    mo_char_point(s, m->range.end, &l2, &c2);
    gf_json_object_begin(j);
    gf_json_key(j, "ruleId");
    gf_json_str(j, gf_rule_id(m->rule));
    gf_json_key(j, "level");
    gf_json_str(j, level_of(gf_rule_severity(m->rule), true));
    gf_json_key(j, "message");
    gf_json_object_begin(j);
    gf_json_key(j, "text");
    if (m->message_len)
        gf_json_strn(j, m->message, m->message_len);
    else
        gf_json_str(j, gf_rule_id(m->rule));
    gf_json_object_end(j);
    gf_json_key(j, "locations");
    gf_json_array_begin(j);
    gf_json_object_begin(j);
    gf_json_key(j, "physicalLocation");
    gf_json_object_begin(j);
    gf_json_key(j, "artifactLocation");
    gf_json_object_begin(j);
    gf_json_key(j, "uri");
    json_uri(j, mo_diff_path(s->path));
    gf_json_object_end(j);
    gf_json_key(j, "region");
    gf_json_object_begin(j);
    gf_json_key(j, "startLine");
    gf_json_uint(j, l1 + 1);
    gf_json_key(j, "startColumn");
    gf_json_uint(j, c1 + 1);
    gf_json_key(j, "endLine");
    gf_json_uint(j, l2 + 1);
    gf_json_key(j, "endColumn");
    gf_json_uint(j, c2 + 1);
    gf_json_key(j, "byteOffset");
    gf_json_uint(j, m->range.start);
    gf_json_key(j, "byteLength");
    gf_json_uint(j, m->range.end - m->range.start);
    gf_json_object_end(j);
    gf_json_object_end(j);
    gf_json_object_end(j);
    gf_json_array_end(j);
    if (m->has_fix) {
        gf_json_key(j, "fixes");
        gf_json_array_begin(j);
        gf_json_object_begin(j);
        gf_json_key(j, "description");
        gf_json_object_begin(j);
        gf_json_key(j, "text");
        gf_json_str(j, "apply the rule's fix");
        gf_json_object_end(j);
        gf_json_key(j, "artifactChanges");
        gf_json_array_begin(j);
        gf_json_object_begin(j);
        gf_json_key(j, "artifactLocation");
        gf_json_object_begin(j);
        gf_json_key(j, "uri");
        json_uri(j, mo_diff_path(s->path));
        gf_json_object_end(j);
        gf_json_key(j, "replacements");
        gf_json_array_begin(j);
        gf_json_object_begin(j);
        gf_json_key(j, "deletedRegion");
        gf_json_object_begin(j);
        gf_json_key(j, "byteOffset");
        gf_json_uint(j, m->fix_range.start);
        gf_json_key(j, "byteLength");
        gf_json_uint(j, m->fix_range.end - m->fix_range.start);
        gf_json_object_end(j);
        gf_json_key(j, "insertedContent");
        gf_json_object_begin(j);
        gf_json_key(j, "text");
        gf_json_strn(j, m->fix, m->fix_len);
        gf_json_object_end(j);
        gf_json_object_end(j);
        gf_json_array_end(j);
        gf_json_object_end(j);
        gf_json_array_end(j);
        gf_json_object_end(j);
        gf_json_array_end(j);
    }
    gf_json_object_end(j);
    gf_buf_addc(r->out, '\x1e');
}

static int on_match(void *user, const gf_rule_match *m)
{
    file_run *r = user;
    scan_ctx *c = r->c;
    if (gf_rule_severity(m->rule) < c->min_sev || suppressed(r, m->rule, m->range.start))
        return 0;
    r->findings++;
    if (gf_rule_severity(m->rule) == GF_SEV_ERROR)
        r->errors++;
    if (c->fix && m->has_fix) {
        /* Overlapping fixes: the outermost (first in pre-order) wins. */
        if (!r->nedits || m->fix_range.start >= r->last_end) {
            gf_editset_add(r->edits, m->fix_range.start, m->fix_range.end, m->fix, m->fix_len,
                           NULL);
            r->last_end = m->fix_range.end;
            r->nedits++;
        }
    }
    switch (c->format) {
    case F_TEXT:
        if (!c->fix)
            text_match(r, m);
        break;
    case F_JSON: json_match(r, m); break;
    case F_GITHUB:
        /* as ast-grep: hints are not annotated */
        if (gf_rule_severity(m->rule) > GF_SEV_HINT)
            github_match(r, m);
        break;
    case F_SARIF: sarif_match(r, m); break;
    }
    return 0;
}

static void visit(void *user, void *wp, const gf_walk_file *f, gf_buf *out)
{
    scan_ctx *c = user;
    mo_worker *w = wp;
    if (!f->lang)
        return;
    size_t li = gf_lang_index(f->lang);
    const gf_rule *active[256];
    GF_VEC(const gf_rule *) more = GF_VEC_INIT;
    size_t n = 0;
    gf_buf tmp = GF_BUF_INIT;
    for (size_t i = 0; i < c->nby_lang[li]; i++) {
        const gf_rule *r = c->by_lang[li][i];
        if (!gf_rule_applies(r, rule_path(c, r, f->path, &tmp)) ||
            !gf_rule_may_match(r, f->data, f->len))
            continue;
        if (n < 256)
            active[n++] = r;
        else
            gf_vec_push(&more, r);
    }
    gf_buf_release(&tmp);
    const gf_rule **rules = active;
    if (more.len) {
        for (size_t i = 0; i < n; i++)
            gf_vec_push(&more, active[i]);
        rules = more.items;
        n = more.len;
    }
    if (n == 0) {
        gf_vec_release(&more);
        return;
    }
    gf_source s;
    gf_source_init_mem(&s, f->path, f->data, f->len);
    s.lang = f->lang;
    TSTree *t;
    if (gf_parse(w->parser, &s, &t, NULL) == 0) {
        file_run r = {.c = c, .src = &s, .tree = t, .out = out};
        if (c->fix)
            r.edits = gf_editset_new(f->path, f->data, f->len);
        gf_json_init(&r.j, out, c->format == F_JSON && c->style == MO_JSON_PRETTY);
        gf_rules_scan(c->rs, rules, n, w->matcher, &s, t, on_match, &r);
        gf_json_release(&r.j);
        if (r.nedits)
            mo_apply_edits(w->parser, &s, t, r.edits, c->allow_errors, c->format == F_TEXT,
                           c->write, out);
        gf_editset_delete(r.edits);
        gf_tree_delete(t);
        /* Counts travel in front, after a \x1d: "errors findings". */
        if (r.findings) {
            gf_buf head = GF_BUF_INIT;
            gf_buf_printf(&head, "%zu %zu\x1d", r.errors, r.findings);
            gf_buf_add(&head, out->ptr, out->len);
            gf_buf_clear(out);
            gf_buf_add(out, head.ptr, head.len);
            gf_buf_release(&head);
        }
    }
    gf_source_release(&s);
    gf_vec_release(&more);
}

static int emit(void *user, const gf_walk_file *f, const gf_buf *out, const gf_error *err)
{
    (void)f;
    scan_ctx *c = user;
    if (err) {
        cli_report_after(&c->out, err);
        return 0;
    }
    if (!out->len)
        return 0;
    const char *p = out->ptr, *end = out->ptr + out->len;
    const char *gs = memchr(p, '\x1d', out->len);
    if (gs && gs - p < 48) {
        char *q;
        c->errors += strtoull(p, &q, 10);
        c->findings += strtoull(q, NULL, 10);
        p = gs + 1;
    }
    const char *errs = memchr(p, '\x1f', (size_t)(end - p));
    size_t len = errs ? (size_t)(errs - p) : (size_t)(end - p);
    if (c->format == F_JSON)
        mo_join_json(&c->out, p, len, c->style, &c->first_json, &c->total);
    else if (c->format == F_SARIF) {
        size_t dummy = 0;
        mo_join_json(&c->sarif, p, len, MO_JSON_COMPACT, &c->first_sarif, &dummy);
    } else
        gf_buf_add(&c->out, p, len);
    if (errs) {
        cli_flush(&c->out);
        fflush(stdout);
        cli_error("%.*s", (int)(end - errs - 1), errs + 1);
        c->refused++;
    }
    if (c->out.len > 64 * 1024)
        cli_flush(&c->out);
    return 0;
}

static void warn(void *user, const gf_error *e)
{
    scan_ctx *c = user;
    cli_report_after(&c->out, e);
}

static void print_sarif(scan_ctx *c)
{
    gf_json j;
    gf_json_init(&j, &c->out, true);
    gf_json_object_begin(&j);
    gf_json_key(&j, "$schema");
    gf_json_str(&j, "https://json.schemastore.org/sarif-2.1.0.json");
    gf_json_key(&j, "version");
    gf_json_str(&j, "2.1.0");
    gf_json_key(&j, "runs");
    gf_json_array_begin(&j);
    gf_json_object_begin(&j);
    gf_json_key(&j, "tool");
    gf_json_object_begin(&j);
    gf_json_key(&j, "driver");
    gf_json_object_begin(&j);
    gf_json_key(&j, "name");
    gf_json_str(&j, "graft");
    gf_json_key(&j, "version");
    gf_json_str(&j, GRAFT_VERSION);
    gf_json_key(&j, "rules");
    gf_json_array_begin(&j);
    for (size_t i = 0; i < gf_rules_count(c->rs); i++) {
        const gf_rule *r = gf_rules_at(c->rs, i);
        gf_json_object_begin(&j);
        gf_json_key(&j, "id");
        gf_json_str(&j, gf_rule_id(r));
        if (gf_rule_note(r)) {
            gf_json_key(&j, "help");
            gf_json_object_begin(&j);
            gf_json_key(&j, "text");
            gf_json_str(&j, gf_rule_note(r));
            gf_json_object_end(&j);
        }
        if (gf_rule_url(r)) {
            gf_json_key(&j, "helpUri");
            gf_json_str(&j, gf_rule_url(r));
        }
        gf_json_key(&j, "defaultConfiguration");
        gf_json_object_begin(&j);
        gf_json_key(&j, "level");
        gf_json_str(&j, gf_rule_severity(r) == GF_SEV_OFF ? "none"
                                                          : level_of(gf_rule_severity(r), true));
        gf_json_object_end(&j);
        gf_json_object_end(&j);
    }
    gf_json_array_end(&j);
    gf_json_object_end(&j);
    gf_json_object_end(&j);
    gf_json_key(&j, "results");
    gf_json_release(&j);
    /* The results were rendered compact per file; splice them in. */
    gf_buf_adds(&c->out, " [");
    gf_buf_add(&c->out, c->sarif.ptr, c->sarif.len);
    gf_buf_adds(&c->out, "]\n    }\n  ]\n}\n");
}

/* Loads the rules: -r files, --rules dirs, inline text, else the project
 * config's ruleDirs/utilDirs. */
static int load_rules(scan_ctx *c, const char *const *files, size_t nfiles, const char *const *dirs,
                      size_t ndirs, const char *inline_rules, const char *config)
{
    gf_error e = GF_ERROR_INIT;
    int rc = 0;
    gf_project proj = {0};
    bool have_proj = false;
    char *found = config ? gf_strdup(config) : gf_config_find(".");
    if (found) {
        rc = gf_project_load(found, &proj, &e);
        have_proj = rc == 0;
        gf_free(found);
        if (rc)
            return cli_report(&e);
    }
    for (size_t i = 0; have_proj && !rc && i < proj.util_dirs.len; i++)
        rc = gf_rules_add_dir(c->rs, proj.util_dirs.items[i], true, NULL, &e);
    for (size_t i = 0; !rc && i < nfiles; i++)
        rc = gf_rules_add_file(c->rs, files[i], false, NULL, &e);
    for (size_t i = 0; !rc && i < ndirs; i++)
        rc = gf_rules_add_dir(c->rs, dirs[i], false, NULL, &e);
    if (!rc && inline_rules)
        rc = gf_rules_add(c->rs, "inline-rules", NULL, inline_rules, strlen(inline_rules), &e);
    if (!rc && !nfiles && !ndirs && !inline_rules && have_proj)
        for (size_t i = 0; !rc && i < proj.rule_dirs.len; i++)
            rc = gf_rules_add_dir(c->rs, proj.rule_dirs.items[i], false, proj.dir, &e);
    if (have_proj)
        gf_project_release(&proj);
    if (!rc)
        rc = gf_rules_compile(c->rs, &e);
    if (rc)
        return cli_report(&e);
    if (gf_rules_count(c->rs) == 0)
        return cli_error("no rules to run: give -r RULE.yml, --rules DIR or --inline-rules, or "
                         "list ruleDirs in a graft.yml");
    return 0;
}

int cmd_scan(int argc, char **argv)
{
    enum {
        OPT_RULES = 256,
        OPT_INLINE,
        OPT_CONFIG,
        OPT_FORMAT,
        OPT_JSON,
        OPT_SEVERITY,
        OPT_FIX,
        OPT_ALLOW,
        OPT_HIDDEN,
        OPT_NOIGNORE,
        OPT_MAXSIZE,
        OPT_COLOR
    };
    static const struct option opts[] = {{"allow-errors", no_argument, NULL, OPT_ALLOW},
                                         {"color", required_argument, NULL, OPT_COLOR},
                                         {"config", required_argument, NULL, OPT_CONFIG},
                                         {"fix", no_argument, NULL, OPT_FIX},
                                         {"follow", no_argument, NULL, 'L'},
                                         {"format", required_argument, NULL, OPT_FORMAT},
                                         {"glob", required_argument, NULL, 'g'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"hidden", no_argument, NULL, OPT_HIDDEN},
                                         {"inline-rules", required_argument, NULL, OPT_INLINE},
                                         {"json", optional_argument, NULL, OPT_JSON},
                                         {"max-filesize", required_argument, NULL, OPT_MAXSIZE},
                                         {"no-ignore", no_argument, NULL, OPT_NOIGNORE},
                                         {"rule", required_argument, NULL, 'r'},
                                         {"rules", required_argument, NULL, OPT_RULES},
                                         {"severity", required_argument, NULL, OPT_SEVERITY},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"write", no_argument, NULL, 'w'},
                                         {0}};
    scan_ctx c = {.out = GF_BUF_INIT,
                  .sarif = GF_BUF_INIT,
                  .first_json = true,
                  .first_sarif = true,
                  .min_sev = GF_SEV_HINT,
                  .style = MO_JSON_PRETTY};
    /* Structural search reads files whole; larger ones than ast-grep would
     * skip are rare, and a skipped file is said on stderr. */
    gf_walk_opts wo = {
        .read_full = true, .max_filesize = CLI_SEARCH_MAX_FILESIZE, .warn_too_big = true};
    GF_VEC(const char *) globs = GF_VEC_INIT;
    GF_VEC(const char *) files = GF_VEC_INIT;
    GF_VEC(const char *) dirs = GF_VEC_INIT;
    const char *inline_rules = NULL, *config = NULL, *color = "auto";
    int opt, rc = EXIT_OK;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":g:hj:Lr:w", opts, NULL)) != -1) {
        switch (opt) {
        case 'r': gf_vec_push(&files, optarg); break;
        case OPT_RULES: gf_vec_push(&dirs, optarg); break;
        case OPT_INLINE: inline_rules = optarg; break;
        case OPT_CONFIG: config = optarg; break;
        case OPT_FORMAT: {
            static const char *const names[] = {"text", "json", "sarif", "github", NULL};
            int k = cli_choice("scan", "format", optarg, names);
            if (k < 0) {
                rc = EXIT_ERROR;
                goto out;
            }
            c.format = (fmt)k;
            break;
        }
        case OPT_JSON: {
            static const char *const styles[] = {"pretty", "compact", "stream", NULL};
            int k = optarg ? cli_choice("scan", "JSON style", optarg, styles) : 0;
            if (k < 0) {
                rc = EXIT_ERROR;
                goto out;
            }
            c.format = F_JSON;
            c.style = (mo_json_style)k;
            break;
        }
        case OPT_SEVERITY:
            if (!gf_severity_parse(optarg, &c.min_sev) || c.min_sev == GF_SEV_OFF) {
                rc = cli_usage_error("scan", "unknown severity '%s' (hint, info, warning, error)",
                                     optarg);
                goto out;
            }
            break;
        case OPT_FIX: c.fix = true; break;
        case 'w': c.write = true; break;
        case OPT_ALLOW: c.allow_errors = true; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                rc = cli_usage_error("scan", "invalid --color '%s' (auto, always, never)", optarg);
                goto out;
            }
            color = optarg;
            break;
        case 'L': wo.follow = true; break;
        case 'g': gf_vec_push(&globs, optarg); break;
        case 'h': fputs(help, stdout); goto out;
        case OPT_HIDDEN: wo.hidden = true; break;
        case OPT_NOIGNORE: wo.no_ignore = true; break;
        case OPT_MAXSIZE:
            if (!cli_parse_size(optarg, &wo.max_filesize) || !wo.max_filesize) {
                rc = cli_usage_error("scan", "invalid --max-filesize '%s'", optarg);
                goto out;
            }
            break;
        case 'j':
            if (!cli_parse_int(optarg, &wo.threads)) {
                rc = cli_usage_error("scan", "invalid thread count '%s'", optarg);
                goto out;
            }
            break;
        default: rc = cli_bad_option("scan", opt, argv); goto out;
        }
    }
    if (c.write && !c.fix) {
        rc = cli_usage_error("scan", "--write applies fixes: use it with --fix");
        goto out;
    }
    c.color = !strcmp(color, "always") ||
              (!strcmp(color, "auto") && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
    if (!getcwd(c.cwd, sizeof c.cwd))
        c.cwd[0] = '\0';
    c.rs = gf_rules_new();
    if ((rc = load_rules(&c, files.items, files.len, dirs.items, dirs.len, inline_rules, config)) !=
        0) {
        rc = EXIT_ERROR;
        goto out;
    }
    for (size_t i = 0; i < gf_rules_count(c.rs); i++) {
        const gf_rule *r = gf_rules_at(c.rs, i);
        if (gf_rule_severity(r) == GF_SEV_OFF)
            continue;
        size_t li = gf_lang_index(gf_rule_lang(r));
        c.by_lang[li] = gf_realloc(c.by_lang[li], (c.nby_lang[li] + 1) * sizeof(gf_rule *));
        c.by_lang[li][c.nby_lang[li]++] = r;
    }
    gf_langmap *map = NULL;
    gf_error e;
    if ((rc = cli_walk_setup(&wo, argc, argv, globs.items, globs.len, config, &map)) != EXIT_OK)
        goto out;
    if (c.format == F_JSON && c.style != MO_JSON_STREAM)
        gf_buf_addc(&c.out, '[');
    gf_walk_visitor v = {mo_worker_new_batch, mo_worker_free, visit, emit, &c};
    size_t problems = 0;
    gf_walk(&wo, &v, warn, &c, &problems, &e);
    if (c.format == F_JSON && c.style == MO_JSON_PRETTY)
        gf_buf_adds(&c.out, c.first_json ? "]\n" : "\n]\n");
    else if (c.format == F_JSON && c.style == MO_JSON_COMPACT)
        gf_buf_adds(&c.out, "]\n");
    else if (c.format == F_SARIF)
        print_sarif(&c);
    cli_flush(&c.out);
    gf_langmap_delete(map);
    rc = problems || c.refused ? EXIT_ERROR : c.errors ? EXIT_NONE : EXIT_OK;
out:
    for (size_t i = 0; i < 32; i++)
        gf_free(c.by_lang[i]);
    gf_rules_delete(c.rs);
    gf_buf_release(&c.out);
    gf_buf_release(&c.sarif);
    gf_vec_release(&globs);
    gf_vec_release(&files);
    gf_vec_release(&dirs);
    return rc;
}
