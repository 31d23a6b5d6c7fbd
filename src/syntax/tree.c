/* tree: iterative renderings of a syntax tree and its syntax errors. */
#include "syntax/tree.h"

#include "syntax/cursor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/json.h"

static void indent(gf_buf *out, uint32_t depth)
{
    size_t n = 2 * (depth < GF_TREE_MAX_INDENT ? depth : GF_TREE_MAX_INDENT);
    if (gf_buf_grow(out, n) != 0)
        return;
    memset(out->ptr + out->len, ' ', n);
    gf_buf_setlen(out, out->len + n);
}

/* Quotes text for the human views: JSON string escaping, truncated to max
 * bytes at a UTF-8 boundary with "..." appended when cut. */
static void quoted(gf_buf *out, const char *s, size_t n, size_t max)
{
    bool cut = n > max;
    if (cut) {
        n = max;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    gf_buf_addc(out, '"');
    gf_json_escape(out, s, n);
    gf_buf_addc(out, '"');
    if (cut)
        gf_buf_adds(out, "...");
}

static bool visible(TSNode n, bool named_only)
{
    return !named_only || ts_node_is_named(n) || ts_node_is_missing(n);
}

static bool has_visible_children(TSNode n, bool named_only)
{
    uint32_t count = ts_node_child_count(n);
    if (!named_only || count == 0)
        return count > 0;
    if (ts_node_named_child_count(n) > 0)
        return true;
    /* Only a MISSING token can make an anonymous child visible; MISSING
     * nodes set has_error on their ancestors, so the scan is rare. */
    if (!ts_node_has_error(n))
        return false;
    for (uint32_t i = 0; i < count; i++)
        if (visible(ts_node_child(n, i), true))
            return true;
    return false;
}

/* Opens node n (its children follow); for sexp and indent views everything
 * is written here and the close writes only ")" (sexp). */
static void open_node(gf_source *s, TSNode n, const char *field, uint32_t depth, bool first,
                      gf_tree_format fmt, bool named_only, gf_json *j, gf_buf *out)
{
    TSPoint sp = ts_node_start_point(n), ep = ts_node_end_point(n);
    uint32_t sb = ts_node_start_byte(n), eb = ts_node_end_byte(n);
    const char *kind = ts_node_type(n);
    bool named = ts_node_is_named(n), missing = ts_node_is_missing(n);
    switch (fmt) {
    case GF_TREE_SEXP:
        if (!first)
            gf_buf_addc(out, '\n');
        indent(out, depth);
        if (field)
            gf_buf_printf(out, "%s: ", field);
        gf_buf_addc(out, '(');
        if (missing)
            gf_buf_adds(out, "MISSING ");
        if (named)
            gf_buf_adds(out, kind);
        else
            quoted(out, kind, strlen(kind), 64);
        gf_buf_printf(out, " [%u, %u] - [%u, %u] %u..%u", sp.row, sp.column, ep.row, ep.column, sb,
                      eb);
        break;
    case GF_TREE_INDENT:
        indent(out, depth);
        if (field)
            gf_buf_printf(out, "%s: ", field);
        if (missing)
            gf_buf_adds(out, "MISSING ");
        if (named)
            gf_buf_adds(out, kind);
        else
            quoted(out, kind, strlen(kind), 64);
        gf_buf_printf(out, " %u:%u-%u:%u", sp.row, sp.column, ep.row, ep.column);
        if (named && ts_node_child_count(n) == 0 && eb > sb) {
            gf_buf_addc(out, ' ');
            quoted(out, s->bytes + sb, eb - sb, 60);
        }
        gf_buf_addc(out, '\n');
        break;
    case GF_TREE_JSON:
    case GF_TREE_JSON_COMPACT:
        gf_json_object_begin(j);
        gf_json_key(j, "kind");
        gf_json_str(j, kind);
        gf_json_key(j, "named");
        gf_json_bool(j, named);
        if (field) {
            gf_json_key(j, "field");
            gf_json_str(j, field);
        }
        if (missing) {
            gf_json_key(j, "missing");
            gf_json_bool(j, true);
        }
        gf_json_key(j, "range");
        gf_json_range(j, sb, eb, sp.row, sp.column, ep.row, ep.column);
        if (has_visible_children(n, named_only)) {
            gf_json_key(j, "children");
            gf_json_array_begin(j);
        } else {
            gf_json_key(j, "text");
            gf_json_strn(j, s->bytes + sb, eb - sb);
        }
        break;
    }
}

static void close_node(TSNode n, gf_tree_format fmt, bool named_only, gf_json *j, gf_buf *out)
{
    if (fmt == GF_TREE_SEXP) {
        gf_buf_addc(out, ')');
    } else if (fmt == GF_TREE_JSON || fmt == GF_TREE_JSON_COMPACT) {
        if (has_visible_children(n, named_only))
            gf_json_array_end(j);
        gf_json_object_end(j);
    }
}

/* Moves c to the next sibling that is shown; false (cursor unspecified
 * among siblings) when there is none. */
static bool next_visible_sibling(TSTreeCursor *c, bool named_only)
{
    while (ts_tree_cursor_goto_next_sibling(c))
        if (visible(ts_tree_cursor_current_node(c), named_only))
            return true;
    return false;
}

void gf_tree_render(gf_source *s, const TSTree *tree, gf_tree_format fmt, bool named_only,
                    gf_buf *out, gf_flush_fn flush, void *flush_ctx)
{
    gf_json j;
    gf_json_init(&j, out, fmt == GF_TREE_JSON);
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
    uint32_t depth = 0;
    open_node(s, ts_tree_root_node(tree), NULL, 0, true, fmt, named_only, &j, out);
    for (;;) {
        if (flush && out->len > (1u << 20))
            flush(flush_ctx, out);
        /* Invariant: the cursor's node is open. Enter its first shown child. */
        if (ts_tree_cursor_goto_first_child(&c)) {
            depth++;
            if (visible(ts_tree_cursor_current_node(&c), named_only) ||
                next_visible_sibling(&c, named_only)) {
                open_node(s, ts_tree_cursor_current_node(&c), ts_tree_cursor_current_field_name(&c),
                          depth, false, fmt, named_only, &j, out);
                continue;
            }
            ts_tree_cursor_goto_parent(&c);
            depth--;
        }
        /* The node is complete: close it, then open the next shown sibling,
         * closing ancestors as they complete. */
        for (;;) {
            close_node(ts_tree_cursor_current_node(&c), fmt, named_only, &j, out);
            if (depth > 0 && next_visible_sibling(&c, named_only)) {
                open_node(s, ts_tree_cursor_current_node(&c), ts_tree_cursor_current_field_name(&c),
                          depth, false, fmt, named_only, &j, out);
                break;
            }
            if (!ts_tree_cursor_goto_parent(&c))
                goto done;
            depth--;
        }
    }
done:
    ts_tree_cursor_delete(&c);
    if (fmt != GF_TREE_INDENT)
        gf_buf_addc(out, '\n');
    gf_json_release(&j);
}

static void issue_text(gf_source *s, TSNode n, gf_syntax_issue *is)
{
    if (is->missing) {
        snprintf(is->what, sizeof is->what, "%s", ts_node_type(n));
        return;
    }
    const char *p = s->bytes + is->start;
    size_t len = is->end - is->start;
    const char *nl = memchr(p, '\n', len);
    size_t line_len = nl ? (size_t)(nl - p) : len;
    while (line_len && (p[line_len - 1] == '\r' || p[line_len - 1] == ' '))
        line_len--;
    size_t max = sizeof is->what - 4;
    bool cut = line_len > max;
    if (cut) {
        line_len = max;
        while (line_len && ((unsigned char)p[line_len] & 0xC0) == 0x80)
            line_len--;
    }
    memcpy(is->what, p, line_len);
    memcpy(is->what + line_len, cut ? "..." : "", cut ? 4 : 1);
}

/*
 * True when the subtree below n (n excluded) holds a node the cursor can
 * reach that is ERROR or MISSING. Follows only branches flagged has_error,
 * so the scan stays within the damaged part of the tree. Invisible MISSING
 * tokens (e.g. Python's _dedent) set has_error but cannot be reached; an
 * ERROR node whose only problems are such tokens is reported itself.
 */
static bool has_visible_problem(TSNode n)
{
    TSTreeCursor c = ts_tree_cursor_new(n);
    bool found = false;
    uint32_t depth = 0;
    if (ts_tree_cursor_goto_first_child(&c)) {
        depth = 1;
        while (!found) {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (ts_node_is_error(k) || ts_node_is_missing(k)) {
                found = true;
                break;
            }
            if (ts_node_has_error(k) && ts_tree_cursor_goto_first_child(&c)) {
                depth++;
                continue;
            }
            while (!ts_tree_cursor_goto_next_sibling(&c)) {
                if (--depth == 0 || !ts_tree_cursor_goto_parent(&c))
                    goto done;
            }
        }
    }
done:
    ts_tree_cursor_delete(&c);
    return found;
}

static void add_issue(gf_source *s, TSNode n, bool missing, gf_syntax_issues *out)
{
    gf_syntax_issue *is = gf_vec_push_slot(out);
    is->missing = missing;
    is->start = ts_node_start_byte(n);
    is->end = ts_node_end_byte(n);
    /* An ERROR node's leading whitespace belongs to it only by position;
     * report the first non-blank byte. */
    while (!missing && is->start < is->end && strchr(" \t\r\n", s->bytes[is->start]) != NULL)
        is->start++;
    gf_source_point(s, is->start, &is->line, &is->col);
    issue_text(s, n, is);
}

/*
 * Fallback for trees whose only problems are invisible MISSING tokens: the
 * deepest node flagged has_error is where the token is missing. Its name is
 * read from tree-sitter's own rendering, the one place that shows it.
 */
static void add_hidden_missing(gf_source *s, TSNode root, gf_syntax_issues *out)
{
    TSNode n = root;
    for (bool descended = true; descended;) {
        descended = false;
        uint32_t count = ts_node_child_count(n);
        for (uint32_t i = count; i-- > 0;) {
            TSNode k = ts_node_child(n, i);
            if (ts_node_has_error(k)) {
                n = k;
                descended = true;
                break;
            }
        }
    }
    gf_syntax_issue *is = gf_vec_push_slot(out);
    is->missing = true;
    is->start = is->end = ts_node_end_byte(n);
    gf_source_point(s, is->start, &is->line, &is->col);
    snprintf(is->what, sizeof is->what, "token");
    char *str = ts_node_string(n);
    const char *m = strstr(str, "(MISSING ");
    if (m) {
        m += 9;
        size_t len = strcspn(m, " )");
        if (len >= sizeof is->what)
            len = sizeof is->what - 1;
        memcpy(is->what, m, len);
        is->what[len] = '\0';
    }
    gf_free(str); /* allocated through tree-sitter's allocator, i.e. our hooks */
}

void gf_tree_issues(gf_source *s, const TSTree *tree, gf_syntax_issues *out)
{
    TSNode root = ts_tree_root_node(tree);
    if (!ts_node_has_error(root))
        return;
    size_t before = out->len;
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        bool missing = ts_node_is_missing(n);
        /* An ERROR node is reported only when no part of it holds a more
         * precise problem (a nested ERROR or MISSING node). */
        bool err = ts_node_is_error(n) && !has_visible_problem(n);
        if (err || missing)
            add_issue(s, n, missing, out);
        /* Descend only into subtrees holding problems. */
        if (!gf_cursor_next(&c, !err && ts_node_has_error(n)))
            break;
    }
    ts_tree_cursor_delete(&c);
    if (out->len == before)
        add_hidden_missing(s, root, out);
}
