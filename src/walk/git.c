/* git: just enough of git's repository layout and config for ignore rules. */
#include "walk/git.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/file.h"

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

bool gf_git_dir_of(const char *top, gf_buf *gitdir)
{
    gf_buf_clear(gitdir);
    gf_buf_printf(gitdir, "%s/.git", top);
    struct stat st;
    if (stat(gitdir->ptr, &st) != 0)
        return false;
    if (S_ISDIR(st.st_mode))
        return true;
    if (!S_ISREG(st.st_mode))
        return false;
    /* A ".git" file: "gitdir: <path>" (worktrees, submodules). */
    gf_buf content = GF_BUF_INIT;
    bool ok = false;
    if (gf_read_file(gitdir->ptr, 64 * 1024, 0, &content, NULL, NULL) == 0 &&
        strncmp(content.ptr, "gitdir:", 7) == 0) {
        char *v = content.ptr + 7;
        while (*v == ' ' || *v == '\t')
            v++;
        size_t n = strcspn(v, "\r\n");
        v[n] = '\0';
        gf_buf_clear(gitdir);
        if (v[0] == '/')
            gf_buf_adds(gitdir, v);
        else
            gf_buf_printf(gitdir, "%s/%s", top, v);
        ok = n > 0 && is_dir(gitdir->ptr);
    }
    gf_buf_release(&content);
    return ok;
}

bool gf_git_find(const char *abs_dir, gf_buf *top, gf_buf *gitdir)
{
    gf_buf_clear(top);
    gf_buf_adds(top, abs_dir);
    while (top->len > 1 && top->ptr[top->len - 1] == '/')
        gf_buf_setlen(top, top->len - 1);
    for (;;) {
        if (gf_git_dir_of(top->len ? top->ptr : "/", gitdir))
            return true;
        char *slash = strrchr(top->ptr, '/');
        if (!slash || top->len <= 1)
            return false;
        gf_buf_setlen(top, (size_t)(slash - top->ptr));
    }
}

void gf_git_info_exclude(const char *gitdir, gf_buf *out)
{
    /* Linked worktrees keep shared files in the directory named by
     * "commondir". */
    gf_buf common = GF_BUF_INIT;
    gf_buf_printf(&common, "%s/commondir", gitdir);
    gf_buf content = GF_BUF_INIT;
    gf_buf_clear(out);
    if (gf_read_file(common.ptr, 64 * 1024, 0, &content, NULL, NULL) == 0 && content.len) {
        content.ptr[strcspn(content.ptr, "\r\n")] = '\0';
        if (content.ptr[0] == '/')
            gf_buf_printf(out, "%s/info/exclude", content.ptr);
        else
            gf_buf_printf(out, "%s/%s/info/exclude", gitdir, content.ptr);
    } else {
        gf_buf_printf(out, "%s/info/exclude", gitdir);
    }
    gf_buf_release(&content);
    gf_buf_release(&common);
}

void gf_git_config_excludes(const char *data, size_t len, gf_buf *value, bool *found)
{
    gf_buf text = GF_BUF_INIT;
    gf_buf_add(&text, data, len); /* a NUL-terminated copy we may cut into lines */
    bool in_core = false;
    char *line = text.ptr, *end = text.ptr + text.len;
    while (line < end) {
        char *next = memchr(line, '\n', (size_t)(end - line));
        if (next)
            *next++ = '\0';
        else
            next = end;
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '[') {
            char *close = strchr(p, ']');
            size_t n = close ? (size_t)(close - p - 1) : 0;
            /* "[core]" only; "[core "sub"]" is a different section. */
            in_core = n == 4 && strncasecmp(p + 1, "core", 4) == 0;
            p = close ? close + 1 : p + strlen(p);
            while (isspace((unsigned char)*p))
                p++;
        }
        if (in_core && strncasecmp(p, "excludesfile", 12) == 0) {
            char *v = p + 12;
            while (*v == ' ' || *v == '\t')
                v++;
            if (*v == '=') {
                v++;
                gf_buf_clear(value);
                bool quoted = false;
                while (*v == ' ' || *v == '\t')
                    v++;
                for (; *v; v++) {
                    if (*v == '"') {
                        quoted = !quoted;
                    } else if (*v == '\\' && v[1]) {
                        v++;
                        gf_buf_addc(value, *v == 't' ? '\t' : *v == 'n' ? '\n' : *v);
                    } else if (!quoted && (*v == '#' || *v == ';')) {
                        break;
                    } else {
                        gf_buf_addc(value, *v);
                    }
                }
                while (value->len && isspace((unsigned char)value->ptr[value->len - 1]))
                    gf_buf_setlen(value, value->len - 1);
                *found = true;
            }
        }
        line = next;
    }
    gf_buf_release(&text);
}

static void scan_config(const char *path, gf_buf *value, bool *found)
{
    gf_buf text = GF_BUF_INIT;
    if (gf_read_file(path, 1 << 20, 0, &text, NULL, NULL) == 0)
        gf_git_config_excludes(text.ptr, text.len, value, found);
    gf_buf_release(&text);
}

bool gf_git_excludes_file(const char *gitdir, gf_buf *out)
{
    const char *home = getenv("HOME");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    gf_buf path = GF_BUF_INIT, value = GF_BUF_INIT;
    bool found = false;
    if (!getenv("GIT_CONFIG_NOSYSTEM"))
        scan_config("/etc/gitconfig", &value, &found);
    if (xdg && *xdg) {
        gf_buf_printf(&path, "%s/git/config", xdg);
        scan_config(path.ptr, &value, &found);
    } else if (home) {
        gf_buf_printf(&path, "%s/.config/git/config", home);
        scan_config(path.ptr, &value, &found);
    }
    const char *global = getenv("GIT_CONFIG_GLOBAL");
    if (global) {
        scan_config(global, &value, &found);
    } else if (home) {
        gf_buf_clear(&path);
        gf_buf_printf(&path, "%s/.gitconfig", home);
        scan_config(path.ptr, &value, &found);
    }
    if (gitdir) {
        gf_buf_clear(&path);
        gf_buf_printf(&path, "%s/config", gitdir);
        scan_config(path.ptr, &value, &found);
    }
    gf_buf_clear(out);
    bool ok = true;
    if (found && value.len) {
        if (value.ptr[0] == '~' && value.ptr[1] == '/' && home)
            gf_buf_printf(out, "%s%s", home, value.ptr + 1);
        else
            gf_buf_add(out, value.ptr, value.len);
    } else if (xdg && *xdg) {
        gf_buf_printf(out, "%s/git/ignore", xdg);
    } else if (home) {
        gf_buf_printf(out, "%s/.config/git/ignore", home);
    } else {
        ok = false;
    }
    gf_buf_release(&path);
    gf_buf_release(&value);
    return ok;
}
