/* cursor: pre-order stepping over a tree-sitter cursor. */
#ifndef GF_SYNTAX_CURSOR_H
#define GF_SYNTAX_CURSOR_H

#include <stdbool.h>

#include <tree_sitter/api.h>

/* Moves c to the next node in pre-order, first into the current node's
 * children unless descend is false. False when the walk is over (the cursor
 * is back at the node it started from). Iterative: any depth is safe. */
static inline bool gf_cursor_next(TSTreeCursor *c, bool descend)
{
    if (descend && ts_tree_cursor_goto_first_child(c))
        return true;
    while (!ts_tree_cursor_goto_next_sibling(c))
        if (!ts_tree_cursor_goto_parent(c))
            return false;
    return true;
}

#endif
