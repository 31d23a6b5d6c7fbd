/* Unit tests for path confinement beneath a root (edit/root.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edit/root.h"
#include "graft/core.h"
#include "util/alloc.h"

/* A scratch tree:
 *   T/root/a.txt, T/root/sub/b.txt, T/root/.git/config,
 *   T/root/out -> T/outside (dir link), T/root/hosts -> T/outside/f (file link),
 *   T/root/in -> sub (link staying inside), T/root/dangling -> T/nowhere,
 *   T/outside/f */
static char top[PATH_MAX], root[PATH_MAX + 16], cwd0[PATH_MAX];

static void touch(const char *p)
{
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("x\n", f);
    fclose(f);
}

static int setup(void **state)
{
    char tmpl[] = "/tmp/graft-root-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char *t = realpath(tmpl, NULL);
    snprintf(top, sizeof top, "%s", t);
    free(t);
    snprintf(root, sizeof root, "%s/root", top);
    char p[PATH_MAX + 64];
    assert_int_equal(mkdir(root, 0777), 0);
    snprintf(p, sizeof p, "%s/sub", root);
    assert_int_equal(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/.git", root);
    assert_int_equal(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/outside", top);
    assert_int_equal(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/a.txt", root);
    touch(p);
    snprintf(p, sizeof p, "%s/sub/b.txt", root);
    touch(p);
    snprintf(p, sizeof p, "%s/.git/config", root);
    touch(p);
    snprintf(p, sizeof p, "%s/outside/f", top);
    touch(p);
    char l[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/outside", top);
    snprintf(l, sizeof l, "%s/out", root);
    assert_int_equal(symlink(p, l), 0);
    snprintf(p, sizeof p, "%s/outside/f", top);
    snprintf(l, sizeof l, "%s/hosts", root);
    assert_int_equal(symlink(p, l), 0);
    snprintf(l, sizeof l, "%s/in", root);
    assert_int_equal(symlink("sub", l), 0);
    snprintf(p, sizeof p, "%s/nowhere", top);
    snprintf(l, sizeof l, "%s/dangling", root);
    assert_int_equal(symlink(p, l), 0);
    assert_non_null(getcwd(cwd0, sizeof cwd0));
    assert_int_equal(chdir(root), 0);
    return 0;
}

static int teardown(void **state)
{
    assert_int_equal(chdir(cwd0), 0);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static void ok(const char *path, const char *want_rel)
{
    char *abs, *rel;
    gf_error e;
    int rc = gf_root_resolve(root, path, &abs, &rel, &e);
    if (rc)
        fail_msg("'%s' refused: %s", path, e.message);
    assert_string_equal(rel, want_rel);
    assert_true(!strncmp(abs, root, strlen(root)));
    gf_free(abs);
    gf_free(rel);
}

static void refused(const char *path, const char *why)
{
    char *abs, *rel;
    gf_error e;
    int rc = gf_root_resolve(root, path, &abs, &rel, &e);
    if (!rc)
        fail_msg("'%s' accepted as '%s'", path, rel);
    assert_non_null(strstr(e.message, why));
    assert_null(abs);
    assert_null(rel);
}

static void test_inside(void **state)
{
    ok("a.txt", "a.txt");
    ok("./sub/../a.txt", "a.txt");
    ok("sub//b.txt", "sub/b.txt");
    ok("in/b.txt", "sub/b.txt"); /* a link that stays inside */
    ok("sub/new.txt", "sub/new.txt");
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/a.txt", root);
    ok(p, "a.txt");
}

static void test_escapes(void **state)
{
    refused("../root2/a.txt", "outside the root");
    refused("sub/../../x", "outside the root");
    refused("/etc/hostname", "outside the root");
    refused("out/f", "outside the root"); /* through a directory link */
    refused("out/new.txt", "outside the root");
    refused("hosts", "outside the root"); /* a file link */
    refused("dangling", "symbolic link to a missing file");
    refused(".git/config", ".git");
    refused("sub/../.git/config", ".git");
    refused("a\ttab", "control characters");
    refused("", "empty path");
}

static void test_default_root(void **state)
{
    char *r;
    gf_error e;
    assert_int_equal(gf_root_default("sub", &r, &e), 0);
    assert_string_equal(r, root); /* the directory holding .git */
    gf_free(r);
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/outside", top);
    assert_int_equal(gf_root_default(p, &r, &e), 0);
    assert_string_equal(r, p); /* no git work tree above: the directory itself */
    gf_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inside),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_default_root),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
