/* tools: the MCP tool table -- one entry per tool, schemas derived from the
 * plan actions' argument tables, results bounded. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edit/root.h"
#include "graft/source.h"
#include "plan/plan.h"
#include "server/find.h"
#include "server/mcp.h"
#include "util/alloc.h"
#include "util/file.h"

#define DEFAULT_MAX_RESULTS 50
#define DEFAULT_MAX_CHARS 40000

typedef void (*tool_fn)(const gf_mcp_tool *t, const json_t *args, const gf_mcp_call *c,
                        json_t **out, bool *is_error, gf_buf *msg);

typedef enum out_kind { OUT_LIST, OUT_TREE, OUT_EDIT, OUT_READ_FILE, OUT_PLAN } out_kind;

struct gf_mcp_tool {
    const char *name;
    const char *title;
    const char *description;
    const char *action; /* the plan action behind it, or NULL (own handler) */
    tool_fn fn;
    bool read_only, destructive, idempotent;
    out_kind out;
};

static void file_read(const gf_mcp_tool *t, const json_t *args, const gf_mcp_call *c, json_t **out,
                      bool *is_error, gf_buf *msg);
static void plan_run(const gf_mcp_tool *t, const json_t *args, const gf_mcp_call *c, json_t **out,
                     bool *is_error, gf_buf *msg);

/* Deterministic order: as listed. */
static const gf_mcp_tool tools[] = {
    {"code_find", "Find code by structure",
     "Structural search with ast-grep patterns: code that has the shape of PATTERN, "
     "whatever its formatting. $NAME matches one node, $$$NAME any number (arguments, "
     "statements); the language comes from each file unless lang is given. Use it instead of "
     "a regex when the code's syntax matters. Example: {\"pattern\": \"requests.get($URL, "
     "$$$REST)\", \"paths\": [\"src\"], \"lang\": \"python\"}. Matches are in ast-grep's JSON "
     "shape (0-based lines and columns, metaVariables).",
     "code.find", NULL, true, false, true, OUT_LIST},
    {"code_rewrite", "Rewrite code by structure",
     "Rewrite every match of an ast-grep PATTERN with REWRITE ($NAME in REWRITE stands for "
     "what it captured), across files. All files change or none; a rewrite that would add "
     "a syntax error is refused unless allow_errors. dry_run: true returns the diff without "
     "writing. Example: {\"pattern\": \"$A == None\", \"rewrite\": \"$A is None\", \"lang\": "
     "\"python\", \"paths\": [\"src\"]}.",
     "code.rewrite", NULL, false, true, false, OUT_EDIT},
    {"code_scan", "Lint with YAML rules",
     "Run ast-grep YAML rules (rule files, rule directories, or inline_rules text) and "
     "return the findings with rule id, severity and message; fix: true applies the rules' "
     "fixes (all files or none). Example: {\"rule\": [\"rules/no-eval.yml\"], \"paths\": "
     "[\"src\"]}, or {\"inline_rules\": \"id: no-print\\nlanguage: python\\nrule: {pattern: "
     "print($$$A)}\"}.",
     "code.scan", NULL, false, true, false, OUT_LIST},
    {"code_parse", "Check syntax",
     "Parse files and report every syntax error (ERROR and MISSING nodes) with its "
     "location; count 0 means the files parse cleanly. Use it after editing to confirm a "
     "file is still valid. Example: {\"paths\": [\"src/app.py\"]}.",
     "code.parse", NULL, true, false, true, OUT_LIST},
    {"code_symbols", "List definitions",
     "List the definitions (classes, functions, methods, variables...) in files or "
     "directories, each with its name path (Outer/Inner/method), kind, range and signature. "
     "Use it to find what to read or edit by name. Example: {\"paths\": [\"src/app.py\"], "
     "\"depth\": 2}.",
     "code.symbols", NULL, true, false, true, OUT_LIST},
    {"code_show", "Show a definition",
     "Show one definition by name path: its source text, signature and docstring. An "
     "ambiguous or missing name is an error listing the candidates. Example: {\"target\": "
     "\"src/app.py::Cart/total\"}.",
     "code.show", NULL, true, false, true, OUT_LIST},
    {"code_splice", "Edit a definition",
     "Replace a definition by name path, insert text before or after it, or delete it; "
     "indentation and line endings follow the file, and a result with new syntax errors is "
     "refused unless allow_errors. Example: {\"target\": \"src/app.py::Cart/total\", "
     "\"replace\": true, \"text\": \"def total(self):\\n    return 0\\n\"}.",
     "code.splice", NULL, false, true, false, OUT_EDIT},
    {"code_refs", "Find references",
     "Find references to a name (calls, type uses, imports), each with the enclosing "
     "definition. Example: {\"name\": \"fetch\", \"paths\": [\"src\"]}.",
     "code.refs", NULL, true, false, true, OUT_LIST},
    {"file_read", "Read a file",
     "Read a text file with line numbers, whole or a range of lines (1-based, inclusive). "
     "Output is bounded by max_chars; a longer file says where it stopped, so read the rest "
     "with start_line. Example: {\"path\": \"src/app.py\", \"start_line\": 40, \"end_line\": 80}.",
     NULL, file_read, true, false, true, OUT_READ_FILE},
    {"file_replace", "Replace text in a file",
     "Replace text in one file. The old text must occur exactly once unless all or count is "
     "given; an ambiguous match lists every occurrence with its line, a missing one shows the "
     "closest line. fuzzy tolerates indentation and blank-line drift and says which fallback "
     "matched. A change already in place reports changed: false. expect_sha256 refuses a stale "
     "read. Example: {\"path\": \"app.py\", \"old\": \"retries = 3\", \"new\": \"retries = 5\"}.",
     "file.replace", NULL, false, true, true, OUT_EDIT},
    {"file_insert", "Insert lines",
     "Insert whole lines before or after the line holding an anchor (unique unless "
     "occurrence or all), or after a line number (at_line, 0 = top). Example: {\"path\": "
     "\"app.py\", \"anchor\": \"import os\", \"after\": true, \"text\": \"import sys\"}.",
     "file.insert", NULL, false, true, true, OUT_EDIT},
    {"file_delete_range", "Delete a range of lines",
     "Delete the lines from the start anchor's line through the end anchor's line "
     "(exclusive: keep the anchor lines). Refused when an anchor is missing, when several "
     "ranges qualify (they are listed), or when end comes before start. Example: {\"path\": "
     "\"app.py\", \"start\": \"# BEGIN generated\", \"end\": \"# END generated\"}.",
     "file.delete_range", NULL, false, true, false, OUT_EDIT},
    {"file_patch_apply", "Apply a unified diff",
     "Apply a unified diff (git diff, diff -u; several files, new/deleted/renamed files) "
     "given as text in diff or as a file in patch. Hunks go at their stated line or the "
     "nearest offset; every file changes or none; a diff already applied reports changed: "
     "false. Example: {\"diff\": \"--- a/app.py\\n+++ b/app.py\\n@@ -1,3 +1,3 @@\\n ...\"}.",
     "file.patch_apply", NULL, false, true, true, OUT_EDIT},
    {"repo_search", "Search text",
     "Regex (PCRE2, Unicode) or literal (fixed_strings) search over the repository's files, "
     "respecting .gitignore, like ripgrep; one result per matching line with submatches. Use "
     "it for text; use code_find for code structure. Example: {\"pattern\": \"TODO|FIXME\", "
     "\"paths\": [\"src\"], \"glob\": [\"*.py\"]}.",
     "repo.search", NULL, true, false, true, OUT_LIST},
    {"repo_tree", "List the file tree",
     "The directory tree under a path (default: the current directory), respecting "
     ".gitignore, as nested {path, type, size, children}. Example: {\"path\": \"src\", "
     "\"max_depth\": 2}.",
     "repo.tree", NULL, true, false, true, OUT_TREE},
    {"plan_run", "Run a plan",
     "Run a multi-step plan (YAML, as graft run: steps of file/code/repo actions, shell, "
     "assert, with register/when and {{ var }}) given as a file (plan) or text (plan_text). "
     "Each step's changes apply to every file or none, a budget of changed lines stops runs "
     "that grow too big, and artifacts are recorded under .agentfs/artifacts/<run_id>/. "
     "Returns results.json. dry_run computes every diff and writes nothing. Example: "
     "{\"plan_text\": \"steps:\\n  - name: bump\\n    file.replace: {path: app.py, old: "
     "'retries = 3', new: 'retries = 5'}\\n\", \"dry_run\": true}.",
     NULL, plan_run, false, true, false, OUT_PLAN},
};

size_t gf_mcp_tool_count(void)
{
    return sizeof tools / sizeof tools[0];
}

const gf_mcp_tool *gf_mcp_tool_at(size_t i)
{
    return i < gf_mcp_tool_count() ? &tools[i] : NULL;
}

const gf_mcp_tool *gf_mcp_tool_find(const char *name)
{
    for (size_t i = 0; i < gf_mcp_tool_count(); i++)
        if (!strcmp(tools[i].name, name))
            return &tools[i];
    return NULL;
}

bool gf_mcp_tool_read_only(const gf_mcp_tool *t)
{
    return t->read_only;
}

/* ---- schemas ---- */

static const struct {
    const char *name, *doc;
} arg_docs[] = {
    {"path", "file path, relative to the working directory"},
    {"paths", "files or directories to search (default: the working directory)"},
    {"pattern", "the pattern"},
    {"lang", "language (python, javascript, typescript, tsx, go, rust, c, cpp, java, bash, "
             "json, toml, yaml); default: from each file"},
    {"glob", "include/exclude files (gitignore syntax; '!G' excludes)"},
    {"rewrite", "replacement template; $NAME, $$$NAME stand for what they captured"},
    {"old", "the exact text to replace"},
    {"new", "its replacement"},
    {"regex", "the text is a regular expression"},
    {"all", "every occurrence"},
    {"count", "require exactly this many occurrences"},
    {"anchor", "literal text on the line to insert beside"},
    {"text", "the text to insert or splice in"},
    {"target", "FILE::Name/path, e.g. src/app.py::Cart/total"},
    {"expect_sha256", "refuse unless the file's current SHA-256 is this (stale-read guard)"},
    {"max_count", "stop after this many matches per file"},
    {"diff", "a unified diff as text"},
    {"patch", "a file holding a unified diff"},
    {"strip", "leading path components to strip from the diff's names (default 1: a/ b/)"},
    {"selector", "the pattern is a context; match its first node of this kind"},
    {"strictness", "smart (default), cst, ast, relaxed, signature, template"},
    {"inline_rules", "rules as YAML text (several separated by ---)"},
    {"rule", "rule files"},
    {"rules", "directories of rule files"},
    {"fix", "apply the rules' fixes"},
    {"depth", "only definitions at most this deep (1: top level)"},
    {"kind", "only these kinds"},
    {"name", "the name to find references to"},
};

static const char *arg_doc(const char *name)
{
    for (size_t i = 0; i < sizeof arg_docs / sizeof arg_docs[0]; i++)
        if (!strcmp(arg_docs[i].name, name))
            return arg_docs[i].doc;
    return NULL;
}

static json_t *type_schema(gf_argtype t)
{
    switch (t) {
    case GF_ARG_STR: return json_pack("{s:s}", "type", "string");
    case GF_ARG_INT: return json_pack("{s:s, s:i}", "type", "integer", "minimum", 0);
    case GF_ARG_NUM: return json_pack("{s:s, s:i}", "type", "number", "minimum", 0);
    case GF_ARG_BOOL: return json_pack("{s:s}", "type", "boolean");
    case GF_ARG_STRS:
        return json_pack("{s:[{s:s}, {s:s, s:{s:s}}]}", "anyOf", "type", "string", "type", "array",
                         "items", "type", "string");
    case GF_ARG_ENV:
        return json_pack("{s:s, s:{s:s}}", "type", "object", "additionalProperties", "type",
                         "string");
    case GF_ARG_ANY: return json_object();
    }
    return json_object();
}

static void add_prop(json_t *props, const char *name, json_t *schema, const char *doc)
{
    if (doc)
        json_object_set_new(schema, "description", json_string(doc));
    json_object_set_new(props, name, schema);
}

static json_t *input_schema(const gf_mcp_tool *t)
{
    json_t *props = json_object(), *req = json_array();
    if (t->action) {
        const gf_action *a = gf_action_find(t->action, strlen(t->action));
        for (const gf_argspec *s = a->args; s->name; s++) {
            if (!strcmp(s->name, "shell"))
                continue;
            add_prop(props, s->name, type_schema(s->type), arg_doc(s->name));
            if (s->required)
                json_array_append_new(req, json_string(s->name));
        }
    }
    switch (t->out) {
    case OUT_LIST:
    case OUT_TREE:
        add_prop(props, "max_results",
                 json_pack("{s:s, s:i, s:i}", "type", "integer", "minimum", 1, "default",
                           DEFAULT_MAX_RESULTS),
                 "at most this many items; beyond it the answer says how many there were");
        add_prop(props, "max_chars",
                 json_pack("{s:s, s:i, s:i}", "type", "integer", "minimum", 100, "default",
                           DEFAULT_MAX_CHARS),
                 "bound on the answer's size; beyond it a shorter form (counts per file) is given");
        break;
    case OUT_EDIT:
        add_prop(props, "dry_run", json_pack("{s:s, s:b}", "type", "boolean", "default", 0),
                 "compute the diff, write nothing");
        add_prop(props, "max_chars",
                 json_pack("{s:s, s:i, s:i}", "type", "integer", "minimum", 100, "default",
                           DEFAULT_MAX_CHARS),
                 "bound on the diff's size in the answer (the change itself is not bounded)");
        break;
    case OUT_READ_FILE:
        add_prop(props, "path", json_pack("{s:s}", "type", "string"), arg_doc("path"));
        add_prop(props, "start_line", json_pack("{s:s, s:i}", "type", "integer", "minimum", 1),
                 "first line to show (1-based; default 1)");
        add_prop(props, "end_line", json_pack("{s:s, s:i}", "type", "integer", "minimum", 1),
                 "last line to show (inclusive; default: the end)");
        add_prop(props, "max_chars",
                 json_pack("{s:s, s:i, s:i}", "type", "integer", "minimum", 100, "default",
                           DEFAULT_MAX_CHARS),
                 "bound on the answer's size");
        json_array_append_new(req, json_string("path"));
        break;
    case OUT_PLAN:
        add_prop(props, "plan", json_pack("{s:s}", "type", "string"), "a plan file (YAML or JSON)");
        add_prop(props, "plan_text", json_pack("{s:s}", "type", "string"),
                 "the plan itself, as text");
        add_prop(props, "dry_run", json_pack("{s:s, s:b}", "type", "boolean", "default", 0),
                 "run read-only steps and compute every diff; write nothing");
        add_prop(props, "budget", json_pack("{s:s, s:i}", "type", "integer", "minimum", 0),
                 "the most changed lines the run may make (default: the plan's, else 1000)");
        add_prop(
            props, "vars",
            json_pack("{s:s, s:{s:s}}", "type", "object", "additionalProperties", "type", "string"),
            "plan variables (override the plan's vars)");
        add_prop(props, "run_id", json_pack("{s:s}", "type", "string"),
                 "name the run (must be new)");
        add_prop(props, "continue_on_error", json_pack("{s:s}", "type", "boolean"),
                 "run the remaining steps after a failure");
        break;
    }
    json_t *s = json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props,
                          "additionalProperties", 0);
    if (json_array_size(req))
        json_object_set_new(s, "required", req);
    else
        json_decref(req);
    return s;
}

/* The result shapes, as JSON Schema (a listing's items are added per tool). */
// clang-format off
static const char *const out_schemas[] = {
    [OUT_LIST] =
        "{\"type\":\"object\",\"required\":[\"count\"],\"properties\":{"
        "\"count\":{\"type\":\"integer\"},\"truncated\":{\"type\":\"boolean\"},"
        "\"note\":{\"type\":\"string\"},"
        "\"per_file\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}}}",
    [OUT_TREE] =
        "{\"type\":\"object\",\"required\":[\"tree\"],\"properties\":{"
        "\"tree\":{\"type\":\"object\"},\"truncated\":{\"type\":\"boolean\"},"
        "\"note\":{\"type\":\"string\"}}}",
    [OUT_EDIT] =
        "{\"type\":\"object\","
        "\"required\":[\"changed\",\"written\",\"files\",\"lines_added\",\"lines_removed\"],"
        "\"properties\":{"
        "\"changed\":{\"type\":\"boolean\"},\"written\":{\"type\":\"boolean\"},"
        "\"files\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
        "\"lines_added\":{\"type\":\"integer\"},\"lines_removed\":{\"type\":\"integer\"},"
        "\"diff\":{\"type\":\"string\"},\"diff_truncated\":{\"type\":\"boolean\"},"
        "\"note\":{\"type\":[\"string\",\"null\"]}}}",
    [OUT_READ_FILE] =
        "{\"type\":\"object\","
        "\"required\":[\"path\",\"start_line\",\"end_line\",\"total_lines\",\"text\",\"truncated\"],"
        "\"properties\":{"
        "\"path\":{\"type\":\"string\"},\"start_line\":{\"type\":\"integer\"},"
        "\"end_line\":{\"type\":\"integer\"},\"total_lines\":{\"type\":\"integer\"},"
        "\"text\":{\"type\":\"string\"},\"truncated\":{\"type\":\"boolean\"},"
        "\"note\":{\"type\":\"string\"}}}",
    [OUT_PLAN] =
        "{\"type\":\"object\",\"required\":[\"run_id\",\"status\",\"exit_code\",\"steps\"],"
        "\"properties\":{"
        "\"run_id\":{\"type\":\"string\"},\"status\":{\"type\":\"string\"},"
        "\"exit_code\":{\"type\":\"integer\"},\"steps\":{\"type\":\"array\"},"
        "\"budget\":{\"type\":\"object\"}}}",
};
// clang-format on

static json_t *output_schema(const gf_mcp_tool *t)
{
    json_t *schema = json_loads(out_schemas[t->out], 0, NULL);
    if (t->out != OUT_LIST)
        return schema;
    const gf_action *a = gf_action_find(t->action, strlen(t->action));
    json_t *p = json_object_get(schema, "properties");
    json_object_set_new(p, a->result_key,
                        json_pack("{s:s, s:{s:s}}", "type", "array", "items", "type", "object"));
    if (!strcmp(t->action, "code.scan")) {
        /* with fix: the editing fields too */
        json_t *edit = json_loads(out_schemas[OUT_EDIT], 0, NULL);
        json_object_update_missing(p, json_object_get(edit, "properties"));
        json_object_set_new(p, "errors", json_pack("{s:s}", "type", "integer"));
        json_decref(edit);
    }
    if (!strcmp(t->action, "repo.search"))
        json_object_set_new(p, "files", json_pack("{s:s}", "type", "integer"));
    return schema;
}

json_t *gf_mcp_tool_describe(const gf_mcp_tool *t)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:{s:s, s:b, s:b, s:b, s:b}}", "name", t->name,
                     "title", t->title, "description", t->description, "inputSchema",
                     input_schema(t), "outputSchema", output_schema(t), "annotations", "title",
                     t->title, "readOnlyHint", t->read_only, "destructiveHint",
                     !t->read_only && t->destructive, "idempotentHint", t->idempotent,
                     "openWorldHint", 0);
}

/* ---- argument checks (against the input schema) ---- */

static bool fits(const json_t *v, const json_t *schema)
{
    const json_t *any = json_object_get(schema, "anyOf");
    if (any) {
        size_t i;
        json_t *s;
        json_array_foreach(any, i, s) if (fits(v, s)) return true;
        return false;
    }
    const char *type = json_string_value(json_object_get(schema, "type"));
    if (!type)
        return true;
    const json_t *min = json_object_get(schema, "minimum");
    if (!strcmp(type, "string"))
        return json_is_string(v);
    if (!strcmp(type, "boolean"))
        return json_is_boolean(v);
    if (!strcmp(type, "integer"))
        return json_is_integer(v) && (!min || json_integer_value(v) >= json_integer_value(min));
    if (!strcmp(type, "number"))
        return json_is_number(v) && (!min || json_number_value(v) >= json_number_value(min));
    if (!strcmp(type, "array")) {
        if (!json_is_array(v))
            return false;
        const json_t *items = json_object_get(schema, "items");
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) if (items && !fits(x, items)) return false;
        return true;
    }
    if (!strcmp(type, "object")) {
        if (!json_is_object(v))
            return false;
        const json_t *ap = json_object_get(schema, "additionalProperties");
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x) if (json_is_object(ap) && !fits(x, ap)) return false;
        return true;
    }
    return true;
}

static const char *type_words(const json_t *schema)
{
    if (json_object_get(schema, "anyOf"))
        return "a string or a list of strings";
    const char *t = json_string_value(json_object_get(schema, "type"));
    if (!t)
        return "a value";
    if (!strcmp(t, "integer"))
        return json_object_get(schema, "minimum") ? "an integer (at least the minimum)"
                                                  : "an integer";
    if (!strcmp(t, "number"))
        return "a non-negative number";
    if (!strcmp(t, "boolean"))
        return "true or false";
    if (!strcmp(t, "object"))
        return "an object of strings";
    return "a string";
}

/* Checks args against t's input schema; false with msg when they do not fit. */
static bool check_args(const gf_mcp_tool *t, const json_t *args, gf_buf *msg)
{
    json_t *schema = input_schema(t);
    const json_t *props = json_object_get(schema, "properties");
    bool ok = true;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)args, k, v)
    {
        const json_t *ps = json_object_get(props, k);
        if (!ps) {
            gf_buf_printf(msg, "unknown argument '%s' of %s; it takes:", k, t->name);
            const char *pk;
            json_t *pv;
            json_object_foreach((json_t *)props, pk, pv) gf_buf_printf(msg, " %s", pk);
            ok = false;
            break;
        }
        if (!fits(v, ps)) {
            gf_buf_printf(msg, "argument '%s' of %s must be %s", k, t->name, type_words(ps));
            ok = false;
            break;
        }
    }
    size_t i;
    json_array_foreach(json_object_get(schema, "required"), i, v)
    {
        if (ok && !json_object_get(args, json_string_value(v))) {
            gf_buf_printf(msg, "%s needs the argument '%s'", t->name, json_string_value(v));
            ok = false;
        }
    }
    json_decref(schema);
    return ok;
}

/* ---- bounding answers ---- */

static size_t json_chars(const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT);
    size_t n = s ? strlen(s) : 0;
    free(s);
    return n;
}

static long long arg_int(const json_t *args, const char *key, long long dflt)
{
    const json_t *v = json_object_get(args, key);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

/*
 * Bounds res[key], a list of total items (of which the first max_results at
 * least are in it) whose counts per file are per: over max_results, the
 * first max_results and a note; over max_chars as a whole, counts per file
 * instead, or only the total when even those do not fit.
 */
static void bound_counted(json_t *res, const char *key, const json_t *args, size_t total,
                          json_t *per)
{
    json_t *arr = json_object_get(res, key);
    long long max = arg_int(args, "max_results", DEFAULT_MAX_RESULTS);
    long long chars = arg_int(args, "max_chars", DEFAULT_MAX_CHARS);
    if ((long long)total > max) {
        while ((long long)json_array_size(arr) > max)
            json_array_remove(arr, json_array_size(arr) - 1);
        json_object_set_new(res, "truncated", json_true());
        json_object_set_new(res, "note",
                            json_sprintf("showing the first %lld of %zu; narrow the query (paths, "
                                         "glob, lang) or raise max_results",
                                         max, total));
    }
    if ((long long)json_chars(res) > chars) {
        json_object_set_new(res, key, json_array());
        json_object_set(res, "per_file", per);
        json_object_set_new(res, "truncated", json_true());
        json_object_set_new(res, "note",
                            json_sprintf("the %zu items are over max_chars (%lld): counts per file "
                                         "instead; narrow the query or raise max_chars",
                                         total, chars));
        if ((long long)json_chars(res) > chars) {
            json_object_del(res, "per_file");
            json_object_set_new(res, "note",
                                json_sprintf("the %zu items are over max_chars (%lld), even as "
                                             "counts per file: narrow the query",
                                             total, chars));
        }
    }
}

static void bound_list(json_t *res, const char *key, const json_t *args)
{
    json_t *arr = json_object_get(res, key);
    if (!json_is_array(arr))
        return;
    /* counts per file of every item, for when the items do not fit */
    json_t *per = json_object();
    size_t i;
    json_t *m;
    json_array_foreach(arr, i, m)
    {
        const char *f = json_string_value(json_object_get(m, "file"));
        if (!f)
            f = json_string_value(json_object_get(m, "path"));
        if (!f)
            f = "(unknown)";
        json_object_set_new(per, f, json_integer(json_integer_value(json_object_get(per, f)) + 1));
    }
    bound_counted(res, key, args, json_array_size(arr), per);
    json_decref(per);
}

/*
 * code_find's answer from the server's cache: when every match fits the
 * bounds, its text as is into *raw (no JSON values built: answers of
 * thousands of matches are common); otherwise a result holding the first
 * max_results matches, bounded as bound_list would. False when the text
 * does not parse (it always should).
 */
static bool found_result(gf_found *f, const json_t *args, gf_buf *raw, json_t **res)
{
    long long max = arg_int(args, "max_results", DEFAULT_MAX_RESULTS);
    long long chars = arg_int(args, "max_chars", DEFAULT_MAX_CHARS);
    *res = NULL;
    if ((long long)f->count <= max && raw) {
        size_t start = raw->len;
        gf_buf_printf(raw, "{\"count\":%zu,\"matches\":", f->count);
        gf_buf_add(raw, f->text.ptr, f->text.len);
        gf_buf_addc(raw, '}');
        if ((long long)(raw->len - start) <= chars)
            return true;
        raw->len = start;
    }
    /* the first max_results matches (the text up to the next one's comma) */
    size_t keep = max < 0 ? 0 : (long long)f->count < max ? f->count : (size_t)max;
    size_t len = keep < f->count ? f->at.items[keep] - 1 : f->text.len - 1;
    gf_buf part = GF_BUF_INIT;
    gf_buf_add(&part, f->text.ptr, len);
    gf_buf_addc(&part, ']');
    json_t *arr = json_loadb(part.ptr, part.len, 0, NULL);
    gf_buf_release(&part);
    if (!json_is_array(arr)) {
        json_decref(arr);
        return false;
    }
    *res = json_pack("{s:I, s:o}", "count", (json_int_t)f->count, "matches", arr);
    bound_counted(*res, "matches", args, f->count, f->per_file);
    return true;
}

/* Drops the tree's levels below depth. */
static void prune(json_t *node, int depth)
{
    json_t *kids = json_object_get(node, "children");
    if (!kids)
        return;
    if (depth <= 0) {
        json_object_del(node, "children");
        return;
    }
    size_t i;
    json_t *k;
    json_array_foreach(kids, i, k) prune(k, depth - 1);
}

static void bound_tree(json_t *res, const json_t *args)
{
    long long chars = arg_int(args, "max_chars", DEFAULT_MAX_CHARS);
    for (int depth = 16; depth >= 0 && (long long)json_chars(res) > chars; depth--) {
        prune(json_object_get(res, "tree"), depth);
        json_object_set_new(res, "truncated", json_true());
        json_object_set_new(res, "note",
                            json_sprintf("the tree is over max_chars (%lld): shown %d levels "
                                         "deep (directories below have no children); ask for a "
                                         "subdirectory or raise max_chars",
                                         chars, depth));
    }
}

static void bound_diff(json_t *res, const json_t *args)
{
    long long chars = arg_int(args, "max_chars", DEFAULT_MAX_CHARS);
    const char *d = json_string_value(json_object_get(res, "diff"));
    if (!d || (long long)json_string_length(json_object_get(res, "diff")) <= chars)
        return;
    size_t cut = (size_t)chars;
    while (cut > 0 && d[cut - 1] != '\n')
        cut--;
    json_object_set_new(res, "diff", json_stringn(d, cut));
    json_object_set_new(res, "diff_truncated", json_true());
    json_object_set_new(res, "note",
                        json_sprintf("the diff is %zu characters: the first %zu are shown "
                                     "(max_chars); the change itself is complete",
                                     json_string_length(json_object_get(res, "diff")) + 0, cut));
}

/* ---- handlers ---- */

/* The verbs' messages name their command-line options ("use --all");
 * a tool's caller knows them as arguments ("all"). */
static void cli_words(gf_buf *msg)
{
    if (!msg->len)
        return;
    gf_buf out = GF_BUF_INIT;
    const char *p = msg->ptr, *end = p + msg->len;
    while (p < end) {
        if (end - p > 3 && p[0] == '-' && p[1] == '-' && p[2] >= 'a' && p[2] <= 'z' &&
            (p == msg->ptr || p[-1] == ' ' || p[-1] == '(' || p[-1] == '\'')) {
            p += 2;
            while (p < end && ((*p >= 'a' && *p <= 'z') || *p == '-')) {
                gf_buf_addc(&out, *p == '-' ? '_' : *p);
                p++;
            }
            continue;
        }
        gf_buf_addc(&out, *p++);
    }
    gf_buf_clear(msg);
    gf_buf_add(msg, out.ptr, out.len);
    gf_buf_release(&out);
}

/* The arguments that name files or directories the tool reads or writes. */
static const char *const path_args[] = {"path",      "paths",     "rule",     "rules",
                                        "config",    "patch",     "old_file", "new_file",
                                        "text_file", "directory", "with",     NULL};

/* Every path a tool is given stays beneath the root, for reading as for
 * writing (the same rules as the editing verbs: no "..", no symbolic link
 * out, nothing inside .git). False, with msg, when one does not. */
static void outside(gf_buf *msg, const char *what, const char *why)
{
    const char *see = strstr(why, " (see --root)");
    if (see)
        gf_buf_printf(msg, "%s: %.*s (the server's --root)%s", what, (int)(see - why), why,
                      see + strlen(" (see --root)"));
    else
        gf_buf_printf(msg, "%s: %s", what, why);
}

static bool paths_inside(const json_t *args, const char *root, gf_buf *msg)
{
    for (const char *const *k = path_args; *k; k++) {
        const json_t *v = json_object_get(args, *k);
        size_t n = json_is_array(v) ? json_array_size(v) : v ? 1 : 0;
        for (size_t i = 0; i < n; i++) {
            const json_t *x = json_is_array(v) ? json_array_get(v, i) : v;
            if (!json_is_string(x))
                continue;
            char *abs = NULL, *rel = NULL;
            gf_error e = GF_ERROR_INIT;
            int rc = gf_root_resolve(root, json_string_value(x), &abs, &rel, &e);
            free(abs);
            free(rel);
            if (rc) {
                outside(msg, *k, e.message);
                return false;
            }
        }
    }
    /* code_splice's target is FILE::NAME_PATH */
    const char *target = json_string_value(json_object_get(args, "target"));
    const char *sep = target ? strstr(target, "::") : NULL;
    if (sep) {
        char file[PATH_MAX];
        snprintf(file, sizeof file, "%.*s", (int)(sep - target), target);
        char *abs = NULL, *rel = NULL;
        gf_error e = GF_ERROR_INIT;
        int rc = gf_root_resolve(root, file, &abs, &rel, &e);
        free(abs);
        free(rel);
        if (rc) {
            outside(msg, "target", e.message);
            return false;
        }
    }
    return true;
}

static void via_action(const gf_mcp_tool *t, const json_t *args, const gf_mcp_call *c, json_t **out,
                       bool *is_error, gf_buf *msg)
{
    if (!paths_inside(args, c->o->root, msg)) {
        *is_error = true;
        return;
    }
    const gf_action *a = gf_action_find(t->action, strlen(t->action));
    json_t *pass = json_deep_copy(args);
    bool dry = json_is_true(json_object_get(args, "dry_run"));
    json_object_del(pass, "dry_run");
    json_object_del(pass, "max_results");
    json_object_del(pass, "max_chars");
    gf_run_opts ro = {
        .exe = c->o->exe, .root = c->o->root, .budget = -1, .dry_run = dry, .cancel = c->cancel};
    json_t *res = NULL;
    /* code_find from the session's cache of files and trees; anything it
     * does not handle (errors included) goes to the CLI, which words it */
    gf_found found;
    if (c->cache && !strcmp(t->action, "code.find") &&
        gf_fcache_find(c->cache, pass, c->cancel, &found) == 0) {
        bool ok = found_result(&found, args, c->raw, &res);
        gf_found_release(&found);
        if (ok) {
            json_decref(pass);
            *out = res;
            return;
        }
    }
    gf_step_status st = gf_plan_exec(a, pass, &ro, &res, msg);
    json_decref(pass);
    if (st != GF_STEP_OK) {
        json_decref(res);
        *is_error = true;
        cli_words(msg);
        return;
    }
    if (!res)
        res = json_object();
    switch (t->out) {
    case OUT_LIST:
        bound_list(res, a->result_key, args);
        bound_diff(res, args);
        break;
    case OUT_TREE: bound_tree(res, args); break;
    case OUT_EDIT:
        if (!json_object_get(res, "note"))
            json_object_set_new(res, "note", json_null());
        bound_diff(res, args);
        break;
    default: break;
    }
    *out = res;
}

static void file_read(const gf_mcp_tool *t, const json_t *args, const gf_mcp_call *c, json_t **out,
                      bool *is_error, gf_buf *msg)
{
    (void)t;
    const char *path = json_string_value(json_object_get(args, "path"));
    char *abs = NULL, *rel = NULL;
    gf_error e = GF_ERROR_INIT;
    gf_buf data = GF_BUF_INIT, text = GF_BUF_INIT;
    if (gf_root_resolve(c->o->root, path, &abs, &rel, &e) != 0) {
        outside(msg, "path", e.message);
        *is_error = true;
        goto out;
    }
    if (gf_read_file(abs, 256 << 20, 0, &data, NULL, &e) != 0) {
        gf_buf_adds(msg, e.message);
        *is_error = true;
        goto out;
    }
    if (gf_is_binary(data.ptr ? data.ptr : "", data.len)) {
        gf_buf_printf(msg, "'%s' is a binary file", path);
        *is_error = true;
        goto out;
    }
    long long first = arg_int(args, "start_line", 1), last = arg_int(args, "end_line", LLONG_MAX);
    long long chars = arg_int(args, "max_chars", DEFAULT_MAX_CHARS);
    const char *s = data.ptr ? data.ptr : "", *end = s + data.len;
    long long total = 0;
    for (const char *p = s; p < end; p++)
        total += *p == '\n';
    if (data.len && end[-1] != '\n')
        total++;
    if (first > total && !(total == 0 && first == 1)) {
        gf_buf_printf(msg, "'%s' has %lld line%s; start_line %lld is past its end", path, total,
                      total == 1 ? "" : "s", first);
        *is_error = true;
        goto out;
    }
    if (last < first) {
        gf_buf_printf(msg, "end_line %lld comes before start_line %lld", last, first);
        *is_error = true;
        goto out;
    }
    long long line = 1, shown_last = first - 1;
    bool truncated = false;
    for (const char *p = s; p < end && line <= last; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (line >= first) {
            size_t before = text.len;
            gf_buf_printf(&text, "%6lld\t", line);
            gf_buf_add(&text, p, n);
            gf_buf_addc(&text, '\n');
            if ((long long)text.len > chars && line > first) {
                gf_buf_setlen(&text, before);
                truncated = true;
                break;
            }
            shown_last = line;
        }
        p += n + 1;
    }
    json_t *txt = json_stringn(text.ptr ? text.ptr : "", text.len);
    if (!txt) {
        gf_buf_printf(msg, "'%s' is not valid UTF-8 text", path);
        *is_error = true;
        goto out;
    }
    *out = json_pack("{s:s, s:I, s:I, s:I, s:o, s:b}", "path", rel, "start_line", (json_int_t)first,
                     "end_line", (json_int_t)shown_last, "total_lines", (json_int_t)total, "text",
                     txt, "truncated", truncated);
    if (truncated)
        json_object_set_new(*out, "note",
                            json_sprintf("stopped at line %lld (max_chars %lld); continue with "
                                         "start_line %lld",
                                         shown_last, chars, shown_last + 1));
out:
    free(abs);
    free(rel);
    gf_buf_release(&data);
    gf_buf_release(&text);
}

static void plan_progress(void *ctx, const gf_run_event *ev)
{
    const gf_mcp_call *c = ctx;
    if (!c->progress || strcmp(ev->what, "started") != 0)
        return;
    char m[256];
    snprintf(m, sizeof m, "step %zu: %s", ev->index + 1, ev->step->name);
    c->progress(c->progress_ctx, (double)ev->index, 0, m);
}

static void plan_run(const gf_mcp_tool *t, const json_t *args, const gf_mcp_call *c, json_t **out,
                     bool *is_error, gf_buf *msg)
{
    (void)t;
    const char *file = json_string_value(json_object_get(args, "plan"));
    const char *text = json_string_value(json_object_get(args, "plan_text"));
    if (!file == !text) {
        gf_buf_adds(msg, "plan_run needs exactly one of 'plan' (a file) or 'plan_text'");
        *is_error = true;
        return;
    }
    json_t *plan_path = json_pack("{s:s}", "path", file ? file : ".");
    bool inside = paths_inside(plan_path, c->o->root, msg);
    json_decref(plan_path);
    if (!inside) {
        *is_error = true;
        return;
    }
    gf_buf data = GF_BUF_INIT;
    gf_error e = GF_ERROR_INIT;
    GF_VEC(char *) vars = GF_VEC_INIT;
    gf_plan plan = {0};
    bool loaded = false;
    if (file && gf_read_file(file, 16 << 20, 0, &data, NULL, &e) != 0) {
        gf_buf_adds(msg, e.message);
        *is_error = true;
        goto out;
    }
    if (text)
        gf_buf_adds(&data, text);
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(args, "vars"), k, v)
    {
        gf_buf kv = GF_BUF_INIT;
        gf_buf_printf(&kv, "%s=%s", k, json_string_value(v));
        gf_vec_push(&vars, gf_buf_detach(&kv, NULL));
    }
    loaded = true;
    if (gf_plan_load(file ? file : "plan_text", data.ptr ? data.ptr : "", data.len, vars.items,
                     vars.len, &plan, &e) != 0) {
        gf_buf_adds(msg, e.message);
        *is_error = true;
        goto out;
    }
    gf_run_opts ro = {.exe = c->o->exe,
                      .root = c->o->root,
                      .run_id = json_string_value(json_object_get(args, "run_id")),
                      .budget = arg_int(args, "budget", -1),
                      .dry_run = json_is_true(json_object_get(args, "dry_run")),
                      .continue_on_error = json_is_true(json_object_get(args, "continue_on_error")),
                      .progress = plan_progress,
                      .progress_ctx = (void *)c,
                      .cancel = c->cancel};
    gf_run_summary sum;
    if (gf_plan_run(&plan, &ro, &sum, &e) != 0) {
        gf_buf_adds(msg, e.message);
        *is_error = true;
        gf_run_summary_release(&sum);
        goto out;
    }
    *out = json_incref(sum.results);
    if (sum.exit_code != 0) {
        *is_error = true;
        gf_buf_printf(msg, "the run %s (exit %d); results.json is in %s",
                      json_string_value(json_object_get(sum.results, "status")), sum.exit_code,
                      sum.artifacts);
    }
    gf_run_summary_release(&sum);
out:
    if (loaded)
        gf_plan_release(&plan);
    for (size_t i = 0; i < vars.len; i++)
        gf_free(vars.items[i]);
    gf_vec_release(&vars);
    gf_buf_release(&data);
}

void gf_mcp_tool_call(const gf_mcp_tool *t, const json_t *args, const gf_mcp_call *c,
                      json_t **structured, bool *is_error, gf_buf *message)
{
    *structured = NULL;
    *is_error = false;
    if (!check_args(t, args, message)) {
        *is_error = true;
        return;
    }
    if (t->fn)
        t->fn(t, args, c, structured, is_error, message);
    else
        via_action(t, args, c, structured, is_error, message);
}
