/* diff: Myers' O(ND) difference algorithm in linear space (divide and
 * conquer on the middle snake), on lines, rendered as unified hunks. */
#include "util/diff.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "util/alloc.h"
#include "util/vec.h"

typedef struct line {
    const char *p;
    size_t n; /* bytes including the '\n', if any */
    uint64_t h;
} line;

typedef GF_VEC(line) lines;

static void split(const char *s, size_t len, lines *out)
{
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (s + i)) + 1 : len - i;
        uint64_t h = 1469598103934665603ull; /* FNV-1a */
        for (size_t k = 0; k < n; k++)
            h = (h ^ (unsigned char)s[i + k]) * 1099511628211ull;
        gf_vec_push(out, ((line){s + i, n, h}));
        i += n;
    }
}

static bool eq(const line *x, const line *y)
{
    return x->h == y->h && x->n == y->n && memcmp(x->p, y->p, x->n) == 0;
}

/* Edit script: for each line of a, whether it was deleted; for each line of
 * b, whether it was inserted. Unmarked lines pair up in order. */
typedef struct ctx {
    const line *a, *b;
    bool *del, *ins;
    long *vf, *vb; /* indexed by diagonal + off */
    long off;
} ctx;

/*
 * Finds the middle snake of the shortest edit script between a[a0..a1) and
 * b[b0..b1) (both non-empty): forward and backward searches advance one D
 * at a time until they overlap. Returns the snake's start (*xs, *ys) and end
 * (*xe, *ye) in absolute indices.
 */
static void middle_snake(ctx *c, long a0, long a1, long b0, long b1, long *xs, long *ys, long *xe,
                         long *ye)
{
    long n = a1 - a0, m = b1 - b0, delta = n - m;
    bool odd = delta & 1;
    long maxd = (n + m + 1) / 2;
    long *vf = c->vf + c->off, *vb = c->vb + c->off;
    vf[1] = 0;
    vb[1] = 0;
    for (long d = 0; d <= maxd; d++) {
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && vf[k - 1] < vf[k + 1])) ? vf[k + 1] : vf[k - 1] + 1;
            long y = x - k, sx = x, sy = y;
            while (x < n && y < m && eq(&c->a[a0 + x], &c->b[b0 + y]))
                x++, y++;
            vf[k] = x;
            long kr = delta - k;
            if (odd && kr >= -(d - 1) && kr <= d - 1 && x + vb[kr] >= n) {
                *xs = a0 + sx, *ys = b0 + sy, *xe = a0 + x, *ye = b0 + y;
                return;
            }
        }
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && vb[k - 1] < vb[k + 1])) ? vb[k + 1] : vb[k - 1] + 1;
            long y = x - k, sx = x, sy = y;
            while (x < n && y < m && eq(&c->a[a1 - 1 - x], &c->b[b1 - 1 - y]))
                x++, y++;
            vb[k] = x;
            long kf = delta - k;
            if (!odd && kf >= -d && kf <= d && x + vf[kf] >= n) {
                *xs = a1 - x, *ys = b1 - y, *xe = a1 - sx, *ye = b1 - sy;
                return;
            }
        }
    }
    /* Unreachable for non-empty inputs: the searches always meet. */
    *xs = *xe = a0;
    *ys = *ye = b0;
}

static void compare(ctx *c, long a0, long a1, long b0, long b1)
{
    while (a0 < a1 && b0 < b1 && eq(&c->a[a0], &c->b[b0]))
        a0++, b0++;
    while (a0 < a1 && b0 < b1 && eq(&c->a[a1 - 1], &c->b[b1 - 1]))
        a1--, b1--;
    if (a0 == a1) {
        for (long j = b0; j < b1; j++)
            c->ins[j] = true;
        return;
    }
    if (b0 == b1) {
        for (long i = a0; i < a1; i++)
            c->del[i] = true;
        return;
    }
    long xs, ys, xe, ye;
    middle_snake(c, a0, a1, b0, b1, &xs, &ys, &xe, &ye);
    compare(c, a0, xs, b0, ys);
    compare(c, xe, a1, ye, b1);
}

static void hunk_range(gf_buf *out, char sign, size_t start, size_t count)
{
    /* A one-line range omits its count; an empty one names the line before. */
    if (count == 1)
        gf_buf_printf(out, "%c%zu", sign, start + 1);
    else
        gf_buf_printf(out, "%c%zu,%zu", sign, count ? start + 1 : start, count);
}

static void emit_line(gf_buf *out, char sign, const line *l)
{
    gf_buf_addc(out, sign);
    gf_buf_add(out, l->p, l->n);
    if (!l->n || l->p[l->n - 1] != '\n')
        gf_buf_adds(out, "\n\\ No newline at end of file\n");
}

size_t gf_diff_unified(const char *path, const char *a, size_t alen, const char *b, size_t blen,
                       int context, gf_buf *out, size_t *added, size_t *removed)
{
    if (added)
        *added = 0;
    if (removed)
        *removed = 0;
    if (alen == blen && memcmp(a, b, alen) == 0)
        return 0;
    lines la = GF_VEC_INIT, lb = GF_VEC_INIT;
    split(a, alen, &la);
    split(b, blen, &lb);
    long n = (long)la.len, m = (long)lb.len;
    ctx c = {la.items, lb.items, gf_calloc((size_t)n + 1, 1), gf_calloc((size_t)m + 1, 1), NULL,
             NULL,     n + m + 2};
    c.vf = gf_calloc((size_t)(2 * c.off + 2), sizeof(long));
    c.vb = gf_calloc((size_t)(2 * c.off + 2), sizeof(long));
    compare(&c, 0, n, 0, m);

    gf_buf_printf(out, "diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n", path, path, path, path);
    /* Walk both sides in step; gather changes closer than 2*context into
     * one hunk. */
    size_t hunks = 0;
    long i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && !c.del[i] && !c.ins[j]) {
            i++, j++;
            continue;
        }
        /* A change starts at (i, j): back up for context, then extend while
         * the next change is within 2*context equal lines. */
        long ctxb = 0;
        while (ctxb < context && i - ctxb > 0 && j - ctxb > 0)
            ctxb++;
        long hi = i - ctxb, hj = j - ctxb, ei = i, ej = j;
        for (;;) {
            while ((ei < n && c.del[ei]) || (ej < m && c.ins[ej])) {
                if (ei < n && c.del[ei])
                    ei++;
                else
                    ej++;
            }
            long eqrun = 0;
            while (ei + eqrun < n && ej + eqrun < m && !c.del[ei + eqrun] && !c.ins[ej + eqrun] &&
                   eqrun <= 2 * context)
                eqrun++;
            bool more = (ei + eqrun < n || ej + eqrun < m) && eqrun <= 2 * context;
            if (!more) {
                long tail = eqrun < context ? eqrun : context;
                ei += tail, ej += tail;
                break;
            }
            ei += eqrun, ej += eqrun;
        }
        gf_buf_adds(out, "@@ ");
        hunk_range(out, '-', (size_t)hi, (size_t)(ei - hi));
        gf_buf_addc(out, ' ');
        hunk_range(out, '+', (size_t)hj, (size_t)(ej - hj));
        gf_buf_adds(out, " @@\n");
        long x = hi, y = hj;
        while (x < ei || y < ej) {
            if (x < ei && c.del[x]) {
                emit_line(out, '-', &la.items[x++]);
                if (removed)
                    (*removed)++;
            } else if (y < ej && c.ins[y]) {
                emit_line(out, '+', &lb.items[y++]);
                if (added)
                    (*added)++;
            } else {
                emit_line(out, ' ', &la.items[x]);
                x++, y++;
            }
        }
        hunks++;
        i = ei, j = ej;
    }
    gf_free(c.del);
    gf_free(c.ins);
    gf_free(c.vf);
    gf_free(c.vb);
    gf_vec_release(&la);
    gf_vec_release(&lb);
    return hunks;
}
