/* Configuration files: the TOML subset, errors with line numbers, paths
 * relative to the file, discovery up to the git root, list settings, globs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/glob.h"
#include "lint/settings.h"
#include "harness.h"
#include "rules/rule.h"

static char tmpdir[256];

static void make_tmpdir(void) {
  const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(tmpdir, sizeof tmpdir, "%s/mclint-config-XXXXXX", base);
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tree(void) {
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  ck_assert_int_eq(system(cmd), 0);
}

/* Writes tmpdir/rel (creating directories) and returns its path. */
static char *write_file(const char *rel, const char *text) {
  char *path = malloc(512);
  snprintf(path, 512, "%s/%s", tmpdir, rel);
  for (char *p = path + strlen(tmpdir) + 1; (p = strchr(p, '/')); p++) {
    *p = '\0';
    mkdir(path, 0755);
    *p = '/';
  }
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
  return path;
}

/* Loads text as a configuration; returns the error or NULL. */
static char *load(mcl_options *o, const char *text) {
  char *path = write_file(".mclint.toml", text);
  char *err = NULL;
  int rc = mcl_options_load(o, path, &err);
  free(path);
  ck_assert_int_eq(rc, err ? -1 : 0);
  return err;
}

static size_t rule(const char *name) { return mcl_rule_index(mcl_rule_find(name)); }

START_TEST(every_value_form) {
  make_tmpdir();
  char schemas[300];
  snprintf(schemas, sizeof schemas, "%s/schemas", tmpdir);
  ck_assert_int_eq(mkdir(schemas, 0755), 0);
  mcl_options *o = mcl_options_new();
  char *err = load(o,
                   "\xEF\xBB\xBF# a comment\n"
                   "platform = [\"ios\",  # inline comment\n"
                   "   'macOS',\n"
                   "]\n"
                   "min-os = 16.4\n"
                   "supervision = \"supervised\"   # trailing\n"
                   "strict-types = true\r\n"
                   "\"strict\" = false\n"
                   "schema-dir = [\"schemas\"]\n"
                   "disable = [\"template-marker\", \"MC205\"]\n"
                   "\n"
                   "[severity]\n"
                   "duplicate-key = \"warning\"\n"
                   "MC206 = \"info\"\n"
                   "\n"
                   "[policy]\n"
                   "identifier-pattern = 'com\\.example\\.[a-z.]+'\n"
                   "allowed-payload-types = [\"com.apple.wifi.*\", \"com.apple.vpn.managed\"]\n"
                   "organization = \"Caf\\u00e9 \\\"Ltd\\\"\"\n");
  ck_assert_msg(err == NULL, "%s", err);
  ck_assert_uint_eq(o->platforms, MCL_PLATFORM_IOS | MCL_PLATFORM_MACOS);
  ck_assert_uint_eq(o->min_os, MCL_OSVER(16, 4, 0));
  ck_assert_int_eq(o->supervised, 1);
  ck_assert(o->strict_types);
  ck_assert(!o->strict);
  ck_assert_uint_eq(o->schema_dir_count, 1);
  ck_assert_str_eq(o->schema_dirs[0], schemas); /* relative to the file, not the cwd */
  ck_assert_int_eq(o->severity[rule("template-marker")], MCL_OFF);
  ck_assert_int_eq(o->severity[rule("MC205")], MCL_OFF);
  ck_assert_int_eq(o->severity[rule("duplicate-key")], MCL_WARNING);
  ck_assert_int_eq(o->severity[rule("MC206")], MCL_INFO);
  ck_assert_str_eq(o->identifier_pattern, "com\\.example\\.[a-z.]+");
  ck_assert_uint_eq(o->allowed_type_count, 2);
  ck_assert_str_eq(o->allowed_types[1], "com.apple.vpn.managed");
  ck_assert_str_eq(o->organization, "Caf\xC3\xA9 \"Ltd\"");
  mcl_options_free(o);
  remove_tree();
}
END_TEST

/* Each bad configuration fails with FILE:LINE: and a word that explains. */
START_TEST(errors_name_the_line) {
  static const struct {
    const char *text;
    unsigned line;
    const char *says;
  } cases[] = {
      {"platform = \"ios\"\nplatfrom = \"macos\"\n", 2, "did you mean 'platform'"},
      {"# c\n\nplatform = \"android\"\n", 3, "unknown platform 'android'"},
      {"platform = ios\n", 1, "strings need quotes"},
      {"min-os = \"seventeen\"\n", 1, "invalid OS version"},
      {"strict = maybe\n", 1, "strings need quotes"},
      {"strict = \"maybe\"\n", 1, "expected true or false"},
      {"platform = \"ios\n", 1, "unterminated string"},
      {"platform = [\"ios\",\n \"macos\"\n", 3, "unterminated array"},
      {"platform = [\"ios\" \"macos\"]\n", 1, "expected ',' or ']'"},
      {"min-os = [\"16\"]\n", 1, "takes one value"},
      {"exclude = [[\"a\"]]\n", 1, "nested arrays"},
      {"policy = { organization = \"x\" }\n", 1, "inline tables"},
      {"\n[rules]\n", 2, "unknown table [rules]"},
      {"[[policy]]\n", 1, "arrays of tables"},
      {"strict = true\nstrict = false\n", 2, "set twice (first at line 1)"},
      {"[policy]\n[policy]\n", 2, "appears twice"},
      {"severity = [\"MC201=off\"]\n[severity]\nMC202 = \"off\"\n", 2, "conflicts"},
      {"[severity]\nno-such-rule = \"off\"\n", 2, "unknown rule"},
      {"[severity]\nduplicate-key = \"loud\"\n", 2, "unknown severity 'loud'"},
      {"[severity]\nduplicate-key = 1\n", 2, "severity of 'duplicate-key'"},
      {"[policy]\nidentifier-pattern = \"com.(\"\n", 2, "invalid regular expression"},
      {"select = []\n", 1, "every rule off"},
      {"schema-dir = \"does/not/exist\"\n", 1, "does/not/exist"},
      {"exclude = [\"a[b\"]\n", 1, "without a closing ']'"},
      {"platform = \"ios\" junk\n", 1, "unexpected 'j' after the value"},
      {"platform \"ios\"\n", 1, "expected '='"},
      {"= \"ios\"\n", 1, "expected a setting name"},
      {"platform = \"\\q\"\n", 1, "unknown escape"},
      {"platform = \"\"\"ios\"\"\"\n", 1, "multi-line strings"},
      {"tool.mclint.platform = \"ios\"\n", 1, "unknown setting 'tool.mclint.platform'"},
  };
  make_tmpdir();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mcl_options *o = mcl_options_new();
    char *err = load(o, cases[i].text);
    ck_assert_msg(err != NULL, "case %zu loaded: %s", i, cases[i].text);
    char where[300];
    snprintf(where, sizeof where, "/.mclint.toml:%u: ", cases[i].line);
    ck_assert_msg(strstr(err, where) != NULL, "case %zu: '%s' lacks '%s'", i, err, where);
    ck_assert_msg(strstr(err, cases[i].says) != NULL, "case %zu: '%s' lacks '%s'", i, err,
                  cases[i].says);
    free(err);
    mcl_options_free(o);
  }
  mcl_options *o = mcl_options_new();
  char *err = NULL;
  ck_assert_int_eq(mcl_options_load(o, "/nonexistent/.mclint.toml", &err), -1);
  ck_assert_ptr_nonnull(strstr(err, "No such file"));
  free(err);
  char *path = write_file("nul.toml", "x");
  FILE *f = fopen(path, "wb");
  fwrite("strict = true\n\0", 1, 15, f);
  fclose(f);
  ck_assert_int_eq(mcl_options_load(o, path, &err), -1);
  ck_assert_ptr_nonnull(strstr(err, "NUL"));
  free(err);
  free(path);
  mcl_options_free(o);
  remove_tree();
}
END_TEST

START_TEST(discovery_stops_at_the_git_root) {
  make_tmpdir();
  char *outer = write_file(".mclint.toml", "strict = true\n");
  char *inner = write_file("repo/profiles/.mclint.toml", "strict = true\n");
  free(write_file("repo/.git/HEAD", "ref: refs/heads/main\n"));
  free(write_file("repo/profiles/deep/er/x.mobileconfig", ""));
  free(write_file("repo/other/y.mobileconfig", ""));
  char dir[512];
  snprintf(dir, sizeof dir, "%s/repo/profiles/deep/er", tmpdir);
  char *found = mcl_config_find(dir);
  ck_assert_ptr_nonnull(found);
  ck_assert_str_eq(found, inner);
  free(found);
  snprintf(dir, sizeof dir, "%s/repo/other", tmpdir); /* the outer one is above .git */
  ck_assert_ptr_null(mcl_config_find(dir));
  snprintf(dir, sizeof dir, "%s/repo/other/../../", tmpdir);
  found = mcl_config_find(dir);
  ck_assert_ptr_nonnull(found);
  ck_assert_str_eq(found, outer);
  free(found);
  free(outer);
  free(inner);
  remove_tree();
}
END_TEST

START_TEST(excludes_are_relative_to_the_configuration) {
  make_tmpdir();
  mcl_options *o = mcl_options_new();
  char *err = load(o, "exclude = [\"drafts\", \"/build\", \"vendor/**/*.plist\",\n"
                      "           \"*.tmpl.mobileconfig\"]\n");
  ck_assert_msg(err == NULL, "%s", err);
  static const struct {
    const char *rel;
    bool excluded;
  } cases[] = {
      {"drafts/a.mobileconfig", true},        {"x/drafts/y/a.mobileconfig", true},
      {"drafts.mobileconfig", false},         {"build/a.mobileconfig", true},
      {"x/build/a.mobileconfig", false},      {"vendor/a.plist", true},
      {"vendor/x/y/a.plist", true},           {"vendor/a.mobileconfig", false},
      {"a.tmpl.mobileconfig", true},          {"x/a.tmpl.mobileconfig", true},
      {"a.mobileconfig", false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, cases[i].rel);
    ck_assert_msg(mcl_options_excludes(o, path) == cases[i].excluded, "%s", cases[i].rel);
  }
  char outside[512]; /* the same relative path under another directory */
  snprintf(outside, sizeof outside, "%s-elsewhere/build/a.mobileconfig", tmpdir);
  ck_assert(!mcl_options_excludes(o, outside));
  ck_assert(!mcl_options_excludes(o, "-"));
  /* The command line's --exclude is relative to the current directory. */
  char cwd[512];
  ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
  ck_assert_int_eq(chdir(tmpdir), 0);
  mcl_options *c = mcl_options_new();
  ck_assert_int_eq(mcl_options_set(c, "exclude", "sub", &err), 0);
  ck_assert(mcl_options_excludes(c, "sub/a.mobileconfig"));
  ck_assert(mcl_options_excludes(c, "./x/../sub/a.mobileconfig"));
  ck_assert(!mcl_options_excludes(c, "a.mobileconfig"));
  ck_assert_int_eq(chdir(cwd), 0);
  mcl_options_free(c);
  mcl_options_free(o);
  remove_tree();
}
END_TEST

START_TEST(list_settings_clear_and_scalars_do_not) {
  mcl_options *o = mcl_options_new();
  char *err = NULL;
  ck_assert(mcl_options_is_list("platform"));
  ck_assert(mcl_options_is_list("exclude"));
  ck_assert(!mcl_options_is_list("min-os"));
  ck_assert(!mcl_options_is_list("disable"));
  ck_assert_int_eq(mcl_options_set(o, "platform", "ios", &err), 0);
  ck_assert_int_eq(mcl_options_set(o, "platform", "macos", &err), 0);
  ck_assert_uint_eq(o->platforms, MCL_PLATFORM_IOS | MCL_PLATFORM_MACOS);
  ck_assert_int_eq(mcl_options_clear(o, "platform", &err), 0);
  ck_assert_uint_eq(o->platforms, 0);
  ck_assert_int_eq(mcl_options_set(o, "policy.forbidden-payload-types", "a, b", &err), 0);
  ck_assert_uint_eq(o->forbidden_type_count, 2);
  ck_assert_int_eq(mcl_options_clear(o, "policy.forbidden-payload-types", &err), 0);
  ck_assert_uint_eq(o->forbidden_type_count, 0);
  ck_assert_int_eq(mcl_options_clear(o, "min-os", &err), -1);
  ck_assert_ptr_nonnull(strstr(err, "not a list"));
  free(err);
  ck_assert_int_eq(mcl_options_clear(o, "nope", &err), -1);
  free(err);
  mcl_options_free(o);
}
END_TEST

START_TEST(select_and_enable_keep_a_given_severity) {
  mcl_options *o = mcl_options_new();
  char *err = NULL;
  size_t tm = rule("template-marker"), dup = rule("duplicate-key");
  ck_assert_int_eq(mcl_options_set(o, "severity", "template-marker=error", &err), 0);
  ck_assert_int_eq(mcl_options_set(o, "select", "template-marker, MC109", &err), 0);
  ck_assert_int_eq(o->severity[tm], MCL_ERROR);
  ck_assert_int_eq(o->severity[dup], MCL_ERROR);
  ck_assert_int_eq(o->severity[rule("uuid-format")], MCL_OFF);
  ck_assert_int_eq(mcl_options_set(o, "enable", "template-marker", &err), 0);
  ck_assert_int_eq(o->severity[tm], MCL_ERROR);
  ck_assert_int_eq(mcl_options_set(o, "ignore", "template-marker", &err), 0);
  ck_assert_int_eq(o->severity[tm], MCL_OFF);
  ck_assert_int_eq(mcl_options_set(o, "enable", "template-marker", &err), 0);
  ck_assert_int_eq(o->severity[tm], MCL_WARNING); /* was off: back to the default */
  mcl_options_free(o);
}
END_TEST

START_TEST(globs) {
  static const struct {
    const char *pattern, *s;
    bool match;
  } cases[] = {
      {"*.plist", "a.plist", true},        {"*.plist", "d/a.plist", false},
      {"a?c", "abc", true},                {"a?c", "a/c", false},
      {"[a-c]x", "bx", true},              {"[!a-c]x", "bx", false},
      {"[!a-c]x", "dx", true},             {"[]]", "]", true},
      {"**/x", "x", true},                 {"**/x", "a/b/x", true},
      {"a/**/x", "a/x", true},             {"a/**/x", "a/b/c/x", true},
      {"a/**", "a/b/c", true},             {"a/**", "b/c", false},
      {"a**b", "axxb", true},              {"a**b", "a/b", false},
      {"\\*", "*", true},                  {"\\*", "x", false},
      {"com.apple.*", "com.apple.vpn.managed", true},
      {"com.apple.*", "com.apple", false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    ck_assert_msg(mcl_glob_match(cases[i].pattern, cases[i].s) == cases[i].match, "%s vs %s",
                  cases[i].pattern, cases[i].s);
  ck_assert(mcl_glob_match_path("/r/drafts", "/r/drafts/x/y.mobileconfig"));
  ck_assert(!mcl_glob_match_path("/r/drafts", "/r/drafts2/y.mobileconfig"));
  ck_assert_ptr_nonnull(mcl_glob_check("a\\"));
  ck_assert_ptr_nonnull(mcl_glob_check("[ab"));
  ck_assert_ptr_null(mcl_glob_check("[]ab]*"));
  /* A pathological pattern gives up instead of taking exponential time. */
  ck_assert(!mcl_glob_match("*a*a*a*a*a*a*a*a*a*a*a*b",
                            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}
END_TEST

START_TEST(paths_normalise) {
  char *p = mcl_path_resolve("/a/b", "../c/./d//e/");
  ck_assert_str_eq(p, "/a/c/d/e");
  free(p);
  p = mcl_path_resolve("/a", "../../..");
  ck_assert_str_eq(p, "/");
  free(p);
  p = mcl_path_resolve("/ignored", "/abs/x");
  ck_assert_str_eq(p, "/abs/x");
  free(p);
}
END_TEST

Suite *config_suite(void) {
  Suite *s = suite_create("config");
  TCase *tc = tcase_create("config");
  tcase_add_test(tc, every_value_form);
  tcase_add_test(tc, errors_name_the_line);
  tcase_add_test(tc, discovery_stops_at_the_git_root);
  tcase_add_test(tc, excludes_are_relative_to_the_configuration);
  tcase_add_test(tc, list_settings_clear_and_scalars_do_not);
  tcase_add_test(tc, select_and_enable_keep_a_given_severity);
  tcase_add_test(tc, globs);
  tcase_add_test(tc, paths_normalise);
  suite_add_tcase(s, tc);
  return s;
}
