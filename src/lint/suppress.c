/* suppress.c: inline suppression comments in XML profiles.
 *
 *   <!-- mclint-disable-next-line RULE[, RULE]... [: reason] -->
 *   <!-- mclint-disable RULE... -->  ...  <!-- mclint-enable RULE... -->
 *   <!-- mclint-disable-file RULE... -->
 *
 * RULE is a name or a code. XML forbids "--" inside a comment, so a reason
 * follows a colon. Findings of parse rules are never suppressed. Mistakes
 * and unused suppressions are recorded as facts (rules/suppression.h), which
 * the suppression rules word after this pass. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lint/linter.h"
#include "base/util.h"
#include "rules/suppression.h"

typedef enum { D_NEXT_LINE, D_REGION, D_FILE, D_ENABLE } directive_kind;

static const struct {
  const char *word;
  directive_kind kind;
} directives[] = {
    {"mclint-disable-next-line", D_NEXT_LINE},
    {"mclint-disable", D_REGION},
    {"mclint-enable", D_ENABLE},
    {"mclint-disable-file", D_FILE},
};

typedef struct suppression {
  directive_kind kind;
  const mcl_rule *rule;
  const mcl_comment *comment;
  uint32_t line;   /* D_NEXT_LINE: the line it covers */
  mcl_pos to;      /* D_REGION: where mclint-enable starts; open: {UINT32_MAX, 0} */
  bool used;
  size_t next_open; /* D_REGION: the rule's previous open region, or NONE */
} suppression;

#define NONE ((size_t)-1)

typedef struct {
  suppression *items;
  size_t count, cap;
  size_t *open; /* per rule (registry index): its last open region, or NONE */
  mcl_suppression_facts facts;
} suppression_list;

static bool pos_before(mcl_pos a, mcl_pos b) {
  return a.line < b.line || (a.line == b.line && a.col < b.col);
}

static bool is_meta(const mcl_rule *r) {
  return r == &mcl_rule_unused_suppression || r == &mcl_rule_invalid_suppression;
}

static mcl_suppression_fact *fact(suppression_list *list, mcl_sf_kind kind, const mcl_comment *c,
                                   const char *word, const mcl_rule *r) {
  mcl_suppression_facts *f = &list->facts;
  MCL_GROW(f->items, f->cap, f->count + 1);
  mcl_suppression_fact *x = &f->items[f->count++];
  memset(x, 0, sizeof *x);
  x->kind = kind;
  x->pos = c->pos;
  x->word = word;
  x->rule = r;
  return x;
}

/* A rule named in a directive: known, and one a comment may suppress.
 * *stop is set for an unknown name: what follows is likely a reason
 * written without its colon, so it is reported once, not word by word. */
static const mcl_rule *named_rule(suppression_list *list, const mcl_comment *c, const char *word,
                                  const char *name, bool more, bool *stop) {
  const mcl_rule *r = mcl_rule_find(name);
  if (!r) {
    mcl_suppression_fact *x = fact(list, MCL_SF_UNKNOWN_RULE, c, word, NULL);
    x->name = name;
    x->more = more;
    *stop = true;
    return NULL;
  }
  if (r->flags & MCL_RULE_PARSE) {
    fact(list, MCL_SF_PARSE_RULE, c, word, r);
    return NULL;
  }
  if (is_meta(r)) {
    fact(list, MCL_SF_META_RULE, c, word, r);
    return NULL;
  }
  return r;
}

/* Each open region is closed once: the rule's open regions are chained,
 * so many comments cost linear time, not quadratic. */
static void close_regions(suppression_list *list, const mcl_comment *c,
                          const mcl_rule *r) {
  size_t ri = mcl_rule_index(r);
  if (list->open[ri] == NONE) {
    fact(list, MCL_SF_ENABLE_WITHOUT_DISABLE, c, "mclint-enable", r);
    return;
  }
  for (size_t i = list->open[ri]; i != NONE; i = list->items[i].next_open)
    list->items[i].to = c->pos;
  list->open[ri] = NONE;
}

static void add(suppression_list *list, directive_kind kind, const mcl_rule *r,
                const mcl_comment *c) {
  MCL_GROW(list->items, list->cap, list->count + 1);
  suppression *s = &list->items[list->count++];
  memset(s, 0, sizeof *s);
  s->kind = kind;
  s->rule = r;
  s->comment = c;
  s->line = c->end.line + 1;
  s->to = (mcl_pos){UINT32_MAX, 0};
  s->next_open = NONE;
  if (kind == D_REGION) {
    size_t ri = mcl_rule_index(r);
    s->next_open = list->open[ri];
    list->open[ri] = list->count - 1;
  }
}

/* The rule list: names or codes separated by commas or spaces, up to a
 * colon that starts the reason. */
static void parse_rules(mcl_ctx *ctx, suppression_list *list, const mcl_comment *c,
                        directive_kind kind, const char *word, const char *p) {
  const char *colon = strchr(p, ':');
  const char *end = colon ? colon : p + strlen(p);
  bool any = false, stop = false;
  while (p < end && !stop) {
    while (p < end && (isspace((unsigned char)*p) || *p == ',')) p++;
    const char *start = p;
    while (p < end && !isspace((unsigned char)*p) && *p != ',') p++;
    if (p == start) break;
    char *name = mcl_arena_strndup(ctx->arena, start, (size_t)(p - start));
    any = true;
    const char *rest = p;
    while (rest < end && (isspace((unsigned char)*rest) || *rest == ',')) rest++;
    const mcl_rule *r = named_rule(list, c, word, name, rest < end, &stop);
    if (!r) continue;
    if (kind == D_ENABLE)
      close_regions(list, c, r);
    else
      add(list, kind, r, c);
  }
  if (!any) fact(list, MCL_SF_NO_RULE, c, word, NULL);
}

static void parse_comment(mcl_ctx *ctx, suppression_list *list, const mcl_comment *c) {
  const char *p = c->text;
  while (isspace((unsigned char)*p)) p++;
  if (strncmp(p, "mclint-", 7) != 0) return;
  size_t n = 0;
  while (p[n] && (islower((unsigned char)p[n]) || p[n] == '-')) n++;
  for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++) {
    if (strlen(directives[i].word) != n || strncmp(p, directives[i].word, n) != 0) continue;
    parse_rules(ctx, list, c, directives[i].kind, directives[i].word, p + n);
    return;
  }
  fact(list, MCL_SF_UNKNOWN_DIRECTIVE, c, mcl_arena_strndup(ctx->arena, p, n), NULL);
}

/* ---- which findings are hidden ----
 * Findings and suppressions are matched rule by rule after sorting, so a
 * hostile file with a hundred thousand of each still takes milliseconds. */

typedef struct {
  const mcl_diag *d;
  size_t index; /* in ctx->findings.items */
} finding;

static int pos_cmp(mcl_pos a, mcl_pos b) {
  return pos_before(a, b) ? -1 : pos_before(b, a) ? 1 : 0;
}

static int rule_cmp(const mcl_rule *a, const mcl_rule *b) { return (a > b) - (a < b); }

static int finding_order(const void *a, const void *b) {
  const mcl_diag *x = ((const finding *)a)->d, *y = ((const finding *)b)->d;
  int c = rule_cmp(x->rule, y->rule);
  return c ? c : pos_cmp((mcl_pos){x->line, x->col}, (mcl_pos){y->line, y->col});
}

/* Suppressions by rule, then kind, then where they start to apply. */
static int suppression_order(const void *a, const void *b) {
  const suppression *x = *(const suppression *const *)a, *y = *(const suppression *const *)b;
  int c = rule_cmp(x->rule, y->rule);
  if (c) return c;
  if (x->kind != y->kind) return (int)x->kind - (int)y->kind;
  if (x->kind == D_NEXT_LINE) return (x->line > y->line) - (x->line < y->line);
  return pos_cmp(x->comment->end, y->comment->end);
}

static bool suppressible(const mcl_diag *d) {
  return !(d->rule->flags & MCL_RULE_PARSE) && !is_meta(d->rule);
}

/* Hides the findings [f, fend) of one rule with that rule's suppressions
 * [s, send), both sorted. */
static void match_rule(finding *f, size_t fn, suppression **s, size_t sn, bool *hidden) {
  size_t k = 0;
  /* mclint-disable-next-line: line by line. */
  size_t nl_end = k;
  while (nl_end < sn && s[nl_end]->kind == D_NEXT_LINE) nl_end++;
  for (size_t i = 0, j = k; i < fn && k < nl_end; i++) {
    uint32_t line = f[i].d->line;
    while (j < nl_end && s[j]->line < line) j++;
    for (size_t m = j; m < nl_end && s[m]->line == line; m++) {
      hidden[f[i].index] = true;
      if (s[m]->used) break; /* all of this line's are marked already */
      s[m]->used = true;
    }
  }
  k = nl_end;
  /* mclint-disable ... mclint-enable: a sweep in position order. The
   * latest end among regions started so far tells whether any still
   * covers the finding; regions are marked used once, when first seen
   * covering one, and then leave the pending list. */
  size_t reg_end = k;
  while (reg_end < sn && s[reg_end]->kind == D_REGION) reg_end++;
  size_t pending_cap = reg_end - k, pending_n = 0, next = k;
  suppression **pending = mcl_xmalloc((pending_cap ? pending_cap : 1) * sizeof *pending);
  mcl_pos max_to = {0, 0};
  for (size_t i = 0; i < fn && k < reg_end; i++) {
    mcl_pos at = {f[i].d->line, f[i].d->col};
    if (!at.line) continue; /* no position: a region cannot contain it */
    while (next < reg_end && pos_before(s[next]->comment->end, at)) {
      if (pos_before(max_to, s[next]->to)) max_to = s[next]->to;
      pending[pending_n++] = s[next++];
    }
    if (!pos_before(at, max_to)) continue;
    hidden[f[i].index] = true;
    for (size_t m = 0; m < pending_n; m++)
      if (pos_before(at, pending[m]->to)) pending[m]->used = true;
    pending_n = 0;
  }
  free(pending);
  k = reg_end;
  /* mclint-disable-file: everything of the rule. */
  if (k < sn && fn) {
    for (size_t i = 0; i < fn; i++) hidden[f[i].index] = true;
    for (; k < sn; k++) s[k]->used = true;
  }
}

/* Marks hidden[i] for each suppressed finding, and the suppressions used. */
static void find_hidden(mcl_ctx *ctx, suppression_list *list, bool *hidden) {
  finding *f = mcl_xmalloc((ctx->findings.count ? ctx->findings.count : 1) * sizeof *f);
  size_t fn = 0;
  for (size_t i = 0; i < ctx->findings.count; i++)
    if (suppressible(ctx->findings.items[i])) f[fn++] = (finding){ctx->findings.items[i], i};
  suppression **s = mcl_xmalloc((list->count ? list->count : 1) * sizeof *s);
  size_t sn = 0;
  for (size_t i = 0; i < list->count; i++)
    if (list->items[i].kind != D_ENABLE) s[sn++] = &list->items[i];
  qsort(f, fn, sizeof *f, finding_order);
  qsort(s, sn, sizeof *s, suppression_order);
  for (size_t i = 0, j = 0; i < fn;) {
    const mcl_rule *r = f[i].d->rule;
    size_t iend = i;
    while (iend < fn && f[iend].d->rule == r) iend++;
    while (j < sn && rule_cmp(s[j]->rule, r) < 0) j++;
    size_t jend = j;
    while (jend < sn && s[jend]->rule == r) jend++;
    match_rule(f + i, iend - i, s + j, jend - j, hidden);
    i = iend;
    j = jend;
  }
  free(f);
  free(s);
}

static void record_unused(suppression_list *list, const suppression *s) {
  static const char *const what[] = {"mclint-disable-next-line", "mclint-disable",
                                     "mclint-disable-file"};
  mcl_suppression_fact *x = fact(list, MCL_SF_UNUSED, s->comment, what[s->kind], s->rule);
  x->scope = s->kind == D_NEXT_LINE ? "on the next line"
             : s->kind == D_REGION  ? "in its region"
                                    : "in this file";
}

void mcl_apply_suppressions(mcl_ctx *ctx) {
  const mcl_doc *doc = ctx->doc;
  if (!doc->comment_count) return;
  suppression_list list = {0};
  list.open = mcl_xmalloc(mcl_rule_count() * sizeof *list.open);
  for (size_t i = 0; i < mcl_rule_count(); i++) list.open[i] = NONE;
  for (size_t i = 0; i < doc->comment_count; i++) parse_comment(ctx, &list, &doc->comments[i]);
  bool *hidden = mcl_xcalloc(ctx->findings.count ? ctx->findings.count : 1, sizeof *hidden);
  find_hidden(ctx, &list, hidden);
  size_t kept = 0;
  for (size_t i = 0; i < ctx->findings.count; i++)
    if (!hidden[i]) ctx->findings.items[kept++] = ctx->findings.items[i];
  ctx->findings.count = kept;
  free(hidden);
  free(list.open);
  for (size_t i = 0; i < list.count; i++)
    if (!list.items[i].used) record_unused(&list, &list.items[i]);
  mcl_report_invalid_suppressions(ctx, &list.facts);
  mcl_report_unused_suppressions(ctx, &list.facts);
  free(list.facts.items);
  free(list.items);
}
