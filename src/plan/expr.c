/* expr: recursive-descent evaluation of plan expressions over JSON values. */
#include "plan/expr.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct ep {
    const char *s, *p, *end;
    gf_expr_lookup look;
    void *ctx;
    bool check; /* syntax and names only: values are json_null() */
    gf_error *err;
    int rc;
} ep;

__attribute__((format(printf, 3, 4))) static json_t *fail(ep *e, const char *at, const char *fmt,
                                                          ...)
{
    if (!e->rc) {
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        e->rc = gf_error_set(e->err, GF_EINVAL, "%s", msg);
        if (e->err)
            e->err->column = (uint32_t)(at - e->s) + 1;
    }
    return NULL;
}

static void skip_ws(ep *e)
{
    while (e->p < e->end && (*e->p == ' ' || *e->p == '\t' || *e->p == '\n' || *e->p == '\r'))
        e->p++;
}

static bool name_start(char c)
{
    return isalpha((unsigned char)c) || c == '_';
}

static bool name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* Whether the next token is the keyword kw (not a prefix of a longer name). */
static bool keyword(ep *e, const char *kw)
{
    size_t n = strlen(kw);
    if ((size_t)(e->end - e->p) < n || memcmp(e->p, kw, n) != 0)
        return false;
    if (e->p + n < e->end && name_char(e->p[n]))
        return false;
    e->p += n;
    return true;
}

bool gf_json_truthy(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL:
    case JSON_FALSE: return false;
    case JSON_TRUE: return true;
    case JSON_INTEGER: return json_integer_value(v) != 0;
    case JSON_REAL: return json_real_value(v) != 0.0;
    case JSON_STRING: return json_string_length(v) != 0;
    case JSON_ARRAY: return json_array_size(v) != 0;
    case JSON_OBJECT: return json_object_size(v) != 0;
    }
    return false;
}

static bool json_same(const json_t *a, const json_t *b)
{
    if (json_is_number(a) && json_is_number(b))
        return json_number_value(a) == json_number_value(b);
    return json_equal(a, b) != 0;
}

static json_t *parse_or(ep *e);

static json_t *parse_string(ep *e)
{
    char q = *e->p;
    const char *start = e->p++;
    gf_buf b = GF_BUF_INIT;
    while (e->p < e->end && *e->p != q) {
        char c = *e->p++;
        if (c == '\\' && e->p < e->end) {
            c = *e->p++;
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
        }
        gf_buf_addc(&b, c);
    }
    if (e->p >= e->end) {
        gf_buf_release(&b);
        return fail(e, start, "unterminated string");
    }
    e->p++;
    json_t *v = json_stringn(b.ptr ? b.ptr : "", b.len);
    gf_buf_release(&b);
    if (!v)
        return fail(e, start, "string is not valid UTF-8");
    return v;
}

static json_t *parse_number(ep *e)
{
    const char *start = e->p;
    if (*e->p == '-')
        e->p++;
    bool real = false;
    while (e->p < e->end && (isdigit((unsigned char)*e->p) || *e->p == '.')) {
        real |= *e->p == '.';
        e->p++;
    }
    char buf[64];
    size_t n = (size_t)(e->p - start);
    if (n == 0 || n >= sizeof buf || (n == 1 && *start == '-'))
        return fail(e, start, "bad number");
    memcpy(buf, start, n);
    buf[n] = '\0';
    char *endp;
    if (real) {
        double d = strtod(buf, &endp);
        if (*endp)
            return fail(e, start, "bad number '%s'", buf);
        return json_real(d);
    }
    long long v = strtoll(buf, &endp, 10);
    if (*endp)
        return fail(e, start, "bad number '%s'", buf);
    return json_integer(v);
}

static json_t *parse_path(ep *e)
{
    const char *start = e->p;
    while (e->p < e->end && name_char(*e->p))
        e->p++;
    char name[256];
    size_t n = (size_t)(e->p - start);
    if (n >= sizeof name)
        return fail(e, start, "name too long");
    memcpy(name, start, n);
    name[n] = '\0';
    const json_t *v = e->look ? e->look(e->ctx, name) : NULL;
    if (!v)
        return fail(e, start, "unknown name '%s' (not a variable nor a registered result)", name);
    while (e->p < e->end && *e->p == '.') {
        const char *fs = ++e->p;
        while (e->p < e->end && name_char(*e->p))
            e->p++;
        n = (size_t)(e->p - fs);
        if (n == 0 || n >= sizeof name)
            return fail(e, fs, "expected a field name after '.'");
        memcpy(name, fs, n);
        name[n] = '\0';
        if (e->check || json_is_null(v))
            continue; /* a step that did not run registered null: its fields are null too */
        bool digits = true;
        for (size_t i = 0; i < n; i++)
            digits &= isdigit((unsigned char)name[i]) != 0;
        const json_t *next = NULL;
        if (json_is_object(v))
            next = json_object_get(v, name);
        else if (json_is_array(v) && digits)
            next = json_array_get(v, (size_t)strtoull(name, NULL, 10));
        if (!next)
            return fail(e, fs, "no field '%s' here", name);
        v = next;
    }
    return e->check ? json_null() : json_incref((json_t *)v);
}

static json_t *parse_primary(ep *e)
{
    skip_ws(e);
    if (e->p >= e->end)
        return fail(e, e->p, "expression ends early");
    char c = *e->p;
    if (c == '(') {
        e->p++;
        json_t *v = parse_or(e);
        skip_ws(e);
        if (v && (e->p >= e->end || *e->p != ')')) {
            json_decref(v);
            return fail(e, e->p, "expected ')'");
        }
        e->p++;
        return v;
    }
    if (c == '"' || c == '\'')
        return parse_string(e);
    if (isdigit((unsigned char)c) ||
        (c == '-' && e->p + 1 < e->end && isdigit((unsigned char)e->p[1])))
        return parse_number(e);
    if (keyword(e, "true"))
        return json_true();
    if (keyword(e, "false"))
        return json_false();
    if (keyword(e, "null"))
        return json_null();
    if (name_start(c))
        return parse_path(e);
    char tok[2] = {c, '\0'};
    return fail(e, e->p, "unexpected '%s'", tok);
}

static json_t *parse_compare(ep *e)
{
    json_t *a = parse_primary(e);
    if (!a)
        return NULL;
    skip_ws(e);
    if (e->end - e->p >= 2 && (e->p[0] == '=' || e->p[0] == '!') && e->p[1] == '=') {
        bool eq = e->p[0] == '=';
        e->p += 2;
        json_t *b = parse_primary(e);
        if (!b) {
            json_decref(a);
            return NULL;
        }
        bool same = json_same(a, b);
        json_decref(a);
        json_decref(b);
        return json_boolean(eq ? same : !same);
    }
    return a;
}

static json_t *parse_not(ep *e)
{
    skip_ws(e);
    if (keyword(e, "not")) {
        json_t *v = parse_not(e);
        if (!v)
            return NULL;
        bool t = gf_json_truthy(v);
        json_decref(v);
        return json_boolean(!t);
    }
    return parse_compare(e);
}

/* "and" / "or": the right side is not evaluated when the left decides
 * (so `r != null and r.count == 1` is safe), but it is still checked:
 * syntax and names. */
static json_t *parse_binary(ep *e, const char *kw, json_t *(*sub)(ep *), bool is_and)
{
    json_t *v = sub(e);
    while (v) {
        skip_ws(e);
        if (!keyword(e, kw))
            break;
        bool left = gf_json_truthy(v);
        bool decided = is_and ? !left : left;
        bool was_check = e->check;
        if (decided)
            e->check = true;
        json_t *r = sub(e);
        e->check = was_check;
        if (!r) {
            json_decref(v);
            return NULL;
        }
        bool t = decided ? left : gf_json_truthy(r);
        json_decref(v);
        json_decref(r);
        v = json_boolean(t);
    }
    return v;
}

static json_t *parse_and(ep *e)
{
    return parse_binary(e, "and", parse_not, true);
}

static json_t *parse_or(ep *e)
{
    return parse_binary(e, "or", parse_and, false);
}

static int run(const char *src, size_t len, bool check, gf_expr_lookup look, void *ctx,
               json_t **out, gf_error *err)
{
    ep e = {
        .s = src, .p = src, .end = src + len, .look = look, .ctx = ctx, .check = check, .err = err};
    json_t *v = parse_or(&e);
    if (v) {
        skip_ws(&e);
        if (e.p < e.end) {
            json_decref(v);
            v = NULL;
            char tok[2] = {*e.p, '\0'};
            fail(&e, e.p, "unexpected '%s' after the expression", tok);
        }
    }
    if (!v && !e.rc)
        e.rc = gf_error_set(err, GF_ENOMEM, "out of memory");
    if (out)
        *out = v;
    else
        json_decref(v);
    return v ? 0 : e.rc;
}

int gf_expr_eval(const char *src, size_t len, gf_expr_lookup look, void *ctx, json_t **out,
                 gf_error *err)
{
    return run(src, len, false, look, ctx, out, err);
}

int gf_expr_check(const char *src, size_t len, gf_expr_lookup look, void *ctx, gf_error *err)
{
    return run(src, len, true, look, ctx, NULL, err);
}

char *gf_json_text(const json_t *v)
{
    if (json_is_string(v))
        return gf_strndup(json_string_value(v), json_string_length(v));
    if (json_is_null(v))
        return gf_strdup("");
    if (json_is_real(v)) {
        double d = json_real_value(v);
        char buf[64];
        if (d == floor(d) && fabs(d) < 1e15)
            snprintf(buf, sizeof buf, "%.0f", d);
        else
            snprintf(buf, sizeof buf, "%.17g", d);
        return gf_strdup(buf);
    }
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
    char *r = gf_strdup(s ? s : "");
    free(s);
    return r;
}

int gf_plan_template(const char *s, size_t len, bool check, gf_expr_lookup look, void *ctx,
                     json_t **out, gf_error *err)
{
    if (out)
        *out = NULL;
    /* one whole "{{ expr }}": its value, typed */
    size_t a = 0, b = len;
    while (a < b && s[a] == ' ')
        a++;
    while (b > a && s[b - 1] == ' ')
        b--;
    if (b - a >= 4 && !memcmp(s + a, "{{", 2) && !memcmp(s + b - 2, "}}", 2)) {
        const char *in = s + a + 2;
        size_t n = b - a - 4;
        if (!memmem(in, n, "{{", 2) && !memmem(in, n, "}}", 2)) {
            int rc = run(in, n, check, look, ctx, check ? NULL : out, err);
            if (rc && err && err->column)
                err->column += (uint32_t)(a + 2);
            return rc;
        }
    }
    gf_buf text = GF_BUF_INIT;
    size_t i = 0;
    int rc = 0;
    while (i < len) {
        const char *open = memmem(s + i, len - i, "{{", 2);
        if (!open) {
            gf_buf_add(&text, s + i, len - i);
            break;
        }
        size_t o = (size_t)(open - s);
        gf_buf_add(&text, s + i, o - i);
        const char *close = memmem(s + o + 2, len - o - 2, "}}", 2);
        if (!close) {
            rc = gf_error_set(err, GF_EINVAL, "'{{' without its '}}'");
            if (err)
                err->column = (uint32_t)o + 1;
            break;
        }
        size_t c = (size_t)(close - s);
        json_t *v = NULL;
        rc = run(s + o + 2, c - o - 2, check, look, ctx, check ? NULL : &v, err);
        if (rc) {
            if (err && err->column)
                err->column += (uint32_t)(o + 2);
            break;
        }
        if (!check) {
            char *t = gf_json_text(v);
            gf_buf_adds(&text, t);
            gf_free(t);
            json_decref(v);
        }
        i = c + 2;
    }
    if (!rc && !check && out) {
        *out = json_stringn(text.ptr ? text.ptr : "", text.len);
        if (!*out)
            rc = gf_error_set(err, GF_EINVAL, "substitution gives text that is not valid UTF-8");
    }
    gf_buf_release(&text);
    return rc;
}
