/* lang: the static language registry, detection, and project languageGlobs. */
#include "graft/lang.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <yaml.h>

#include "grammars.h"
#include "syntax/config.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/vec.h"
#include "walk/ignore.h"

const TSLanguage *tree_sitter_bash(void);
const TSLanguage *tree_sitter_c(void);
const TSLanguage *tree_sitter_cpp(void);
const TSLanguage *tree_sitter_go(void);
const TSLanguage *tree_sitter_java(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_json(void);
const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_rust(void);
const TSLanguage *tree_sitter_toml(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_yaml(void);

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE ((const char *const[]){NULL})
#define PKG(up) GRAFT_GRAMMAR_PKG_##up, GRAFT_GRAMMAR_VER_##up

/* Alphabetical by name; gf_lang_at exposes this order. */
static const gf_lang registry[] = {
    {"bash", L("sh", "shell"), L("sh", "bash", "bats", "ksh", "zsh"),
     L(".bashrc", ".bash_profile", ".bash_aliases", ".profile", ".zshrc", "PKGBUILD"),
     L("sh", "bash", "dash", "ksh", "zsh", "ash"), PKG(BASH), tree_sitter_bash},
    {"c", NONE, L("c", "h"), NONE, L("tcc"), PKG(C), tree_sitter_c},
    {"cpp", L("c++", "cxx", "cc"),
     L("cpp", "cc", "cxx", "c++", "hpp", "hh", "hxx", "h++", "ipp", "inl", "tpp", "cu", "ino"),
     NONE, NONE, PKG(CPP), tree_sitter_cpp},
    {"go", L("golang"), L("go"), NONE, NONE, PKG(GO), tree_sitter_go},
    {"java", NONE, L("java"), NONE, NONE, PKG(JAVA), tree_sitter_java},
    {"javascript", L("js", "jsx", "node"), L("js", "mjs", "cjs", "jsx"), NONE,
     L("node", "nodejs", "deno", "bun"), PKG(JAVASCRIPT), tree_sitter_javascript},
    {"json", L("jsonc"), L("json", "jsonc", "json5", "geojson", "webmanifest"),
     L(".babelrc", ".eslintrc", ".prettierrc", "composer.lock", "flake.lock"), NONE, PKG(JSON),
     tree_sitter_json},
    {"python", L("py", "python3"), L("py", "pyi", "pyw", "py3"), NONE,
     L("python", "python2", "python3", "pypy", "pypy3", "uv"), PKG(PYTHON), tree_sitter_python},
    {"rust", L("rs"), L("rs"), NONE, L("rust-script"), PKG(RUST), tree_sitter_rust},
    {"toml", NONE, L("toml"), L("Cargo.lock", "Pipfile", "poetry.lock", "uv.lock"), NONE, PKG(TOML),
     tree_sitter_toml},
    {"tsx", NONE, L("tsx"), NONE, NONE, PKG(TSX), tree_sitter_tsx},
    {"typescript", L("ts"), L("ts", "mts", "cts"), NONE, L("ts-node", "tsx"), PKG(TYPESCRIPT),
     tree_sitter_typescript},
    {"yaml", L("yml"), L("yaml", "yml"), L(".clang-format", ".clang-tidy"), NONE, PKG(YAML),
     tree_sitter_yaml},
};
#define NLANG (sizeof registry / sizeof registry[0])

size_t gf_lang_count(void)
{
    return NLANG;
}

const gf_lang *gf_lang_at(size_t i)
{
    return i < NLANG ? &registry[i] : NULL;
}

static bool in_list(const char *const *list, const char *s, size_t n, bool fold)
{
    for (; *list; list++) {
        if (strlen(*list) != n)
            continue;
        if (fold ? strncasecmp(*list, s, n) == 0 : memcmp(*list, s, n) == 0)
            return true;
    }
    return false;
}

const gf_lang *gf_lang_find(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < NLANG; i++) {
        if (strcasecmp(registry[i].name, name) == 0 || in_list(registry[i].aliases, name, n, true))
            return &registry[i];
    }
    return NULL;
}

const char *gf_lang_names(void)
{
    /* Built at compile time would need a macro list; the registry is small,
     * so a static string kept in sync by the unit test is simpler. */
    return "bash, c, cpp, go, java, javascript, json, python, rust, toml, tsx, typescript, yaml";
}

/* ---- detection ---- */

/* Globs with a '/' match paths relative to base, the config file's
 * directory; paths given relative are taken relative to cwd, both captured
 * (absolute, resolved) when the map is loaded. */
struct gf_langmap {
    GF_VEC(struct langglob {
        const gf_lang *lang;
        char *glob;
        bool has_slash;
    })
    globs;
    bool any_slash;
    char *base, *cwd;
};

gf_langmap *gf_langmap_new(void)
{
    return gf_calloc(1, sizeof(gf_langmap));
}

void gf_langmap_delete(gf_langmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->globs.len; i++)
        gf_free(m->globs.items[i].glob);
    gf_vec_release(&m->globs);
    free(m->base);
    free(m->cwd);
    gf_free(m);
}

int gf_langmap_add(gf_langmap *m, const gf_lang *lang, const char *glob)
{
    if (!lang || !glob || !*glob)
        return GF_EINVAL;
    struct langglob *g = gf_vec_push_slot(&m->globs);
    g->lang = lang;
    /* "./x" and "/x" both mean relative to the project root. */
    while (glob[0] == '.' && glob[1] == '/')
        glob += 2;
    while (glob[0] == '/')
        glob++;
    g->glob = gf_strdup(glob);
    g->has_slash = strchr(g->glob, '/') != NULL;
    m->any_slash |= g->has_slash;
    return 0;
}

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Interpreter named by a "#!" first line, as [start, start+len); 0 if none. */
static size_t shebang_interp(const char *head, size_t n, const char **start)
{
    if (n < 2 || head[0] != '#' || head[1] != '!')
        return 0;
    const char *p = head + 2, *end = memchr(head, '\n', n);
    if (!end)
        end = head + n;
    bool after_env = false;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *w = p;
        while (p < end && *p != ' ' && *p != '\t' && *p != '\r')
            p++;
        if (w == p)
            return 0;
        const char *base = w;
        for (const char *q = w; q < p; q++)
            if (*q == '/')
                base = q + 1;
        size_t blen = (size_t)(p - base);
        if (!after_env && blen == 3 && memcmp(base, "env", 3) == 0) {
            after_env = true;
            continue;
        }
        /* env options (-S, -i, -u NAME) and VAR=value assignments. */
        if (after_env && (w[0] == '-' || memchr(w, '=', (size_t)(p - w)))) {
            if ((size_t)(p - w) == 2 && w[1] == 'u') {
                while (p < end && (*p == ' ' || *p == '\t'))
                    p++;
                while (p < end && *p != ' ' && *p != '\t')
                    p++;
            }
            continue;
        }
        *start = base;
        return blen;
    }
}

static const gf_lang *by_interpreter(const char *name, size_t n)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < NLANG; i++)
            if (in_list(registry[i].interpreters, name, n, false))
                return &registry[i];
        /* python3.11 -> python3 -> python: strip a trailing version. */
        while (n && (isdigit((unsigned char)name[n - 1]) || name[n - 1] == '.'))
            n--;
        if (!n)
            break;
    }
    return NULL;
}

/* Appends to out the components of path, resolving "." and ".." lexically. */
static void add_normalized(gf_buf *out, const char *path)
{
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        if (n == 0)
            break;
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            char *slash = strrchr(out->ptr, '/');
            gf_buf_setlen(out, slash ? (size_t)(slash - out->ptr) : 0);
        } else if (!(n == 1 && p[0] == '.')) {
            gf_buf_addc(out, '/');
            gf_buf_add(out, p, n);
        }
        p += n;
    }
}

/* path relative to the config's directory, or false when outside it. */
static bool project_relative(const gf_langmap *m, const char *path, gf_buf *rel)
{
    if (!m->base)
        return false;
    gf_buf abs = GF_BUF_INIT;
    if (path[0] != '/')
        add_normalized(&abs, m->cwd ? m->cwd : ".");
    add_normalized(&abs, path);
    size_t bl = strlen(m->base);
    bool ok = false;
    if (bl == 1 && m->base[0] == '/') {
        gf_buf_adds(rel, abs.ptr + 1);
        ok = true;
    } else if (abs.len > bl && strncmp(abs.ptr, m->base, bl) == 0 && abs.ptr[bl] == '/') {
        gf_buf_adds(rel, abs.ptr + bl + 1);
        ok = true;
    }
    gf_buf_release(&abs);
    return ok;
}

const gf_lang *gf_lang_detect(const gf_langmap *map, const char *path, const char *head,
                              size_t head_len)
{
    const char *base = basename_of(path);
    if (map && map->globs.len) {
        gf_buf rel = GF_BUF_INIT;
        bool have_rel = map->any_slash && project_relative(map, path, &rel);
        const gf_lang *found = NULL;
        for (size_t i = 0; i < map->globs.len && !found; i++) {
            const struct langglob *g = &map->globs.items[i];
            if (g->has_slash ? have_rel && gf_wildmatch(g->glob, rel.ptr, GF_WM_PATHNAME)
                             : gf_wildmatch(g->glob, base, 0))
                found = g->lang;
        }
        gf_buf_release(&rel);
        if (found)
            return found;
    }
    size_t blen = strlen(base);
    for (size_t i = 0; i < NLANG; i++)
        if (in_list(registry[i].filenames, base, blen, false))
            return &registry[i];
    const char *dot = strrchr(base, '.');
    if (dot && dot != base && dot[1]) {
        size_t elen = strlen(dot + 1);
        for (int fold = 0; fold < 2; fold++)
            for (size_t i = 0; i < NLANG; i++)
                if (in_list(registry[i].extensions, dot + 1, elen, fold))
                    return &registry[i];
    }
    if (head) {
        const char *interp;
        size_t n = shebang_interp(head, head_len, &interp);
        if (n)
            return by_interpreter(interp, n);
    }
    return NULL;
}

/* ---- project config (languageGlobs) ---- */

static int yaml_error_at(gf_error *err, const char *path, const yaml_mark_t *m, int code,
                         const char *what)
{
    /* Compiler style, as editors expect: path:line:col: message. */
    gf_error_set(err, code, "%s:%zu:%zu: %s", path, m->line + 1, m->column + 1, what);
    if (err) {
        snprintf(err->path, sizeof err->path, "%s", path);
        err->line = (uint32_t)m->line + 1;
        err->column = (uint32_t)m->column + 1;
        err->offset = m->index;
    }
    return code;
}

int gf_langmap_parse(gf_langmap *m, const char *path, const char *text, size_t len, gf_error *err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int rc = 0;
    if (!yaml_parser_load(&parser, &doc)) {
        char what[256];
        snprintf(what, sizeof what, "invalid YAML: %s", parser.problem ? parser.problem : "error");
        rc = yaml_error_at(err, path, &parser.problem_mark, GF_ESYNTAX, what);
        yaml_parser_delete(&parser);
        return rc;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *kv = root->data.mapping.pairs.start;
             rc == 0 && kv < root->data.mapping.pairs.top; kv++) {
            yaml_node_t *k = yaml_document_get_node(&doc, kv->key);
            yaml_node_t *v = yaml_document_get_node(&doc, kv->value);
            if (!k || !v || k->type != YAML_SCALAR_NODE ||
                strcmp((const char *)k->data.scalar.value, "languageGlobs") != 0)
                continue;
            if (v->type != YAML_MAPPING_NODE) {
                rc = yaml_error_at(err, path, &v->start_mark, GF_ESYNTAX,
                                   "languageGlobs must be a mapping of language to globs");
                break;
            }
            for (yaml_node_pair_t *lg = v->data.mapping.pairs.start;
                 rc == 0 && lg < v->data.mapping.pairs.top; lg++) {
                yaml_node_t *ln = yaml_document_get_node(&doc, lg->key);
                yaml_node_t *gl = yaml_document_get_node(&doc, lg->value);
                if (!ln || !gl)
                    continue;
                const gf_lang *lang = ln && ln->type == YAML_SCALAR_NODE
                                          ? gf_lang_find((const char *)ln->data.scalar.value)
                                          : NULL;
                if (!lang) {
                    char what[512];
                    snprintf(
                        what, sizeof what, "unknown language '%s' in languageGlobs (known: %s)",
                        ln && ln->type == YAML_SCALAR_NODE ? (const char *)ln->data.scalar.value
                                                           : "?",
                        gf_lang_names());
                    rc = yaml_error_at(err, path, &ln->start_mark, GF_ENOLANG, what);
                    break;
                }
                if (gl->type == YAML_SCALAR_NODE) {
                    gf_langmap_add(m, lang, (const char *)gl->data.scalar.value);
                } else if (gl->type == YAML_SEQUENCE_NODE) {
                    for (yaml_node_item_t *it = gl->data.sequence.items.start;
                         it < gl->data.sequence.items.top; it++) {
                        yaml_node_t *g = yaml_document_get_node(&doc, *it);
                        if (!g || g->type != YAML_SCALAR_NODE || !g->data.scalar.length) {
                            rc = yaml_error_at(err, path, &gl->start_mark, GF_ESYNTAX,
                                               "languageGlobs entries must be non-empty strings");
                            break;
                        }
                        gf_langmap_add(m, lang, (const char *)g->data.scalar.value);
                    }
                } else {
                    rc = yaml_error_at(err, path, &gl->start_mark, GF_ESYNTAX,
                                       "languageGlobs entries must be a glob or a list of globs");
                }
            }
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

static int load_langglobs(const char *path, gf_langmap *m, gf_error *err)
{
    gf_buf text = GF_BUF_INIT;
    int rc = gf_read_file(path, 4 << 20, 0, &text, NULL, err);
    if (rc == 0)
        rc = gf_langmap_parse(m, path, text.ptr, text.len, err);
    gf_buf_release(&text);
    return rc;
}

char *gf_config_find(const char *dir)
{
    /* Search dir and its parents for graft.yml, then sgconfig.yml. The
     * path is kept relative ("graft.yml", "../graft.yml") for messages;
     * the resolved directory tells when the root is reached. */
    char *abs = realpath(dir ? dir : ".", NULL);
    if (!abs)
        return NULL;
    gf_buf up = GF_BUF_INIT, path = GF_BUF_INIT;
    if (dir && strcmp(dir, ".") != 0)
        gf_buf_printf(&up, "%s/", dir);
    bool found = false;
    for (size_t depth = 0;; depth++) {
        static const char *const names[] = {"graft.yml", "sgconfig.yml"};
        for (size_t i = 0; i < 2 && !found; i++) {
            struct stat st;
            gf_buf_clear(&path);
            gf_buf_printf(&path, "%s%s", up.ptr, names[i]);
            found = stat(path.ptr, &st) == 0 && S_ISREG(st.st_mode);
        }
        if (found || strcmp(abs, "/") == 0 || depth > 256)
            break;
        char *slash = strrchr(abs, '/');
        slash[slash == abs ? 1 : 0] = '\0';
        gf_buf_adds(&up, "../");
    }
    free(abs); /* realpath allocates with malloc */
    gf_buf_release(&up);
    if (!found) {
        gf_buf_release(&path);
        return NULL;
    }
    return gf_buf_detach(&path, NULL);
}

int gf_langmap_load(const char *dir, const char *explicit_path, gf_langmap **out, gf_error *err)
{
    *out = NULL;
    gf_buf path = GF_BUF_INIT;
    if (explicit_path) {
        gf_buf_adds(&path, explicit_path);
    } else {
        char *found = gf_config_find(dir);
        if (!found)
            return 0;
        gf_buf_adds(&path, found);
        gf_free(found);
    }
    gf_langmap *m = gf_langmap_new();
    int rc = load_langglobs(path.ptr, m, err);
    if (rc == 0) {
        /* Capture where '/' globs are anchored, and what relative paths are
         * relative to. */
        char *slash = strrchr(path.ptr, '/');
        if (slash)
            *slash = '\0';
        m->base = realpath(slash ? (path.ptr[0] ? path.ptr : "/") : ".", NULL);
        m->cwd = realpath(".", NULL);
    }
    gf_buf_release(&path);
    if (rc) {
        gf_langmap_delete(m);
        return rc;
    }
    *out = m;
    return 0;
}

size_t gf_lang_index(const gf_lang *l)
{
    for (size_t i = 0; i < NLANG; i++)
        if (l == &registry[i])
            return i;
    return SIZE_MAX;
}
