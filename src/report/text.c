/* text.c: the human format, "file:line:col: severity: message [rule]",
 * the fix hint under it, and the source line and a caret when asked for. */
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "report/reporter.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"
#define DIM "\033[2m"
#define GREEN "\033[32m"

static const char *severity_color(mcl_severity s) {
  return s == MCL_ERROR ? "\033[1;31m" : s == MCL_WARNING ? "\033[1;35m" : "\033[1;36m";
}

/* A finding's line costs a few fputs, not printf's parsing of a format:
 * on a repository's run the text format is most of the serial time. */
static void put_uint(FILE *out, unsigned v) {
  char buf[12], *p = buf + sizeof buf;
  do *--p = (char)('0' + v % 10);
  while (v /= 10);
  fwrite(p, 1, (size_t)(buf + sizeof buf - p), out);
}

static void print_source(mcl_reporter *r, const mcl_result *res, const mcl_diag *d) {
  size_t len;
  const char *line = mcl_result_source_line(res, d->line, &len);
  if (!line) return;
  bool color = r->flags & MCL_REPORT_COLOR;
  fprintf(r->out, "%5u | ", d->line);
  mcl_put_text_n(r->out, line, len);
  fputs("\n      | ", r->out);
  /* Walk the line to the column so that tabs, multibyte characters and
   * escaped ones line up. */
  unsigned col = 1;
  for (size_t i = 0; i < len && col < d->col; col++) {
    uint32_t cp;
    size_t n = mcl_utf8_decode_n(line + i, len - i, &cp);
    if (n && cp == '\t')
      fputc('\t', r->out);
    else
      fprintf(r->out, "%*s", (int)mcl_put_text_n(NULL, line + i, n ? n : 1), "");
    i += n ? n : 1;
  }
  fprintf(r->out, "%s^%s\n", color ? GREEN : "", color ? RESET : "");
}

static void text_file(mcl_reporter *r, const mcl_result *res) {
  bool color = r->flags & MCL_REPORT_COLOR;
  const char *container = mcl_result_container(res);
  if (container && mcl_result_diag_count(res)) {
    fputs(color ? BOLD : "", r->out);
    mcl_put_text(r->out, mcl_result_path(res));
    fprintf(r->out, ":%s %snote:%s ", color ? RESET : "", color ? BOLD : "", color ? RESET : "");
    mcl_put_text(r->out, container);
    fputs("; positions below refer to the property list inside it\n", r->out);
  }
  for (size_t i = 0; i < mcl_result_diag_count(res); i++) {
    const mcl_diag *d = mcl_result_diag(res, i);
    fputs(color ? BOLD : "", r->out);
    mcl_put_text(r->out, mcl_result_path(res));
    if (d->line) {
      fputc(':', r->out);
      put_uint(r->out, d->line);
      fputc(':', r->out);
      put_uint(r->out, d->col);
    }
    fputs(color ? ":" RESET " " : ": ", r->out);
    if (color) fputs(severity_color(d->severity), r->out);
    fputs(mcl_severity_name(d->severity), r->out);
    fputs(color ? ":" RESET " " : ": ", r->out);
    if (!d->line && d->path && *d->path) {
      mcl_put_text(r->out, d->path);
      fputs(": ", r->out);
    }
    mcl_put_text(r->out, d->message);
    fputs(color ? " " DIM "[" : " [", r->out);
    fputs(mcl_rule_name(d->rule), r->out);
    fputs(color ? "]" RESET "\n" : "]\n", r->out);
    if (r->flags & MCL_REPORT_SOURCE) print_source(r, res, d);
    /* Always, as clang and rustc do: a CI log has no terminal, and the hint
     * ("did you mean ...?") is often the most useful line. */
    if (d->hint && !(r->flags & MCL_REPORT_NO_HINTS)) {
      fputs("      = hint: ", r->out);
      mcl_put_text(r->out, d->hint);
      fputc('\n', r->out);
    }
  }
}

/* --statistics: one row per rule and severity, most frequent first. */
static void print_statistics(mcl_reporter *r) {
  size_t n;
  mcl_rule_stat *rows = mcl_report_stats(r, &n);
  fprintf(r->out, "%7s  %-6s %-30s %s\n", "count", "code", "rule", "severity");
  for (size_t i = 0; i < n; i++)
    fprintf(r->out, "%7zu  %-6s %-30s %s\n", rows[i].count, mcl_rule_code(rows[i].rule),
            mcl_rule_name(rows[i].rule), mcl_severity_name(rows[i].severity));
  free(rows);
}

static void text_end(mcl_reporter *r) {
  if (r->flags & MCL_REPORT_STATISTICS) print_statistics(r);
  if (r->flags & MCL_REPORT_QUIET) return;
  fprintf(r->out, "%zu file%s checked: %zu error%s, %zu warning%s, %zu info\n", r->files,
          r->files == 1 ? "" : "s", r->counts[MCL_ERROR], r->counts[MCL_ERROR] == 1 ? "" : "s",
          r->counts[MCL_WARNING], r->counts[MCL_WARNING] == 1 ? "" : "s", r->counts[MCL_INFO]);
}

const mcl_report_format mcl_report_text = {
    .name = "text",
    .file = text_file,
    .end = text_end,
};
