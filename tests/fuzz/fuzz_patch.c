/* fuzz_patch: the unified-diff parser and the hunk applier on arbitrary input. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "edit/patch.h"
#include "util/alloc.h"
#include "util/buf.h"

/*
 * Input: one byte of options (bits 0-1: -p 0..2, bits 2-3: fuzz 0..3), then
 * the patch text. Besides not crashing, every parsed file patch must keep
 * the invariants the applier relies on (each hunk's lines match its header
 * counts), reversing twice must give the patch back, and a one-hunk file
 * patch must turn its own old side into its new side, and back.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The old (' ', '-') or new (' ', '+') side of hunk h; false when a line
 * other than the side's last has no newline (the sides are then not
 * texts a file could hold). */
static bool side(const gf_filepatch *fp, size_t h, char skip, gf_buf *out)
{
    const gf_phunk *hk = &fp->hunks.items[h];
    size_t last = 0;
    for (size_t i = 0; i < hk->count; i++)
        if (fp->lines.items[hk->first + i].tag != skip)
            last = i;
    for (size_t i = 0; i < hk->count; i++) {
        const gf_pline *pl = &fp->lines.items[hk->first + i];
        if (pl->tag == skip)
            continue;
        if (pl->no_eol && i != last)
            return false;
        gf_buf_add(out, pl->text, pl->len);
    }
    return true;
}

static bool crlf_text(const gf_buf *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->len; i++)
        if (b->ptr[i] == '\n') {
            if (!i || b->ptr[i - 1] != '\r')
                return false;
            n++;
        }
    return n > 0;
}

/* Applies fp to from; when expected, the result must be to. */
static void round_trip(const gf_filepatch *fp, const gf_buf *from, const gf_buf *to, int fuzz,
                       bool expected)
{
    gf_buf out = GF_BUF_INIT;
    gf_hunk_result res[1];
    size_t failed = gf_patch_apply_text(fp, from->ptr, from->len, fuzz, &out, res);
    if (failed > 1)
        __builtin_trap();
    if (expected && (failed || out.len != to->len || memcmp(out.ptr, to->ptr, out.len) != 0))
        __builtin_trap();
    gf_buf_release(&out);
}

/* A one-hunk file patch turns its own old side into its new side. */
static void one_hunk(const gf_filepatch *fp, int fuzz)
{
    if (fp->hunks.len != 1)
        return;
    const gf_phunk *hk = &fp->hunks.items[0];
    gf_buf a = GF_BUF_INIT, b = GF_BUF_INIT;
    bool ok_a = side(fp, 0, '+', &a), ok_b = side(fp, 0, '-', &b);
    bool ok = ok_a && ok_b;
    bool expected = ok && !crlf_text(&a) && (hk->old_count > 0 || hk->old_start == 0);
    round_trip(fp, &a, &b, fuzz, expected);
    gf_buf_release(&a);
    gf_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 64 * 1024)
        return 0;
    int strip = data[0] & 3, fuzz = (data[0] >> 2) & 3;
    if (strip == 3)
        strip = 1;
    gf_patch p;
    gf_error e;
    if (gf_patch_parse(&p, (const char *)data + 1, size - 1, strip, &e) == 0) {
        for (size_t f = 0; f < p.files.len; f++) {
            const gf_filepatch *fp = &p.files.items[f];
            for (size_t h = 0; h < fp->hunks.len; h++) {
                const gf_phunk *hk = &fp->hunks.items[h];
                long o = 0, n = 0;
                if (hk->first + hk->count > fp->lines.len)
                    __builtin_trap();
                for (size_t i = 0; i < hk->count; i++) {
                    char t = fp->lines.items[hk->first + i].tag;
                    o += t != '+';
                    n += t != '-';
                }
                if (o != hk->old_count || n != hk->new_count)
                    __builtin_trap();
            }
            gf_buf text = GF_BUF_INIT, out = GF_BUF_INIT;
            gf_hunk_result *res = gf_malloc((fp->hunks.len + 1) * sizeof *res);
            for (size_t h = 0; h < fp->hunks.len; h++)
                gf_patch_format_hunk(fp, h, &text);
            /* any text (here the hunks themselves): must not crash */
            gf_patch_apply_text(fp, text.ptr, text.len, fuzz, &out, res);
            gf_free(res);
            gf_buf_release(&text);
            gf_buf_release(&out);
            one_hunk(fp, fuzz);
        }
        /* reversing twice gives the patch back */
        size_t nf = p.files.len;
        char *tags = gf_malloc(1), *kinds = gf_malloc(nf + 1);
        size_t nt = 0;
        for (size_t f = 0; f < nf; f++) {
            kinds[f] = (char)p.files.items[f].kind;
            nt += p.files.items[f].lines.len;
        }
        tags = gf_realloc(tags, nt + 1);
        nt = 0;
        for (size_t f = 0; f < nf; f++)
            for (size_t i = 0; i < p.files.items[f].lines.len; i++)
                tags[nt++] = p.files.items[f].lines.items[i].tag;
        gf_patch_reverse(&p);
        for (size_t f = 0; f < nf; f++)
            one_hunk(&p.files.items[f], fuzz);
        gf_patch_reverse(&p);
        nt = 0;
        for (size_t f = 0; f < nf; f++) {
            if (kinds[f] != (char)p.files.items[f].kind)
                __builtin_trap();
            for (size_t i = 0; i < p.files.items[f].lines.len; i++)
                if (tags[nt++] != p.files.items[f].lines.items[i].tag)
                    __builtin_trap();
        }
        gf_free(tags);
        gf_free(kinds);
    }
    gf_patch_release(&p);
    return 0;
}
