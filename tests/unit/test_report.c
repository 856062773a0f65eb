/* Reporters: escaping, streaming, statistics, and atomic output. The full
 * documents are checked against their schemas by tests/formats/run.sh. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "base/text.h"
#include "report/escape.h"

/* What f(out, s) writes, as a string the caller frees. */
static char *render(void (*f)(FILE *, const char *, int), const char *s, int flag) {
  FILE *out = tmpfile();
  ck_assert_ptr_nonnull(out);
  f(out, s, flag);
  long n = ftell(out);
  char *buf = calloc(1, (size_t)n + 1);
  rewind(out);
  ck_assert_uint_eq(fread(buf, 1, (size_t)n, out), (size_t)n);
  fclose(out);
  return buf;
}

static void json_string(FILE *out, const char *s, int flag) {
  (void)flag;
  mcl_put_json_string(out, s);
}
static void uri_path(FILE *out, const char *s, int flag) {
  (void)flag;
  mcl_put_uri_path(out, s);
}

#define ck_render(f, in, flag, want)                                     \
  do {                                                                   \
    char *got_ = render((f), (in), (flag));                              \
    ck_assert_msg(strcmp(got_, (want)) == 0, "got <%s> want <%s>", got_, (want)); \
    free(got_);                                                          \
  } while (0)

START_TEST(utf8_decoding_is_strict) {
  uint32_t cp = 0;
  ck_assert_uint_eq(mcl_utf8_decode("A", &cp), 1);
  ck_assert_uint_eq(cp, 'A');
  ck_assert_uint_eq(mcl_utf8_decode("\xC3\xA9", &cp), 2);
  ck_assert_uint_eq(cp, 0xE9);
  ck_assert_uint_eq(mcl_utf8_decode("\xE2\x82\xAC", &cp), 3);
  ck_assert_uint_eq(cp, 0x20AC);
  ck_assert_uint_eq(mcl_utf8_decode("\xF0\x9F\x98\x80", &cp), 4);
  ck_assert_uint_eq(cp, 0x1F600);
  ck_assert_uint_eq(mcl_utf8_decode("\xC0\x80", &cp), 0);         /* overlong NUL */
  ck_assert_uint_eq(mcl_utf8_decode("\xE0\x80\xAF", &cp), 0);     /* overlong '/' */
  ck_assert_uint_eq(mcl_utf8_decode("\xED\xA0\x80", &cp), 0);     /* surrogate */
  ck_assert_uint_eq(mcl_utf8_decode("\xF4\x90\x80\x80", &cp), 0); /* > U+10FFFF */
  ck_assert_uint_eq(mcl_utf8_decode("\xE2\x82", &cp), 0);         /* truncated */
  ck_assert_uint_eq(mcl_utf8_decode("\x80", &cp), 0);             /* stray continuation */
  ck_assert_uint_eq(mcl_utf8_decode("\xFF", &cp), 0);
}
END_TEST

/* Text output escapes every byte that is not printable ASCII, a tab or part
 * of valid UTF-8, wherever it sits: the scan looks at eight bytes at a time,
 * so each byte value is tried at each of sixteen places. */
START_TEST(text_escapes_each_byte_at_every_offset) {
  for (unsigned b = 0; b < 256; b++)
    for (size_t at = 0; at < 16; at++) {
      char in[17];
      memset(in, 'a', 16);
      in[16] = '\0';
      in[at] = (char)b;
      char *out = NULL;
      size_t out_len = 0;
      FILE *f = open_memstream(&out, &out_len);
      ck_assert_ptr_nonnull(f);
      size_t cols = mcl_put_text_n(f, in, 16);
      fclose(f);
      char want[32];
      bool plain = (b >= 0x20 && b < 0x7F) || b == '\t';
      snprintf(want, sizeof want, plain ? "%.*s%c%s" : "%.*s\\x%02X%s", (int)at,
               "aaaaaaaaaaaaaaaa", plain ? (int)b : (int)b, "aaaaaaaaaaaaaaaa" + at + 1);
      ck_assert_msg(strcmp(out, want) == 0, "byte 0x%02X at %zu: '%s'", b, at, out);
      ck_assert_uint_eq(cols, plain ? 16 : 19);
      free(out);
    }
}
END_TEST

START_TEST(json_strings_escape_everything_that_needs_it) {
  ck_render(json_string, "plain é €", 0, "\"plain é €\"");
  ck_render(json_string, "q\"b\\s/", 0, "\"q\\\"b\\\\s/\"");
  ck_render(json_string, "\n\r\t\b\f\x01\x1b\x7f", 0, "\"\\n\\r\\t\\b\\f\\u0001\\u001b\\u007f\"");
  ck_render(json_string, "\xE2\x80\xA8|\xE2\x80\xA9", 0, "\"\\u2028|\\u2029\"");
  ck_render(json_string, "bad\xFFname\xC3", 0, "\"bad\\ufffdname\\ufffd\"");
  ck_render(json_string, "", 0, "\"\"");
}
END_TEST

START_TEST(xml_escapes_markup_and_replaces_what_xml_cannot_hold) {
  ck_render(mcl_put_xml, "a<b>&c\"d'", 0, "a&lt;b&gt;&amp;c\"d'");
  ck_render(mcl_put_xml, "a<b>&c\"d'", 1, "a&lt;b&gt;&amp;c&quot;d'");
  ck_render(mcl_put_xml, "l1\nl2\tx\ry", 0, "l1\nl2\tx&#13;y");
  ck_render(mcl_put_xml, "l1\nl2\tx\ry", 1, "l1&#10;l2&#9;x&#13;y");
  ck_render(mcl_put_xml, "c\x01\x1b|\xEF\xBF\xBE|\xFF|é", 0,
            "c\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|é");
}
END_TEST

START_TEST(github_commands_cannot_be_broken_or_injected) {
  ck_render(mcl_put_github, "100%: a,b\r\n::error::x", 0, "100%25: a,b%0D%0A::error::x");
  ck_render(mcl_put_github, "100%: a,b\r\n", 1, "100%25%3A a%2Cb%0D%0A");
  ck_render(mcl_put_github, "esc\x1b[31mred\xC2\x9B|\t|\xFF", 0,
            "esc\xEF\xBF\xBD[31mred\xEF\xBF\xBD|\t|\xEF\xBF\xBD");
  ck_render(mcl_put_github, "é", 1, "é");
}
END_TEST

START_TEST(uri_paths_are_percent_encoded_losslessly) {
  ck_render(uri_path, "dir/a-b_c.d~e", 0, "dir/a-b_c.d~e");
  ck_render(uri_path, "a b%:#?,é\xFF", 0, "a%20b%25%3A%23%3F%2C%C3%A9%FF");
}
END_TEST

/* ---- reporters over real results ---- */

static const char dup_profile[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<plist version=\"1.0\">\n"
    "<dict>\n"
    "  <key>a&#10;b,c:%</key><true/>\n"
    "  <key>a&#10;b,c:%</key><false/>\n"
    "</dict>\n"
    "</plist>\n";

/* select: a --select value, or NULL for the default rules. */
static mcl_result *lint_named(const char *name, const char *text, const char *select) {
  mcl_options *o = mcl_options_new();
  if (select) ck_assert_int_eq(mcl_options_set(o, "select", select, NULL), 0);
  mcl_linter *l = mcl_linter_new(o, NULL);
  mcl_result *r = mcl_lint_memory(l, name, text, strlen(text));
  mcl_linter_free(l);
  mcl_options_free(o);
  return r;
}

static char *slurp(FILE *f) {
  fflush(f);
  long n = ftell(f);
  char *buf = calloc(1, (size_t)n + 1);
  rewind(f);
  ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
  fseek(f, 0, SEEK_END);
  return buf;
}

/* Reports a duplicate key in a file with a hostile name, its diagnostic
 * given an end position; returns the whole output. Each result is freed
 * right after it is added, so a reporter that kept pointers into it would
 * be caught by the sanitizers; and the file's findings must be written
 * before the next file comes (streaming). */
static char *report(const char *format, unsigned flags) {
  FILE *out = tmpfile();
  ck_assert_ptr_nonnull(out);
  mcl_reporter *rep = mcl_reporter_new(format, out, flags);
  ck_assert_ptr_nonnull(rep);
  mcl_result *res =
      lint_named("dir/bad\xFF\x01\"<&>,:%.mobileconfig", dup_profile, "duplicate-key");
  ck_assert_uint_eq(count_rule(res, "duplicate-key"), 1);
  mcl_diag *d = (mcl_diag *)find_rule(res, "duplicate-key");
  d->end_line = 5;
  d->end_col = 27;
  mcl_reporter_add(rep, res);
  mcl_result_free(res);
  char *so_far = slurp(out);
  ck_assert_msg(strstr(so_far, "duplicate key") != NULL, "%s: file not written when added:\n%s",
                format, so_far);
  free(so_far);
  res = lint_named("clean.mobileconfig", "<plist version=\"1.0\"><dict/></plist>", "duplicate-key");
  mcl_reporter_add(rep, res);
  mcl_result_free(res);
  ck_assert_int_eq(mcl_reporter_finish(rep), 0);
  char *all = slurp(out);
  fclose(out);
  return all;
}

#define ck_contains(hay, needle) \
  ck_assert_msg(strstr((hay), (needle)) != NULL, "missing <%s> in:\n%s", (needle), (hay))
#define ck_lacks(hay, needle) \
  ck_assert_msg(strstr((hay), (needle)) == NULL, "unexpected <%s> in:\n%s", (needle), (hay))

START_TEST(json_report_has_every_field_escaped) {
  char *s = report("json", MCL_REPORT_STATISTICS | MCL_REPORT_COLOR | MCL_REPORT_SOURCE);
  ck_contains(s, "\"path\": \"dir/bad\\ufffd\\u0001\\\"<&>,:%.mobileconfig\"");
  ck_contains(s, "\"line\": 5,\n");
  ck_contains(s, "\"column\": 3,\n");
  ck_contains(s, "\"endLine\": 5,\n");
  ck_contains(s, "\"endColumn\": 27,\n");
  ck_contains(s, "\"code\": \"MC109\"");
  ck_contains(s, "\"rule\": \"duplicate-key\"");
  ck_contains(s, "duplicate key 'a\\nb,c:%'");
  ck_contains(s, "\"hint\": \"remove one of the two 'a\\nb,c:%' entries\"");
  ck_contains(s, "\"keyPath\": \"\"");
  ck_contains(s, "\"statistics\": [");
  ck_contains(s, "\"files\": 2,");
  ck_lacks(s, "\033");
  ck_lacks(s, " | ");
  free(s);
}
END_TEST

START_TEST(sarif_report_locates_and_encodes) {
  char *s = report("sarif", 0);
  ck_contains(s, "\"uri\": \"dir/bad%FF%01%22%3C%26%3E%2C%3A%25.mobileconfig\"");
  ck_contains(s, "\"uriBaseId\": \"%SRCROOT%\"");
  ck_contains(s, "\"startLine\": 5,");
  ck_contains(s, "\"startColumn\": 3,");
  ck_contains(s, "\"endLine\": 5,");
  ck_contains(s, "\"endColumn\": 27\n");
  ck_contains(s, "\"ruleId\": \"MC109\"");
  char want[64];
  snprintf(want, sizeof want, "\"ruleIndex\": %zu,", (size_t)8);
  ck_assert_str_eq(mcl_rule_code(mcl_rule_at(8)), "MC109");
  ck_contains(s, want);
  ck_contains(s, "\"executionSuccessful\": true");
  ck_lacks(s, "\"statistics\"");
  free(s);
}
END_TEST

START_TEST(github_report_is_one_escaped_line_per_finding) {
  char *s = report("github", MCL_REPORT_STATISTICS);
  ck_assert_str_eq(s, "::error file=dir/bad\xEF\xBF\xBD\xEF\xBF\xBD\"<&>%2C%3A%25.mobileconfig,"
                      "line=5,col=3,endLine=5,endColumn=27,title=duplicate-key (MC109)::"
                      "duplicate key 'a%0Ab,c:%25' in this dictionary (first at line 4); a device "
                      "keeps only the last value%0Ahint: remove one of the two 'a%0Ab,c:%25' "
                      "entries\n");
  free(s);
}
END_TEST

START_TEST(junit_report_escapes_names_and_messages) {
  char *s = report("junit", 0);
  ck_contains(s, "<testsuite name=\"dir/bad\xEF\xBF\xBD\xEF\xBF\xBD"
                 "&quot;&lt;&amp;&gt;,:%.mobileconfig\" "
                 "tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\">");
  ck_contains(s, "<failure message=\"duplicate key 'a&#10;b,c:%'");
  ck_contains(s, "type=\"duplicate-key\">");
  ck_contains(s, "<testcase name=\"clean.mobileconfig\" classname=\"mclint\"/>");
  ck_contains(s, "</testsuites>\n");
  ck_lacks(s, "statistics");
  free(s);
}
END_TEST

START_TEST(text_statistics_table_orders_by_count) {
  FILE *out = tmpfile();
  mcl_reporter *rep = mcl_reporter_new("text", out, MCL_REPORT_STATISTICS | MCL_REPORT_QUIET);
  const char *files[] = {dup_profile, dup_profile, "<plist version=\"1.0\"><dict/></plist>"};
  for (size_t i = 0; i < 3; i++) {
    mcl_result *res = lint_named("f.mobileconfig", files[i], NULL);
    mcl_reporter_add(rep, res);
    mcl_result_free(res);
  }
  ck_assert_int_eq(mcl_reporter_finish(rep), 0);
  char *s = slurp(out);
  fclose(out);
  /* Each of the three files lacks the four common keys and content; two
   * have a duplicate key: most frequent first. */
  const char *table = strstr(s, "  count  code   rule                           severity\n"
                                "     12  MC204  missing-common-key             error\n"
                                "      3  MC205  payload-content                error\n"
                                "      2  MC109  duplicate-key                  error\n");
  ck_assert_msg(table != NULL, "%s", s);
  ck_lacks(s, "files checked");
  free(s);
}
END_TEST

/* Parts written apart, on another thread, then added in order: the same
 * bytes as adding the results, for every format, with the counts of the
 * summary and of --statistics. */
#define PART_FILES 3

typedef struct part_job {
  const mcl_reporter *rep;
  mcl_result *res[PART_FILES];
  mcl_report_part *part[PART_FILES];
} part_job;

/* clean_first: a first part without findings (sarif writes nothing for
 * it, so the next part's comma is the one to leave out). */
static void part_results(mcl_result **res, bool clean_first) {
  res[clean_first ? 0 : 1] =
      lint_named("clean.mobileconfig", "<plist version=\"1.0\"><dict/></plist>", NULL);
  res[clean_first ? 1 : 0] = lint_named("a.mobileconfig", dup_profile, NULL);
  res[2] = lint_named("broken.mobileconfig", "<plist><dict><key>x</key>", NULL);
}

static void *make_parts(void *arg) {
  part_job *job = arg;
  for (int i = 0; i < PART_FILES; i++) job->part[i] = mcl_reporter_part(job->rep, job->res[i]);
  return NULL;
}

static char *report_all(const char *format, unsigned flags, bool clean_first, bool parts) {
  FILE *out = tmpfile();
  ck_assert_ptr_nonnull(out);
  mcl_reporter *rep = mcl_reporter_new(format, out, flags);
  part_job job = {.rep = rep};
  part_results(job.res, clean_first);
  if (parts) {
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, make_parts, &job), 0);
    ck_assert_int_eq(pthread_join(th, NULL), 0);
    for (int i = 0; i < PART_FILES; i++) {
      ck_assert_uint_gt(mcl_report_part_size(job.part[i]), 0);
      mcl_reporter_add_part(rep, job.part[i]);
      mcl_report_part_free(job.part[i]);
    }
  } else {
    for (int i = 0; i < PART_FILES; i++) {
      mcl_reporter_add(rep, job.res[i]);
      mcl_result_free(job.res[i]);
    }
  }
  ck_assert_int_eq(mcl_reporter_finish(rep), 0);
  char *all = slurp(out);
  fclose(out);
  return all;
}

START_TEST(parts_written_apart_read_as_results_added) {
  const unsigned flag_sets[] = {0, MCL_REPORT_STATISTICS | MCL_REPORT_SOURCE | MCL_REPORT_COLOR};
  for (size_t f = 0; mcl_reporter_format_name(f); f++) {
    const char *format = mcl_reporter_format_name(f);
    for (size_t k = 0; k < 2 * sizeof flag_sets / sizeof flag_sets[0]; k++) {
      unsigned flags = flag_sets[k / 2];
      char *added = report_all(format, flags, k % 2, false);
      char *parted = report_all(format, flags, k % 2, true);
      ck_assert_msg(strstr(added, "duplicate") || strstr(added, "MC"), "%s: nothing reported:\n%s",
                    format, added);
      size_t at = 0;
      while (added[at] && added[at] == parted[at]) at++;
      ck_assert_msg(!added[at] && !parted[at],
                    "%s, flags %u: parts differ at byte %zu: <%.60s> <%.60s>", format, flags, at,
                    added + at, parted + at);
      free(added);
      free(parted);
    }
  }
}
END_TEST

START_TEST(formats_are_listed_and_unknown_ones_refused) {
  const char *want[] = {"text", "json", "sarif", "github", "junit"};
  for (size_t i = 0; i < 5; i++) {
    ck_assert_str_eq(mcl_reporter_format_name(i), want[i]);
    ck_assert(mcl_reporter_format_known(want[i]));
  }
  ck_assert_ptr_null(mcl_reporter_format_name(5));
  ck_assert(!mcl_reporter_format_known("yaml"));
  ck_assert_ptr_null(mcl_reporter_new("yaml", stdout, 0));
}
END_TEST

/* ---- atomic output ---- */

static char *temp_dir(void) {
  char tmpl[] = "/tmp/mclint-output-XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(tmpl));
  return strdup(tmpl);
}

static int entries(const char *dir) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
  FILE *p = popen(cmd, "r");
  int n = -1;
  ck_assert_int_eq(fscanf(p, "%d", &n), 1);
  pclose(p);
  return n;
}

static void remove_dir(const char *dir) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  ck_assert_int_eq(system(cmd), 0);
}

START_TEST(output_appears_only_on_commit) {
  char *dir = temp_dir();
  char path[512];
  snprintf(path, sizeof path, "%s/report.json", dir);
  FILE *old = fopen(path, "w");
  fputs("old", old);
  fclose(old);
  char *err = NULL;
  mcl_output *o = mcl_output_open(path, &err);
  ck_assert_ptr_nonnull(o);
  const char *temp = mcl_output_temp_path(o);
  ck_assert_ptr_nonnull(temp);
  ck_assert(strncmp(temp, dir, strlen(dir)) == 0); /* same directory: rename is atomic */
  fputs("new report\n", mcl_output_stream(o));
  fflush(mcl_output_stream(o));
  FILE *f = fopen(path, "r");
  char buf[64] = "";
  ck_assert_ptr_nonnull(fgets(buf, sizeof buf, f));
  fclose(f);
  ck_assert_str_eq(buf, "old");
  ck_assert_int_eq(entries(dir), 2);
  ck_assert_int_eq(mcl_output_commit(o, &err), 0);
  f = fopen(path, "r");
  ck_assert_ptr_nonnull(fgets(buf, sizeof buf, f));
  fclose(f);
  ck_assert_str_eq(buf, "new report\n");
  ck_assert_int_eq(entries(dir), 1);
  remove_dir(dir);
  free(dir);
}
END_TEST

START_TEST(discarded_output_leaves_nothing) {
  char *dir = temp_dir();
  char path[512];
  snprintf(path, sizeof path, "%s/report.sarif", dir);
  mcl_output *o = mcl_output_open(path, NULL);
  ck_assert_ptr_nonnull(o);
  fputs("partial", mcl_output_stream(o));
  ck_assert_int_eq(entries(dir), 1);
  mcl_output_discard(o);
  ck_assert_int_eq(entries(dir), 0);
  remove_dir(dir);
  free(dir);
}
END_TEST

START_TEST(output_refuses_directories_and_missing_parents) {
  char *dir = temp_dir();
  char *err = NULL;
  ck_assert_ptr_null(mcl_output_open(dir, &err));
  ck_assert_ptr_nonnull(err);
  ck_contains(err, "is a directory");
  free(err);
  char path[512];
  snprintf(path, sizeof path, "%s/no/such/dir/report.json", dir);
  ck_assert_ptr_null(mcl_output_open(path, &err));
  ck_contains(err, "cannot create");
  free(err);
  snprintf(path, sizeof path, "%s/", dir);
  ck_assert_ptr_null(mcl_output_open(path, &err));
  free(err);
  ck_assert_ptr_null(mcl_output_open("", &err));
  ck_contains(err, "does not name a file");
  free(err);
  ck_assert_int_eq(entries(dir), 0);
  remove_dir(dir);
  free(dir);
}
END_TEST

START_TEST(output_to_stdout_has_no_temp_file) {
  mcl_output *o = mcl_output_open("-", NULL);
  ck_assert_ptr_nonnull(o);
  ck_assert_ptr_eq(mcl_output_stream(o), stdout);
  ck_assert_ptr_null(mcl_output_temp_path(o));
  ck_assert_int_eq(mcl_output_commit(o, NULL), 0);
}
END_TEST

Suite *report_suite(void) {
  Suite *s = suite_create("report");
  TCase *tc = tcase_create("escape");
  tcase_add_test(tc, utf8_decoding_is_strict);
  tcase_add_test(tc, text_escapes_each_byte_at_every_offset);
  tcase_add_test(tc, json_strings_escape_everything_that_needs_it);
  tcase_add_test(tc, xml_escapes_markup_and_replaces_what_xml_cannot_hold);
  tcase_add_test(tc, github_commands_cannot_be_broken_or_injected);
  tcase_add_test(tc, uri_paths_are_percent_encoded_losslessly);
  suite_add_tcase(s, tc);
  tc = tcase_create("formats");
  tcase_add_test(tc, json_report_has_every_field_escaped);
  tcase_add_test(tc, sarif_report_locates_and_encodes);
  tcase_add_test(tc, github_report_is_one_escaped_line_per_finding);
  tcase_add_test(tc, junit_report_escapes_names_and_messages);
  tcase_add_test(tc, text_statistics_table_orders_by_count);
  tcase_add_test(tc, formats_are_listed_and_unknown_ones_refused);
  suite_add_tcase(s, tc);
  tc = tcase_create("output");
  tcase_add_test(tc, output_appears_only_on_commit);
  tcase_add_test(tc, discarded_output_leaves_nothing);
  tcase_add_test(tc, output_refuses_directories_and_missing_parents);
  tcase_add_test(tc, output_to_stdout_has_no_temp_file);
  tcase_add_test(tc, parts_written_apart_read_as_results_added);
  suite_add_tcase(s, tc);
  return s;
}
