/* github.c: GitHub Actions workflow commands, one line per finding:
 *   ::error file=F,line=L,col=C,title=T::MESSAGE
 * which the runner turns into annotations on the pull request. Every
 * property and the message are escaped, so no file name or quoted key can
 * end the line or start a command of its own. No summary: any other line
 * would only be log noise. */
#include "report/escape.h"
#include "report/reporter.h"

static const char *command(mcl_severity s) {
  return s == MCL_ERROR ? "error" : s == MCL_WARNING ? "warning" : "notice";
}

/* GitHub resolves file= against the workspace; "./" adds nothing. */
static const char *workspace_path(const char *path) {
  while (path[0] == '.' && path[1] == '/') {
    path += 2;
    while (*path == '/') path++;
  }
  return path;
}

static void annotation(mcl_reporter *r, const char *file, const mcl_diag *d) {
  FILE *out = r->out;
  fprintf(out, "::%s file=", command(d->severity));
  mcl_put_github(out, workspace_path(file), 1);
  if (d->line) {
    fprintf(out, ",line=%u", d->line);
    if (d->col) fprintf(out, ",col=%u", d->col);
    if (d->end_line && d->end_line >= d->line) {
      fprintf(out, ",endLine=%u", d->end_line);
      if (d->end_col) fprintf(out, ",endColumn=%u", d->end_col);
    }
  }
  fputs(",title=", out);
  mcl_put_github(out, mcl_rule_name(d->rule), 1);
  fprintf(out, " (%s)::", mcl_rule_code(d->rule));
  if (!d->line && d->path && *d->path) {
    mcl_put_github(out, d->path, 0);
    fputs(": ", out);
  }
  mcl_put_github(out, d->message, 0);
  if (d->hint) {
    fputs("%0Ahint: ", out);
    mcl_put_github(out, d->hint, 0);
  }
  fputc('\n', out);
}

static void github_file(mcl_reporter *r, const mcl_result *res) {
  for (size_t i = 0; i < mcl_result_diag_count(res); i++)
    annotation(r, mcl_result_path(res), mcl_result_diag(res, i));
}

const mcl_report_format mcl_report_github = {
    .name = "github",
    .file = github_file,
};
