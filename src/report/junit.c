/* junit.c: JUnit XML for CI test-report views. Each file is a test suite
 * holding one test case (the file), with a <failure> per finding, or an
 * <error> per finding when the file could not be read. A suite per file
 * is what lets this stream: a suite's counts are attributes of its start
 * tag, known only once its file is done. --statistics adds a last suite
 * without tests whose properties hold the summary and the counts per rule. */
#include <stdlib.h>

#include "report/escape.h"
#include "report/reporter.h"

static void junit_begin(mcl_reporter *r) {
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mclint\">\n", r->out);
}

static void write_detail(FILE *out, const char *file, const mcl_diag *d) {
  mcl_put_xml(out, file, 0);
  if (d->line) fprintf(out, ":%u:%u", d->line, d->col);
  fprintf(out, ": %s: ", mcl_severity_name(d->severity));
  mcl_put_xml(out, d->message, 0);
  fprintf(out, " [%s %s]", mcl_rule_code(d->rule), mcl_rule_name(d->rule));
  if (d->path && *d->path) {
    fputs("\nkey path: ", out);
    mcl_put_xml(out, d->path, 0);
  }
  if (d->hint) {
    fputs("\nhint: ", out);
    mcl_put_xml(out, d->hint, 0);
  }
}

static void junit_file(mcl_reporter *r, const mcl_result *res) {
  FILE *out = r->out;
  const char *file = mcl_result_path(res);
  size_t n = mcl_result_diag_count(res);
  bool io = mcl_result_io_failed(res);
  const char *element = io ? "error" : "failure";
  fputs("  <testsuite name=\"", out);
  mcl_put_xml(out, file, 1);
  fprintf(out, "\" tests=\"1\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n", io ? 0 : n,
          io ? n : 0);
  fputs("    <testcase name=\"", out);
  mcl_put_xml(out, file, 1);
  fputs(n ? "\" classname=\"mclint\">\n" : "\" classname=\"mclint\"/>\n", out);
  for (size_t i = 0; i < n; i++) {
    const mcl_diag *d = mcl_result_diag(res, i);
    fprintf(out, "      <%s message=\"", element);
    mcl_put_xml(out, d->message, 1);
    fprintf(out, "\" type=\"%s\">", mcl_rule_name(d->rule));
    write_detail(out, file, d);
    fprintf(out, "</%s>\n", element);
  }
  if (n) fputs("    </testcase>\n", out);
  fputs("  </testsuite>\n", out);
}

static void property(FILE *out, const char *name, size_t value) {
  fputs("      <property name=\"", out);
  mcl_put_xml(out, name, 1);
  fprintf(out, "\" value=\"%zu\"/>\n", value);
}

static void write_statistics(mcl_reporter *r) {
  FILE *out = r->out;
  fputs("  <testsuite name=\"mclint statistics\" tests=\"0\" failures=\"0\" errors=\"0\" "
        "skipped=\"0\">\n    <properties>\n",
        out);
  property(out, "files", r->files);
  property(out, "unreadable", r->unreadable);
  property(out, "errors", r->counts[MCL_ERROR]);
  property(out, "warnings", r->counts[MCL_WARNING]);
  property(out, "info", r->counts[MCL_INFO]);
  size_t n;
  mcl_rule_stat *rows = mcl_report_stats(r, &n);
  for (size_t i = 0; i < n; i++) {
    fprintf(out, "      <property name=\"%s %s %s\" value=\"%zu\"/>\n", mcl_rule_code(rows[i].rule),
            mcl_rule_name(rows[i].rule), mcl_severity_name(rows[i].severity), rows[i].count);
  }
  free(rows);
  fputs("    </properties>\n  </testsuite>\n", out);
}

static void junit_end(mcl_reporter *r) {
  if (r->flags & MCL_REPORT_STATISTICS) write_statistics(r);
  fputs("</testsuites>\n", r->out);
}

const mcl_report_format mcl_report_junit = {
    .name = "junit",
    .begin = junit_begin,
    .file = junit_file,
    .end = junit_end,
};
