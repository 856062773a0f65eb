#include "report/reporter.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "report/json_writer.h"
#include "rules/rule.h"

static const mcl_report_format *const formats[] = {
    &mcl_report_text, &mcl_report_json, &mcl_report_sarif, &mcl_report_github, &mcl_report_junit,
};
#define FORMAT_COUNT (sizeof formats / sizeof formats[0])

static const mcl_report_format *find_format(const char *name) {
  for (size_t i = 0; i < FORMAT_COUNT; i++)
    if (strcmp(formats[i]->name, name) == 0) return formats[i];
  return NULL;
}

bool mcl_reporter_format_known(const char *format) { return find_format(format) != NULL; }

const char *mcl_reporter_format_name(size_t index) {
  return index < FORMAT_COUNT ? formats[index]->name : NULL;
}

mcl_reporter *mcl_reporter_new(const char *format, FILE *out, unsigned flags) {
  const mcl_report_format *f = find_format(format ? format : "text");
  if (!f) return NULL;
  mcl_reporter *r = mcl_xcalloc(1, sizeof *r);
  r->format = f;
  r->out = out;
  r->flags = flags;
  r->rule_counts = mcl_xcalloc(mcl_rule_count() ? mcl_rule_count() : 1, sizeof *r->rule_counts);
  if (f->begin) f->begin(r);
  return r;
}

/* ---- what a file adds to the counts ---- */

/* A finding counted by rule: its catalog index times 4 plus its severity,
 * or -1 if it is not counted. */
static long rule_key(const mcl_diag *d) {
  size_t k = mcl_rule_index(d->rule);
  if (k == (size_t)-1 || d->severity < MCL_INFO || d->severity > MCL_ERROR) return -1;
  return (long)(k * 4 + (size_t)d->severity);
}

/* What a part adds to the counts, kept until it is added. */
typedef struct tally {
  bool unreadable;
  size_t counts[3];
  size_t count;
  uint32_t *findings;
} tally;

static void tally_of(tally *t, const mcl_result *result) {
  t->unreadable = mcl_result_io_failed(result);
  for (int s = MCL_INFO; s <= MCL_ERROR; s++) t->counts[s] = mcl_result_count(result, s);
  size_t n = mcl_result_diag_count(result);
  t->findings = n ? mcl_xmalloc(n * sizeof *t->findings) : NULL;
  t->count = 0;
  for (size_t i = 0; i < n; i++) {
    long key = rule_key(mcl_result_diag(result, i));
    if (key >= 0) t->findings[t->count++] = (uint32_t)key;
  }
}

static void count_tally(mcl_reporter *r, const tally *t) {
  r->files++;
  if (t->unreadable) r->unreadable++;
  for (int s = MCL_INFO; s <= MCL_ERROR; s++) r->counts[s] += t->counts[s];
  for (size_t i = 0; i < t->count; i++) r->rule_counts[t->findings[i] / 4][t->findings[i] % 4]++;
}

/* Counted as it comes: no tally to allocate for every file. */
void mcl_reporter_add(mcl_reporter *r, const mcl_result *result) {
  r->files++;
  if (mcl_result_io_failed(result)) r->unreadable++;
  for (int s = MCL_INFO; s <= MCL_ERROR; s++) r->counts[s] += mcl_result_count(result, s);
  for (size_t i = 0; i < mcl_result_diag_count(result); i++) {
    long key = rule_key(mcl_result_diag(result, i));
    if (key >= 0) r->rule_counts[key / 4][key % 4]++;
  }
  r->format->file(r, result);
}

/* ---- a file's part, written apart ---- */

struct mcl_report_part {
  mcl_result *result; /* kept when no memory stream could be had */
  char *text;         /* else what it wrote */
  size_t len;
  tally tally;
};

/* The format's file callback on a copy of the reporter writing to memory:
 * the reporter itself is only read, so threads may do this at once. */
static bool write_apart(const mcl_reporter *r, const mcl_result *result, mcl_report_part *part) {
  FILE *mem = open_memstream(&part->text, &part->len);
  if (!mem) return false;
  /* Only what the main thread never writes once files come. */
  mcl_reporter copy = {.format = r->format, .out = mem, .flags = r->flags};
  mcl_json fork;
  if (r->format->json_state) {
    mcl_json_fork(&r->part_json, &fork, mem);
    copy.state = &fork;
  }
  r->format->file(&copy, result);
  if (fclose(mem) == 0) return true;
  free(part->text);
  part->text = NULL;
  return false;
}

mcl_report_part *mcl_reporter_part(const mcl_reporter *r, mcl_result *result) {
  mcl_report_part *part = mcl_xcalloc(1, sizeof *part);
  if (write_apart(r, result, part)) {
    tally_of(&part->tally, result);
    mcl_result_free(result);
  } else {
    part->result = result; /* written when added */
  }
  return part;
}

size_t mcl_report_part_size(const mcl_report_part *part) {
  return part->result ? mcl_result_size(part->result) : part->len + part->tally.count * 4;
}

void mcl_reporter_add_part(mcl_reporter *r, const mcl_report_part *part) {
  if (part->result) {
    mcl_reporter_add(r, part->result);
  } else {
    count_tally(r, &part->tally);
    size_t skip = r->format->json_state ? mcl_json_join(r->state, part->text, part->len) : 0;
    fwrite(part->text + skip, 1, part->len - skip, r->out);
  }
}

void mcl_report_part_free(mcl_report_part *part) {
  if (!part) return;
  mcl_result_free(part->result);
  free(part->text);
  free(part->tally.findings);
  free(part);
}

int mcl_reporter_finish(mcl_reporter *r) {
  if (r->format->end) r->format->end(r);
  int rc = fflush(r->out) == 0 && !ferror(r->out) ? 0 : -1;
  free(r->rule_counts);
  free(r);
  return rc;
}

static int stat_order(const void *a, const void *b) {
  const mcl_rule_stat *x = a, *y = b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  int c = strcmp(mcl_rule_code(x->rule), mcl_rule_code(y->rule));
  return c ? c : (int)y->severity - (int)x->severity;
}

mcl_rule_stat *mcl_report_stats(const mcl_reporter *r, size_t *n) {
  mcl_rule_stat *rows = NULL;
  size_t cap = 0;
  *n = 0;
  for (size_t i = 0; i < mcl_rule_count(); i++)
    for (int s = MCL_ERROR; s >= MCL_INFO; s--) {
      if (!r->rule_counts[i][s]) continue;
      MCL_GROW(rows, cap, *n + 1);
      rows[(*n)++] = (mcl_rule_stat){mcl_rule_at(i), (mcl_severity)s, r->rule_counts[i][s]};
    }
  if (*n > 1) qsort(rows, *n, sizeof *rows, stat_order);
  return rows;
}

void mcl_report_stats_json(const mcl_reporter *r, mcl_json *j, const char *code_key,
                           const char *severity_key, const char *(*severity)(mcl_severity)) {
  size_t n;
  mcl_rule_stat *rows = mcl_report_stats(r, &n);
  mcl_json_karray(j, "statistics");
  for (size_t i = 0; i < n; i++) {
    mcl_json_object(j);
    mcl_json_kstring(j, code_key, mcl_rule_code(rows[i].rule));
    mcl_json_kstring(j, "rule", mcl_rule_name(rows[i].rule));
    mcl_json_kstring(j, severity_key, severity(rows[i].severity));
    mcl_json_kuint(j, "count", rows[i].count);
    mcl_json_end(j);
  }
  mcl_json_end(j);
  free(rows);
}
