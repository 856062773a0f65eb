/* fix.c: --fix and --diff. Rules record, on their findings, replacements of
 * byte ranges of the document text (rules/fixes.c); here they are chosen
 * (safe, or unsafe when asked; a fix whose edits overlap one already taken
 * waits for the next pass), given fresh UUIDs that every reference in the
 * profile follows, mapped onto the bytes of the input as read (a BOM,
 * UTF-16) and applied. The result is linted again, and fixed again, until
 * nothing more applies: a second --fix then changes nothing. */
#include <fcntl.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <errno.h>

#include "base/util.h"
#include "lint/linter.h"

#define MAX_PASSES 8

/* ---- fresh UUIDs: version 4 from the CSPRNG, upper case, never the same
 * twice in one run (a set of those handed out, under a lock) ---- */

static pthread_mutex_t uuid_lock = PTHREAD_MUTEX_INITIALIZER;
static char (*issued)[37];
static size_t issued_count, issued_cap;

static bool was_issued(const char *u) {
  for (size_t i = 0; i < issued_count; i++)
    if (!strcmp(issued[i], u)) return true;
  return false;
}

static bool new_uuid(char out[37]) {
  unsigned char b[16];
  pthread_mutex_lock(&uuid_lock);
  bool ok = false;
  for (int attempt = 0; attempt < 8 && !ok; attempt++) {
    if (RAND_bytes(b, sizeof b) != 1) break;
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    static const char hex[] = "0123456789ABCDEF";
    for (int i = 0, o = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
      out[o++] = hex[b[i] >> 4];
      out[o++] = hex[b[i] & 15];
    }
    out[36] = '\0';
    ok = !was_issued(out);
  }
  if (ok) {
    MCL_GROW(issued, issued_cap, issued_count + 1);
    memcpy(issued[issued_count++], out, 37);
  }
  pthread_mutex_unlock(&uuid_lock);
  return ok;
}

/* ---- choosing edits ---- */

typedef struct plan {
  const mcl_doc *doc;
  mcl_arena *arena;
  mcl_edit *edits; /* accepted, unordered */
  size_t count, cap;
  size_t fixes; /* fixes accepted */
} plan;

static bool overlaps(const mcl_edit *a, const mcl_edit *b) {
  if (a->start == a->end || b->start == b->end) /* insertions: one per place */
    return a->start == b->start || (a->start > b->start && a->start < b->end) ||
           (b->start > a->start && b->start < a->end);
  return a->start < b->end && b->start < a->end;
}

static bool same_edit(const mcl_edit *a, const mcl_edit *b) {
  return a->start == b->start && a->end == b->end && a->new_uuid == b->new_uuid &&
         (a->new_uuid || !strcmp(a->text, b->text));
}

/* A comment inside the range would be lost with it. */
static bool covers_comment(const mcl_doc *doc, const mcl_edit *e) {
  size_t n = e->end - e->start;
  for (size_t i = 0; i + 4 <= n; i++)
    if (!memcmp(doc->text + e->start + i, "<!--", 4)) return true;
  return false;
}

/* All of a fix's edits, or none. An edit equal to one taken already (two
 * rules that ask for a new UUID for the same value) counts as taken. */
static void take_fix(plan *p, const struct mcl_fix *f) {
  size_t fresh = 0;
  for (size_t i = 0; i < f->count; i++) {
    const mcl_edit *e = &f->edits[i];
    if (covers_comment(p->doc, e)) return;
    bool dup = false, key = e->text && !strncmp(e->text, "<key>", 5);
    for (size_t k = 0; k < p->count; k++) {
      if (same_edit(&p->edits[k], e)) dup = true;
      else if (overlaps(&p->edits[k], e)) return;
      /* Two keys renamed to one name could meet in one dict: one per pass
       * (the next pass sees the name taken there, and offers no rename). */
      else if (key && p->edits[k].text && !strcmp(p->edits[k].text, e->text)) return;
    }
    if (!dup) fresh++;
  }
  if (!fresh) return;
  for (size_t i = 0; i < f->count; i++) {
    bool dup = false;
    for (size_t k = 0; k < p->count && !dup; k++) dup = same_edit(&p->edits[k], &f->edits[i]);
    if (dup) continue;
    MCL_GROW(p->edits, p->cap, p->count + 1);
    p->edits[p->count++] = f->edits[i];
  }
  p->fixes++;
}

/* ---- UUIDs and their references ---- */

static void add_reference(plan *p, const mcl_value *v, const char *old, const char *text) {
  if (v->type != MCL_T_STRING || !mcl_streq_icase(v->u.str.s, old) || v->off >= v->end ||
      v->end == (size_t)-1)
    return;
  mcl_edit e = {v->off, v->end, text, false, NULL};
  for (size_t k = 0; k < p->count; k++)
    if (overlaps(&p->edits[k], &e)) return;
  MCL_GROW(p->edits, p->cap, p->count + 1);
  p->edits[p->count++] = e;
}

/* Depth is the reader's cap (128) at most. */
static void follow(plan *p, const mcl_value *v, bool apple, const char *old, const char *text,
                   unsigned depth) {
  if (depth > 200) return;
  if (v->type == MCL_T_ARRAY)
    for (size_t i = 0; i < v->u.array.count; i++)
      follow(p, v->u.array.items[i], apple, old, text, depth + 1);
  if (v->type != MCL_T_DICT) return;
  for (size_t i = 0; i < v->u.dict.count; i++) {
    const mcl_entry *e = &v->u.dict.entries[i];
    if (e->shadowed) continue;
    int kind = !strcmp(e->key, "PayloadCertificateUUID") ? 1
               : apple                                   ? mcl_uuid_reference_kind(e->key)
                                                         : 0;
    if (kind == 1) add_reference(p, e->value, old, text);
    if (kind == 2 && e->value->type == MCL_T_ARRAY)
      for (size_t k = 0; k < e->value->u.array.count; k++)
        add_reference(p, e->value->u.array.items[k], old, text);
    follow(p, e->value, apple, old, text, depth + 1);
  }
}

/* The first PayloadUUID (the profile's, then each payload's) that holds old:
 * references name it, so they follow it, and only it. */
static const mcl_value *first_holder(const mcl_value *root, const char *old) {
  const mcl_value *u = mcl_dict_get_type(root, "PayloadUUID", MCL_T_STRING);
  if (u && mcl_streq_icase(u->u.str.s, old)) return u;
  const mcl_value *content = mcl_dict_get_type(root, "PayloadContent", MCL_T_ARRAY);
  for (size_t i = 0; content && i < content->u.array.count; i++) {
    const mcl_value *item = content->u.array.items[i];
    if (item->type != MCL_T_DICT) continue;
    u = mcl_dict_get_type(item, "PayloadUUID", MCL_T_STRING);
    if (u && mcl_streq_icase(u->u.str.s, old)) return u;
  }
  return NULL;
}

static bool give_uuids(plan *p) {
  const mcl_value *root = p->doc->root;
  size_t n = p->count; /* references are appended past n */
  for (size_t i = 0; i < n; i++) {
    mcl_edit *e = &p->edits[i];
    if (!e->new_uuid) continue;
    char u[37];
    if (!new_uuid(u)) return false;
    e->text = mcl_arena_printf(p->arena, "<string>%s</string>", u);
    const mcl_value *holder = first_holder(root, e->old_uuid);
    if (!holder || holder->off != e->start || !*e->old_uuid) continue;
    const mcl_value *content = mcl_dict_get_type(root, "PayloadContent", MCL_T_ARRAY);
    for (size_t k = 0; content && k < content->u.array.count; k++) {
      const mcl_value *item = content->u.array.items[k];
      const char *type = item->type == MCL_T_DICT ? mcl_dict_get_string(item, "PayloadType") : NULL;
      bool apple = type && !strncmp(type, "com.apple.", 10) &&
                   strcmp(type, "com.apple.ManagedClient.preferences") != 0;
      follow(p, item, apple, e->old_uuid, e->text, 0);
    }
  }
  return true;
}

/* ---- onto the input's bytes ---- */

static int by_start(const void *a, const void *b) {
  const mcl_edit *x = a, *y = b;
  return (x->start > y->start) - (x->start < y->start);
}

static bool utf16(const mcl_doc *doc, bool *big) {
  if (strncmp(doc->source_encoding, "UTF-16", 6) != 0) return false;
  *big = !strcmp(doc->source_encoding, "UTF-16BE");
  return true;
}

static void put16(mcl_buf *b, unsigned long u, bool big) {
  char c[2] = {(char)(big ? u >> 8 : u & 0xFF), (char)(big ? u & 0xFF : u >> 8)};
  mcl_buf_add(b, c, 2);
}

/* UTF-8 text as the file's encoding. */
static void put_text(mcl_buf *b, const char *s, size_t n, bool wide, bool big) {
  if (!wide) {
    mcl_buf_add(b, s, n);
    return;
  }
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    unsigned long cp = p[i];
    int len = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
    for (int k = 1; k < len && i + (size_t)k < n; k++) cp = cp << 6 | (p[i + k] & 0x3F);
    if (len == 2) cp &= 0x7FF;
    if (len == 3) cp &= 0xFFFF;
    if (len == 4) cp &= 0x1FFFFF;
    i += (size_t)len;
    if (cp >= 0x10000) {
      put16(b, 0xD800 + ((cp - 0x10000) >> 10), big);
      put16(b, 0xDC00 + ((cp - 0x10000) & 0x3FF), big);
    } else {
      put16(b, cp, big);
    }
  }
}

/* Bytes of the input that text[from, to) came from, for UTF-16. */
static size_t units16(const char *t, size_t from, size_t to) {
  size_t u = 0;
  for (size_t i = from; i < to; i++) {
    unsigned char c = (unsigned char)t[i];
    if ((c & 0xC0) != 0x80) u += c >= 0xF0 ? 2 : 1;
  }
  return 2 * u;
}

/* The edits (sorted, disjoint) applied to the input bytes. */
static void apply(const mcl_doc *doc, const unsigned char *in, size_t len, mcl_edit *e, size_t n,
                  mcl_buf *out) {
  bool big = false, wide = utf16(doc, &big);
  size_t src = doc->bom_len, text = 0; /* where the copy is, in both */
  mcl_buf_add(out, (const char *)in, doc->bom_len);
  for (size_t i = 0; i < n; i++) {
    size_t a = src + (wide ? units16(doc->text, text, e[i].start) : e[i].start - text);
    size_t b = a + (wide ? units16(doc->text, e[i].start, e[i].end) : e[i].end - e[i].start);
    mcl_buf_add(out, (const char *)in + src, a - src);
    put_text(out, e[i].text, strlen(e[i].text), wide, big);
    src = b, text = e[i].end;
  }
  mcl_buf_add(out, (const char *)in + src, len - src);
}

/* ---- which files are not mclint's to rewrite ---- */

/* Block markup of a template engine (Handlebars, Jinja, ERB): the file is
 * the template's source, not a profile. */
static bool template_source(const mcl_doc *doc) {
  static const char *const marks[] = {"{{#", "{{/", "{{^", "{%", "<%"};
  for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
    if (strstr(doc->text, marks[i])) return true;
  return false;
}

static const char *refusal(const mcl_result *r) {
  const mcl_doc *d = &r->doc;
  if (d->container) return "a signed profile: rewriting it would break its signature";
  if (d->format == MCL_FMT_BINARY) return "a binary property list: only XML profiles are fixed";
  if (d->format != MCL_FMT_XML || !d->root) return "it does not parse";
  if (strcmp(d->source_encoding, "UTF-8") && strncmp(d->source_encoding, "UTF-16", 6))
    return "its encoding is neither UTF-8 nor UTF-16";
  if (template_source(d)) return "a template source (template-engine markup); fix what it renders";
  return NULL;
}

static bool wanted(const mcl_diag *d, unsigned flags) {
  mcl_fix_kind k = mcl_diag_fix_kind(d);
  return k == MCL_FIX_SAFE || (k == MCL_FIX_UNSAFE && (flags & MCL_FIX_WITH_UNSAFE));
}

/* One pass: the new bytes in *out, or false when nothing applies. */
static bool fix_pass(mcl_result *r, const unsigned char *in, size_t len, unsigned flags,
                     mcl_buf *out, size_t *applied, const char **refused) {
  plan p = {.doc = &r->doc, .arena = &r->arena};
  bool any = false;
  for (size_t i = 0; i < r->diag_count && !any; i++) any = wanted(r->diags[i], flags);
  if (!any) return false;
  if ((*refused = refusal(r))) return false;
  for (size_t i = 0; i < r->diag_count; i++)
    if (wanted(r->diags[i], flags)) take_fix(&p, r->diags[i]->fix);
  bool ok = p.fixes && give_uuids(&p);
  if (ok) {
    qsort(p.edits, p.count, sizeof *p.edits, by_start);
    apply(&r->doc, in, len, p.edits, p.count, out);
    *applied += p.fixes;
  }
  free(p.edits);
  return ok;
}

static char *as_text(const mcl_result *r, size_t *len) {
  *len = r->doc.len;
  char *s = mcl_xmalloc(r->doc.len + 1);
  memcpy(s, r->doc.text, r->doc.len);
  s[r->doc.len] = '\0';
  return s;
}

void mcl_fix_memory(mcl_linter *l, const char *name, const void *data_, size_t len,
                    unsigned flags, mcl_fix_outcome *out) {
  const unsigned char *data = data_;
  memset(out, 0, sizeof *out);
  mcl_result *orig = mcl_lint_memory(l, name, data, len), *r = orig;
  unsigned char *owned = NULL;
  size_t cur_len = len;
  for (int pass = 0; pass < MAX_PASSES; pass++) {
    mcl_buf b = {0};
    size_t n = 0;
    if (!fix_pass(r, owned ? owned : data, cur_len, flags, &b, &n, &out->refused)) {
      mcl_buf_free(&b);
      break;
    }
    mcl_result *next = mcl_lint_memory(l, name, b.data ? b.data : "", b.len);
    if (!next->doc.root) { /* never write what no longer parses */
      mcl_result_free(next);
      mcl_buf_free(&b);
      out->refused = "the fixes would leave it unreadable (please report this)";
      break;
    }
    if (r != orig) mcl_result_free(r);
    free(owned);
    owned = b.data ? (unsigned char *)b.data : mcl_xcalloc(1, 1);
    cur_len = b.len;
    r = next;
    out->applied += n;
  }
  out->result = r;
  if (r == orig) { /* unchanged: the bytes as read, for standard output */
    out->fixed = mcl_xmalloc(len + 1);
    memcpy(out->fixed, data, len);
    out->fixed_len = len;
    return;
  }
  out->original = orig;
  out->fixed = owned;
  out->fixed_len = cur_len;
  out->before = as_text(orig, &out->before_len);
  out->after = as_text(r, &out->after_len);
}

void mcl_fix_file(mcl_linter *l, const char *path, unsigned flags, mcl_fix_outcome *out) {
  memset(out, 0, sizeof *out);
  bool is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
  struct stat st;
  if (fd < 0 || (!is_stdin && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)))) {
    if (fd >= 0) close(fd);
    out->result = mcl_lint_file(l, path); /* reports why */
    return;
  }
  unsigned char *data = NULL;
  size_t len = 0;
  int rc = mcl_read_fd(fd, l->opts->max_file_size, &data, &len);
  if (!is_stdin) close(fd);
  if (rc != 0) {
    out->result = mcl_lint_file(l, path);
    return;
  }
  mcl_fix_memory(l, is_stdin ? "<stdin>" : path, data, len, flags, out);
  free(data);
}

void mcl_fix_outcome_free(mcl_fix_outcome *o) {
  mcl_result_free(o->result);
  mcl_result_free(o->original);
  free(o->fixed);
  free(o->before);
  free(o->after);
  memset(o, 0, sizeof *o);
}
