/* matchout: match output pieces shared by find, rewrite, scan and the MCP server. */
#ifndef GF_MATCH_MATCHOUT_H
#define GF_MATCH_MATCHOUT_H

#include "graft/graft.h"
#include "graft/match.h"
#include "util/buf.h"
#include "util/json.h"

/* ast-grep's display name of a language ("Python", "TypeScript"). */
const char *mo_display_name(const gf_lang *l);
/* Characters (UTF-8 lead bytes) in s[a..b). */
uint32_t mo_chars(const char *s, size_t a, size_t b);
/* 0-based line and character column of a byte offset. */
void mo_char_point(gf_source *s, size_t off, uint32_t *line, uint32_t *col);
/* ast-grep's "range" object for bytes [a, b). */
void mo_json_range(gf_json *j, gf_source *s, size_t a, size_t b);
/* {"text", "range"} of a captured span. */
void mo_json_capture(gf_json *j, gf_source *s, gf_span sp);
/* Byte offsets of the start of a's line and the end of b's line. */
void mo_line_bounds(gf_source *s, size_t a, size_t b, size_t *ls, size_t *le);
/* The first members of ast-grep's match object for bytes [a, b): text,
 * range, file, lines, charCount (inside an object the caller opened). */
void mo_json_match_head(gf_json *j, gf_source *s, size_t a, size_t b);
/* The "replacement" and "replacementOffsets" keys of a match with a fix:
 * text[0..n) replaces bytes [start, end). */
void mo_json_replacement(gf_json *j, const char *text, size_t n, size_t start, size_t end);
/* One `graft find --json` match object (ast-grep's shape): with repl
 * (not NULL), also replacement and replacementOffsets. */
void mo_json_find_match(gf_json *j, gf_source *s, const gf_pattern *pat, const gf_match *m,
                        const char *repl, size_t repl_len);
/* A path as diff headers want it: without a leading "./". */
const char *mo_diff_path(const char *p);
/* Appends a message for stderr to a file's output: after a \x1f. */
void mo_problem(gf_buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Applies a file's edits: refuses results with more syntax problems than
 * the original (unless allow_errors), appends the unified diff when diff,
 * and commits through the EditSet path when write. Problems go to out with
 * mo_problem.
 */
void mo_apply_edits(gf_parser *parser, gf_source *s, TSTree *old, gf_editset *es, bool allow_errors,
                    bool diff, bool write, gf_buf *out);

/* A walk worker's state for structural search: a parser set and a
 * matcher, made and freed with the gf_walk_visitor signatures. */
typedef struct mo_worker {
    gf_parser *parser;
    gf_matcher *matcher;
} mo_worker;
void *mo_worker_new(void *user);
/* The same with a batch parser (gf_parser_new_batch): for walks whose
 * trees die with the file's visit. */
void *mo_worker_new_batch(void *user);
void mo_worker_free(void *user, void *worker);

typedef enum mo_json_style { MO_JSON_PRETTY, MO_JSON_COMPACT, MO_JSON_STREAM } mo_json_style;
/* Appends the \x1e-separated JSON records of one file to dst in style;
 * *first tracks the array's first element, *count counts records. */
void mo_join_json(gf_buf *dst, const char *recs, size_t len, mo_json_style style, bool *first,
                  size_t *count);

#endif
