/* cli: helpers shared by the verbs (messages, option values, output). */
#ifndef GF_CMD_CLI_H
#define GF_CMD_CLI_H

#include <stdio.h>

#include "graft/graft.h"
#include "util/buf.h"

/* Default size limit of find, rewrite and scan (--max-filesize). */
#define CLI_SEARCH_MAX_FILESIZE ((size_t)64 << 20)

/* Exit codes shared by every verb. */
enum { EXIT_OK = 0, EXIT_NONE = 1, EXIT_ERROR = 2 };

/* "graft: <message>" on stderr; returns EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a library error ("graft: <message>"); returns EXIT_ERROR. */
int cli_report(const gf_error *e);
/* Writes pending stdout output first, so messages and output interleave in
 * order, then reports e. */
int cli_report_after(gf_buf *pending, const gf_error *e);
/* Reports a bad usage and points at --help; returns EXIT_ERROR. */
int cli_usage_error(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports getopt's '?' (unknown option) or ':' (missing value) for verb;
 * call with opterr = 0 and an optstring starting with ':'. */
int cli_bad_option(const char *verb, int c, char **argv);

/* "10M", "512K", "1G", "123" -> bytes; false on a malformed value. */
bool cli_parse_size(const char *s, size_t *out);
/* Positive int; false when malformed. */
bool cli_parse_int(const char *s, int *out);
/* Index of arg in the NULL-terminated names; -1 (reported as an unknown
 * `what` of verb, listing the names) when it is none of them. */
int cli_choice(const char *verb, const char *what, const char *arg, const char *const *names);
/* Language by name; prints an error listing the known ones when unknown. */
const gf_lang *cli_lang(const char *name);

/* Fills the walk's paths (argv from optind), globs and project language map
 * (graft.yml / sgconfig.yml, or config); *map is freed by the caller with
 * gf_langmap_delete. Returns EXIT_OK or EXIT_ERROR (reported). */
int cli_walk_setup(gf_walk_opts *wo, int argc, char **argv, const char *const *globs, size_t nglobs,
                   const char *config, gf_langmap **map);

/* Writes the buffer to stdout and clears it. */
void cli_flush(gf_buf *b);

typedef struct cli_verb {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} cli_verb;

int cmd_delete_range(int argc, char **argv);
int cmd_files(int argc, char **argv);
int cmd_insert(int argc, char **argv);
int cmd_refs(int argc, char **argv);
int cmd_replace(int argc, char **argv);
int cmd_find(int argc, char **argv);
int cmd_langs(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_patch(int argc, char **argv);
int cmd_rewrite(int argc, char **argv);
int cmd_mcp(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_splice(int argc, char **argv);
int cmd_symbols(int argc, char **argv);
int cmd_tree(int argc, char **argv);

#endif
