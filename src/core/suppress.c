/* suppress.c: inline suppression comments in XML profiles.
 *
 *   <!-- mclint-disable-next-line RULE[, RULE]... [: reason] -->
 *   <!-- mclint-disable RULE... -->  ...  <!-- mclint-enable RULE... -->
 *   <!-- mclint-disable-file RULE... -->
 *
 * RULE is a name or a code. XML forbids "--" inside a comment, so a reason
 * follows a colon. Findings of parse rules are never suppressed, and the
 * suppression rules' own findings are reported after this pass. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/linter.h"
#include "core/util.h"

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
} suppression;

typedef struct {
  suppression *items;
  size_t count, cap;
} suppression_list;

static bool pos_before(mcl_pos a, mcl_pos b) {
  return a.line < b.line || (a.line == b.line && a.col < b.col);
}

static bool is_meta(const mcl_rule *r) {
  return r == &mcl_rule_unused_suppression || r == &mcl_rule_invalid_suppression;
}

static const char *nearest_rule(const char *name) {
  const char *best = NULL;
  size_t best_d = 3;
  for (size_t i = 0; i < mcl_rule_count(); i++) {
    size_t d = mcl_edit_distance(name, mcl_rule_at(i)->name, 2);
    if (d < best_d) best_d = d, best = mcl_rule_at(i)->name;
  }
  return best;
}

__attribute__((format(printf, 4, 5))) static void invalid(mcl_ctx *ctx, const mcl_comment *c,
                                                           const char *hint, const char *fmt,
                                                           ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = mcl_arena_vprintf(ctx->arena, fmt, ap);
  va_end(ap);
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_invalid_suppression, c->pos, NULL, "%s", msg);
  if (hint) mcl_hint(ctx, d, "%s", hint);
}

/* A rule named in a directive: known, and one a comment may suppress.
 * *stop is set for an unknown name: what follows is likely a reason
 * written without its colon, so it is reported once, not word by word. */
static const mcl_rule *named_rule(mcl_ctx *ctx, const mcl_comment *c, const char *word,
                                  const char *name, bool more, bool *stop) {
  const mcl_rule *r = mcl_rule_find(name);
  if (!r) {
    const char *near = nearest_rule(name);
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_invalid_suppression, c->pos, NULL,
                           "%s names unknown rule '%s'", word, name);
    if (near)
      mcl_hint(ctx, d, "did you mean '%s'?", near);
    else if (more)
      mcl_hint(ctx, d, "a reason goes after a colon: <!-- %s RULE: reason -->", word);
    else
      mcl_hint(ctx, d, "rules are named or numbered as in mclint --list-rules");
    *stop = true;
    return NULL;
  }
  if (r->flags & MCL_RULE_PARSE) {
    invalid(ctx, c, "fix the file instead", "%s cannot suppress '%s': parse errors are always "
            "reported", word, r->name);
    return NULL;
  }
  if (is_meta(r)) {
    invalid(ctx, c, "turn it off in the configuration file or with --disable",
            "%s cannot suppress '%s'", word, r->name);
    return NULL;
  }
  return r;
}

static void close_regions(mcl_ctx *ctx, suppression_list *list, const mcl_comment *c,
                          const mcl_rule *r) {
  bool any = false;
  for (size_t i = 0; i < list->count; i++) {
    suppression *s = &list->items[i];
    if (s->kind == D_REGION && s->rule == r && s->to.line == UINT32_MAX) {
      s->to = c->pos;
      any = true;
    }
  }
  if (!any)
    invalid(ctx, c, NULL, "mclint-enable %s has no mclint-disable %s before it", r->name, r->name);
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
    const mcl_rule *r = named_rule(ctx, c, word, name, rest < end, &stop);
    if (!r) continue;
    if (kind == D_ENABLE)
      close_regions(ctx, list, c, r);
    else
      add(list, kind, r, c);
  }
  if (!any)
    invalid(ctx, c, "name the rules, e.g. <!-- mclint-disable-next-line template-marker -->",
            "%s names no rule", word);
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
  char *word = mcl_arena_strndup(ctx->arena, p, n);
  invalid(ctx, c,
          "use mclint-disable-next-line, mclint-disable, mclint-enable or mclint-disable-file",
          "unknown suppression comment '%s'", word);
}

static bool covers(const suppression *s, const mcl_diag *d) {
  if (s->rule != d->rule) return false;
  mcl_pos at = {d->line, d->col};
  switch (s->kind) {
  case D_NEXT_LINE: return d->line == s->line;
  case D_REGION: return d->line && pos_before(s->comment->end, at) && pos_before(at, s->to);
  case D_FILE: return true;
  case D_ENABLE: return false;
  }
  return false;
}

static bool suppressed(suppression_list *list, const mcl_diag *d) {
  if ((d->rule->flags & MCL_RULE_PARSE) || is_meta(d->rule)) return false;
  bool hit = false;
  for (size_t i = 0; i < list->count; i++)
    if (covers(&list->items[i], d)) hit = list->items[i].used = true;
  return hit;
}

static void report_unused(mcl_ctx *ctx, const suppression *s) {
  static const char *const what[] = {"mclint-disable-next-line", "mclint-disable",
                                     "mclint-disable-file"};
  const char *where = s->kind == D_NEXT_LINE ? "on the next line"
                      : s->kind == D_REGION  ? "in its region"
                                             : "in this file";
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_unused_suppression, s->comment->pos, NULL,
                         "%s %s suppresses nothing: no %s finding %s", what[s->kind],
                         s->rule->name, s->rule->name, where);
  mcl_hint(ctx, d, "remove '%s' from the comment", s->rule->name);
}

void mcl_apply_suppressions(mcl_ctx *ctx) {
  const mcl_doc *doc = ctx->doc;
  if (!doc->comment_count) return;
  suppression_list list = {0};
  for (size_t i = 0; i < doc->comment_count; i++) parse_comment(ctx, &list, &doc->comments[i]);
  size_t kept = 0;
  for (size_t i = 0; i < ctx->diag_count; i++)
    if (!suppressed(&list, ctx->diags[i])) ctx->diags[kept++] = ctx->diags[i];
  ctx->diag_count = kept;
  /* Without a tree no rule ran, and a rule that is off or has nothing to
   * check with these settings could not have been suppressed: silence. */
  for (size_t i = 0; doc->root && i < list.count; i++) {
    const suppression *s = &list.items[i];
    if (!s->used && mcl_rule_on(ctx, s->rule) && (!s->rule->applies || s->rule->applies(ctx->opts)))
      report_unused(ctx, s);
  }
  free(list.items);
}
