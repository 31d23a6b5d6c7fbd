/* graft/core.h: version, export macro, errors and allocation hooks. */
#ifndef GRAFT_CORE_H
#define GRAFT_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(GRAFT_BUILD)
#define GRAFT_API __attribute__((visibility("default")))
#else
#define GRAFT_API
#endif

#define GRAFT_VERSION "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Errors are data. Every library function that can fail returns 0 on success
 * or a negative gf_code, and fills the caller-owned gf_error when one is
 * passed (NULL is allowed). Messages are lowercase, without a trailing
 * period, with paths in single quotes.
 */
typedef enum gf_code {
    GF_OK = 0,
    GF_EINVAL = -1,    /* bad argument or option value */
    GF_ENOENT = -2,    /* no such file or directory */
    GF_EACCES = -3,    /* permission denied */
    GF_EIO = -4,       /* other I/O failure */
    GF_EISDIR = -5,    /* a directory where a file was expected */
    GF_EBINARY = -6,   /* binary file (NUL byte in the first 8 KiB) */
    GF_ETOOBIG = -7,   /* over a size limit */
    GF_ENOLANG = -8,   /* unknown or undetectable language */
    GF_ECHANGED = -9,  /* file changed since it was read */
    GF_EOVERLAP = -10, /* overlapping edits */
    GF_ESYNTAX = -11,  /* syntax error (config file, or introduced by an edit) */
    GF_ENOMEM = -12,   /* allocation failed (only with a failing allocator) */
    GF_EPARSE = -13,   /* parser gave up (timeout or cancellation) */
} gf_code;

typedef struct gf_error {
    int code;           /* gf_code, 0 when no error was recorded */
    char message[1024]; /* full message, already containing the path */
    char path[1024];    /* path involved, "" if none */
    uint32_t line;      /* 1-based, 0 when not applicable */
    uint32_t column;    /* 1-based, 0 when not applicable */
    size_t offset;      /* byte offset, when line != 0 */
} gf_error;

#define GF_ERROR_INIT                                                                              \
    {                                                                                              \
        0                                                                                          \
    }

/* Human name of a code ("no such file or directory"); never NULL. */
GRAFT_API const char *gf_strerror(int code);

/*
 * Allocation hooks. Set once, before any thread starts; the defaults call the
 * C library and abort with a message when it returns NULL. Tests install
 * failing allocators through these hooks. The hooks also serve the
 * tree-sitter runtime.
 */
typedef struct gf_alloc_hooks {
    void *(*malloc_fn)(size_t size);
    void *(*realloc_fn)(void *ptr, size_t size);
    void (*free_fn)(void *ptr);
} gf_alloc_hooks;
GRAFT_API void gf_set_alloc_hooks(const gf_alloc_hooks *hooks);

#ifdef __cplusplus
}
#endif

#endif
