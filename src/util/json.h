/* json: streaming JSON writer into a gf_buf. */
#ifndef GF_UTIL_JSON_H
#define GF_UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * Writes well-formed JSON incrementally: the writer inserts commas, colons
 * and (in pretty mode) newlines and two-space indentation itself. Nesting
 * depth is unbounded (the state stack lives on the heap), so trees a hundred
 * thousand levels deep can be written.
 *
 * Pretty mode indents two spaces per level up to GF_JSON_MAX_INDENT levels
 * and no further, keeping output linear in size for very deep documents.
 *
 * Strings: '"' and '\\' are escaped; control characters U+0000..U+001F are
 * written as \b \f \n \r \t or \u00XX (lowercase hex), as serde_json does;
 * '/' and non-ASCII are written verbatim. Invalid UTF-8 (stray continuation
 * bytes, overlong forms, surrogates, truncated sequences, bytes F5..FF) is
 * replaced by U+FFFD, one per maximal invalid subpart as the Unicode
 * standard recommends (the WHATWG decoder's behaviour), so the output is
 * always valid UTF-8.
 */
#define GF_JSON_MAX_INDENT 128

typedef struct gf_json {
    gf_buf *out; /* borrowed */
    bool pretty;
    bool after_key; /* a key was written; the next value follows ':' */
    size_t depth;
    gf_buf stack; /* one byte per open container: 'o'/'a', + 0x80 once it has members */
} gf_json;

/* out is borrowed and must outlive the writer. */
void gf_json_init(gf_json *j, gf_buf *out, bool pretty);
void gf_json_release(gf_json *j);

void gf_json_object_begin(gf_json *j);
void gf_json_object_end(gf_json *j);
void gf_json_array_begin(gf_json *j);
void gf_json_array_end(gf_json *j);
/* Object key (NUL-terminated); the next call writes its value. */
void gf_json_key(gf_json *j, const char *key);
void gf_json_str(gf_json *j, const char *s);
void gf_json_strn(gf_json *j, const char *s, size_t n);
void gf_json_int(gf_json *j, int64_t v);
void gf_json_uint(gf_json *j, uint64_t v);
void gf_json_bool(gf_json *j, bool v);
void gf_json_null(gf_json *j);
/*
 * The range shape every graft JSON output shares (ast-grep's):
 * {"byteOffset":{"start":B,"end":E},"start":{"line":L,"column":C},
 *  "end":{"line":L,"column":C}}, lines and columns 0-based. Writes the
 * value only; the caller writes the key.
 */
void gf_json_range(gf_json *j, uint64_t start_byte, uint64_t end_byte, uint32_t start_line,
                   uint32_t start_col, uint32_t end_line, uint32_t end_col);
/* Escapes s[0..n) as a JSON string body (no quotes) and appends it to out. */
void gf_json_escape(gf_buf *out, const char *s, size_t n);

#endif
