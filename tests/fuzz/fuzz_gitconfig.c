/* Fuzz target: the git config scanner that finds core.excludesFile (a
 * repository's .git/config is untrusted input). */
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "walk/git.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gf_buf value = GF_BUF_INIT;
    bool found = false;
    gf_git_config_excludes((const char *)data, size, &value, &found);
    if (!found && value.len)
        __builtin_trap(); /* a value is only ever set together with found */
    gf_buf_release(&value);
    return 0;
}
