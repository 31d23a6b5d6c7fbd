/* git: locating work trees, their info/exclude, and core.excludesFile. */
#ifndef GF_WALK_GIT_H
#define GF_WALK_GIT_H

#include <stdbool.h>

#include "util/buf.h"

/*
 * Finds the work tree containing abs_dir (an absolute, resolved directory):
 * the nearest ancestor (or abs_dir itself) holding a ".git" directory or
 * ".git" file. On success fills top (the work tree, no trailing '/') and
 * gitdir (the repository directory; for linked worktrees and submodules the
 * one named by the ".git" file) and returns true.
 */
bool gf_git_find(const char *abs_dir, gf_buf *top, gf_buf *gitdir);

/* Given the directory holding a ".git" entry, fills gitdir; false if the
 * entry is neither a directory nor a valid "gitdir:" file. */
bool gf_git_dir_of(const char *top, gf_buf *gitdir);

/* Path of the "info/exclude" file for gitdir (the common dir for linked
 * worktrees). */
void gf_git_info_exclude(const char *gitdir, gf_buf *out);

/*
 * core.excludesFile as git resolves it: the last value in /etc/gitconfig,
 * $XDG_CONFIG_HOME/git/config (or ~/.config/git/config), ~/.gitconfig and
 * gitdir/config, with "~/" expanded; when unset, $XDG_CONFIG_HOME/git/ignore
 * (or ~/.config/git/ignore). Returns false when no path can be formed.
 */
bool gf_git_excludes_file(const char *gitdir, gf_buf *out);

/* Scans the text of one git config file for core.excludesFile: sections
 * ("[core]", case-insensitive), "key = value" lines, comments (# ;), double
 * quotes and backslash escapes. Sets *found and value when present (the
 * last occurrence wins); leaves them alone otherwise. */
void gf_git_config_excludes(const char *data, size_t len, gf_buf *value, bool *found);

#endif
