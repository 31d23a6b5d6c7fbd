/* ignore: gitignore pattern lists and git's wildmatch, written from git's documented behaviour. */
#include "walk/ignore.h"

#include <stdint.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/vec.h"

/* Larger ignore files are refused rather than read. */
#define IG_MAX_FILE ((size_t)16 << 20)

enum {
    IG_NEGATIVE = 1u << 0,  /* "!pattern": a match re-includes */
    IG_MUSTBEDIR = 1u << 1, /* "pattern/": matches directories only */
    IG_BASENAME = 1u << 2,  /* no '/' in the pattern: matched against the last component */
    IG_LITERAL = 1u << 3,   /* no wildcard character: plain byte comparison */
    IG_SUFFIX = 1u << 4,    /* basename pattern "*literal": compare the tail */
};

/*
 * One compiled line. text has the '!', the trailing '/' and (for anchored
 * patterns) the leading '/' removed; text[0 .. prefix) holds no wildcard
 * character, and prefix == len exactly when IG_LITERAL is set. The last
 * tail bytes are plain characters after the last wildcard, bracket or '/':
 * a matching path ends with them, which rejects most paths before wildmatch.
 */
typedef struct ig_pattern {
    char *text; /* owned, NUL-terminated */
    size_t len;
    size_t prefix;
    size_t tail;
    unsigned flags;
    size_t runs; /* '*' runs in text: an upper bound that sizes the wildmatch memo */
} ig_pattern;

struct gf_ignore {
    char *base; /* owned; "" for the top */
    size_t baselen;
    GF_VEC(ig_pattern) pats;
    bool positive;
};

/* ---- wildmatch ---------------------------------------------------------- */

/*
 * Results of one matching step, with git's meaning. The two aborts prune the
 * backtracking: ABORT_ALL says no later start of any enclosing '*' can match
 * (the text ran out), ABORT_TO_STARSTAR says no enclosing single '*' can (it
 * would have to cross a '/'), so only a '**' keeps trying.
 */
enum { WM_MATCH = 0, WM_NOMATCH = 1, WM_ABORT_ALL = 2, WM_ABORT_TO_STARSTAR = 3 };

/* Memo words kept on the stack (2 KiB); larger memos use the heap. */
#define WM_MEMO_WORDS 256
/* With two '*' runs at most the search is quadratic: no memo. */
#define WM_MEMO_MIN_RUNS 3
/* Beyond this size the memo is skipped and the search is git's plain one. */
#define WM_MEMO_MAX_BYTES ((size_t)4 << 20)

/*
 * State of one wildmatch call, on the caller's stack.
 *
 * git's search is exponential for some patterns (nested "**" components, or
 * many '*' without PATHNAME) despite its aborts. Every step of the search is
 * a pure function of where it starts, so its result can be remembered
 * without changing any outcome. The memo holds 2 bits (0: not computed, else
 * the non-match result) per (row, text offset); for the k-th '*' run, row
 * 3k is the rest of the pattern after the run, row 3k+1 the rest after a
 * "**" plus '/' that matched no directory, row 3k+2 the loop that tries the
 * run's end at each text offset from the given one on. A match is never
 * stored: it ends the whole search. Each entry is computed once, so a search
 * costs about pattern length x text length.
 */
typedef struct wm_ctx {
    const unsigned char *pat; /* start of the pattern: "**" here counts as after a '/' */
    const unsigned char *text;
    const unsigned char *end; /* end of the text */
    unsigned flags;
    uint64_t *memo; /* NULL when off */
    size_t rows;
    size_t stride; /* text length + 1 */
} wm_ctx;

static int memo_get(const wm_ctx *c, size_t row, const unsigned char *t)
{
    if (!c->memo || row >= c->rows)
        return WM_MATCH;
    size_t i = row * c->stride + (size_t)(t - c->text);
    return (int)(c->memo[i / 32] >> (i % 32 * 2) & 3);
}

static void memo_put(const wm_ctx *c, size_t row, const unsigned char *t, int r)
{
    if (!c->memo || row >= c->rows || r == WM_MATCH)
        return;
    size_t i = row * c->stride + (size_t)(t - c->text);
    c->memo[i / 32] |= (uint64_t)r << (i % 32 * 2);
}

/* ASCII tests, as git's own ctype: no locale, nothing above 0x7f. */
#define IS_UPPER(c) ((c) >= 'A' && (c) <= 'Z')
#define IS_LOWER(c) ((c) >= 'a' && (c) <= 'z')
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define IS_ALNUM(c) (IS_UPPER(c) || IS_LOWER(c) || IS_DIGIT(c))
#define IS_GRAPH(c) ((c) > 0x20 && (c) < 0x7f)

static unsigned char fold(unsigned char c)
{
    return IS_UPPER(c) ? (unsigned char)(c + 32) : c;
}

static bool glob_special(unsigned char c)
{
    return c == '*' || c == '?' || c == '[' || c == '\\';
}

/* 1 when c is in the class name[0 .. n), 0 when not, -1 for an unknown class. */
static int wm_class(const unsigned char *name, size_t n, unsigned c, unsigned flags)
{
    static const char *const names[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                        "lower", "print", "punct", "space", "upper", "xdigit"};
    size_t k = 0;
    while (k < sizeof names / sizeof names[0] &&
           (strlen(names[k]) != n || memcmp(names[k], name, n) != 0))
        k++;
    switch (k) {
    case 0: return IS_ALNUM(c);
    case 1: return IS_UPPER(c) || IS_LOWER(c);
    case 2: return c == ' ' || c == '\t';
    case 3: return c < 0x20 || c == 0x7f;
    case 4: return IS_DIGIT(c);
    case 5: return IS_GRAPH(c);
    case 6: return IS_LOWER(c);
    case 7: return IS_GRAPH(c) || c == ' ';
    case 8: return IS_GRAPH(c) && !IS_ALNUM(c);
    /* git's isspace: no '\v' or '\f' */
    case 9: return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    /* the text is already lowered under CASEFOLD: [:upper:] takes lower case */
    case 10: return IS_UPPER(c) || ((flags & GF_WM_CASEFOLD) && IS_LOWER(c));
    case 11: return IS_DIGIT(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    default: return -1;
    }
}

/*
 * Matches tc against the bracket expression whose '[' is at *pp and leaves
 * *pp on its closing ']'. '!' or '^' negates; a ']' first is a member; a
 * backslash escapes; "a-z" ranges; "[:name:]" classes. A malformed
 * expression (unterminated, unknown class) makes the whole pattern fail.
 * Under CASEFOLD tc is lowered but members are not (git does the same).
 */
static int wm_bracket(const unsigned char **pp, unsigned char tc, unsigned flags)
{
    const unsigned char *p = *pp;
    unsigned char pc = *++p, prev = 0;
    bool matched = false;
    if (pc == '^')
        pc = '!';
    bool negated = pc == '!';
    if (negated)
        pc = *++p;
    do {
        if (!pc)
            return WM_ABORT_ALL;
        if (pc == '\\') {
            pc = *++p;
            if (!pc)
                return WM_ABORT_ALL;
            if (tc == pc)
                matched = true;
        } else if (pc == '-' && prev && p[1] && p[1] != ']') {
            pc = *++p;
            if (pc == '\\') {
                pc = *++p;
                if (!pc)
                    return WM_ABORT_ALL;
            }
            if (tc >= prev && tc <= pc)
                matched = true;
            else if ((flags & GF_WM_CASEFOLD) && IS_LOWER(tc) && tc - 32 >= prev && tc - 32 <= pc)
                matched = true;
            pc = 0; /* a range cannot start a range */
        } else if (pc == '[' && p[1] == ':') {
            const unsigned char *name = p += 2;
            while ((pc = *p) != '\0' && pc != ']')
                p++;
            if (!pc)
                return WM_ABORT_ALL;
            if (p == name || p[-1] != ':') {
                /* no ":]": the '[' is an ordinary member, rescan after it */
                p = name - 2;
                pc = '[';
                if (tc == pc)
                    matched = true;
                continue;
            }
            int in = wm_class(name, (size_t)(p - name - 1), tc, flags);
            if (in < 0)
                return WM_ABORT_ALL;
            if (in)
                matched = true;
            pc = 0;
        } else if (tc == pc) {
            matched = true;
        }
    } while (prev = pc, (pc = *++p) != ']');
    *pp = p;
    if (matched == negated || ((flags & GF_WM_PATHNAME) && tc == '/'))
        return WM_NOMATCH;
    return WM_MATCH;
}

static int dowild(const wm_ctx *c, const unsigned char *p, const unsigned char *t, size_t run);

/* dowild(p, t, run + 1) through the memo; row names p (see wm_ctx). */
static int wm_step(const wm_ctx *c, const unsigned char *p, const unsigned char *t, size_t row,
                   size_t run)
{
    int r = memo_get(c, row, t);
    if (r == WM_MATCH) {
        r = dowild(c, p, t, run + 1);
        memo_put(c, row, t, r);
    }
    return r;
}

/*
 * The search loop of the k-th '*' run (k = run): the run ends at t, then at
 * each later offset, until the rest of the pattern p decides. Its result
 * from t is that from t + 1 unless the try at t decides, so once known it
 * is recorded for every offset it walked over.
 */
static int wm_star_loop(const wm_ctx *c, const unsigned char *p, const unsigned char *t, size_t run,
                        bool match_slash)
{
    const bool casefold = c->flags & GF_WM_CASEFOLD;
    const unsigned char *from = t;
    size_t row = 3 * run + 2;
    int r;
    bool decided_here = true; /* whether the result was decided by the try at t */
    for (;; t++) {
        if ((r = memo_get(c, row, t)) != WM_MATCH || t == c->end) {
            if (r == WM_MATCH)
                r = WM_ABORT_ALL;
            decided_here = false;
            break;
        }
        if (!glob_special(*p)) {
            /* a literal follows: skip to its next occurrence */
            unsigned char want = casefold ? fold(*p) : *p;
            while (t < c->end && (match_slash || *t != '/') && (casefold ? fold(*t) : *t) != want)
                t++;
            if (t == c->end || (casefold ? fold(*t) : *t) != want) {
                r = WM_NOMATCH;
                decided_here = false;
                break;
            }
        }
        r = wm_step(c, p, t, 3 * run, run);
        if (r != WM_NOMATCH) {
            if (!match_slash || r != WM_ABORT_TO_STARSTAR)
                break;
        } else if (!match_slash && *t == '/') {
            r = WM_ABORT_TO_STARSTAR;
            break;
        }
    }
    if (r != WM_MATCH && c->memo) {
        for (const unsigned char *u = from; u < t; u++)
            memo_put(c, row, u, r);
        if (decided_here)
            memo_put(c, row, t, r);
    }
    return r;
}

/* True when p starts a '*' run of two or more followed by '/' or the end. */
static bool is_starstar(const unsigned char *p)
{
    if (p[0] != '*' || p[1] != '*')
        return false;
    while (*p == '*')
        p++;
    return *p == '/' || *p == '\0';
}

/*
 * Matches pattern p against text [t, end). run is the ordinal of the next '*'
 * run in the pattern (for the memo). Recursion happens only at '*' runs; each
 * level consumes a text byte or is the zero-directory try of a "**\/" (chains
 * of which are collapsed), so depth stays below about twice the text length.
 */
static int dowild(const wm_ctx *c, const unsigned char *p, const unsigned char *t, size_t run)
{
    const bool pathname = c->flags & GF_WM_PATHNAME, casefold = c->flags & GF_WM_CASEFOLD;
    for (; *p; p++, t++) {
        unsigned char pc = *p;
        if (t == c->end && pc != '*')
            return WM_ABORT_ALL;
        unsigned char tc = t < c->end ? *t : 0;
        if (casefold) {
            tc = fold(tc);
            pc = fold(pc);
        }
        switch (pc) {
        case '\\':
            pc = *++p; /* not folded, as in git */
            if (!pc || tc != pc)
                return WM_NOMATCH; /* a trailing backslash matches nothing */
            continue;
        default:
            if (tc != pc)
                return WM_NOMATCH;
            continue;
        case '?':
            if (pathname && tc == '/')
                return WM_NOMATCH;
            continue;
        case '[': {
            int r = wm_bracket(&p, tc, c->flags);
            if (r != WM_MATCH)
                return r;
            continue;
        }
        case '*': break;
        }

        bool match_slash;
        for (;;) {
            const unsigned char *first = p;
            while (*p == '*')
                p++;
            bool doubled = p - first > 1;
            if (!pathname) {
                match_slash = true;
            } else if (doubled && (first == c->pat || first[-1] == '/') &&
                       (*p == '\0' || *p == '/' || (p[0] == '\\' && p[1] == '/'))) {
                match_slash = true;
                if (*p == '/' && is_starstar(p + 1)) {
                    /* two "**" components in a row match what one does: skip this run */
                    p++;
                    run++;
                    continue;
                }
                /* "**\/" may match no directory at all: try the rest here first */
                if (*p == '/' && wm_step(c, p + 1, t, 3 * run + 1, run) == WM_MATCH)
                    return WM_MATCH;
            } else {
                match_slash = false;
            }
            break;
        }
        size_t left = (size_t)(c->end - t);
        if (*p == '\0') /* a trailing '*' takes the rest, up to a '/' without "**" */
            return match_slash || !memchr(t, '/', left) ? WM_MATCH : WM_NOMATCH;
        if (!match_slash && *p == '/') {
            /* one '*' then '/': the next component, whole */
            const unsigned char *slash = memchr(t, '/', left);
            if (!slash)
                return WM_NOMATCH;
            t = slash;
            run++;
            continue; /* the loop step consumes the '/' on both sides */
        }
        return wm_star_loop(c, p, t, run, match_slash);
    }
    return t == c->end ? WM_MATCH : WM_NOMATCH;
}

/* Upper bound on the '*' runs dowild can meet in p. */
static size_t count_runs(const char *p, size_t len)
{
    size_t runs = 0;
    for (size_t i = 0; i < len; i++)
        if (p[i] == '*' && (i == 0 || p[i - 1] != '*'))
            runs++;
    return runs;
}

/* Matches NUL-terminated pat against text[0 .. n). Allocates only when the
 * memo outgrows WM_MEMO_WORDS (several '*' runs and a long text). */
static bool wild(const char *pat, size_t runs, const char *text, size_t n, unsigned flags)
{
    wm_ctx c = {(const unsigned char *)pat,
                (const unsigned char *)text,
                (const unsigned char *)text + n,
                flags,
                NULL,
                0,
                n + 1};
    uint64_t local[WM_MEMO_WORDS];
    uint64_t *heap = NULL;
    if (runs >= WM_MEMO_MIN_RUNS && n < WM_MEMO_MAX_BYTES) {
        /* runs past about 2n + 2 cannot be reached (see dowild) */
        size_t rows = 3 * (runs < 2 * n + 4 ? runs : 2 * n + 4);
        size_t words = (rows * c.stride + 31) / 32;
        if (words <= WM_MEMO_WORDS) {
            c.memo = local;
        } else if (words <= WM_MEMO_MAX_BYTES / sizeof *heap) {
            c.memo = heap = gf_malloc(words * sizeof *heap);
        }
        if (c.memo) {
            memset(c.memo, 0, words * sizeof *c.memo);
            c.rows = rows;
        }
    }
    bool m = dowild(&c, c.pat, c.text, 0) == WM_MATCH;
    gf_free(heap);
    return m;
}

bool gf_wildmatch(const char *pattern, const char *text, unsigned flags)
{
    return wild(pattern, count_runs(pattern, strlen(pattern)), text, strlen(text), flags);
}

/* ---- pattern lists ------------------------------------------------------ */

gf_ignore *gf_ignore_new(const char *base)
{
    gf_ignore *ig = gf_calloc(1, sizeof *ig);
    size_t n = strlen(base);
    while (n && base[n - 1] == '/')
        n--;
    ig->base = gf_strndup(base, n);
    ig->baselen = n;
    return ig;
}

void gf_ignore_free(gf_ignore *ig)
{
    if (!ig)
        return;
    for (size_t i = 0; i < ig->pats.len; i++)
        gf_free(ig->pats.items[i].text);
    gf_vec_release(&ig->pats);
    gf_free(ig->base);
    gf_free(ig);
}

/* Length of s[0 .. len) before its first wildcard character. */
static size_t literal_length(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && !glob_special((unsigned char)s[i]))
        i++;
    return i;
}

/* Length of s[0 .. len) without its trailing spaces; a backslash keeps the
 * space after it, and a line ending in a backslash is kept whole. */
static size_t trim_trailing_spaces(const char *s, size_t len)
{
    size_t cut = len;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ') {
            if (cut == len)
                cut = i;
            continue;
        }
        if (s[i] == '\\' && ++i == len)
            return len;
        cut = len;
    }
    return cut;
}

void gf_ignore_add_line(gf_ignore *ig, const char *line, size_t len)
{
    const char *nul = memchr(line, '\0', len);
    if (nul) /* patterns are C strings in git: a NUL ends the line */
        len = (size_t)(nul - line);
    if (len == 0 || line[0] == '#')
        return;
    len = trim_trailing_spaces(line, len);

    const char *s = line;
    unsigned flags = 0;
    if (len && s[0] == '!') {
        flags |= IG_NEGATIVE;
        s++;
        len--;
    }
    if (len && s[len - 1] == '/') {
        flags |= IG_MUSTBEDIR;
        len--;
    }
    size_t prefix = literal_length(s, len);
    if (!memchr(s, '/', len)) {
        flags |= IG_BASENAME;
        if (len && s[0] == '*' && literal_length(s + 1, len - 1) == len - 1)
            flags |= IG_SUFFIX;
    } else if (s[0] == '/') {
        s++;
        len--;
        prefix--;
    }
    if (len == 0) /* "", "!", "/", "//": match nothing */
        return;
    if (prefix == len)
        flags |= IG_LITERAL;

    ig_pattern *pt = gf_vec_push_slot(&ig->pats);
    pt->text = gf_strndup(s, len);
    pt->len = len;
    pt->prefix = prefix;
    pt->flags = flags;
    pt->runs = count_runs(s, len);
    /* ']' ends the tail: a bracket expression cannot be told apart from its
     * inside (an unclosed one makes the pattern match nothing anyway); '/'
     * too: after "**" it may match nothing */
    while (pt->tail < len - prefix && !glob_special((unsigned char)s[len - pt->tail - 1]) &&
           s[len - pt->tail - 1] != ']' && s[len - pt->tail - 1] != '/')
        pt->tail++;
    if (!(flags & IG_NEGATIVE))
        ig->positive = true;
}

void gf_ignore_add_text(gf_ignore *ig, const char *text, size_t len)
{
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        text += 3;
        len -= 3;
    }
    const char *end = text + len;
    while (text < end) {
        const char *nl = memchr(text, '\n', (size_t)(end - text));
        size_t n = (size_t)((nl ? nl : end) - text);
        if (n && text[n - 1] == '\r')
            n--;
        gf_ignore_add_line(ig, text, n);
        text = nl ? nl + 1 : end;
    }
}

int gf_ignore_load(gf_ignore *ig, const char *fs_path, gf_error *err)
{
    gf_buf b = GF_BUF_INIT;
    int rc = gf_read_file(fs_path, IG_MAX_FILE, 0, &b, NULL, err);
    if (rc == GF_ENOENT) {
        rc = 0; /* no ignore file here: nothing to add */
        if (err)
            gf_error_clear(err);
    } else if (rc == GF_ETOOBIG) {
        gf_error_path(err, rc, fs_path, "ignore file larger than 16 MiB");
    } else if (rc == 0) {
        gf_ignore_add_text(ig, b.ptr, b.len);
    }
    gf_buf_release(&b);
    return rc;
}

size_t gf_ignore_count(const gf_ignore *ig)
{
    return ig->pats.len;
}

bool gf_ignore_has_positive(const gf_ignore *ig)
{
    return ig->positive;
}

/* git's match_basename: name is the last component of the path. */
static bool match_basename(const ig_pattern *pt, const char *name, size_t n)
{
    if (pt->flags & IG_LITERAL)
        return n == pt->len && memcmp(name, pt->text, n) == 0;
    if (pt->flags & IG_SUFFIX)
        return n >= pt->len - 1 && memcmp(name + n - (pt->len - 1), pt->text + 1, pt->len - 1) == 0;
    if (n < pt->prefix + pt->tail || memcmp(name, pt->text, pt->prefix) != 0 ||
        memcmp(name + n - pt->tail, pt->text + pt->len - pt->tail, pt->tail) != 0)
        return false;
    /* the name holds no '/', so PATHNAME changes nothing here */
    return wild(pt->text, pt->runs, name, n, GF_WM_PATHNAME);
}

/*
 * git's match_pathname: the literal prefix is compared first and only the
 * rest goes to wildmatch, as a pattern of its own. That is visible: in
 * "a/b**" the "**" then starts the pattern and matches across '/'.
 */
static bool match_anchored(const ig_pattern *pt, const char *rel, size_t n)
{
    if (pt->prefix > n || memcmp(pt->text, rel, pt->prefix) != 0)
        return false;
    if (pt->flags & IG_LITERAL)
        return n == pt->prefix;
    if (n < pt->prefix + pt->tail ||
        memcmp(rel + n - pt->tail, pt->text + pt->len - pt->tail, pt->tail) != 0)
        return false;
    return wild(pt->text + pt->prefix, pt->runs, rel + pt->prefix, n - pt->prefix, GF_WM_PATHNAME);
}

gf_ignore_verdict gf_ignore_match(const gf_ignore *ig, const char *path, size_t len, bool is_dir)
{
    const char *rel = path;
    size_t n = len;
    if (ig->baselen) {
        if (len <= ig->baselen + 1 || path[ig->baselen] != '/' ||
            memcmp(path, ig->base, ig->baselen) != 0)
            return GF_IGNORE_NONE;
        rel = path + ig->baselen + 1;
        n = len - ig->baselen - 1;
    }
    if (n == 0)
        return GF_IGNORE_NONE;
    const char *slash = memrchr(rel, '/', n);
    const char *name = slash ? slash + 1 : rel;
    size_t namelen = n - (size_t)(name - rel);

    for (size_t i = ig->pats.len; i-- > 0;) {
        const ig_pattern *pt = &ig->pats.items[i];
        if ((pt->flags & IG_MUSTBEDIR) && !is_dir)
            continue;
        bool hit = (pt->flags & IG_BASENAME) ? match_basename(pt, name, namelen)
                                             : match_anchored(pt, rel, n);
        if (hit)
            return (pt->flags & IG_NEGATIVE) ? GF_IGNORE_INCLUDE : GF_IGNORE_EXCLUDE;
    }
    return GF_IGNORE_NONE;
}
