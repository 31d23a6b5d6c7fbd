/* Fuzz target: project config (languageGlobs YAML) and language detection
 * (paths and '#!' lines). Input: config text, NUL, path, NUL, file head. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "graft/lang.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nul = memchr(p, '\0', size);
    size_t cfg_len = nul ? (size_t)(nul - p) : size;
    gf_langmap *m = gf_langmap_new();
    gf_error e;
    gf_langmap_parse(m, "fuzz.yml", p, cfg_len, &e);
    if (nul) {
        const char *rest = nul + 1;
        size_t rest_len = size - cfg_len - 1;
        const char *nul2 = memchr(rest, '\0', rest_len);
        size_t path_len = nul2 ? (size_t)(nul2 - rest) : rest_len;
        char *path = gf_strndup(rest, path_len);
        const char *head = nul2 ? nul2 + 1 : "";
        size_t head_len = nul2 ? rest_len - path_len - 1 : 0;
        (void)gf_lang_detect(m, path, head, head_len);
        (void)gf_lang_detect(NULL, path, head, head_len);
        gf_free(path);
    }
    gf_langmap_delete(m);
    return 0;
}
