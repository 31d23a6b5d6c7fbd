/* replay: feeds saved inputs to a fuzz target, so normal test runs replay the corpus. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/vec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the target on one file's bytes, copied to an allocation of exactly
 * that size so that AddressSanitizer sees reads past the end, as under
 * libFuzzer. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: '%s': %s\n", path, strerror(errno));
        return -1;
    }
    gf_buf b = GF_BUF_INIT;
    size_t got;
    do {
        gf_buf_grow(&b, 64 * 1024);
        got = fread(b.ptr + b.len, 1, b.cap - b.len - 1, f);
        gf_buf_setlen(&b, b.len + got);
    } while (got > 0);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        fprintf(stderr, "replay: '%s': read error\n", path);
        gf_buf_release(&b);
        return -1;
    }
    uint8_t *exact = gf_malloc(b.len);
    memcpy(exact, b.ptr, b.len);
    LLVMFuzzerTestOneInput(exact, b.len);
    gf_free(exact);
    gf_buf_release(&b);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays the regular files directly in dir (not below it), sorted by name;
 * names starting with '.' are skipped. */
static int replay_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: '%s': %s\n", dir, strerror(errno));
        return -1;
    }
    GF_VEC(char *) names = GF_VEC_INIT;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        gf_buf path = GF_BUF_INIT;
        gf_buf_printf(&path, "%s/%s", dir, e->d_name);
        gf_vec_push(&names, gf_buf_detach(&path, NULL));
    }
    closedir(d);
    if (names.len)
        qsort(names.items, names.len, sizeof *names.items, by_name);
    int rc = 0;
    for (size_t i = 0; i < names.len; i++) {
        struct stat st;
        if (stat(names.items[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (replay_file(names.items[i]) == 0)
                (*count)++;
            else
                rc = -1;
        }
        gf_free(names.items[i]);
    }
    gf_vec_release(&names);
    return rc;
}

/* Arguments are files or directories; a missing one holds no inputs. */
int main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: '%s': %s\n", argv[i], strerror(errno));
            if (errno != ENOENT)
                rc = 1;
        } else if (S_ISDIR(st.st_mode)) {
            if (replay_dir(argv[i], &count) != 0)
                rc = 1;
        } else if (replay_file(argv[i]) == 0) {
            count++;
        } else {
            rc = 1;
        }
    }
    printf("replay: %zu inputs\n", count);
    return rc;
}
