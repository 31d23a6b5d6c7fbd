/* fuzz_ignore: ignore-file parsing, list matching and wildmatch on arbitrary input. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "walk/ignore.h"

/*
 * Input: ignore-file text, a NUL, then paths separated by '\n'. The
 * work per input is capped so that large inputs stay fast: matching is
 * linear in the pattern list, and wildmatch runs on the first lines only.
 */
#define MAX_PATHS 64
#define MAX_WM_LINES 16
#define MAX_WM_PATHS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * git's match_basename / match_pathname on top of gf_wildmatch alone, for a
 * line with no comment, trailing space or '!' to strip: the oracle for the
 * list's literal, suffix, prefix and tail shortcuts. path is a C string.
 */
static bool reference_match(const char *line, const char *path, bool is_dir)
{
    size_t len = strlen(line);
    bool dir_only = len && line[len - 1] == '/';
    char *pat = gf_strndup(line, len - dir_only);
    bool hit = false;
    if (dir_only && !is_dir) {
        hit = false;
    } else if (!strchr(pat, '/')) {
        const char *slash = strrchr(path, '/');
        hit = pat[0] && gf_wildmatch(pat, slash ? slash + 1 : path, GF_WM_PATHNAME);
    } else {
        const char *p = pat[0] == '/' ? pat + 1 : pat;
        size_t lit = strcspn(p, "*?[\\");
        hit =
            p[0] && strncmp(p, path, lit) == 0 && gf_wildmatch(p + lit, path + lit, GF_WM_PATHNAME);
    }
    gf_free(pat);
    return hit;
}

/* Next line of [*s, end) (without its '\n'); false when none is left. */
static bool next_line(const char **s, const char *end, const char **line, size_t *len)
{
    if (*s >= end)
        return false;
    const char *nl = memchr(*s, '\n', (size_t)(end - *s));
    const char *e = nl ? nl : end;
    *line = *s;
    *len = (size_t)(e - *s);
    *s = e + 1;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data, *end = in + size;
    const char *nul = memchr(in, '\0', size);
    const char *text_end = nul ? nul : end;
    const char *paths = nul ? nul + 1 : end;

    gf_ignore *top = gf_ignore_new("");
    gf_ignore *sub = gf_ignore_new("a/b");
    gf_ignore_add_text(top, in, (size_t)(text_end - in));
    gf_ignore_add_text(sub, in, (size_t)(text_end - in));
    if (gf_ignore_count(top) != gf_ignore_count(sub) ||
        gf_ignore_has_positive(top) != gf_ignore_has_positive(sub))
        abort();

    const char *s = paths, *p;
    size_t n, npaths = 0;
    while (npaths < MAX_PATHS && next_line(&s, end, &p, &n)) {
        npaths++;
        /* "a/b/" + path seen from base "a/b" is path seen from the top */
        char *scoped = gf_malloc(n + 4);
        memcpy(scoped, "a/b/", 4);
        memcpy(scoped + 4, p, n);
        for (int dir = 0; dir < 2; dir++) {
            gf_ignore_verdict v = gf_ignore_match(top, p, n, dir);
            if (gf_ignore_match(sub, scoped, n + 4, dir) != v)
                abort();
            if (v != GF_IGNORE_NONE && gf_ignore_count(top) == 0)
                abort();
        }
        gf_free(scoped);
    }

    /* each of the first lines as a raw wildmatch pattern against each path */
    const char *ls = in, *line;
    size_t linelen;
    for (int i = 0; i < MAX_WM_LINES && next_line(&ls, text_end, &line, &linelen); i++) {
        char *pat = gf_strndup(line, linelen);
        const char *ps = paths;
        for (int j = 0; j < MAX_WM_PATHS && next_line(&ps, end, &p, &n); j++) {
            char *t = gf_strndup(p, n); /* a C string: ends at the first NUL */
            bool plain = gf_wildmatch(pat, t, 0), path = gf_wildmatch(pat, t, GF_WM_PATHNAME);
            (void)gf_wildmatch(pat, t, GF_WM_CASEFOLD);
            (void)gf_wildmatch(pat, t, GF_WM_PATHNAME | GF_WM_CASEFOLD);
            /* PATHNAME only matters where there is a '/' */
            if (!strchr(t, '/') && !strchr(pat, '/') && plain != path)
                abort();
            bool simple = linelen && pat[0] != '#' && pat[0] != '!' && pat[linelen - 1] != ' ' &&
                          pat[linelen - 1] != '\\';
            if (simple && t[0] && strlen(t) == n) {
                gf_ignore *one = gf_ignore_new("");
                gf_ignore_add_line(one, pat, linelen);
                for (int dir = 0; dir < 2; dir++)
                    if ((gf_ignore_match(one, t, n, dir) != GF_IGNORE_NONE) !=
                        reference_match(pat, t, dir))
                        abort();
                gf_ignore_free(one);
            }
            gf_free(t);
        }
        gf_free(pat);
    }

    gf_ignore_free(top);
    gf_ignore_free(sub);
    return 0;
}
