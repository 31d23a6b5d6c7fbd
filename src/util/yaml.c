/* yaml: builds gf_yaml_node trees from libyaml's event stream. */
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

int gf_yaml_load(const char *data, size_t len, const char *name, gf_yaml_docs *out, gf_error *err)
{
    out->items = NULL;
    out->len = 0;
    gf_arena_init(&out->arena, 16 * 1024);
    loader L = {0};
    L.data = data ? data : "";
    L.len = data ? len : 0;
    /* serde_yaml reads UTF-8 only; a byte order mark is skipped here, since
     * libyaml told the encoding would count it as a character of line 1. */
    if (L.len >= 3 && memcmp(L.data, "\xEF\xBB\xBF", 3) == 0) {
        L.data += 3;
        L.len -= 3;
        L.bom = 3;
    }
    L.name = name;
    L.err = err;
    L.arena = &out->arena;

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return gf_error_set(err, GF_ENOMEM, "out of memory");
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&p, (const unsigned char *)L.data, L.len);
    int rc = 0;
    for (bool done = false; !done && rc == 0;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = fail_libyaml(&L, &p);
            break;
        }
        rc = on_event(&L, &ev, &done);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);

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
