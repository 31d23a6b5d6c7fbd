/* config: locating the project config file (graft.yml / sgconfig.yml). */
#ifndef GF_SYNTAX_CONFIG_H
#define GF_SYNTAX_CONFIG_H

/* The project config file for dir: the first graft.yml, else sgconfig.yml,
 * in dir or its parents, as a path relative to dir's form ("graft.yml",
 * "../sgconfig.yml"); NULL when there is none. Free with gf_free. */
char *gf_config_find(const char *dir);

#endif
