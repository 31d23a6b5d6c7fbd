/* textedit: text-level edit actions (replace, insert at anchor, delete range). */
#ifndef GF_EDIT_TEXTEDIT_H
#define GF_EDIT_TEXTEDIT_H

#include "graft/edit.h"
#include "util/buf.h"

/*
 * Each action reads a file's bytes and adds its edits to es (an EditSet over
 * the same bytes); it never writes. Text given by the caller takes the
 * file's line endings: when the file uses CRLF, "\n" in old/new/anchor text
 * that has no "\r" is read as "\r\n".
 *
 * Outcome: the number of places changed, and a note for the user (which
 * fallback matched, why nothing changed). When the requested change is
 * already in place, nothing is added, *already is set and the note says so.
 *
 * Errors (GF_EINVAL, message ready for the user): a pattern that does not
 * compile; no match (with the closest line of the file as a hint); more
 * matches than allowed (listing each with its line number); for delete
 * ranges, a missing anchor, an end before its start, several candidate
 * ranges.
 */
typedef struct te_outcome {
    size_t count;
    bool already;
    bool none; /* nothing matched, and that was allowed (exit 1) */
    char note[256];
} te_outcome;

typedef struct te_replace_opts {
    const char *old, *new_text;
    size_t old_len, new_len;
    bool regex; /* PCRE2; new_text may use $1, ${name} */
    bool all;   /* every occurrence */
    long count; /* exactly this many, or -1 */
    bool fuzzy; /* whitespace-tolerant fallbacks when the exact match fails */
} te_replace_opts;

int te_replace(const char *data, size_t len, const te_replace_opts *o, gf_editset *es,
               te_outcome *out, gf_error *err);

typedef struct te_insert_opts {
    const char *anchor; /* NULL with at_line */
    size_t anchor_len;
    bool regex;
    bool after;      /* else before */
    long at_line;    /* >= 0: insert after this 1-based line (0: at the top) */
    long occurrence; /* 1-based, or 0: the anchor must be unique */
    bool all;
    bool allow_no_match;
    const char *text;
    size_t text_len;
} te_insert_opts;

int te_insert(const char *data, size_t len, const te_insert_opts *o, gf_editset *es,
              te_outcome *out, gf_error *err);

typedef struct te_delete_opts {
    const char *start, *end;
    size_t start_len, end_len;
    bool regex;
    bool exclusive; /* keep the anchor lines, delete what is between */
} te_delete_opts;

int te_delete_range(const char *data, size_t len, const te_delete_opts *o, gf_editset *es,
                    te_outcome *out, gf_error *err);

#endif
