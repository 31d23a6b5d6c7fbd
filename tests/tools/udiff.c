/* udiff: prints graft's unified diff of two files (for differential tests
 * against GNU patch and git apply). usage: udiff OLD NEW NAME */
#include <stdio.h>

#include "graft/graft.h"
#include "util/buf.h"
#include "util/diff.h"
#include "util/file.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: udiff OLD NEW NAME\n");
        return 2;
    }
    gf_buf a = GF_BUF_INIT, b = GF_BUF_INIT, out = GF_BUF_INIT;
    gf_error e;
    if (gf_read_file(argv[1], 0, 0, &a, NULL, &e) || gf_read_file(argv[2], 0, 0, &b, NULL, &e)) {
        fprintf(stderr, "udiff: %s\n", e.message);
        return 2;
    }
    gf_diff_unified(argv[3], a.ptr, a.len, b.ptr, b.len, 3, &out, NULL, NULL);
    fwrite(out.ptr, 1, out.len, stdout);
    gf_buf_release(&a);
    gf_buf_release(&b);
    gf_buf_release(&out);
    return 0;
}
