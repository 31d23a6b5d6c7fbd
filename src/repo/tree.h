/* tree: a directory tree under the walker's ignore rules, as text or JSON. */
#ifndef GF_REPO_TREE_H
#define GF_REPO_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graft/core.h"
#include "util/buf.h"

/*
 * One entry of the tree. Children are sorted by name, bytewise (what
 * `tree` does in the C locale; directories and files mixed). A
 * directory's size is the sum of the sizes of the files listed below it;
 * a directory at the depth limit is not read: it has no children and
 * `unread` is set (its size is then unknown and 0).
 */
typedef struct gf_tree_node {
    char *name; /* entry name; for the root, the path exactly as given */
    char *path; /* display path: the root without trailing '/', then
                   "/name" per level (no root given: "a/b", not "./a/b") */
    bool is_dir;
    bool unread;
    uint64_t size;
    struct gf_tree_node *children;
    size_t nchildren;
} gf_tree_node;

typedef struct gf_tree_opts {
    const char *path;            /* NULL: "." */
    int max_depth;               /* levels below the root to show; 0: all */
    const char *const *excludes; /* entry names or globs (git wildmatch) */
    size_t nexcludes;            /* to leave out, with all below them */
    bool hidden;                 /* show dot files and directories */
    bool no_ignore;              /* ignore .gitignore/.ignore/exclude files */
} gf_tree_opts;

/* Warnings that do not stop the listing (unreadable directory, bad ignore
 * file), in the order met. */
typedef void (*gf_tree_warn_fn)(void *user, const gf_error *warning);

/*
 * Reads the tree under opts->path with the rules of gf_walk (graft/walk.h):
 * .gitignore files, .git/info/exclude and core.excludesFile inside a git
 * work tree, .ignore files anywhere, hidden entries skipped unless hidden,
 * .git and .agentfs always skipped, symbolic links and special files
 * skipped. Unlike the walker it lists binary and large files, and empty
 * directories. On success *out receives the root, freed with
 * gf_tree_free. Returns 0, or a negative gf_code when the root is missing
 * or unreadable (err filled). *problems (may be NULL) counts warnings.
 */
int gf_tree_build(const gf_tree_opts *opts, gf_tree_node **out, gf_tree_warn_fn warn,
                  void *warn_user, size_t *problems, gf_error *err);
void gf_tree_free(gf_tree_node *root);

/* Directories and files below root (root itself not counted). */
void gf_tree_count(const gf_tree_node *root, size_t *dirs, size_t *files);

/*
 * Appends the text rendering, byte for byte as tree 2.1 prints it in a
 * UTF-8 locale: the root's path, one line per entry with ├── └── │
 * connectors (│ is followed by two no-break spaces and a space), a blank
 * line and "N directories, M files", where N counts the root as tree 2.x
 * does (unless nothing is listed in it).
 */
void gf_tree_text(const gf_tree_node *root, gf_buf *out);

/*
 * Appends the JSON rendering: {"path", "type": "file"|"directory", "size",
 * "children": [...]} nested; unread directories have no "children". Pretty
 * (two-space indent) or compact; a final newline either way.
 */
void gf_tree_json(const gf_tree_node *root, bool pretty, gf_buf *out);

#endif
