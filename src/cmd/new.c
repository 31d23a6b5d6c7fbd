/* cmd_new: scaffold a rule project, a rule and its test. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cli.h"
#include "match/project.h"
#include "syntax/config.h"
#include "util/alloc.h"
#include "util/buf.h"

static const char help[] =
    "usage: graft new project\n"
    "       graft new rule ID [-l LANG] [--config FILE]\n\n"
    "'new project' writes graft.yml (ruleDirs: rules, testConfigs: rule-tests,\n"
    "utilDirs: utils) and creates those directories. 'new rule' writes\n"
    "<first ruleDir>/ID.yml, a rule skeleton for LANG (default python), and\n"
    "<first testDir>/ID-test.yml with a valid and an invalid case to fill in;\n"
    "'graft test' runs it. Existing files are never overwritten.\n\n"
    "options:\n"
    "  -l, --lang LANG     the rule's language (default python)\n"
    "      --config FILE   the project config to use instead of searching\n"
    "  -h, --help          show this help\n\n"
    "exit status: 0 created, 2 error (a file exists, no project, bad id)\n\n"
    "examples:\n"
    "  graft new project\n"
    "  graft new rule no-print -l python\n"
    "  graft test --filter no-print\n";

/* Creates path with text through the edit commit path (refuses to
 * replace an existing file). */
static int create(const char *path, const char *text)
{
    gf_editset *es = gf_editset_new_file(path);
    gf_editset_add(es, 0, 0, text, strlen(text), NULL);
    gf_error e;
    int rc = gf_editset_commit(es, NULL, &e);
    gf_editset_delete(es);
    if (rc)
        return cli_report(&e);
    printf("created %s\n", path);
    return 0;
}

static int make_dir(const char *d)
{
    if (mkdir(d, 0777) != 0 && errno != EEXIST)
        return cli_error("cannot create directory '%s': %s", d, strerror(errno));
    return 0;
}

static int new_project(void)
{
    int rc = create("graft.yml", "ruleDirs:\n  - rules\n"
                                 "testConfigs:\n  - testDir: rule-tests\n"
                                 "utilDirs:\n  - utils\n");
    if (!rc)
        rc = make_dir("rules");
    if (!rc)
        rc = make_dir("rule-tests");
    if (!rc)
        rc = make_dir("utils");
    return rc ? EXIT_ERROR : EXIT_OK;
}

static bool valid_id(const char *id)
{
    if (!*id)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return id[0] != '.';
}

static int new_rule(const char *id, const gf_lang *lang, const char *config)
{
    if (!valid_id(id))
        return cli_error("invalid rule id '%s' (letters, digits, '-', '_', '.')", id);
    char *found = config ? gf_strdup(config) : gf_config_find(".");
    if (!found)
        return cli_error("no graft.yml or sgconfig.yml here or in a parent directory (run 'graft "
                         "new project' first)");
    gf_project proj;
    gf_error e;
    int rc = gf_project_load(found, &proj, &e);
    gf_free(found);
    if (rc)
        return cli_report(&e);
    if (proj.rule_dirs.len == 0) {
        rc = cli_error("'%s' lists no ruleDirs", proj.file);
        gf_project_release(&proj);
        return rc;
    }
    gf_buf path = GF_BUF_INIT, text = GF_BUF_INIT;
    gf_buf_printf(&path, "%s/%s.yml", proj.rule_dirs.items[0], id);
    gf_buf_printf(&text,
                  "id: %s\n"
                  "language: %s\n"
                  "severity: warning\n"
                  "message: describe what is wrong with $A\n"
                  "note: explain why, and what to write instead\n"
                  "rule:\n"
                  "  pattern: TODO($A)\n"
                  "# fix: replacement($A)\n",
                  id, lang->name);
    rc = make_dir(proj.rule_dirs.items[0]);
    if (!rc)
        rc = create(path.ptr, text.ptr);
    if (!rc && proj.tests.len) {
        const char *td = proj.tests.items[0].test_dir;
        gf_buf_clear(&path);
        gf_buf_clear(&text);
        gf_buf_printf(&path, "%s/%s-test.yml", td, id);
        gf_buf_printf(&text,
                      "id: %s\n"
                      "valid:\n"
                      "  - \"code the rule must not match\"\n"
                      "invalid:\n"
                      "  - \"TODO(1)\"\n",
                      id);
        rc = make_dir(td);
        if (!rc)
            rc = create(path.ptr, text.ptr);
    }
    gf_buf_release(&path);
    gf_buf_release(&text);
    gf_project_release(&proj);
    return rc ? EXIT_ERROR : EXIT_OK;
}

int cmd_new(int argc, char **argv)
{
    enum { OPT_CONFIG = 256 };
    static const struct option opts[] = {{"config", required_argument, NULL, OPT_CONFIG},
                                         {"help", no_argument, NULL, 'h'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {0}};
    const gf_lang *lang = gf_lang_find("python");
    const char *config = NULL;
    int opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":hl:", opts, NULL)) != -1) {
        switch (opt) {
        case 'h': fputs(help, stdout); return EXIT_OK;
        case 'l':
            if (!(lang = cli_lang(optarg)))
                return EXIT_ERROR;
            break;
        case OPT_CONFIG: config = optarg; break;
        default: return cli_bad_option("new", opt, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("new", "missing what to create: 'project' or 'rule ID'");
    const char *what = argv[optind++];
    if (!strcmp(what, "project")) {
        if (optind < argc)
            return cli_usage_error("new", "unexpected argument '%s'", argv[optind]);
        return new_project();
    }
    if (!strcmp(what, "rule")) {
        if (optind >= argc)
            return cli_usage_error("new", "missing the rule's ID");
        if (optind + 1 < argc)
            return cli_usage_error("new", "unexpected argument '%s'", argv[optind + 1]);
        return new_rule(argv[optind], lang, config);
    }
    return cli_usage_error("new", "unknown kind '%s' (project, rule)", what);
}
