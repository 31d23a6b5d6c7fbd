/* graft/lang.h: the language registry and detection. */
#ifndef GRAFT_LANG_H
#define GRAFT_LANG_H

#include "graft/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TSLanguage TSLanguage;

/* A registry entry. Entries are static and immutable: share them freely
 * between threads. String lists are NULL-terminated. */
typedef struct gf_lang {
    const char *name;                /* canonical lowercase name ("python") */
    const char *const *aliases;      /* other accepted names ("py") */
    const char *const *extensions;   /* without dot ("py", "pyi") */
    const char *const *filenames;    /* exact basenames ("SConstruct") */
    const char *const *interpreters; /* shebang interpreters ("python3") */
    const char *package;             /* npm grammar package */
    const char *version;             /* its version */
    const TSLanguage *(*ts)(void);   /* tree-sitter language */
} gf_lang;

GRAFT_API size_t gf_lang_count(void);
/* i < gf_lang_count(); registry order is alphabetical by name. */
GRAFT_API const gf_lang *gf_lang_at(size_t i);
/* Position of a registry entry (as gf_lang_at), SIZE_MAX for anything else;
 * lets callers keep per-language state in arrays of gf_lang_count(). */
GRAFT_API size_t gf_lang_index(const gf_lang *l);
/* By name or alias, ASCII case-insensitive; NULL when unknown. */
GRAFT_API const gf_lang *gf_lang_find(const char *name);
/* Comma-separated list of every name, for error messages; static storage. */
GRAFT_API const char *gf_lang_names(void);

/*
 * Project language overrides (graft.yml `languageGlobs`, or ast-grep's
 * sgconfig.yml): glob -> language, consulted before extensions. A glob
 * without '/' matches the basename; with '/', the path relative to the
 * config file's directory. Immutable once loaded; shareable.
 */
typedef struct gf_langmap gf_langmap;

GRAFT_API gf_langmap *gf_langmap_new(void);
GRAFT_API void gf_langmap_delete(gf_langmap *m);
/* Adds one glob for lang; 0 or GF_EINVAL. */
GRAFT_API int gf_langmap_add(gf_langmap *m, const gf_lang *lang, const char *glob);
/*
 * Finds the project config for a directory: the first graft.yml, else
 * sgconfig.yml, in dir or its parents, and loads its languageGlobs into a
 * new map (*out; NULL when there is no config file). explicit_path, when
 * non-NULL, is loaded instead of searching. Errors (unreadable or invalid
 * YAML, unknown language) are GF_ESYNTAX/GF_ENOLANG with file:line:column.
 */
GRAFT_API int gf_langmap_load(const char *dir, const char *explicit_path, gf_langmap **out,
                              gf_error *err);

/* Adds the languageGlobs of a config file's text (YAML); path names it in
 * errors. Same errors as gf_langmap_load. */
GRAFT_API int gf_langmap_parse(gf_langmap *m, const char *path, const char *text, size_t len,
                               gf_error *err);

/*
 * Detects a file's language: project globs, then exact filename, then
 * extension, then (when head is non-NULL) a shebang line in the first bytes.
 * path may be relative; map may be NULL. NULL when nothing matches.
 */
GRAFT_API const gf_lang *gf_lang_detect(const gf_langmap *map, const char *path, const char *head,
                                        size_t head_len);

#ifdef __cplusplus
}
#endif

#endif
