/* yaml: gf_yaml_node trees from libyaml's event stream; a serde-saphyr-style
 * writer. */
#include "util/yaml.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/vec.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

/* One open collection: its node (items filled in at its end), the index in
 * loader.kids where its children start, and its anchor name or NULL. */
typedef struct frame {
    gf_yaml_node *node;
    size_t first;
    const char *anchor;
} frame;

/* Anchor table slot (open addressing, linear probing). name lives in the
 * arena; node is NULL while the anchored collection is still open, which
 * is how an alias to its own enclosing node is caught. */
typedef struct anchor_slot {
    const char *name;
    gf_yaml_node *node;
} anchor_slot;

/* A mapping key reduced to what serde_yaml compares: null, a boolean, an
 * integer, or text (strings, and floats by their spelling). */
enum { KEY_NULL, KEY_BOOL, KEY_INT, KEY_TEXT };
typedef struct key_ref {
    int kind;
    long long ival;
    const gf_yaml_node *node;
    size_t index; /* pair index in the mapping */
} key_ref;

typedef struct loader {
    const char *data; /* input after any byte order mark */
    size_t len;
    size_t bom; /* bytes skipped before data */
    const char *name;
    gf_error *err;
    gf_arena *arena;
    GF_VEC(frame) stack;
    /* Children of every open collection, innermost last: a frame owns
     * kids[first..len) until it ends. */
    GF_VEC(gf_yaml_node *) kids;
    GF_VEC(gf_yaml_doc) docs;
    GF_VEC(key_ref) keys; /* scratch for the duplicate check */
    anchor_slot *anchors;
    size_t acap, alen; /* acap is 0 or a power of two; alen <= acap / 2 */
    size_t nodes;      /* nodes created so far in the stream, copies included */
    gf_yaml_node *root;
    uint32_t doc_line;
} loader;

static const gf_yaml_node null_node_proto = {GF_YAML_NULL, "", 0, true, 0, 0, 0, NULL};

/* ---- positions and messages ------------------------------------------- */

/* Length of the line break at s[i] as libyaml counts them (\r\n, \r, \n,
 * NEL, LS, PS), or 0. */
static size_t break_len(const unsigned char *s, size_t n, size_t i)
{
    if (s[i] == '\r')
        return i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
    if (s[i] == '\n')
        return 1;
    if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0x85)
        return 2;
    if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
        return 3;
    return 0;
}

/* Byte offset in the original input of a 0-based line and character
 * column, counted as libyaml counts them; clamped to the input's end. */
static size_t offset_at(const loader *L, size_t line, size_t col)
{
    const unsigned char *s = (const unsigned char *)L->data;
    size_t n = L->len, i = 0;
    while (line > 0 && i < n) {
        size_t b = break_len(s, n, i);
        if (b) {
            i += b;
            line--;
        } else {
            i++;
        }
    }
    while (col > 0 && i < n) {
        i++;
        while (i < n && (s[i] & 0xC0) == 0x80)
            i++;
        col--;
    }
    return L->bom + i;
}

/* 1-based line and character column of byte offset off in data. */
static void position_of(const loader *L, size_t off, uint32_t *line, uint32_t *col)
{
    const unsigned char *s = (const unsigned char *)L->data;
    size_t n = off < L->len ? off : L->len, i = 0, l = 0, c = 0;
    while (i < n) {
        size_t b = break_len(s, n, i);
        if (b) {
            i += b;
            l++;
            c = 0;
        } else {
            if ((s[i] & 0xC0) != 0x80)
                c++;
            i++;
        }
    }
    *line = l + 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)(l + 1);
    *col = c + 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)(c + 1);
}

/* A 0-based libyaml count as a 1-based position, saturating. */
static uint32_t one_based(size_t v)
{
    return v >= UINT32_MAX ? UINT32_MAX : (uint32_t)v + 1;
}

/* Records "'name':line:col: message" with path, position and byte offset.
 * line and col are 1-based; offset is in the original input. */
__attribute__((format(printf, 6, 7))) static int
fail_at(loader *L, int code, uint32_t line, uint32_t col, size_t offset, const char *fmt, ...)
{
    if (!L->err)
        return code;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (L->name)
        gf_error_set(L->err, code, "'%s':%u:%u: %s", L->name, line, col, msg);
    else
        gf_error_set(L->err, code, "%u:%u: %s", line, col, msg);
    snprintf(L->err->path, sizeof L->err->path, "%s", L->name ? L->name : "");
    L->err->line = line;
    L->err->column = col;
    L->err->offset = offset;
    return code;
}

/* Offsets of errors at nodes are recomputed from line and column: nodes do
 * not carry one, and errors are rare. */
#define FAIL_POS(L, code, line, col, ...)                                                          \
    fail_at((L), (code), (line), (col), offset_at((L), (line)-1, (col)-1), __VA_ARGS__)
#define FAIL_MARK(L, code, mark, ...)                                                              \
    FAIL_POS((L), (code), one_based((mark).line), one_based((mark).column), __VA_ARGS__)

/*
 * Writes s[0..n) single-quoted into out for a message: control bytes as
 * \xNN, other bytes verbatim (libyaml hands over valid UTF-8), at most 48
 * bytes of text and then "...", never cutting a UTF-8 sequence.
 */
static void excerpt(char *out, size_t cap, const char *s, size_t n)
{
    size_t o = 0, max = 48;
    out[o++] = '\'';
    size_t i = 0;
    for (; i < n && i < max && o + 8 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
        else
            out[o++] = (char)c;
    }
    if (i < n) {
        /* Drop a UTF-8 sequence cut in two (its bytes were copied one for one). */
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && ((unsigned char)s[i - 1] & 0x80)) {
            i--;
            o--;
        }
        out[o++] = '\'';
        memcpy(out + o, "...", 4);
        return;
    }
    out[o++] = '\'';
    out[o] = '\0';
}

/* Turns libyaml's error into gf_error. */
static int fail_libyaml(loader *L, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "invalid yaml";
    if (p->error == YAML_MEMORY_ERROR) {
        if (L->name)
            return gf_error_path(L->err, GF_ENOMEM, L->name, "out of memory");
        return gf_error_set(L->err, GF_ENOMEM, "out of memory");
    }
    if (p->error == YAML_READER_ERROR) {
        /* Reader errors carry a byte offset instead of a mark. */
        uint32_t line, col;
        position_of(L, p->problem_offset, &line, &col);
        size_t off = L->bom + (p->problem_offset < L->len ? p->problem_offset : L->len);
        if (p->problem_value < 0)
            return fail_at(L, GF_ESYNTAX, line, col, off, "%s", problem);
        if (strstr(problem, "octet"))
            return fail_at(L, GF_ESYNTAX, line, col, off, "%s (byte 0x%02x)", problem,
                           (unsigned)p->problem_value & 0xFF);
        return fail_at(L, GF_ESYNTAX, line, col, off, "%s (U+%04X)", problem,
                       (unsigned)p->problem_value);
    }
    if (p->context)
        return FAIL_MARK(L, GF_ESYNTAX, p->problem_mark, "%s (%s at %u:%u)", problem, p->context,
                         one_based(p->context_mark.line), one_based(p->context_mark.column));
    return FAIL_MARK(L, GF_ESYNTAX, p->problem_mark, "%s", problem);
}

/* ---- anchors ------------------------------------------------------------ */

static size_t hash_name(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* The slot holding name, or the empty slot where it would go. acap > 0. */
static anchor_slot *anchor_slot_for(anchor_slot *slots, size_t cap, const char *name)
{
    size_t i = hash_name(name) & (cap - 1);
    while (slots[i].name && strcmp(slots[i].name, name) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

/* Binds name to node (NULL: being built), replacing an earlier binding, as
 * YAML lets a later anchor of the same name shadow the first. */
static void anchor_set(loader *L, const char *name, gf_yaml_node *node)
{
    if ((L->alen + 1) * 2 > L->acap) {
        size_t cap = L->acap ? L->acap * 2 : 16;
        anchor_slot *slots = gf_calloc(cap, sizeof *slots);
        for (size_t i = 0; i < L->acap; i++)
            if (L->anchors[i].name)
                *anchor_slot_for(slots, cap, L->anchors[i].name) = L->anchors[i];
        gf_free(L->anchors);
        L->anchors = slots;
        L->acap = cap;
    }
    anchor_slot *s = anchor_slot_for(L->anchors, L->acap, name);
    if (!s->name) {
        s->name = gf_arena_strdup(L->arena, name);
        L->alen++;
    }
    s->node = node;
}

/* Looks name up: false if never bound, else true with *node (NULL while
 * the anchored collection is open). */
static bool anchor_get(const loader *L, const char *name, gf_yaml_node **node)
{
    if (!L->acap)
        return false;
    anchor_slot *s = anchor_slot_for(L->anchors, L->acap, name);
    if (!s->name)
        return false;
    *node = s->node;
    return true;
}

/* ---- tree building -------------------------------------------------------- */

/* A new node from the arena, counted against the budget; line and col are
 * where an over-budget error points. */
static int new_node(loader *L, gf_yaml_type type, uint32_t line, uint32_t col, gf_yaml_node **out)
{
    if (++L->nodes > GF_YAML_MAX_NODES)
        return FAIL_POS(L, GF_ETOOBIG, line, col,
                        "document too large (more than %d nodes with aliases expanded)",
                        GF_YAML_MAX_NODES);
    gf_yaml_node *n = gf_arena_alloc(L->arena, sizeof *n);
    *n = null_node_proto;
    n->type = type;
    n->plain = type == GF_YAML_NULL;
    n->line = line;
    n->col = col;
    *out = n;
    return 0;
}

static const char *kind_name(gf_yaml_type t)
{
    return t == GF_YAML_SEQ ? "a sequence" : "a mapping";
}

/* True when the next node completed in the innermost collection is a key. */
static bool at_key(const loader *L)
{
    if (!L->stack.len)
        return false;
    const frame *f = &gf_vec_last(&L->stack);
    return f->node->type == GF_YAML_MAP && (L->kids.len - f->first) % 2 == 0;
}

static int refuse_key(loader *L, gf_yaml_type t, uint32_t line, uint32_t col)
{
    return FAIL_POS(L, GF_ESYNTAX, line, col, "mapping keys must be scalars, found %s",
                    kind_name(t));
}

static void add_node(loader *L, gf_yaml_node *n)
{
    if (L->stack.len)
        gf_vec_push(&L->kids, n);
    else
        L->root = n;
}

/*
 * Copies the tree at src for an alias; depth is the number of collections
 * that will enclose the copy. Scalar text is shared, not copied (nodes are
 * immutable once built). src's height is at most GF_YAML_MAX_DEPTH, which
 * bounds the recursion. line and col locate errors (the alias).
 */
static int copy_tree(loader *L, const gf_yaml_node *src, size_t depth, uint32_t line, uint32_t col,
                     gf_yaml_node **out)
{
    bool coll = src->type == GF_YAML_SEQ || src->type == GF_YAML_MAP;
    if (coll && depth >= GF_YAML_MAX_DEPTH)
        return FAIL_POS(L, GF_ETOOBIG, line, col, "nesting deeper than %d levels",
                        GF_YAML_MAX_DEPTH);
    gf_yaml_node *n;
    int rc = new_node(L, src->type, line, col, &n);
    if (rc)
        return rc;
    *n = *src;
    *out = n;
    if (!coll)
        return 0;
    size_t count = src->type == GF_YAML_MAP ? 2 * src->n : src->n;
    n->items = count ? gf_arena_alloc(L->arena, gf_mul_size(count, sizeof *n->items)) : NULL;
    for (size_t i = 0; i < count; i++)
        if ((rc = copy_tree(L, src->items[i], depth + 1, line, col, &n->items[i])) != 0)
            return rc;
    return 0;
}

static bool text_is(const gf_yaml_node *n, const char *s)
{
    size_t l = strlen(s);
    return n->len == l && memcmp(n->str, s, l) == 0;
}

static key_ref classify_key(const gf_yaml_node *k, size_t index)
{
    key_ref r = {KEY_TEXT, 0, k, index};
    bool b;
    long long v;
    if (gf_yaml_is_null(k)) {
        r.kind = KEY_NULL;
    } else if (gf_yaml_bool(k, &b)) {
        r.kind = KEY_BOOL;
        r.ival = b;
    } else if (gf_yaml_int(k, &v)) {
        r.kind = KEY_INT;
        r.ival = v;
    }
    return r;
}

/* Orders by key value, then by position in the mapping. */
static int key_cmp(const void *pa, const void *pb)
{
    const key_ref *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->kind == KEY_BOOL || a->kind == KEY_INT) {
        if (a->ival != b->ival)
            return a->ival < b->ival ? -1 : 1;
    } else if (a->kind == KEY_TEXT) {
        if (a->node->len != b->node->len)
            return a->node->len < b->node->len ? -1 : 1;
        int c = memcmp(a->node->str, b->node->str, a->node->len);
        if (c)
            return c;
    }
    return a->index < b->index ? -1 : a->index > b->index;
}

static bool key_same(const key_ref *a, const key_ref *b)
{
    key_ref x = *a, y = *b;
    x.index = y.index = 0;
    return key_cmp(&x, &y) == 0;
}

/*
 * Refuses a mapping with two equal keys, reporting the earliest key (in
 * document order) that repeats an earlier one. Sorting keeps a mapping of
 * many keys O(n log n).
 */
static int check_keys(loader *L, const gf_yaml_node *map)
{
    if (map->n < 2)
        return 0;
    gf_vec_clear(&L->keys);
    gf_vec_reserve(&L->keys, map->n);
    for (size_t i = 0; i < map->n; i++)
        L->keys.items[L->keys.len++] = classify_key(map->items[2 * i], i);
    key_ref *k = L->keys.items;
    qsort(k, map->n, sizeof *k, key_cmp);
    const key_ref *dup = NULL, *orig = NULL;
    for (size_t i = 1, group = 0; i < map->n; i++) {
        if (!key_same(&k[i - 1], &k[i])) {
            group = i;
        } else if (i - 1 == group && (!dup || k[i].index < dup->index)) {
            dup = &k[i];
            orig = &k[group];
        }
    }
    if (!dup)
        return 0;
    char text[128];
    excerpt(text, sizeof text, dup->node->str, dup->node->len);
    return FAIL_POS(L, GF_ESYNTAX, dup->node->line, dup->node->col,
                    "duplicate key %s (first at %u:%u)", text, orig->node->line, orig->node->col);
}

/*
 * Accepts no tag, the non-specific "!", and the core schema's tags that fit
 * the node's kind; *string is set for scalars that must stay strings.
 */
static int check_tag(loader *L, const yaml_char_t *utag, gf_yaml_type kind, bool *string,
                     yaml_mark_t mark)
{
    const char *tag = (const char *)utag;
    if (!tag)
        return 0;
    if (strcmp(tag, "!") == 0) {
        *string = true;
        return 0;
    }
    size_t pl = strlen(TAG_PREFIX);
    if (strncmp(tag, TAG_PREFIX, pl) == 0) {
        const char *t = tag + pl;
        if (kind == GF_YAML_SCALAR && strcmp(t, "str") == 0) {
            *string = true;
            return 0;
        }
        if (kind == GF_YAML_SCALAR && (strcmp(t, "null") == 0 || strcmp(t, "bool") == 0 ||
                                       strcmp(t, "int") == 0 || strcmp(t, "float") == 0)) {
            *string = false;
            return 0;
        }
        if ((kind == GF_YAML_SEQ && strcmp(t, "seq") == 0) ||
            (kind == GF_YAML_MAP && strcmp(t, "map") == 0))
            return 0;
    }
    char text[128];
    excerpt(text, sizeof text, tag, strlen(tag));
    return FAIL_MARK(L, GF_ESYNTAX, mark, "unsupported tag %s", text);
}

static int on_scalar(loader *L, const yaml_event_t *ev)
{
    uint32_t line = one_based(ev->start_mark.line), col = one_based(ev->start_mark.column);
    bool string = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    int rc = check_tag(L, ev->data.scalar.tag, GF_YAML_SCALAR, &string, ev->start_mark);
    if (rc)
        return rc;
    size_t len = ev->data.scalar.length;
    gf_yaml_node *n;
    /* Only an empty node gives an empty plain scalar. */
    if ((rc = new_node(L, len || string ? GF_YAML_SCALAR : GF_YAML_NULL, line, col, &n)) != 0)
        return rc;
    if (len)
        n->str = gf_arena_strndup(L->arena, (const char *)ev->data.scalar.value, len);
    n->len = len;
    n->plain = !string;
    if (ev->data.scalar.anchor)
        anchor_set(L, (const char *)ev->data.scalar.anchor, n);
    add_node(L, n);
    return 0;
}

static int on_alias(loader *L, const yaml_event_t *ev)
{
    uint32_t line = one_based(ev->start_mark.line), col = one_based(ev->start_mark.column);
    const char *name = (const char *)ev->data.alias.anchor;
    gf_yaml_node *src = NULL;
    char text[128];
    if (!anchor_get(L, name, &src)) {
        excerpt(text, sizeof text, name, strlen(name));
        return FAIL_POS(L, GF_ESYNTAX, line, col, "undefined alias %s", text);
    }
    if (!src) {
        excerpt(text, sizeof text, name, strlen(name));
        return FAIL_POS(L, GF_ESYNTAX, line, col, "alias %s refers to a node that contains it",
                        text);
    }
    if (at_key(L) && (src->type == GF_YAML_SEQ || src->type == GF_YAML_MAP))
        return refuse_key(L, src->type, line, col);
    gf_yaml_node *n;
    int rc = copy_tree(L, src, L->stack.len, line, col, &n);
    if (rc)
        return rc;
    n->line = line;
    n->col = col;
    add_node(L, n);
    return 0;
}

static int on_start(loader *L, const yaml_event_t *ev, gf_yaml_type type)
{
    uint32_t line = one_based(ev->start_mark.line), col = one_based(ev->start_mark.column);
    if (at_key(L))
        return refuse_key(L, type, line, col);
    if (L->stack.len >= GF_YAML_MAX_DEPTH)
        return FAIL_POS(L, GF_ETOOBIG, line, col, "nesting deeper than %d levels",
                        GF_YAML_MAX_DEPTH);
    bool string = false;
    const yaml_char_t *tag =
        type == GF_YAML_SEQ ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;
    const yaml_char_t *anchor =
        type == GF_YAML_SEQ ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
    int rc = check_tag(L, tag, type, &string, ev->start_mark);
    if (rc)
        return rc;
    frame f = {NULL, L->kids.len, NULL};
    if ((rc = new_node(L, type, line, col, &f.node)) != 0)
        return rc;
    if (anchor) {
        anchor_set(L, (const char *)anchor, NULL);
        f.anchor = anchor_slot_for(L->anchors, L->acap, (const char *)anchor)->name;
    }
    gf_vec_push(&L->stack, f);
    return 0;
}

static int on_end(loader *L)
{
    frame f = gf_vec_pop(&L->stack);
    gf_yaml_node *n = f.node;
    size_t count = L->kids.len - f.first;
    if (n->type == GF_YAML_MAP)
        count &= ~(size_t)1; /* libyaml always ends a mapping after a value */
    if (count) {
        n->items = gf_arena_alloc(L->arena, gf_mul_size(count, sizeof *n->items));
        memcpy(n->items, L->kids.items + f.first, count * sizeof *n->items);
    }
    n->n = n->type == GF_YAML_MAP ? count / 2 : count;
    L->kids.len = f.first;
    if (n->type == GF_YAML_MAP) {
        int rc = check_keys(L, n);
        if (rc)
            return rc;
    }
    if (f.anchor)
        anchor_set(L, f.anchor, n);
    add_node(L, n);
    return 0;
}

static int on_event(loader *L, const yaml_event_t *ev, bool *done)
{
    switch (ev->type) {
    case YAML_STREAM_END_EVENT: *done = true; return 0;
    case YAML_DOCUMENT_START_EVENT:
        /* Anchors do not cross documents. */
        if (L->acap)
            memset(L->anchors, 0, L->acap * sizeof *L->anchors);
        L->alen = 0;
        L->root = NULL;
        L->doc_line = one_based(ev->start_mark.line);
        return 0;
    case YAML_DOCUMENT_END_EVENT: {
        gf_yaml_node *root = L->root;
        if (!root) {
            int rc = new_node(L, GF_YAML_NULL, L->doc_line, 1, &root);
            if (rc)
                return rc;
        }
        gf_yaml_doc d = {root, L->doc_line};
        gf_vec_push(&L->docs, d);
        return 0;
    }
    case YAML_SCALAR_EVENT: return on_scalar(L, ev);
    case YAML_ALIAS_EVENT: return on_alias(L, ev);
    case YAML_SEQUENCE_START_EVENT: return on_start(L, ev, GF_YAML_SEQ);
    case YAML_MAPPING_START_EVENT: return on_start(L, ev, GF_YAML_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return L->stack.len ? on_end(L) : 0;
    default: return 0;
    }
}

/*
 * libyaml cannot find the indentation of a block scalar without an
 * indentation indicator whose first line starts with a tab ("found a tab
 * character where an indentation space is expected"), although YAML allows
 * it and serde-saphyr writes such blocks (a fixed text of tab-indented
 * code). For that error this returns a copy of the input with the
 * indicator the tab's column implies inserted after the '|' or '>' (*n its
 * length), to be parsed instead; otherwise NULL. Positions stay exact:
 * only that header line gains a character, after the scalar's start.
 */
static char *with_block_indicator(const loader *L, const yaml_parser_t *p, size_t *n)
{
    if (p->error != YAML_SCANNER_ERROR || !p->problem || !p->context ||
        strcmp(p->problem, "found a tab character where an indentation space is expected") != 0 ||
        strcmp(p->context, "while scanning a block scalar") != 0)
        return NULL;
    long base = p->indent > 0 ? (long)p->indent : 0;
    long step = (long)p->problem_mark.column - base;
    if (step < 1 || step > 9)
        return NULL;
    size_t at = offset_at(L, p->context_mark.line, p->context_mark.column) - L->bom;
    if (at >= L->len || (L->data[at] != '|' && L->data[at] != '>'))
        return NULL;
    for (size_t k = at + 1; k < L->len && (L->data[k] == '+' || L->data[k] == '-' ||
                                           (L->data[k] >= '0' && L->data[k] <= '9'));
         k++)
        if (L->data[k] >= '0' && L->data[k] <= '9')
            return NULL; /* it has one: a tab really is misplaced */
    char *q = gf_malloc(L->len + 1);
    memcpy(q, L->data, at + 1);
    q[at + 1] = (char)('0' + step);
    memcpy(q + at + 2, L->data + at + 1, L->len - at - 1);
    *n = L->len + 1;
    return q;
}

/* Parses L's input into L->docs. On libyaml's tab error, *retry receives
 * the input to parse instead (see with_block_indicator) when retry is not
 * NULL, and 1 is returned. */
static int parse_all(loader *L, char **retry, size_t *retry_len)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return gf_error_set(L->err, GF_ENOMEM, "out of memory");
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&p, (const unsigned char *)L->data, L->len);
    int rc = 0;
    for (bool done = false; !done && rc == 0;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            if (retry && (*retry = with_block_indicator(L, &p, retry_len)) != NULL)
                rc = 1;
            else
                rc = fail_libyaml(L, &p);
            break;
        }
        rc = on_event(L, &ev, &done);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return rc;
}

/* Block scalars fixed up per parse, at most (each costs a parse). */
#define MAX_INDICATOR_FIXES 256

int gf_yaml_load(const char *data, size_t len, const char *name, gf_yaml_docs *out, gf_error *err)
{
    out->items = NULL;
    out->len = 0;
    gf_arena_init(&out->arena, 16 * 1024);
    char *patched = NULL;
    size_t plen = 0;
    int rc;
    for (int attempt = 0;; attempt++) {
        loader L = {0};
        L.data = patched ? patched : data ? data : "";
        L.len = patched ? plen : data ? len : 0;
        /* serde_yaml reads UTF-8 only; a byte order mark is skipped here,
         * since libyaml told the encoding would count it as a character
         * of line 1. */
        if (!patched && L.len >= 3 && memcmp(L.data, "\xEF\xBB\xBF", 3) == 0) {
            L.data += 3;
            L.len -= 3;
        }
        L.bom = data && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        L.name = name;
        L.err = err;
        L.arena = &out->arena;
        char *next = NULL;
        size_t nlen = 0;
        rc = parse_all(&L, attempt < MAX_INDICATOR_FIXES ? &next : NULL, &nlen);
        if (rc == 0 && L.docs.len) {
            out->items = gf_arena_alloc(&out->arena, gf_mul_size(L.docs.len, sizeof *out->items));
            memcpy(out->items, L.docs.items, L.docs.len * sizeof *out->items);
            out->len = L.docs.len;
        }
        gf_vec_release(&L.stack);
        gf_vec_release(&L.kids);
        gf_vec_release(&L.docs);
        gf_vec_release(&L.keys);
        gf_free(L.anchors);
        if (rc != 1)
            break;
        gf_free(patched);
        patched = next;
        plen = nlen;
        gf_arena_release(&out->arena);
        gf_arena_init(&out->arena, 16 * 1024);
    }
    gf_free(patched);
    if (rc)
        gf_yaml_docs_release(out);
    return rc;
}

void gf_yaml_docs_release(gf_yaml_docs *docs)
{
    gf_arena_release(&docs->arena);
    docs->items = NULL;
    docs->len = 0;
}

/* ---- reading -------------------------------------------------------------- */

const gf_yaml_node *gf_yaml_get(const gf_yaml_node *map, const char *key)
{
    if (!map || map->type != GF_YAML_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (text_is(map->items[2 * i], key))
            return map->items[2 * i + 1];
    return NULL;
}

bool gf_yaml_is_null(const gf_yaml_node *node)
{
    if (!node)
        return false;
    if (node->type == GF_YAML_NULL)
        return true;
    return node->type == GF_YAML_SCALAR && node->plain &&
           (node->len == 0 || text_is(node, "~") || text_is(node, "null") ||
            text_is(node, "Null") || text_is(node, "NULL"));
}

bool gf_yaml_bool(const gf_yaml_node *node, bool *out)
{
    if (!node || node->type != GF_YAML_SCALAR || !node->plain)
        return false;
    if (text_is(node, "true") || text_is(node, "True") || text_is(node, "TRUE")) {
        *out = true;
        return true;
    }
    if (text_is(node, "false") || text_is(node, "False") || text_is(node, "FALSE")) {
        *out = false;
        return true;
    }
    return false;
}

static unsigned digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (unsigned)(c - 'A' + 10);
    return 99;
}

/* Leading zeros followed by digits: a string to serde_yaml (YAML 1.2). */
static bool zero_padded(const char *s, size_t n)
{
    if (n && (s[0] == '+' || s[0] == '-'))
        s++, n--;
    if (n < 2 || s[0] != '0')
        return false;
    for (size_t i = 1; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool gf_yaml_int(const gf_yaml_node *node, long long *out)
{
    if (!node || node->type != GF_YAML_SCALAR || !node->plain)
        return false;
    const char *s = node->str;
    size_t n = node->len, i = 0;
    if (zero_padded(s, n))
        return false;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    unsigned base = 10;
    if (n - i > 2 && s[i] == '0') {
        char b = s[i + 1];
        base = b == 'x' ? 16 : b == 'o' ? 8 : b == 'b' ? 2 : 10;
        if (base != 10)
            i += 2;
    }
    if (i == n)
        return false;
    unsigned long long limit =
        neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
    unsigned long long v = 0;
    for (; i < n; i++) {
        unsigned d = digit_value(s[i]);
        if (d >= base || v > (limit - d) / base)
            return false;
        v = v * base + d;
    }
    if (!neg)
        *out = (long long)v;
    else if (v == (unsigned long long)LLONG_MAX + 1)
        *out = LLONG_MIN;
    else
        *out = -(long long)v;
    return true;
}

/* YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?,
 * [-+]?\.inf and \.nan in three cases. */
static bool is_float(const gf_yaml_node *node)
{
    const char *s = node->str;
    size_t n = node->len, i = 0;
    if (text_is(node, ".nan") || text_is(node, ".NaN") || text_is(node, ".NAN"))
        return true;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    if (n - i == 4 &&
        (!memcmp(s + i, ".inf", 4) || !memcmp(s + i, ".Inf", 4) || !memcmp(s + i, ".INF", 4)))
        return true;
    size_t digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    if (!digits)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i == n)
            return false;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    return i == n;
}

const char *gf_yaml_type_name(const gf_yaml_node *node)
{
    bool b;
    long long v;
    if (!node || gf_yaml_is_null(node))
        return "null";
    switch (node->type) {
    case GF_YAML_SEQ: return "a sequence";
    case GF_YAML_MAP: return "a mapping";
    default: break;
    }
    if (!node->plain)
        return "a string";
    if (gf_yaml_bool(node, &b))
        return "a boolean";
    if (gf_yaml_int(node, &v))
        return "an integer";
    if (!zero_padded(node->str, node->len) && is_float(node))
        return "a number";
    return "a string";
}

/* ---- writing --------------------------------------------------------------- */

/*
 * The writer reproduces serde-saphyr 2.0.0 with its default options, the
 * serializer of ast-grep's snapshot files, for block mappings, block
 * sequences and string or unsigned scalars. Its rules, in the order it
 * applies them to a string value:
 *
 *   - a string with a line feed whose every character may appear in a
 *     block scalar is a literal block;
 *   - a single-line string of more than W_WRAP characters that would be a
 *     safe plain value without its trailing spaces is a folded block,
 *     wrapped at spaces past W_WRAP characters;
 *   - ".", "#" and "-" alone are single-quoted;
 *   - a safe plain value is plain; anything else is double-quoted.
 *
 * Keys are plain or double-quoted only, by a stricter test. "Safe" means
 * the text would not read back as another type under YAML 1.1 and its
 * common reader extensions (sexagesimal numbers, timestamps, yes/no, Go's
 * underscores), does not begin with an indicator, has no ": ", " #",
 * trailing ':', control character or edge whitespace.
 */
#define W_INDENT 2
#define W_WRAP 80

/* Where a collection's first entry goes: after "key:" (on a new line),
 * after its parent's "- " (on that line), or at the top. */
typedef enum { WO_TOP, WO_VALUE, WO_ITEM } w_origin;

typedef struct w_frame {
    bool is_map;
    w_origin origin;
    bool opened;     /* its first entry (or its empty form) was written */
    bool want_value; /* map: a key was written, its value comes next */
    size_t col;      /* map: column of its keys; sequence: of its dashes */
} w_frame;

struct gf_yaml_writer {
    gf_buf *out;
    GF_VEC(w_frame) stack;
    bool line_start; /* the next character starts a line */
    bool done;       /* the root node is complete */
    bool failed;
    char problem[160];
};

static void w_fail(gf_yaml_writer *w, const char *msg)
{
    if (!w->failed)
        snprintf(w->problem, sizeof w->problem, "%s", msg);
    w->failed = true;
}

static void w_spaces(gf_yaml_writer *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gf_buf_addc(w->out, ' ');
}

static void w_newline(gf_yaml_writer *w)
{
    gf_buf_addc(w->out, '\n');
    w->line_start = true;
}

/* Indents to col when at the start of a line (not after "- "). */
static void w_indent(gf_yaml_writer *w, size_t col)
{
    if (w->line_start)
        w_spaces(w, col);
    w->line_start = false;
}

/* Writes what precedes frame i's first entry: a line break after its key,
 * or its parent's dash (opening the parent first). */
static void w_open(gf_yaml_writer *w, size_t i)
{
    w_frame *f = &w->stack.items[i];
    if (f->opened)
        return;
    f->opened = true;
    if (f->origin == WO_VALUE) {
        w_newline(w);
    } else if (f->origin == WO_ITEM) {
        w_open(w, i - 1);
        w_indent(w, w->stack.items[i - 1].col);
        gf_buf_adds(w->out, "- ");
    }
}

/* ---- characters ---- */

/* Decodes the UTF-8 sequence at s[*i] into *cp; false (and *i untouched)
 * for an invalid, overlong or surrogate sequence. */
static bool utf8_next(const unsigned char *s, size_t n, size_t *i, uint32_t *cp)
{
    size_t k = *i;
    unsigned c = s[k];
    size_t len = c < 0x80             ? 1
                 : (c & 0xE0) == 0xC0 ? 2
                 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4
                                      : 0;
    if (!len || k + len > n)
        return false;
    uint32_t v = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t j = 1; j < len; j++) {
        if ((s[k + j] & 0xC0) != 0x80)
            return false;
        v = (v << 6) | (s[k + j] & 0x3F);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return false;
    *cp = v;
    *i = k + len;
    return true;
}

/* Decodes a string already known to be valid UTF-8. */
static uint32_t next_cp(const char *s, size_t n, size_t *i)
{
    uint32_t cp = 0xFFFD;
    if (!utf8_next((const unsigned char *)s, n, i, &cp))
        (*i)++;
    return cp;
}

static bool utf8_valid(const char *s, size_t n)
{
    uint32_t cp;
    for (size_t i = 0; i < n;)
        if (!utf8_next((const unsigned char *)s, n, &i, &cp))
            return false;
    return true;
}

/* Unicode White_Space (Rust's char::is_whitespace, used by its trim). */
static bool is_space_cp(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

/* Control characters (Cc), the byte order mark, the line and paragraph
 * separators and the two non-characters: never plain or single-quoted. */
static bool needs_escape(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFEFF || c == 0x2028 || c == 0x2029 ||
           c == 0xFFFE || c == 0xFFFF;
}

/* What a literal or folded block may hold unescaped. */
static bool block_char(uint32_t c)
{
    return c == '\n' || c == '\t' || (c >= 0x20 && c <= 0x7E) ||
           (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) ||
           (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || c >= 0x10000;
}

/* Space, tab, line feed, form feed, carriage return (Rust's
 * u8::is_ascii_whitespace). */
static bool ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool radix_digit(char c, unsigned radix)
{
    unsigned d = digit_value(c);
    return d < radix;
}

/* ---- text that would not read back as a string ---- */

typedef struct span {
    const char *s;
    size_t n;
} span;

static bool sp_is(span t, const char *lit)
{
    return t.n == strlen(lit) && memcmp(t.s, lit, t.n) == 0;
}

static bool sp_is_ic(span t, const char *lit)
{
    if (t.n != strlen(lit))
        return false;
    for (size_t i = 0; i < t.n; i++) {
        char a = t.s[i], b = lit[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

static bool sp_has(span t, char c)
{
    return t.n && memchr(t.s, c, t.n) != NULL;
}

/* t without one leading '+' or '-'. */
static span unsigned_part(span t)
{
    if (t.n && (t.s[0] == '+' || t.s[0] == '-'))
        return (span){t.s + 1, t.n - 1};
    return t;
}

/* Splits t at the first c (or at either of c and d): head and tail. */
static bool split_at(span t, char c, char d, span *head, span *tail)
{
    for (size_t i = 0; i < t.n; i++)
        if (t.s[i] == c || t.s[i] == d) {
            *head = (span){t.s, i};
            *tail = (span){t.s + i + 1, t.n - i - 1};
            return true;
        }
    return false;
}

/* Not empty, all digits of radix. */
static bool all_digits(span t, unsigned radix)
{
    if (!t.n)
        return false;
    for (size_t i = 0; i < t.n; i++)
        if (!radix_digit(t.s[i], radix))
            return false;
    return true;
}

/* Digits of radix and underscores, with at least one digit. */
static bool digit_run(span t, unsigned radix)
{
    bool digit = false;
    for (size_t i = 0; i < t.n; i++) {
        if (t.s[i] == '_')
            continue;
        if (!radix_digit(t.s[i], radix))
            return false;
        digit = true;
    }
    return digit;
}

/* Digits (or '_', or '.' when dots) only; true for empty text. */
static bool only_digits(span t, char also)
{
    for (size_t i = 0; i < t.n; i++)
        if (!is_digit(t.s[i]) && t.s[i] != also)
            return false;
    return true;
}

static bool any_digit(span t)
{
    for (size_t i = 0; i < t.n; i++)
        if (is_digit(t.s[i]))
            return true;
    return false;
}

/* "1:20:30": a digit run, then ':'-separated parts of one digit or of
 * [0-5][0-9]. A leading zero only where allow_zero. */
static bool sexagesimal_int(span t, bool allow_zero)
{
    span first, rest;
    if (!split_at(t, ':', ':', &first, &rest))
        return false;
    if (!first.n || !is_digit(first.s[0]) || (!allow_zero && first.s[0] == '0') ||
        !digit_run(first, 10))
        return false;
    for (;;) {
        span part, more;
        bool last = !split_at(rest, ':', ':', &part, &more);
        if (last)
            part = rest;
        bool ok = (part.n == 1 && is_digit(part.s[0])) ||
                  (part.n == 2 && part.s[0] >= '0' && part.s[0] <= '5' && is_digit(part.s[1]));
        if (!ok)
            return false;
        if (last)
            return true;
        rest = more;
    }
}

/* A base-60 integer or float ("190:20:30", "1:20.5"), signed or not. */
static bool sexagesimal(span t)
{
    span u = unsigned_part(t), whole, fraction;
    if (!split_at(u, '.', '.', &whole, &fraction))
        return sexagesimal_int(u, false);
    return sexagesimal_int(whole, true) && only_digits(fraction, '_');
}

/* YAML 1.1 integers: 0, 0b.., 0x.., 0-prefixed octal, base 60, decimal;
 * underscores anywhere after the first digit. */
static bool yaml11_int(span t)
{
    span u = unsigned_part(t);
    if (sp_is(u, "0"))
        return true;
    if (u.n >= 2 && u.s[0] == '0' && u.s[1] == 'b')
        return digit_run((span){u.s + 2, u.n - 2}, 2);
    if (u.n >= 2 && u.s[0] == '0' && u.s[1] == 'x')
        return digit_run((span){u.s + 2, u.n - 2}, 16);
    if (u.n && u.s[0] == '0')
        return digit_run((span){u.s + 1, u.n - 1}, 8);
    if (sp_has(u, ':'))
        return sexagesimal_int(u, false);
    return u.n && u.s[0] >= '1' && u.s[0] <= '9' && digit_run(u, 10);
}

/* YAML 1.1 floats: [-+]?digits?.digits?(e[-+]digits)? with underscores,
 * base 60 with a fraction, .inf and .nan. */
static bool yaml11_float(span t)
{
    if (sp_is(t, ".nan") || sp_is(t, ".NaN") || sp_is(t, ".NAN"))
        return true;
    span u = unsigned_part(t), mant = u, exp, whole, fraction;
    if (sp_is(u, ".inf") || sp_is(u, ".Inf") || sp_is(u, ".INF"))
        return true;
    if (sp_has(u, ':'))
        return sp_has(u, '.') && sexagesimal(t);
    if (split_at(u, 'e', 'E', &mant, &exp)) {
        if (!exp.n || (exp.s[0] != '+' && exp.s[0] != '-'))
            return false;
        exp = (span){exp.s + 1, exp.n - 1};
        if (!all_digits(exp, 10))
            return false;
    }
    if (!split_at(mant, '.', '.', &whole, &fraction))
        return false;
    return (!whole.n || (is_digit(whole.s[0]) && digit_run(whole, 10))) &&
           only_digits(fraction, '_') && (any_digit(whole) || any_digit(fraction));
}

/* A YAML 1.2 core float (or integer): digits, '.', exponent; .inf, .nan. */
static bool yaml12_float(span t)
{
    span u = unsigned_part(t), mant = u, exp, whole = u, fraction = {NULL, 0};
    if (sp_is(u, ".inf") || sp_is(u, ".Inf") || sp_is(u, ".INF") || sp_is(t, ".nan") ||
        sp_is(t, ".NaN") || sp_is(t, ".NAN"))
        return true;
    if (split_at(u, 'e', 'E', &mant, &exp) && !all_digits(unsigned_part(exp), 10))
        return false;
    whole = mant;
    bool has_fraction = split_at(mant, '.', '.', &whole, &fraction);
    if (has_fraction && fraction.n && !all_digits(fraction, 10))
        return false;
    return all_digits(whole, 10) || (!whole.n && has_fraction && all_digits(fraction, 10));
}

/* Consumes min..max leading digits (all of them, whatever their count). */
static bool take_digits(span *t, size_t min, size_t max)
{
    size_t k = 0;
    while (k < t->n && is_digit(t->s[k]))
        k++;
    if (k < min || k > max)
        return false;
    t->s += k;
    t->n -= k;
    return true;
}

static bool take_char(span *t, char c)
{
    if (!t->n || t->s[0] != c)
        return false;
    t->s++;
    t->n--;
    return true;
}

static void skip_blanks(span *t)
{
    while (t->n && (t->s[0] == ' ' || t->s[0] == '\t'))
        t->s++, t->n--;
}

/* A timestamp as lenient readers (Go's) take one: "2001-1-2",
 * "2001-12-14 1:2:3,4 -5". */
static bool timestamp(span t)
{
    if (!take_digits(&t, 4, 4) || !take_char(&t, '-') || !take_digits(&t, 1, 2) ||
        !take_char(&t, '-') || !take_digits(&t, 1, 2))
        return false;
    if (!t.n)
        return true;
    if (!take_char(&t, 'T') && !take_char(&t, 't')) {
        size_t before = t.n;
        skip_blanks(&t);
        if (t.n == before)
            return false;
    }
    if (!take_digits(&t, 1, 2) || !take_char(&t, ':') || !take_digits(&t, 1, 2) ||
        !take_char(&t, ':') || !take_digits(&t, 1, 2))
        return false;
    if (take_char(&t, '.') || take_char(&t, ','))
        take_digits(&t, 0, SIZE_MAX);
    if (!t.n)
        return true;
    skip_blanks(&t);
    if (!t.n || sp_is(t, "Z"))
        return true;
    if ((!take_char(&t, '+') && !take_char(&t, '-')) || !take_digits(&t, 1, 2))
        return false;
    if (take_char(&t, ':') && !take_digits(&t, 2, 2))
        return false;
    return !t.n;
}

/* 0b/0o/0x (either case): the radix and the digits after the prefix. */
static unsigned radix_prefix(span u, span *digits)
{
    if (u.n < 2 || u.s[0] != '0')
        return 0;
    char p = u.s[1];
    unsigned radix = (p == 'b' || p == 'B')   ? 2
                     : (p == 'o' || p == 'O') ? 8
                     : (p == 'x' || p == 'X') ? 16
                                              : 0;
    *digits = (span){u.s + 2, u.n - 2};
    return radix;
}

static bool numeric_go(span g);

/* Numbers as any common reader might take them: base 60, radix prefixes
 * in either case, Go's underscores anywhere, and 1.1's loose floats. */
static bool numeric(span t)
{
    if (!t.n ||
        !(is_digit(t.s[0]) || t.s[0] == '+' || t.s[0] == '-' || t.s[0] == '.' || t.s[0] == '_'))
        return false;
    span u = unsigned_part(t), digits;
    if (sp_is_ic(u, ".inf") || sp_is_ic(u, ".nan"))
        return true;
    if (sexagesimal(t))
        return true;
    unsigned radix = radix_prefix(u, &digits);
    if (radix) {
        bool ok = digits.n > 0;
        for (size_t i = 0; i < digits.n; i++)
            ok = ok && (digits.s[i] == '_' || radix_digit(digits.s[i], radix));
        if (ok)
            return true;
    }
    /* The text without underscores (as Go reads numbers). */
    char small[64];
    char *buf = t.n <= sizeof small ? small : gf_malloc(t.n);
    size_t m = 0;
    for (size_t i = 0; i < t.n; i++)
        if (t.s[i] != '_')
            buf[m++] = t.s[i];
    bool r = numeric_go((span){buf, m});
    if (buf != small)
        gf_free(buf);
    return r;
}

/* The rest of numeric(), on g: the text with its underscores removed. */
static bool numeric_go(span g)
{
    span digits;
    span gu = unsigned_part(g);
    unsigned radix = radix_prefix(gu, &digits);
    if (radix) {
        if (g.n >= 2 && g.s[0] == '0' && (g.s[1] == 'b' || g.s[1] == 'o'))
            digits = unsigned_part(digits);
        return all_digits(digits, radix);
    }
    if (sp_is_ic(gu, ".inf") || sp_is_ic(gu, ".nan"))
        return false;
    if (yaml12_float(g))
        return true;
    span mant = gu, exp, whole, fraction;
    if (split_at(gu, 'e', 'E', &mant, &exp) && !all_digits(unsigned_part(exp), 10))
        return false;
    return split_at(mant, '.', '.', &whole, &fraction) && (!whole.n || all_digits(whole, 10)) &&
           only_digits(fraction, '.');
}

/* t without leading and trailing Unicode white space. */
static span trim_space(span t)
{
    size_t i = 0, start = t.n, end = 0;
    while (i < t.n) {
        size_t at = i;
        uint32_t c = next_cp(t.s, t.n, &i);
        if (!is_space_cp(c)) {
            if (start == t.n)
                start = at;
            end = i;
        }
    }
    return start == t.n ? (span){t.s, 0} : (span){t.s + start, end - start};
}

/* Text that a reader would take for null, a boolean or a number. */
static bool ambiguous(span t)
{
    if (!t.n || sp_is(t, "~") || sp_is_ic(t, "null") || sp_is_ic(t, "true") || sp_is_ic(t, "false"))
        return true;
    if (yaml11_int(t) || yaml11_float(t) || numeric(t) || timestamp(t))
        return true;
    if (sp_is_ic(t, "nan") || sp_is_ic(t, "inf") || sp_is_ic(t, "+inf") || sp_is_ic(t, "-inf"))
        return true;
    static const char *const bools[] = {"y", "yes", "on", "true", "n", "no", "off", "false"};
    for (size_t i = 0; i < sizeof bools / sizeof *bools; i++)
        if (sp_is_ic(t, bools[i]))
            return true;
    return false;
}

/* ---- scalar styles ---- */

/* Plain is safe: keys (in_flow) also refuse ',', '[', ']', '{', '}'. */
static bool plain_ok(span t, bool in_flow)
{
    if (ambiguous(t) || sp_is(t, "<<") || sp_is(t, "="))
        return false;
    if (t.n >= 3 && (!memcmp(t.s, "---", 3) || !memcmp(t.s, "...", 3)) &&
        (t.n == 3 || ascii_space(t.s[3])))
        return false; /* a document marker */
    if (ascii_space(t.s[0]) || ascii_space(t.s[t.n - 1]))
        return false;
    if ((t.s[0] == '-' || t.s[0] == '?') && (t.n == 1 || ascii_space(t.s[1])))
        return false;
    if (strchr(",:[]{}#&*!|>'\"%@`", t.s[0]))
        return false;
    for (size_t i = 0; i + 1 < t.n; i++)
        if (t.s[i] == ':' && t.s[i + 1] == ' ')
            return false;
    span tr = trim_space(t);
    if (tr.n && tr.s[tr.n - 1] == ':')
        return false;
    bool prev_space = false;
    for (size_t i = 0; i < t.n;) {
        uint32_t c = next_cp(t.s, t.n, &i);
        if (needs_escape(c) || (in_flow && c < 0x80 && strchr(",[]{}", (int)c)))
            return false;
        if (c == '#' && prev_space)
            return false; /* would start a comment */
        prev_space = is_space_cp(c);
    }
    return true;
}

static bool block_ok(span t)
{
    for (size_t i = 0; i < t.n;)
        if (!block_char(next_cp(t.s, t.n, &i)))
            return false;
    return true;
}

static void write_double_quoted(gf_yaml_writer *w, span t)
{
    gf_buf_addc(w->out, '"');
    for (size_t i = 0; i < t.n;) {
        size_t at = i;
        uint32_t c = next_cp(t.s, t.n, &i);
        const char *named = NULL;
        switch (c) {
        case '\\': named = "\\\\"; break;
        case '"': named = "\\\""; break;
        case 0: named = "\\0"; break;
        case 7: named = "\\a"; break;
        case 8: named = "\\b"; break;
        case '\t': named = "\\t"; break;
        case '\n': named = "\\n"; break;
        case 11: named = "\\v"; break;
        case 12: named = "\\f"; break;
        case '\r': named = "\\r"; break;
        case 27: named = "\\e"; break;
        case 0x85: named = "\\N"; break;
        case 0x2028: named = "\\L"; break;
        case 0x2029: named = "\\P"; break;
        default: break;
        }
        if (named)
            gf_buf_adds(w->out, named);
        else if (c <= 0xFF && needs_escape(c))
            gf_buf_printf(w->out, "\\x%02X", (unsigned)c);
        else if (needs_escape(c))
            gf_buf_printf(w->out, "\\u%04X", (unsigned)c);
        else
            gf_buf_add(w->out, t.s + at, i - at);
    }
    gf_buf_addc(w->out, '"');
}

/* "|" with an indentation indicator when the first non-empty line starts
 * with a space, and strip ("-"), clip or keep ("+") chomping. */
static void write_literal(gf_yaml_writer *w, span t, size_t col)
{
    size_t content = t.n;
    while (content && t.s[content - 1] == '\n')
        content--;
    size_t trailing = t.n - content;
    gf_buf_addc(w->out, '|');
    for (size_t i = 0; i < content; i++) {
        if (t.s[i] == '\n')
            continue;
        if (t.s[i] == ' ')
            gf_buf_printf(w->out, "%d", W_INDENT);
        break;
    }
    if (trailing == 0)
        gf_buf_addc(w->out, '-');
    else if (trailing > 1 || content == 0)
        gf_buf_addc(w->out, '+');
    w_newline(w);
    if (!content) {
        for (size_t k = 0; k < trailing; k++)
            w_spaces(w, col), gf_buf_addc(w->out, '\n');
        return;
    }
    for (size_t i = 0, start = 0; i <= content; i++) {
        if (i < content && t.s[i] != '\n')
            continue;
        w_spaces(w, col);
        gf_buf_add(w->out, t.s + start, i - start);
        gf_buf_addc(w->out, '\n');
        start = i + 1;
    }
    for (size_t k = 1; k < trailing; k++)
        w_spaces(w, col), gf_buf_addc(w->out, '\n');
}

/* A folded body: each line wrapped at the last run of spaces before its
 * W_WRAP+1st character (a run of n spaces leaves n-1 at the line end, as
 * the fold restores one); a line without such a space is not wrapped
 * further. Columns count characters. */
static void write_folded_line(gf_yaml_writer *w, span line, size_t col)
{
    size_t start = 0, count = 0;
    bool have_run = false, in_run = false;
    size_t run_start = 0, run_len = 0, ws_start = 0, ws_end = 0, ws_len = 0;
    for (size_t i = 0; i < line.n;) {
        size_t at = i;
        uint32_t c = next_cp(line.s, line.n, &i);
        if (in_run && c != ' ') {
            if (c != '\t')
                have_run = true, ws_start = run_start, ws_end = at, ws_len = run_len;
            in_run = false;
            run_len = 0;
        }
        if (c == ' ') {
            if (!in_run)
                in_run = true, run_start = at;
            run_len++;
        }
        if (++count <= W_WRAP)
            continue;
        if (!have_run)
            break;
        w_spaces(w, col);
        gf_buf_add(w->out, line.s + start, ws_start - start);
        w_spaces(w, ws_len - 1);
        gf_buf_addc(w->out, '\n');
        start = ws_end;
        count = 0;
        have_run = false;
    }
    w_spaces(w, col);
    gf_buf_add(w->out, line.s + start, line.n - start);
    gf_buf_addc(w->out, '\n');
}

static void write_folded(gf_yaml_writer *w, span t, size_t col)
{
    gf_buf_adds(w->out, ">-");
    w_newline(w);
    write_folded_line(w, t, col);
}

static size_t char_count(span t)
{
    size_t k = 0;
    for (size_t i = 0; i < t.n; i++)
        k += ((unsigned char)t.s[i] & 0xC0) != 0x80;
    return k;
}

/* A string value; a block body goes at column col. Ends the line. */
static void write_value(gf_yaml_writer *w, span t, size_t col)
{
    span probe = t;
    while (probe.n && probe.s[probe.n - 1] == ' ')
        probe.n--;
    if (t.n && memchr(t.s, '\n', t.n) && block_ok(t)) {
        write_literal(w, t, col);
    } else if (!memchr(t.s, '\n', t.n) && probe.n && plain_ok(probe, false) &&
               char_count(t) > W_WRAP) {
        write_folded(w, t, col);
    } else {
        if (t.n == 1 && strchr(".#-", t.s[0]))
            gf_buf_printf(w->out, "'%c'", t.s[0]);
        else if (plain_ok(t, false))
            gf_buf_add(w->out, t.s, t.n);
        else
            write_double_quoted(w, t);
        w_newline(w);
    }
}

/* ---- events ---- */

gf_yaml_writer *gf_yaml_writer_new(gf_buf *out)
{
    gf_yaml_writer *w = gf_calloc(1, sizeof *w);
    w->out = out;
    w->line_start = true;
    return w;
}

/* Starts a node: checks it may come here and places the cursor after what
 * precedes it ("key:", "- "). Returns the frame it belongs to or NULL at
 * the top; *ok false when it may not come here. */
static w_frame *begin_node(gf_yaml_writer *w, bool collection, bool *ok)
{
    *ok = false;
    if (w->failed)
        return NULL;
    if (!w->stack.len) {
        if (w->done)
            w_fail(w, "more than one root node");
        else
            *ok = true;
        return NULL;
    }
    w_frame *f = &gf_vec_last(&w->stack);
    if (f->is_map && !f->want_value && collection) {
        w_fail(w, "a mapping key must be a scalar");
        return f;
    }
    *ok = true;
    return f;
}

/* The node just written is complete: its parent wants its next entry. */
static void end_node(gf_yaml_writer *w)
{
    if (!w->stack.len)
        w->done = true;
    else if (gf_vec_last(&w->stack).is_map)
        gf_vec_last(&w->stack).want_value = false;
}

static void write_scalar(gf_yaml_writer *w, span t, bool is_string)
{
    bool ok;
    w_frame *f = begin_node(w, false, &ok);
    if (!ok)
        return;
    if (!utf8_valid(t.s, t.n)) {
        w_fail(w, "a string is not valid UTF-8");
        return;
    }
    if (!f) {
        if (is_string)
            write_value(w, t, W_INDENT);
        else
            gf_buf_add(w->out, t.s, t.n), w_newline(w);
        w->done = true;
        return;
    }
    if (f->is_map && !f->want_value) {
        w_open(w, w->stack.len - 1);
        w_indent(w, f->col);
        if (!is_string || (t.n && plain_ok(t, true) && !memchr(t.s, ':', t.n)))
            gf_buf_add(w->out, t.s, t.n);
        else
            write_double_quoted(w, t);
        gf_buf_addc(w->out, ':');
        f->want_value = true;
        return;
    }
    size_t col;
    if (f->is_map) {
        gf_buf_addc(w->out, ' ');
        col = f->col + W_INDENT;
    } else {
        w_open(w, w->stack.len - 1);
        w_indent(w, f->col);
        gf_buf_adds(w->out, "- ");
        col = f->col + W_INDENT;
    }
    if (is_string)
        write_value(w, t, col);
    else
        gf_buf_add(w->out, t.s, t.n), w_newline(w);
    end_node(w);
}

void gf_yaml_write_str(gf_yaml_writer *w, const char *s, size_t n)
{
    write_scalar(w, (span){s, n}, true);
}

void gf_yaml_write_uint(gf_yaml_writer *w, unsigned long long v)
{
    char b[32];
    int n = snprintf(b, sizeof b, "%llu", v);
    write_scalar(w, (span){b, (size_t)n}, false);
}

static void start_collection(gf_yaml_writer *w, bool is_map)
{
    bool ok;
    w_frame *f = begin_node(w, true, &ok);
    if (!ok)
        return;
    w_frame nf = {is_map, WO_TOP, false, false, 0};
    if (f && f->is_map) {
        nf.origin = WO_VALUE;
        nf.col = is_map ? f->col + W_INDENT : f->col; /* sequences: at the key */
    } else if (f) {
        nf.origin = WO_ITEM;
        nf.col = f->col + W_INDENT;
    }
    gf_vec_push(&w->stack, nf);
}

static void end_collection(gf_yaml_writer *w, bool is_map)
{
    if (w->failed)
        return;
    if (!w->stack.len || gf_vec_last(&w->stack).is_map != is_map ||
        gf_vec_last(&w->stack).want_value) {
        w_fail(w, is_map ? "unbalanced end of a mapping" : "unbalanced end of a sequence");
        return;
    }
    w_frame f = gf_vec_last(&w->stack);
    if (!f.opened) { /* empty: the flow form, where its first entry would go */
        if (f.origin == WO_ITEM) {
            w_open(w, w->stack.len - 2);
            w_indent(w, w->stack.items[w->stack.len - 2].col);
            gf_buf_adds(w->out, "- ");
        } else if (f.origin == WO_VALUE) {
            gf_buf_addc(w->out, ' ');
        }
        gf_buf_adds(w->out, is_map ? "{}" : "[]");
        w_newline(w);
    }
    w->stack.len--;
    end_node(w);
}

void gf_yaml_write_map_start(gf_yaml_writer *w)
{
    start_collection(w, true);
}

void gf_yaml_write_map_end(gf_yaml_writer *w)
{
    end_collection(w, true);
}

void gf_yaml_write_seq_start(gf_yaml_writer *w)
{
    start_collection(w, false);
}

void gf_yaml_write_seq_end(gf_yaml_writer *w)
{
    end_collection(w, false);
}

int gf_yaml_writer_finish(gf_yaml_writer *w, gf_error *err)
{
    if (!w->failed && (w->stack.len || !w->done))
        w_fail(w, "the document is incomplete");
    int rc = 0;
    if (w->failed)
        rc = gf_error_set(err, GF_EINVAL, "cannot write YAML: %s", w->problem);
    gf_vec_release(&w->stack);
    gf_free(w);
    return rc;
}
