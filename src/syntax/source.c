/* source: a file's bytes, display path, language and lazy line index. */
#include "graft/source.h"

#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"

bool gf_is_binary(const char *data, size_t len)
{
    return memchr(data, '\0', len < GF_BINARY_PROBE ? len : GF_BINARY_PROBE) != NULL;
}

void gf_source_init_owned(gf_source *s, const char *path, char *data, size_t len)
{
    memset(s, 0, sizeof *s);
    s->bytes = data;
    s->len = len;
    s->path = gf_strdup(path);
}

void gf_source_init_mem(gf_source *s, const char *path, const char *data, size_t len)
{
    gf_source_init_owned(s, path, gf_memdup(data, len), len);
}

int gf_source_read(gf_source *s, const char *path, size_t max_size, gf_error *err)
{
    memset(s, 0, sizeof *s);
    if (!max_size)
        max_size = GF_DEFAULT_MAX_FILESIZE;
    gf_buf b = GF_BUF_INIT;
    int rc;
    if (strcmp(path, "-") == 0) {
        rc = gf_read_fd(STDIN_FILENO, "<stdin>", max_size, &b, err);
        path = "<stdin>";
    } else {
        rc = gf_read_file(path, max_size, 0, &b, NULL, err);
    }
    if (rc == 0 && gf_is_binary(b.ptr, b.len))
        rc = gf_error_path(err, GF_EBINARY, path, "binary file (NUL byte in the first %d bytes)",
                           GF_BINARY_PROBE);
    if (rc) {
        gf_buf_release(&b);
        return rc;
    }
    size_t len;
    char *data = gf_buf_detach(&b, &len);
    gf_source_init_owned(s, path, data, len);
    return 0;
}

void gf_source_release(gf_source *s)
{
    gf_free(s->bytes);
    gf_free(s->path);
    gf_free(s->line_start);
    memset(s, 0, sizeof *s);
}

/* Builds line_start: line_start[i] is the offset of line i; line 0 at 0. A
 * line ends after '\n' (a lone '\r' is not a line break, as in tree-sitter's
 * points). */
static void build_index(gf_source *s)
{
    if (s->line_start)
        return;
    size_t n = 1;
    for (const char *p = s->bytes, *end = s->bytes + s->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        n++;
    s->line_start = gf_malloc(gf_mul_size(n, sizeof *s->line_start));
    s->line_start[0] = 0;
    size_t i = 1;
    for (const char *p = s->bytes, *end = s->bytes + s->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        s->line_start[i++] = (uint32_t)(p + 1 - s->bytes);
    s->line_count = n;
}

size_t gf_source_lines(gf_source *s)
{
    build_index(s);
    return s->line_count;
}

void gf_source_point(gf_source *s, size_t offset, uint32_t *line, uint32_t *column)
{
    build_index(s);
    if (offset > s->len)
        offset = s->len;
    /* Last line start <= offset. */
    size_t lo = 0, hi = s->line_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->line_start[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    *line = (uint32_t)lo;
    *column = (uint32_t)(offset - s->line_start[lo]);
}

size_t gf_source_offset(gf_source *s, uint32_t line, uint32_t column)
{
    build_index(s);
    if (line >= s->line_count)
        return s->len;
    size_t start = s->line_start[line];
    size_t end = line + 1 < s->line_count ? s->line_start[line + 1] - 1 : s->len;
    return start + column < end ? start + column : end;
}
