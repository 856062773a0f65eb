/* sarif.c: SARIF 2.1.0, the format code-scanning services import. One run;
 * the rule catalog is the driver's rules (ruleIndex is the catalog index),
 * results stream as files come, and the summary closes the run. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "report/escape.h"
#include "report/json_writer.h"
#include "report/reporter.h"
#include "rules/rule.h"

#ifndef MCLINT_HOMEPAGE /* set by CMake */
#define MCLINT_HOMEPAGE ""
#endif
#define RULES_URL MCLINT_HOMEPAGE "/blob/main/docs/rules.md"
#define SARIF_SCHEMA \
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

static const char *level(mcl_severity s) {
  return s == MCL_ERROR ? "error" : s == MCL_WARNING ? "warning" : "note";
}

static void kmessage(mcl_json *j, const char *key, const char *text) {
  mcl_json_kobject(j, key);
  mcl_json_kstring(j, "text", text);
  mcl_json_end(j);
}

/* Markdown would read <dict> as HTML. */
static void md_escaped(mcl_buf *b, const char *s) {
  for (; *s; s++) {
    if (*s == '<') mcl_buf_puts(b, "&lt;");
    else if (*s == '>') mcl_buf_puts(b, "&gt;");
    else if (*s == '&') mcl_buf_puts(b, "&amp;");
    else mcl_buf_putc(b, *s);
  }
}

static void write_help(mcl_json *j, const mcl_rule *rule) {
  const char *bad = mcl_rule_bad_example(rule), *good = mcl_rule_good_example(rule);
  mcl_buf text = {0}, md = {0};
  mcl_buf_puts(&text, mcl_rule_explanation(rule));
  md_escaped(&md, mcl_rule_explanation(rule));
  if (bad) {
    mcl_buf_printf(&text, "\n\nBad:\n%s", bad);
    mcl_buf_printf(&md, "\n\nBad:\n\n```xml\n%s\n```", bad);
  }
  if (good) {
    mcl_buf_printf(&text, "\n\nGood:\n%s", good);
    mcl_buf_printf(&md, "\n\nGood:\n\n```xml\n%s\n```", good);
  }
  mcl_json_kobject(j, "help");
  mcl_json_kstring(j, "text", mcl_buf_cstr(&text));
  mcl_json_kstring(j, "markdown", mcl_buf_cstr(&md));
  mcl_json_end(j);
  mcl_buf_free(&text);
  mcl_buf_free(&md);
}

static void write_rule(mcl_json *j, const mcl_rule *rule) {
  mcl_json_object(j);
  mcl_json_kstring(j, "id", mcl_rule_code(rule));
  mcl_json_kstring(j, "name", mcl_rule_name(rule));
  kmessage(j, "shortDescription", mcl_rule_summary(rule));
  kmessage(j, "fullDescription", mcl_rule_explanation(rule));
  write_help(j, rule);
  if (*MCLINT_HOMEPAGE) { /* only a real address; the help text is inline anyway */
    char *uri = mcl_xasprintf("%s#%s", RULES_URL, mcl_rule_name(rule));
    mcl_json_kstring(j, "helpUri", uri);
    free(uri);
  }
  mcl_json_kobject(j, "defaultConfiguration");
  mcl_severity s = mcl_rule_default_severity(rule);
  if (s == MCL_OFF) mcl_json_kbool(j, "enabled", false);
  else mcl_json_kstring(j, "level", level(s));
  mcl_json_end(j);
  mcl_json_kobject(j, "properties");
  mcl_json_karray(j, "tags");
  mcl_json_string(j, mcl_rule_category(rule));
  mcl_json_end(j);
  mcl_json_end(j);
  mcl_json_end(j);
}

static void sarif_begin(mcl_reporter *r) {
  mcl_json *j = mcl_xmalloc(sizeof *j);
  mcl_json_init(j, r->out);
  r->state = j;
  mcl_json_object(j);
  mcl_json_kstring(j, "$schema", SARIF_SCHEMA);
  mcl_json_kstring(j, "version", "2.1.0");
  mcl_json_karray(j, "runs");
  mcl_json_object(j);
  mcl_json_kobject(j, "tool");
  mcl_json_kobject(j, "driver");
  mcl_json_kstring(j, "name", "mclint");
  mcl_json_kstring(j, "version", mcl_version());
  mcl_json_kstring(j, "semanticVersion", mcl_version());
  if (*MCLINT_HOMEPAGE) mcl_json_kstring(j, "informationUri", MCLINT_HOMEPAGE);
  mcl_json_karray(j, "rules");
  for (size_t i = 0; i < mcl_rule_count(); i++) write_rule(j, mcl_rule_at(i));
  mcl_json_end(j);
  mcl_json_kobject(j, "properties");
  mcl_json_kstring(j, "appleSchemaRelease", mcl_schema_release());
  mcl_json_end(j);
  mcl_json_end(j); /* driver */
  mcl_json_end(j); /* tool */
  /* mcl_diag columns count characters, not bytes or UTF-16 units. */
  mcl_json_kstring(j, "columnKind", "unicodeCodePoints");
  mcl_json_karray(j, "results");
  r->part_json = *j;
}

/* A relative path stays relative to where mclint ran (%SRCROOT%, which
 * code-scanning services take as the checkout); "./" adds nothing. The
 * path is percent-encoded byte by byte, so any file name round-trips. */
static void write_artifact(mcl_json *j, const char *path) {
  bool absolute = path[0] == '/';
  while (path[0] == '.' && path[1] == '/') {
    path += 2;
    while (*path == '/') path++;
  }
  mcl_json_kobject(j, "artifactLocation");
  mcl_json_key(j, "uri");
  FILE *out = mcl_json_value(j);
  fputs(absolute ? "\"file://" : "\"", out);
  mcl_put_uri_path(out, path);
  fputc('"', out);
  if (!absolute) mcl_json_kstring(j, "uriBaseId", "%SRCROOT%");
  mcl_json_end(j);
}

/* id: 0 for the result's own location, 1.. for related ones (SARIF gives
 * related locations ids so messages can link them). */
static void write_location(mcl_json *j, const char *file, const mcl_diag *d, size_t id) {
  mcl_json_object(j);
  if (id) mcl_json_kuint(j, "id", id);
  mcl_json_kobject(j, "physicalLocation");
  write_artifact(j, file);
  if (d->line) {
    mcl_json_kobject(j, "region");
    mcl_json_kuint(j, "startLine", d->line);
    if (d->col) mcl_json_kuint(j, "startColumn", d->col);
    if (d->end_line && d->end_line >= d->line) {
      mcl_json_kuint(j, "endLine", d->end_line);
      if (d->end_col) mcl_json_kuint(j, "endColumn", d->end_col);
    }
    mcl_json_end(j);
  }
  mcl_json_end(j);
  if (d->path && *d->path) {
    mcl_json_karray(j, "logicalLocations");
    mcl_json_object(j);
    mcl_json_kstring(j, "fullyQualifiedName", d->path);
    mcl_json_end(j);
    mcl_json_end(j);
  }
  mcl_json_end(j);
}

/* The other files a finding across files names, with their own regions. */
static void write_related(mcl_json *j, const mcl_diag *d) {
  if (!d->related_count) return;
  mcl_json_karray(j, "relatedLocations");
  for (size_t i = 0; i < d->related_count; i++) {
    const mcl_related *o = &d->related[i];
    mcl_diag at = {.line = o->line, .col = o->col, .path = o->path};
    write_location(j, o->file, &at, i + 1);
  }
  mcl_json_end(j);
}

static void write_result(mcl_json *j, const char *file, const mcl_diag *d) {
  mcl_json_object(j);
  mcl_json_kstring(j, "ruleId", mcl_rule_code(d->rule));
  mcl_json_kuint(j, "ruleIndex", mcl_rule_index(d->rule));
  mcl_json_kstring(j, "level", level(d->severity));
  mcl_json_kobject(j, "message");
  if (d->hint) {
    char *text = mcl_xasprintf("%s\nhint: %s", d->message, d->hint);
    mcl_json_kstring(j, "text", text);
    free(text);
  } else {
    mcl_json_kstring(j, "text", d->message);
  }
  mcl_json_end(j);
  mcl_json_karray(j, "locations");
  write_location(j, file, d, 0);
  mcl_json_end(j);
  write_related(j, d);
  mcl_json_end(j);
}

static void sarif_file(mcl_reporter *r, const mcl_result *res) {
  for (size_t i = 0; i < mcl_result_diag_count(res); i++)
    write_result(r->state, mcl_result_path(res), mcl_result_diag(res, i));
}

static void sarif_end(mcl_reporter *r) {
  mcl_json *j = r->state;
  mcl_json_end(j); /* results */
  /* Unreadable inputs are results (io-error) and also make the run
   * unsuccessful, as they make mclint exit 2. */
  mcl_json_karray(j, "invocations");
  mcl_json_object(j);
  mcl_json_kbool(j, "executionSuccessful", r->unreadable == 0);
  mcl_json_end(j);
  mcl_json_end(j);
  mcl_json_kobject(j, "properties");
  mcl_json_kuint(j, "files", r->files);
  mcl_json_kuint(j, "unreadable", r->unreadable);
  mcl_json_kuint(j, "errors", r->counts[MCL_ERROR]);
  mcl_json_kuint(j, "warnings", r->counts[MCL_WARNING]);
  mcl_json_kuint(j, "info", r->counts[MCL_INFO]);
  if (r->flags & MCL_REPORT_STATISTICS) mcl_report_stats_json(r, j, "ruleId", "level", level);
  mcl_json_end(j);
  mcl_json_end(j); /* run */
  mcl_json_end(j); /* runs */
  mcl_json_end(j);
  free(j);
}

const mcl_report_format mcl_report_sarif = {
    .name = "sarif",
    .begin = sarif_begin,
    .file = sarif_file,
    .json_state = true,
    .end = sarif_end,
};
