/* root: confining the paths an editing verb may touch to one directory tree. */
#ifndef GF_EDIT_ROOT_H
#define GF_EDIT_ROOT_H

#include "graft/core.h"

/*
 * The default root for a directory: the nearest enclosing git work tree
 * (a directory holding .git, a directory or a gitlink file), else dir
 * itself; absolute, symlinks resolved. *out is allocated (gf_free).
 */
int gf_root_default(const char *dir, char **out, gf_error *err);

/*
 * Resolves path (relative to the current directory, or absolute) beneath
 * root (absolute, resolved: from gf_root_default or realpath). Refused with
 * GF_EACCES and a message naming the rule: a path that leaves root
 * lexically ("..") or once symlinks are resolved (the file itself or any
 * directory on the way), a path inside a .git directory, a name with a
 * control character. The file need not exist (its directory must, for a
 * new file). *abs gets the resolved absolute path, *rel the path relative
 * to root (both allocated).
 */
int gf_root_resolve(const char *root, const char *path, char **abs, char **rel, gf_error *err);

#endif
