/* cli: shared helpers for the command-line verbs. */
#include "cmd/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("graft: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_ERROR;
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("graft: warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_report(const gf_error *e)
{
    return cli_error("%s", e->message[0] ? e->message : gf_strerror(e->code));
}

int cli_usage_error(const char *verb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("graft: ", stderr);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nrun 'graft %s --help' for usage\n", verb);
    va_end(ap);
    return EXIT_ERROR;
}

bool cli_parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno || *s == '-')
        return false;
    unsigned shift = 0;
    switch (*end) {
    case '\0': break;
    case 'k':
    case 'K':
        shift = 10;
        end++;
        break;
    case 'm':
    case 'M':
        shift = 20;
        end++;
        break;
    case 'g':
    case 'G':
        shift = 30;
        end++;
        break;
    default: return false;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || v > (SIZE_MAX >> shift))
        return false;
    *out = (size_t)(v << shift);
    return true;
}

bool cli_parse_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 1 || v > 4096)
        return false;
    *out = (int)v;
    return true;
}

const gf_lang *cli_lang(const char *name)
{
    const gf_lang *l = gf_lang_find(name);
    if (!l)
        cli_error("unknown language '%s' (known: %s)", name, gf_lang_names());
    return l;
}

void cli_flush(gf_buf *b)
{
    if (b->len)
        fwrite(b->ptr, 1, b->len, stdout);
    gf_buf_clear(b);
}

int cli_bad_option(const char *verb, int c, char **argv)
{
    const char *arg = argv[optind - 1];
    char shortopt[3] = {'-', (char)optopt, '\0'};
    /* getopt leaves optopt at 0 for long options; argv then names them. */
    const char *name = optopt ? shortopt : arg;
    if (c == ':')
        return cli_usage_error(verb, "option '%s' needs a value", name);
    return cli_usage_error(verb, "unknown option '%s'", name);
}

int cli_report_after(gf_buf *pending, const gf_error *e)
{
    cli_flush(pending);
    fflush(stdout);
    return cli_report(e);
}

int cli_walk_setup(gf_walk_opts *wo, int argc, char **argv, const char *const *globs, size_t nglobs,
                   const char *config, gf_langmap **map)
{
    wo->paths = (const char *const *)argv + optind;
    wo->npaths = (size_t)(argc - optind);
    wo->globs = globs;
    wo->nglobs = nglobs;
    gf_error e;
    if (gf_langmap_load(".", config, map, &e) != 0)
        return cli_report(&e);
    wo->langmap = *map;
    return EXIT_OK;
}

int cli_choice(const char *verb, const char *what, const char *arg, const char *const *names)
{
    gf_buf list = GF_BUF_INIT;
    for (int i = 0; names[i]; i++) {
        if (!strcmp(arg, names[i])) {
            gf_buf_release(&list);
            return i;
        }
        gf_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    }
    cli_usage_error(verb, "unknown %s '%s' (%s)", what, arg, list.ptr);
    gf_buf_release(&list);
    return -1;
}
