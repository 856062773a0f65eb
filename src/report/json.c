/* json.c: one JSON document for the whole run, written as it goes: the
 * header in begin, each file's entry as it comes, the summary at the end.
 * The shape is documented in docs/json-format.md and its JSON Schema. */
#include <stdlib.h>

#include "base/util.h"
#include "report/json_writer.h"
#include "report/reporter.h"

#define JSON_FORMAT_VERSION 1

static void json_begin(mcl_reporter *r) {
  mcl_json *j = mcl_xmalloc(sizeof *j);
  mcl_json_init(j, r->out);
  r->state = j;
  mcl_json_object(j);
  mcl_json_kuint(j, "formatVersion", JSON_FORMAT_VERSION);
  mcl_json_kobject(j, "tool");
  mcl_json_kstring(j, "name", "mclint");
  mcl_json_kstring(j, "version", mcl_version());
  mcl_json_kstring(j, "appleSchemaRelease", mcl_schema_release());
  mcl_json_end(j);
  mcl_json_karray(j, "files");
  r->part_json = *j;
}

static void write_diag(mcl_json *j, const char *file, const mcl_diag *d) {
  mcl_json_object(j);
  mcl_json_kstring(j, "file", file);
  mcl_json_kpos(j, "line", d->line);
  mcl_json_kpos(j, "column", d->line ? d->col : 0);
  mcl_json_kpos(j, "endLine", d->end_line);
  mcl_json_kpos(j, "endColumn", d->end_line ? d->end_col : 0);
  mcl_json_kstring(j, "severity", mcl_severity_name(d->severity));
  mcl_json_kstring(j, "code", mcl_rule_code(d->rule));
  mcl_json_kstring(j, "rule", mcl_rule_name(d->rule));
  mcl_json_kstring(j, "message", d->message);
  mcl_json_kstring(j, "keyPath", d->path ? d->path : "");
  mcl_json_kstring(j, "hint", d->hint);
  mcl_json_karray(j, "related");
  for (size_t i = 0; i < d->related_count; i++) {
    const mcl_related *o = &d->related[i];
    mcl_json_object(j);
    mcl_json_kstring(j, "file", o->file);
    mcl_json_kpos(j, "line", o->line);
    mcl_json_kpos(j, "column", o->line ? o->col : 0);
    mcl_json_kstring(j, "keyPath", o->path ? o->path : "");
    mcl_json_end(j);
  }
  mcl_json_end(j);
  mcl_json_end(j);
}

static void json_file(mcl_reporter *r, const mcl_result *res) {
  mcl_json *j = r->state;
  const char *path = mcl_result_path(res);
  mcl_json_object(j);
  mcl_json_kstring(j, "path", path);
  mcl_json_kbool(j, "ioError", mcl_result_io_failed(res));
  mcl_json_kuint(j, "errors", mcl_result_count(res, MCL_ERROR));
  mcl_json_kuint(j, "warnings", mcl_result_count(res, MCL_WARNING));
  mcl_json_kuint(j, "info", mcl_result_count(res, MCL_INFO));
  mcl_json_karray(j, "diagnostics");
  for (size_t i = 0; i < mcl_result_diag_count(res); i++)
    write_diag(j, path, mcl_result_diag(res, i));
  mcl_json_end(j);
  mcl_json_end(j);
}

static void json_end(mcl_reporter *r) {
  mcl_json *j = r->state;
  mcl_json_end(j); /* files */
  mcl_json_kobject(j, "summary");
  mcl_json_kuint(j, "files", r->files);
  mcl_json_kuint(j, "unreadable", r->unreadable);
  mcl_json_kuint(j, "errors", r->counts[MCL_ERROR]);
  mcl_json_kuint(j, "warnings", r->counts[MCL_WARNING]);
  mcl_json_kuint(j, "info", r->counts[MCL_INFO]);
  if (r->flags & MCL_REPORT_STATISTICS) mcl_report_stats_json(r, j, "code", "severity", mcl_severity_name);
  mcl_json_end(j);
  mcl_json_end(j);
  free(j);
}

const mcl_report_format mcl_report_json = {
    .name = "json",
    .begin = json_begin,
    .file = json_file,
    .json_state = true,
    .end = json_end,
};
