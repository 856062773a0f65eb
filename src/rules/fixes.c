/* fixes.c: how a rule records the repair of what it reports, as
 * replacements of byte ranges of the document text (rule.h). Applying them
 * is src/lint/fix.c's. */
#include <string.h>

#include "base/util.h"
#include "rules/rule.h"

static bool known(size_t off, size_t end) { return off < end && end != (size_t)-1; }

static void add_edit(mcl_ctx *ctx, mcl_diag *d, size_t start, size_t end, const char *text,
                     const char *old_uuid) {
  if (!d || d->rule->fix == MCL_FIX_NONE || ctx->doc->format != MCL_FMT_XML ||
      end > ctx->doc->len || start > end)
    return;
  struct mcl_fix *f = (struct mcl_fix *)d->fix;
  if (!f) d->fix = f = mcl_arena_alloc(ctx->arena, sizeof *f);
  mcl_edit *e = mcl_arena_alloc(ctx->arena, (f->count + 1) * sizeof *e);
  if (f->count) memcpy(e, f->edits, f->count * sizeof *e);
  e[f->count] = (mcl_edit){start, end, text ? mcl_arena_strdup(ctx->arena, text) : NULL,
                           old_uuid != NULL, old_uuid};
  f->edits = e;
  f->count++;
}

void mcl_fix_value(mcl_ctx *ctx, mcl_diag *d, const mcl_value *v, const char *xml) {
  if (known(v->off, v->end)) add_edit(ctx, d, v->off, v->end, xml, NULL);
}

void mcl_fix_new_uuid(mcl_ctx *ctx, mcl_diag *d, const mcl_value *v) {
  if (v->type == MCL_T_STRING && known(v->off, v->end))
    add_edit(ctx, d, v->off, v->end, NULL, v->u.str.s);
}

/* Keys of Apple's schemas are plain ASCII: nothing to escape. */
void mcl_fix_rename_key(mcl_ctx *ctx, mcl_diag *d, const mcl_entry *e, const char *name) {
  if (!known(e->key_off, e->key_end) || strpbrk(name, "<>&")) return;
  add_edit(ctx, d, e->key_off, e->key_end, mcl_arena_printf(ctx->arena, "<key>%s</key>", name),
           NULL);
}

void mcl_fix_delete(mcl_ctx *ctx, mcl_diag *d, size_t start, size_t end) {
  if (known(start, end)) add_edit(ctx, d, start, end, "", NULL);
}

/* After the last entry's value, on lines of their own indented like the last
 * key's line, ended like the file's lines (CRLF stays CRLF). */
void mcl_fix_add_entry(mcl_ctx *ctx, mcl_diag *d, const mcl_value *dict, const char *key,
                       const char *xml) {
  if (dict->type != MCL_T_DICT || !dict->u.dict.count) return;
  const mcl_entry *last = &dict->u.dict.entries[dict->u.dict.count - 1];
  const char *t = ctx->doc->text;
  if (!known(last->key_off, last->key_end) || !known(last->value->off, last->value->end)) return;
  size_t ls = last->key_off;
  while (ls > 0 && (t[ls - 1] == ' ' || t[ls - 1] == '\t')) ls--;
  if (ls > 0 && t[ls - 1] != '\n') return; /* the key does not start its line */
  const char *nl = memchr(t, '\n', ctx->doc->len);
  const char *eol = nl && nl > t && nl[-1] == '\r' ? "\r\n" : "\n";
  int indent = (int)(last->key_off - ls);
  size_t at = last->value->end;
  add_edit(ctx, d, at, at,
           mcl_arena_printf(ctx->arena, "%s%.*s<key>%s</key>%s%.*s%s", eol, indent, t + ls, key,
                            eol, indent, t + ls, xml),
           NULL);
}

mcl_fix_kind mcl_rule_fix_kind(const mcl_rule *rule) { return rule->fix; }

const char *mcl_fix_kind_name(mcl_fix_kind kind) {
  return kind == MCL_FIX_SAFE ? "safe" : kind == MCL_FIX_UNSAFE ? "unsafe" : "none";
}

mcl_fix_kind mcl_diag_fix_kind(const mcl_diag *d) {
  return d->fix && d->fix->count ? d->rule->fix : MCL_FIX_NONE;
}
