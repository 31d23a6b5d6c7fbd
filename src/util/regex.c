/* regex: Rust regex syntax on PCRE2 (translation, matching, replace_all). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "util/regex.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/vec.h"

/*
 * Rust's regex crate (ast-grep's engine) and PCRE2 differ; what matters for
 * rule files:
 *
 * Made to agree (options or translation before compiling):
 *   - \w is Rust's Alphabetic + M + Nd + Pc + Join_Control (PCRE2 10.42's
 *     UCP \w is L + N + '_': no combining marks); \W, \b, \B, \b{start},
 *     \b{end}, \b{start-half}, \b{end-half}, \< and \> follow it, as
 *     lookarounds. \s is White_Space (PCRE2 adds U+180E). \d is Nd in both.
 *   - `$` matches only at the very end (PCRE2: also before a final '\n');
 *     `(?m)^` matches after a final '\n' too; '.' and (?m) lines use '\n'
 *     only (newline is fixed to LF, whatever PCRE2 was built with).
 *   - \v is U+000B (PCRE2: any vertical space); \uXXXX, \u{X..},
 *     \UXXXXXXXX and \U{X..} become \x{..} (PCRE2 rejects \u and \U).
 *   - [[:alpha:]], [[:^alpha:]] and the other POSIX classes are ASCII
 *     (PCRE2 with UCP makes some Unicode).
 *   - \p{Letter}, \p{gc=Lu}, \p{digit} and other general-category long
 *     names and aliases, \p{Assigned}, and \p{name!=value} are rewritten
 *     to forms PCRE2 knows.
 *   - The flags u and R, which PCRE2 lacks, are dropped (see below).
 *   - In x mode whitespace and '#' comments inside a class are ignored,
 *     and "( ?" opens a group, as in Rust; counted repetitions may contain
 *     spaces ("a{1, 2}"), x mode or not.
 *   - Nested classes [a[bc]], class set operations && -- ~~ and \W inside
 *     a class, which PCRE2 lacks or reads differently, become lookaheads
 *     followed by one character.
 * Accepted by PCRE2 but refused by Rust, so a superset (a rule ast-grep
 * rejects may compile here): backreferences \1 and (?P=name), lookaround
 * (?=) (?!) (?<=) (?<!), atomic groups, possessive quantifiers, recursion,
 * \Z \h \H \R \X \K \G \e \Q..\E \cX \0, octal escapes, (*VERBS),
 * `a{,5}` and `a{` (literals in PCRE2 10.42), \p{L&}.
 * Left different (rare in rule files):
 *   - (?-u) does not make classes ASCII-only and (?R) does not add CRLF
 *     line ends; under (?i) a class with set operations folds case item
 *     by item, not after the operations as Rust does.
 *   - Rust group names may contain '.', '[' and ']'; PCRE2 refuses them.
 *   - Rust matches in linear time; PCRE2 backtracks. Its match limit
 *     (10 million steps) applies per start position, so a failing search
 *     like (a|b)*c over a long run of a's can still take time quadratic in
 *     the subject; over a limit, a search reports no match and find and
 *     replace_all GF_ETOOBIG.
 * Matching semantics otherwise agree: both are leftmost-first with the same
 * alternation and greediness priorities.
 */

/* The body of a class equal to Rust's Unicode \w. */
#define WORD "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}"
#define IS_W "(?<=[" WORD "])"
#define NOT_W_BEFORE "(?<![" WORD "])"
#define W_AFTER "(?=[" WORD "])"
#define NOT_W_AFTER "(?![" WORD "])"

/* JIT code runs on 32 KiB of machine stack by default; a match that needs
 * more is retried once on a private stack of up to this size (reserved
 * address space, committed only as used). */
#define JIT_STACK_MAX (256u << 20)
/* Bound on the interpreter's backtracking memory (KiB), used when JIT is
 * unavailable: an error instead of gigabytes. */
#define HEAP_LIMIT_KIB (256u << 10)

struct gf_regex {
    pcre2_code *code;
    pcre2_general_context *gctx; /* gf_malloc/gf_free for PCRE2 */
    pcre2_match_context *mctx;   /* limits; read-only while matching */
    char *pattern;
    size_t ngroups; /* capture groups + 1 */
};

/* Translation state: out is the PCRE2 pattern; map[k] is the offset in the
 * Rust pattern that produced out byte k (error offsets are mapped back). */
typedef struct xlat {
    const char *p;
    size_t n, i;
    gf_buf out;
    gf_buf *dst; /* where emit and copy write: &out, or a scratch buffer */
    GF_VEC(size_t) map;
    GF_VEC(bool) xstack; /* x flag of each enclosing group */
    bool x;              /* x (ignore whitespace) flag in force */
    size_t depth;        /* nested classes open */
    const char *fail;    /* a translation error, or NULL */
    size_t fail_at;
} xlat;

/* Rust's nesting limit; also keeps the class parser's recursion bounded. */
#define MAX_NEST 250

/* Appends s[0..len), produced by the pattern text at offset at. */
static void emit(xlat *x, const char *s, size_t len, size_t at)
{
    gf_buf_add(x->dst, s, len);
    if (x->dst != &x->out)
        return;
    gf_vec_reserve(&x->map, x->map.len + len);
    for (size_t k = 0; k < len; k++)
        x->map.items[x->map.len++] = at;
}

static void emits(xlat *x, const char *s, size_t at)
{
    emit(x, s, strlen(s), at);
}

/* Copies pattern bytes [i, i + len) verbatim, each mapped to itself. */
static void copy(xlat *x, size_t len)
{
    if (len > x->n - x->i)
        len = x->n - x->i;
    gf_buf_add(x->dst, x->p + x->i, len);
    if (x->dst == &x->out) {
        gf_vec_reserve(&x->map, x->map.len + len);
        for (size_t k = 0; k < len; k++)
            x->map.items[x->map.len++] = x->i + k;
    }
    x->i += len;
}

/* Length of the UTF-8 sequence led by byte c (1 for anything invalid). */
static size_t utf8_len(unsigned char c)
{
    if (c >= 0xF0 && c < 0xF8)
        return 4;
    if (c >= 0xE0)
        return c < 0xF0 ? 3 : 1;
    if (c >= 0xC0)
        return 2;
    return 1;
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* \u and \U escapes at x->i (pointing at the backslash): \uXXXX,
 * \UXXXXXXXX, \u{X..}, \U{X..} become \x{..}; anything else is copied and
 * left for PCRE2 to refuse. */
static void xlat_unicode_escape(xlat *x)
{
    size_t at = x->i, j = at + 2, k = j;
    size_t want = x->p[at + 1] == 'u' ? 4 : 8;
    if (j < x->n && x->p[j] == '{') {
        k = j + 1;
        while (k < x->n && is_hex(x->p[k]))
            k++;
        if (k > j + 1 && k < x->n && x->p[k] == '}') {
            emits(x, "\\x{", at);
            emit(x, x->p + j + 1, k - j - 1, at);
            emits(x, "}", at);
            x->i = k + 1;
            return;
        }
    } else {
        while (k < x->n && k - j < want && is_hex(x->p[k]))
            k++;
        if (k - j == want) {
            emits(x, "\\x{", at);
            emit(x, x->p + j, want, at);
            emits(x, "}", at);
            x->i = k;
            return;
        }
    }
    copy(x, 2);
}

/* General-category names and aliases Rust accepts but PCRE2 10.42 does not
 * (loose matching: lowercase, no spaces, '_' or '-'). */
static const struct {
    const char *name, *gc;
} gc_names[] = {
    {"casedletter", "LC"},
    {"closepunctuation", "Pe"},
    {"cntrl", "Cc"},
    {"combiningmark", "M"},
    {"connectorpunctuation", "Pc"},
    {"control", "Cc"},
    {"currencysymbol", "Sc"},
    {"dashpunctuation", "Pd"},
    {"decimalnumber", "Nd"},
    {"digit", "Nd"},
    {"enclosingmark", "Me"},
    {"finalpunctuation", "Pf"},
    {"format", "Cf"},
    {"initialpunctuation", "Pi"},
    {"letter", "L"},
    {"letternumber", "Nl"},
    {"lineseparator", "Zl"},
    {"lowercaseletter", "Ll"},
    {"mark", "M"},
    {"mathsymbol", "Sm"},
    {"modifierletter", "Lm"},
    {"modifiersymbol", "Sk"},
    {"nonspacingmark", "Mn"},
    {"number", "N"},
    {"openpunctuation", "Ps"},
    {"other", "C"},
    {"otherletter", "Lo"},
    {"othernumber", "No"},
    {"otherpunctuation", "Po"},
    {"othersymbol", "So"},
    {"paragraphseparator", "Zp"},
    {"privateuse", "Co"},
    {"punct", "P"},
    {"punctuation", "P"},
    {"separator", "Z"},
    {"spaceseparator", "Zs"},
    {"spacingmark", "Mc"},
    {"surrogate", "Cs"},
    {"symbol", "S"},
    {"titlecaseletter", "Lt"},
    {"unassigned", "Cn"},
    {"uppercaseletter", "Lu"},
};

static const char *gc_lookup(const char *loose)
{
    for (size_t k = 0; k < sizeof gc_names / sizeof gc_names[0]; k++)
        if (!strcmp(gc_names[k].name, loose))
            return gc_names[k].gc;
    return NULL;
}

/* \p / \P at x->i. \pX and names PCRE2 understands are copied; see
 * gc_names for the rest. */
static void xlat_property(xlat *x)
{
    size_t at = x->i;
    bool neg = x->p[at + 1] == 'P';
    if (at + 2 >= x->n || x->p[at + 2] != '{') {
        copy(x, at + 2 < x->n ? 2 + utf8_len((unsigned char)x->p[at + 2]) : 2);
        return;
    }
    const char *close = memchr(x->p + at + 3, '}', x->n - at - 3);
    if (!close) {
        copy(x, 3);
        return;
    }
    size_t end = (size_t)(close - x->p), body = at + 3;
    /* Loose form of the body: ASCII lowercase, no ' ', '_' or '-'; "!="
     * negates. */
    char loose[64];
    size_t ln = 0, eq = SIZE_MAX;
    bool too_long = false;
    for (size_t k = body; k < end; k++) {
        char c = x->p[k];
        if (c == ' ' || c == '_' || c == '-')
            continue;
        if (c == '!' && k + 1 < end && x->p[k + 1] == '=') {
            neg = !neg;
            continue;
        }
        if (ln + 1 >= sizeof loose) {
            too_long = true;
            break;
        }
        if (c == '=')
            eq = ln;
        loose[ln++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    loose[ln] = '\0';
    const char *gc = NULL;
    bool assigned = false;
    if (!too_long) {
        if (eq == SIZE_MAX) {
            gc = gc_lookup(loose);
            assigned = !strcmp(loose, "assigned");
        } else if (!strncmp(loose, "gc=", 3) || !strncmp(loose, "generalcategory=", 16)) {
            gc = gc_lookup(loose + eq + 1);
            if (!gc)
                gc = loose + eq + 1; /* a short name: PCRE2 matches it loosely */
        }
    }
    if (assigned) {
        emits(x, neg ? "\\p{Cn}" : "\\P{Cn}", at);
    } else if (gc) {
        emits(x, neg ? "\\P{" : "\\p{", at);
        emits(x, gc, at);
        emits(x, "}", at);
    } else if (memmem(x->p + body, end - body, "!=", 2)) {
        /* \p{sc!=Greek}: PCRE2 has no "!="; write the "=" form negated. */
        emits(x, neg ? "\\P{" : "\\p{", at);
        for (size_t k = body; k < end; k++)
            if (!(x->p[k] == '!' && k + 1 < end && x->p[k + 1] == '='))
                emit(x, x->p + k, 1, k);
        emits(x, "}", at);
    } else {
        copy(x, end + 1 - at);
        return;
    }
    x->i = end + 1;
}

/* Rust's named word boundaries, as lookarounds on Rust's \w. */
static const struct {
    const char *rust, *pcre;
} bounds[] = {
    {"{start}", NOT_W_BEFORE W_AFTER},
    {"{end}", IS_W NOT_W_AFTER},
    {"{start-half}", NOT_W_BEFORE},
    {"{end-half}", NOT_W_AFTER},
};

/* One escape at x->i (a backslash), inside a class or not. */
static void xlat_escape(xlat *x, bool in_class)
{
    size_t at = x->i;
    if (at + 1 >= x->n) {
        copy(x, 1); /* PCRE2 reports the trailing backslash */
        return;
    }
    char e = x->p[at + 1];
    const char *rep = NULL;
    switch (e) {
    case 'w': rep = in_class ? WORD : "[" WORD "]"; break;
    case 'W': rep = in_class ? NULL : "[^" WORD "]"; break;
    case 's': rep = "\\p{White_Space}"; break;
    case 'S': rep = "\\P{White_Space}"; break;
    case 'v': rep = "\\x{0B}"; break;
    case 'u':
    case 'U': xlat_unicode_escape(x); return;
    case 'p':
    case 'P': xlat_property(x); return;
    case 'x':
        /* Consumed whole so a class's range parsing sees one atom. */
        if (at + 2 < x->n && x->p[at + 2] == '{') {
            const char *close = memchr(x->p + at + 2, '}', x->n - at - 2);
            copy(x, close ? (size_t)(close - x->p) + 1 - at : 3);
        } else {
            size_t k = at + 2;
            while (k < x->n && k < at + 4 && is_hex(x->p[k]))
                k++;
            copy(x, k - at);
        }
        return;
    case '<': rep = in_class ? NULL : NOT_W_BEFORE W_AFTER; break;
    case '>': rep = in_class ? NULL : IS_W NOT_W_AFTER; break;
    case 'B': rep = in_class ? NULL : "(?:" IS_W W_AFTER "|" NOT_W_BEFORE NOT_W_AFTER ")"; break;
    case 'b':
        if (in_class)
            break;
        for (size_t k = 0; k < sizeof bounds / sizeof bounds[0]; k++) {
            size_t bl = strlen(bounds[k].rust);
            if (x->n - at - 2 >= bl && !memcmp(x->p + at + 2, bounds[k].rust, bl)) {
                emits(x, bounds[k].pcre, at);
                x->i = at + 2 + bl;
                return;
            }
        }
        rep = "(?:" IS_W NOT_W_AFTER "|" NOT_W_BEFORE W_AFTER ")";
        break;
    default: break;
    }
    if (rep) {
        emits(x, rep, at);
        x->i = at + 2;
    } else {
        copy(x, 1 + utf8_len((unsigned char)e));
    }
}

/* Rust's POSIX classes are ASCII-only: their code point ranges, as pairs
 * of bytes (inclusive). */
static const struct {
    const char *name, *ranges;
} posix[] = {
    {"alnum", "09AZaz"},   {"alpha", "AZaz"},
    {"ascii", "\x01\x7F"}, /* with 0: see posix_ranges */
    {"blank", "\t\t  "},   {"cntrl", "\x01\x1F\x7F\x7F"},
    {"digit", "09"},       {"graph", "!~"},
    {"lower", "az"},       {"print", " ~"},
    {"punct", "!/:@[`{~"}, {"space", "\t\r  "},
    {"upper", "AZ"},       {"word", "09AZ__az"},
    {"xdigit", "09AFaf"},
};

/* Emits the ranges of posix class k as class items, or their complement
 * in U+0000..U+10FFFF when negated (PCRE2 would make [:^alpha:] Unicode). */
static void posix_ranges(xlat *x, size_t k, bool negated, size_t at)
{
    const char *r = posix[k].ranges;
    /* ascii and cntrl start at U+0000, which a C string cannot hold. */
    bool from_nul = !strcmp(posix[k].name, "ascii") || !strcmp(posix[k].name, "cntrl");
    uint32_t next = 0; /* first code point not yet covered (complement) */
    char item[48];
    for (size_t i = 0; r[i]; i += 2) {
        uint32_t lo = (unsigned char)r[i], hi = (unsigned char)r[i + 1];
        if (i == 0 && from_nul)
            lo = 0;
        if (!negated) {
            snprintf(item, sizeof item, "\\x{%X}-\\x{%X}", (unsigned)lo, (unsigned)hi);
            emits(x, item, at);
        } else {
            if (lo > next) {
                snprintf(item, sizeof item, "\\x{%X}-\\x{%X}", (unsigned)next, (unsigned)lo - 1);
                emits(x, item, at);
            }
            next = hi + 1;
        }
    }
    if (negated) {
        snprintf(item, sizeof item, "\\x{%X}-\\x{10FFFF}", (unsigned)next);
        emits(x, item, at);
    }
}

/* `[:name:]` at x->i inside a class (x->p[i] == '[', p[i+1] == ':').
 * Returns false when it is not a POSIX class (then a nested class). */
static bool xlat_posix(xlat *x)
{
    size_t at = x->i;
    const char *end = NULL;
    for (size_t k = at + 2; k + 1 < x->n; k++) {
        if (x->p[k] == ':' && x->p[k + 1] == ']') {
            end = x->p + k;
            break;
        }
        if (x->p[k] == ']' || x->p[k] == '[')
            break;
    }
    if (!end)
        return false;
    size_t nlen = (size_t)(end - (x->p + at + 2));
    const char *name = x->p + at + 2;
    bool negated = nlen && name[0] == '^';
    for (size_t k = 0; k < sizeof posix / sizeof posix[0]; k++) {
        size_t l = strlen(posix[k].name);
        if (l + negated == nlen && !memcmp(posix[k].name, name + negated, l)) {
            posix_ranges(x, k, negated, at);
            x->i = at + 2 + nlen + 2;
            return true;
        }
    }
    copy(x, nlen + 4); /* unknown: PCRE2 reports it */
    return true;
}

/* In x mode, skips whitespace and '#' comments, which Rust ignores inside
 * classes too (PCRE2 would read them as class members). */
static void skip_space(xlat *x)
{
    while (x->x && x->i < x->n) {
        if (is_space(x->p[x->i])) {
            x->i++;
        } else if (x->p[x->i] == '#') {
            const char *nl = memchr(x->p + x->i, '\n', x->n - x->i);
            x->i = nl ? (size_t)(nl - x->p) + 1 : x->n;
        } else {
            break;
        }
    }
}

/* One class item at x->i, not ']', a set operator or a nested class: a
 * character, an escape or a POSIX class, then "-item" when it starts a
 * range. Rust reads '-' as a range only before something other than ']'
 * and '-'. */
static void xlat_class_item(xlat *x)
{
    for (int side = 0; side < 2; side++) {
        char c = x->p[x->i];
        if (c == '\\')
            xlat_escape(x, true);
        else if (!(c == '[' && x->i + 1 < x->n && x->p[x->i + 1] == ':' && xlat_posix(x)))
            copy(x, utf8_len((unsigned char)c));
        skip_space(x);
        if (side || x->i + 1 >= x->n || x->p[x->i] != '-' || x->p[x->i + 1] == ']' ||
            x->p[x->i + 1] == '-')
            return;
        copy(x, 1);
        skip_space(x);
        if (x->i >= x->n)
            return;
    }
}

/* Whether x->p[i] starts a class set operator: && -- ~~. */
static bool at_set_op(const xlat *x)
{
    char c = x->p[x->i];
    return x->i + 1 < x->n && (c == '&' || c == '-' || c == '~') && x->p[x->i + 1] == c;
}

/* Whether the '[' at x->i opens a nested class (not a POSIX class). */
static bool at_nested(const xlat *x)
{
    if (x->p[x->i] != '[')
        return false;
    if (x->i + 1 < x->n && x->p[x->i + 1] == ':')
        for (size_t k = x->i + 2; k + 1 < x->n && x->p[k] != '[' && x->p[k] != ']'; k++)
            if (x->p[k] == ':' && x->p[k + 1] == ']')
                return false;
    return true;
}

/* Largest translation of one class with set operators (bytes). */
#define MAX_CLASS_XLAT ((size_t)64 << 10)

static bool class_test(xlat *x, gf_buf *t, bool *complex);

/*
 * A union of class items and nested classes at x->i, up to ']' or a set
 * operator, written to t as a zero-width test that the next character
 * belongs to it: (?:(?=[items])|nested...). \W, which no PCRE2 class item
 * can express as Rust means it, becomes the test (?![\w]). Sets *complex
 * when a nested class or \W occurs.
 */
static bool class_union(xlat *x, gf_buf *t, bool open, bool *complex)
{
    gf_buf items = GF_BUF_INIT, alts = GF_BUF_INIT;
    gf_buf *saved = x->dst;
    bool ok = true;
    if (open && x->i < x->n && x->p[x->i] == ']') {
        gf_buf_adds(&items, "\\]"); /* a leading ']' is literal */
        x->i++;
    }
    for (;;) {
        skip_space(x);
        if (x->i >= x->n || x->p[x->i] == ']' || at_set_op(x))
            break;
        if (at_nested(x)) {
            gf_buf sub = GF_BUF_INIT;
            *complex = true;
            ok = class_test(x, &sub, complex);
            gf_buf_printf(&alts, "|%s", sub.ptr);
            gf_buf_release(&sub);
            if (!ok)
                break;
        } else if (x->p[x->i] == '\\' && x->i + 1 < x->n && x->p[x->i + 1] == 'W') {
            *complex = true;
            gf_buf_adds(&alts, "|" NOT_W_AFTER);
            x->i += 2;
        } else {
            x->dst = &items;
            xlat_class_item(x);
            x->dst = saved;
        }
    }
    if (items.len)
        gf_buf_printf(t, "(?:(?=[%s])%s)", items.ptr, alts.ptr);
    else if (alts.len)
        gf_buf_printf(t, "(?:%s)", alts.ptr + 1);
    else
        gf_buf_adds(t, "(?!)"); /* the empty set */
    gf_buf_release(&items);
    gf_buf_release(&alts);
    return ok;
}

/*
 * The class at x->i ('[') as a zero-width test written to t: unions joined
 * by Rust's left-associative set operators (intersection: both tests;
 * difference: the first and not the second; symmetric difference: exactly
 * one), negated by '^'. Returns false when the class is not closed.
 */
static bool class_test(xlat *x, gf_buf *t, bool *complex)
{
    if (x->depth >= MAX_NEST) {
        if (!x->fail) {
            x->fail = "character classes nested too deeply";
            x->fail_at = x->i;
        }
        return false;
    }
    x->depth++;
    x->i++;
    bool neg = x->i < x->n && x->p[x->i] == '^';
    if (neg)
        x->i++;
    gf_buf acc = GF_BUF_INIT;
    bool ok = class_union(x, &acc, true, complex);
    while (ok && x->i < x->n && at_set_op(x)) {
        char op = x->p[x->i];
        *complex = true;
        x->i += 2;
        gf_buf rhs = GF_BUF_INIT, both = GF_BUF_INIT;
        ok = class_union(x, &rhs, false, complex);
        if (op == '&')
            gf_buf_printf(&both, "%s%s", acc.ptr, rhs.ptr);
        else if (op == '-')
            gf_buf_printf(&both, "%s(?!%s)", acc.ptr, rhs.ptr);
        else
            gf_buf_printf(&both, "(?:%s(?!%s)|(?!%s)%s)", acc.ptr, rhs.ptr, acc.ptr, rhs.ptr);
        gf_buf_release(&acc);
        gf_buf_release(&rhs);
        acc = both;
        /* Symmetric difference repeats both sides: a chain of them grows
         * exponentially. Rust compiles such classes to a set; here the
         * translation must stay small. */
        if (acc.len > MAX_CLASS_XLAT) {
            if (!x->fail) {
                x->fail = "character class set operations too complex";
                x->fail_at = x->i;
            }
            ok = false;
        }
    }
    ok = ok && x->i < x->n && x->p[x->i] == ']';
    if (ok)
        x->i++;
    gf_buf_printf(t, neg ? "(?!%s)" : "%s", acc.ptr);
    gf_buf_release(&acc);
    x->depth--;
    return ok;
}

/*
 * A class at x->i ('['). A plain one is translated item by item into a
 * PCRE2 class. One with nested classes, set operators or \W (PCRE2 has
 * none of them with Rust's meaning) becomes (?:TEST(?s:.)), TEST being the
 * zero-width test built by class_test; its output maps to the class start.
 */
static void xlat_class(xlat *x)
{
    size_t at = x->i;
    gf_buf test = GF_BUF_INIT;
    bool complex = false;
    gf_buf *saved = x->dst;
    bool closed = class_test(x, &test, &complex);
    x->dst = saved;
    if (closed && complex) {
        emits(x, "(?:", at);
        emit(x, test.ptr, test.len, at);
        emits(x, "(?s:.))", at);
        gf_buf_release(&test);
        return;
    }
    gf_buf_release(&test);
    if (complex && !x->fail) {
        /* PCRE2 would read the inner '[' as a member and close the class. */
        x->fail = "missing terminating ] for character class";
        x->fail_at = x->n;
    }
    if (x->fail) {
        x->i = x->n;
        return;
    }
    /* Plain (or unclosed: PCRE2 reports it): item by item. */
    x->i = at;
    copy(x, 1);
    if (x->i < x->n && x->p[x->i] == '^')
        copy(x, 1);
    if (x->i < x->n && x->p[x->i] == ']')
        copy(x, 1); /* a leading ']' is literal in both */
    for (;;) {
        skip_space(x);
        if (x->i >= x->n)
            return;
        if (x->p[x->i] == ']') {
            copy(x, 1);
            return;
        }
        xlat_class_item(x);
    }
}

/* `(` at x->i: flag groups lose the flags PCRE2 lacks (u, R); every group
 * saves the x flag, which `)` restores. */
static void xlat_group(xlat *x)
{
    size_t open = x->i;
    gf_vec_push(&x->xstack, x->x);
    x->i++;
    skip_space(x); /* Rust allows "( ?i)" in x mode */
    emit(x, "(", 1, open);
    if (x->i >= x->n || x->p[x->i] != '?')
        return;
    size_t at = x->i - 1; /* so that at + 1 is the '?' */
    size_t k = at + 2;
    while (k < x->n && strchr("imsUuxR-", x->p[k]) && x->p[k] != '\0')
        k++;
    if (k >= x->n || (x->p[k] != ')' && x->p[k] != ':')) {
        copy(x, 1); /* (?:, (?P<, (?<name>, lookaround: nothing to do */
        return;
    }
    emits(x, "?", at + 1);
    bool negated = false, xflag = x->x;
    for (size_t f = at + 2; f < k; f++) {
        char c = x->p[f];
        if (c == '-')
            negated = true;
        if (c == 'x')
            xflag = !negated;
        if (c != 'u' && c != 'R')
            emit(x, &x->p[f], 1, f);
    }
    emit(x, &x->p[k], 1, k);
    x->i = k + 1;
    if (x->p[k] == ')') {
        /* (?flags) applies to the rest of the enclosing group. */
        x->xstack.len--;
    }
    x->x = xflag;
}

/* `{` at x->i: Rust allows whitespace inside a counted repetition
 * ("a{1, 2}", with or without x mode); PCRE2 would read that as literal
 * text. The form is { N } or { N , M? } with optional spaces. */
static size_t skip_digits(const xlat *x, size_t k, size_t *count)
{
    for (*count = 0; k < x->n && x->p[k] >= '0' && x->p[k] <= '9'; k++)
        ++*count;
    return k;
}

static size_t skip_blanks(const xlat *x, size_t k)
{
    while (k < x->n && is_space(x->p[k]))
        k++;
    return k;
}

static void xlat_repeat(xlat *x)
{
    size_t digits, more;
    size_t k = skip_blanks(x, skip_digits(x, skip_blanks(x, x->i + 1), &digits));
    if (k < x->n && x->p[k] == ',')
        k = skip_blanks(x, skip_digits(x, skip_blanks(x, k + 1), &more));
    if (k >= x->n || x->p[k] != '}' || !digits) {
        copy(x, 1);
        return;
    }
    for (size_t j = x->i; j <= k; j++)
        if (!is_space(x->p[j]))
            emit(x, x->p + j, 1, j);
    x->i = k + 1;
}

/* Translates the Rust pattern x->p[0..n) into x->out. */
static void xlat_run(xlat *x)
{
    while (x->i < x->n) {
        char c = x->p[x->i];
        if (x->x && c == '#') {
            const char *nl = memchr(x->p + x->i, '\n', x->n - x->i);
            copy(x, nl ? (size_t)(nl - (x->p + x->i)) + 1 : x->n - x->i);
            continue;
        }
        switch (c) {
        case '\\': xlat_escape(x, false); break;
        case '[': xlat_class(x); break;
        case '(': xlat_group(x); break;
        case '{': xlat_repeat(x); break;
        case ')':
            if (x->xstack.len)
                x->x = gf_vec_pop(&x->xstack);
            copy(x, 1);
            break;
        default: copy(x, 1); break;
        }
    }
}

static void *pcre_malloc(size_t n, void *data)
{
    (void)data;
    return gf_malloc(n);
}

static void pcre_free(void *p, void *data)
{
    (void)data;
    gf_free(p);
}

int gf_regex_compile(const char *pattern, size_t len, gf_regex **out, gf_error *err)
{
    *out = NULL;
    if (!pattern)
        pattern = "";
    int shown = len > 512 ? 512 : (int)len; /* the message is truncated anyway */
    xlat x = {.p = pattern, .n = len, .out = GF_BUF_INIT};
    x.dst = &x.out;
    xlat_run(&x);
    int rc = 0;
    if (x.fail) {
        rc = gf_error_set(err, GF_EINVAL, "invalid regex '%.*s': %s at offset %zu", shown, pattern,
                          x.fail, x.fail_at);
        goto done;
    }
    pcre2_general_context *gc = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
    pcre2_compile_context *cc = pcre2_compile_context_create(gc);
    pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
    pcre2_set_bsr(cc, PCRE2_BSR_UNICODE);
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *code =
        pcre2_compile((PCRE2_SPTR)x.out.ptr, x.out.len,
                      PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY |
                          PCRE2_ALT_CIRCUMFLEX | PCRE2_NEVER_BACKSLASH_C,
                      &ec, &eo, cc);
    pcre2_compile_context_free(cc);
    if (!code) {
        pcre2_general_context_free(gc);
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(ec, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", ec);
        size_t at = eo < x.map.len ? x.map.items[eo] : len;
        rc = gf_error_set(err, GF_EINVAL, "invalid regex '%.*s': %s at offset %zu", shown, pattern,
                          (const char *)msg, at);
        goto done;
    }
    /* Without JIT support (or memory for it) the interpreter is used. */
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    uint32_t captures = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
    gf_regex *re = gf_malloc(sizeof *re);
    re->code = code;
    re->gctx = gc;
    re->mctx = pcre2_match_context_create(gc);
    pcre2_set_heap_limit(re->mctx, HEAP_LIMIT_KIB);
    re->pattern = gf_strndup(pattern, len);
    re->ngroups = (size_t)captures + 1;
    *out = re;
done:
    gf_buf_release(&x.out);
    gf_vec_release(&x.map);
    gf_vec_release(&x.xstack);
    return rc;
}

void gf_regex_delete(gf_regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    pcre2_match_context_free(re->mctx);
    pcre2_general_context_free(re->gctx);
    gf_free(re->pattern);
    gf_free(re);
}

const char *gf_regex_pattern(const gf_regex *re)
{
    return re->pattern;
}

size_t gf_regex_group_count(const gf_regex *re)
{
    return re->ngroups;
}

int gf_regex_group_index(const gf_regex *re, const char *name, size_t len)
{
    char tmp[256];
    if (len >= sizeof tmp || memchr(name, '\0', len))
        return -1;
    memcpy(tmp, name, len);
    tmp[len] = '\0';
    int n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)tmp);
    return n < 0 ? -1 : n;
}

/* One pcre2_match, retried on a larger JIT stack when the default one
 * overflows (per call, so threads never share a stack). */
static int run(const gf_regex *re, const char *s, size_t len, size_t start, pcre2_match_data *md)
{
    PCRE2_SPTR subj = (PCRE2_SPTR)(s ? s : "");
    int rc = pcre2_match(re->code, subj, len, start, 0, md, re->mctx);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
        pcre2_jit_stack *js = pcre2_jit_stack_create(256u << 10, JIT_STACK_MAX, re->gctx);
        if (js) {
            pcre2_match_context *mc = pcre2_match_context_copy(re->mctx);
            pcre2_jit_stack_assign(mc, NULL, js);
            rc = pcre2_match(re->code, subj, len, start, 0, md, mc);
            pcre2_match_context_free(mc);
            pcre2_jit_stack_free(js);
        }
    }
    return rc;
}

static int match_error(const gf_regex *re, int rc, gf_error *err)
{
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", rc);
    return gf_error_set(err, GF_ETOOBIG, "regex '%s': %s", re->pattern, (const char *)msg);
}

bool gf_regex_search(const gf_regex *re, const char *subject, size_t len)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
    int rc = run(re, subject, len, 0, md);
    pcre2_match_data_free(md);
    return rc > 0;
}

int gf_regex_find(const gf_regex *re, const char *subject, size_t len, size_t start,
                  gf_regex_span *groups, size_t ngroups, gf_error *err)
{
    if (start > len)
        return 0;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
    int rc = run(re, subject, len, start, md);
    if (rc > 0) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        for (size_t g = 0; g < ngroups; g++) {
            bool set = g < (size_t)rc && ov[2 * g] != PCRE2_UNSET;
            groups[g].start = set ? ov[2 * g] : GF_REGEX_UNSET;
            groups[g].end = set ? ov[2 * g + 1] : GF_REGEX_UNSET;
        }
        rc = 1;
    } else if (rc == PCRE2_ERROR_NOMATCH) {
        rc = 0;
    } else {
        rc = match_error(re, rc, err);
    }
    pcre2_match_data_free(md);
    return rc;
}

static bool utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t l = utf8_len(c);
        if (c >= 0x80 && (l == 1 || n - i < l))
            return false;
        uint32_t cp = l == 1 ? c : l == 2 ? (c & 0x1Fu) : l == 3 ? (c & 0x0Fu) : (c & 0x07u);
        for (size_t k = 1; k < l; k++) {
            if (((unsigned char)s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3Fu);
        }
        static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[l] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += l;
    }
    return true;
}

/* Rust's `str::parse::<u32>`: an optional '+' and ASCII digits, no
 * overflow. */
static bool parse_u32(const char *s, size_t n, size_t *out)
{
    size_t i = n && s[0] == '+' ? 1 : 0;
    if (i == n)
        return false;
    uint64_t v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > UINT32_MAX)
            return false;
    }
    *out = (size_t)v;
    return true;
}

static bool cap_letter(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Appends the expansion of rep[0..rlen) for one match (ovector ov with
 * nset pairs set) to out, as Rust's regex::Captures::expand. */
static int expand(const gf_regex *re, const char *rep, size_t rlen, const char *s,
                  const PCRE2_SIZE *ov, size_t nset, gf_buf *out)
{
    size_t i = 0;
    while (i < rlen) {
        const char *dollar = memchr(rep + i, '$', rlen - i);
        size_t j = dollar ? (size_t)(dollar - rep) : rlen;
        if (gf_buf_add(out, rep + i, j - i) < 0)
            return GF_ETOOBIG;
        if (j == rlen)
            break;
        if (j + 1 < rlen && rep[j + 1] == '$') {
            if (gf_buf_addc(out, '$') < 0)
                return GF_ETOOBIG;
            i = j + 2;
            continue;
        }
        const char *name = NULL;
        size_t nlen = 0, end = 0;
        if (j + 1 < rlen && rep[j + 1] == '{') {
            const char *close = memchr(rep + j + 2, '}', rlen - j - 2);
            if (close && utf8_valid(rep + j + 2, (size_t)(close - rep) - j - 2)) {
                name = rep + j + 2;
                nlen = (size_t)(close - name);
                end = (size_t)(close - rep) + 1;
            }
        } else {
            size_t k = j + 1;
            while (k < rlen && cap_letter(rep[k]))
                k++;
            if (k > j + 1) {
                name = rep + j + 1;
                nlen = k - j - 1;
                end = k;
            }
        }
        if (!name) {
            /* Not a reference: the '$' is literal. */
            if (gf_buf_addc(out, '$') < 0)
                return GF_ETOOBIG;
            i = j + 1;
            continue;
        }
        size_t g;
        if (!parse_u32(name, nlen, &g)) {
            int idx = gf_regex_group_index(re, name, nlen);
            g = idx < 0 ? SIZE_MAX : (size_t)idx;
        }
        if (g < nset && ov[2 * g] != PCRE2_UNSET &&
            gf_buf_add(out, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]) < 0)
            return GF_ETOOBIG;
        i = end;
    }
    return 0;
}

/* Bytes of the character at s[0..n) (n > 0): a valid UTF-8 sequence, or 1
 * for an invalid byte. */
static size_t char_len(const char *s, size_t n)
{
    size_t l = utf8_len((unsigned char)s[0]);
    return l <= n && utf8_valid(s, l) ? l : 1;
}

int gf_regex_replace_all(const gf_regex *re, const char *subject, size_t len,
                         const char *replacement, size_t rlen, gf_buf *out, gf_error *err)
{
    if (!subject)
        subject = "";
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    size_t start = 0, copied = 0, last_end = SIZE_MAX;
    int rc = 0;
    while (start <= len) {
        int m = run(re, subject, len, start, md);
        if (m == PCRE2_ERROR_NOMATCH)
            break;
        if (m < 0) {
            rc = match_error(re, m, err);
            goto done;
        }
        size_t ms = ov[0], me = ov[1];
        if (ms < copied)
            ms = copied; /* cannot happen without \K in a lookbehind */
        if (me < ms)
            me = ms;
        if (ms == me && me == last_end) {
            /* Rust skips an empty match touching the previous match's end
             * and searches again one character further. */
            if (start >= len)
                break;
            start += char_len(subject + start, len - start);
            continue;
        }
        if (gf_buf_add(out, subject + copied, ms - copied) < 0 ||
            expand(re, replacement, rlen, subject, ov, (size_t)m, out) < 0) {
            rc = gf_error_set(err, GF_ETOOBIG, "regex replacement result over the size limit");
            goto done;
        }
        copied = last_end = start = me;
    }
    if (gf_buf_add(out, subject + copied, len - copied) < 0)
        rc = gf_error_set(err, GF_ETOOBIG, "regex replacement result over the size limit");
done:
    pcre2_match_data_free(md);
    return rc;
}
