/* project: the project config (graft.yml, or ast-grep's sgconfig.yml) and
 * loading rule files and directories into a rule set. */
#ifndef GF_MATCH_PROJECT_H
#define GF_MATCH_PROJECT_H

#include "graft/rule.h"
#include "util/vec.h"

typedef struct gf_test_config {
    char *test_dir;     /* absolute */
    char *snapshot_dir; /* absolute (snapshotDir is relative to testDir); NULL:
                         * <test_dir>/__snapshots__ */
} gf_test_config;

typedef struct gf_project {
    char *file;               /* the config file, as found */
    char *dir;                /* its directory, absolute */
    GF_VEC(char *) rule_dirs; /* absolute */
    GF_VEC(char *) util_dirs; /* absolute */
    GF_VEC(gf_test_config) tests;
} gf_project;

/* Loads a config file (ruleDirs, utilDirs, testConfigs; languageGlobs is
 * read by gf_langmap_load). Unknown keys are allowed (customLanguages and
 * others graft does not use). Errors carry file:line:column. */
int gf_project_load(const char *path, gf_project *out, gf_error *err);
void gf_project_release(gf_project *p);

/* Adds one rule file (utils: a global utility file). */
int gf_rules_add_file(gf_rules *rs, const char *path, bool utils, const char *base, gf_error *err);
/* Adds every *.yml and *.yaml file under dir (recursively, sorted by
 * path, hidden entries skipped). */
int gf_rules_add_dir(gf_rules *rs, const char *dir, bool utils, const char *base, gf_error *err);

#endif
