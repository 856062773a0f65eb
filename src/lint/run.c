/* run.c: the run-level phase, after every file is linted: compares the
 * files' index records (index.h) and merges the findings across files into
 * each reported file's own results.
 *
 * Memory holds the index only: entries (identifier, UUID, type or setting
 * digest, position, key path) in a flat array in the order files were
 * added, their strings in an arena where labels and shown values are
 * interned (a repository repeats them), and the results to report parked
 * in a temporary file (park.c). The comparison sorts the entries once
 * (O(n log n)); entries that collide end up side by side, and each entry
 * remembers where its run of equals lies, so that a file's findings are
 * made when it is reported, not held. After the comparison the run is
 * only read: each parked record is read back at its offset (pread) and
 * given its findings with nothing shared written, so the caller may make
 * the results on several threads. Everything follows the order files were
 * added, never the order threads finished: output is the same for any -j. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "lint/index.h"
#include "lint/linter.h"
#include "lint/park.h"

#define PARK_BUFFER (64u << 10)
#define FILE_BLOCK 2048
#define ENTRY_BLOCK 4096
#define STRING_BLOCK (256u << 10)
#define APART (128u << 10) /* bytes from which malloc maps a block apart */

typedef struct rfile {
  const char *path;
  const char **groups, **alternatives; /* interned */
  uint32_t group_count, alternative_count;
  uint32_t first, count; /* its entries */
  uint64_t content;      /* digest of its property list: equal for copies of one profile */
  uint64_t parked_at;    /* its parked result's offset and size, when reported */
  size_t parked_size;
  const char *profile_id; /* its top-level PayloadIdentifier (interned), or NULL */
  mcl_severity severity[MCL_X_KINDS];
  bool report;
} rfile;

/* 40 bytes: a repository's index is mostly these. Strings are numbers in
 * the run's interned strings (str()). */
typedef struct rentry {
  uint64_t key, value;
  uint32_t file : 28; /* MAX_FILES at most */
  uint32_t kind : 3;
  uint32_t suppressed : 1;
  uint32_t line, col;
  uint32_t label, shown, path; /* 0: none */
} rentry;

#define MAX_FILES (1u << 28)

struct mcl_run {
  mcl_arena arena;
  FILE *parked;
  rfile **file_blocks; /* FILE_BLOCK files each */
  size_t file_count;
  rentry **entry_blocks; /* ENTRY_BLOCK entries each */
  size_t entry_count;
  /* Interned strings, and a table of them (open addressing, a power of
   * two in size): a slot is the string's number + 1 under the top 32 bits
   * of its digest, so that a probe reads a string (likely a cache miss)
   * only when those match; 8 bytes a slot, filled to three quarters. */
  const char **strings;
  uint64_t *interned;
  size_t interned_count, interned_cap, strings_cap;
  uint32_t *begin, *end; /* per entry: its run of equals in `sorted` */
  uint32_t *file_end;    /* per position in `sorted`: the end of its file's run */
  uint32_t *sorted;      /* entry indices, equals side by side */
  char *parked_buffer;   /* its stdio buffer */
  mcl_buf scratch;       /* a record being parked */
  uint64_t parked_bytes;
  uint32_t *reported; /* the files to report, in order (after the comparison) */
  size_t report_count;
  bool compared;
  bool source_lines; /* park source lines with the results */
  size_t next;       /* mcl_run_next's position in `reported` */
};

/* What the run keeps lives in blocks of 200 KiB or more, never moved,
 * which malloc maps apart from its heap (its threshold is 128 KiB). Mixed
 * into the heap where each file's result comes and goes, the index's
 * small blocks and growing arrays kept freed results from coalescing:
 * the parser then took fresh pages for every file. Arrays and the scratch
 * buffer start at that threshold for the same reason. */
static inline rfile *file_at(const mcl_run *run, size_t i) {
  return &run->file_blocks[i / FILE_BLOCK][i % FILE_BLOCK];
}

static inline rentry *entry_at(const mcl_run *run, size_t i) {
  return &run->entry_blocks[i / ENTRY_BLOCK][i % ENTRY_BLOCK];
}

/* Room for item `count` of blocks of `per` items of `size` bytes. */
static void block_room(void ***blocks, size_t count, size_t per, size_t size) {
  if (count % per) return;
  size_t n = count / per;
  if (!(n & (n - 1))) *blocks = mcl_xrealloc(*blocks, (n ? 2 * n : 1) * sizeof **blocks);
  (*blocks)[n] = mcl_xmalloc(per * size);
}

mcl_run *mcl_run_new(bool source_lines, char **err) {
  if (err) *err = NULL;
  FILE *f = tmpfile();
  if (!f) {
    if (err)
      *err = mcl_xasprintf("cannot create a temporary file for the run: %s", strerror(errno));
    return NULL;
  }
  mcl_run *run = mcl_xcalloc(1, sizeof *run);
  mcl_arena_init(&run->arena);
  run->arena.block = STRING_BLOCK;
  run->strings_cap = APART / sizeof *run->strings;
  run->strings = mcl_xmalloc(run->strings_cap * sizeof *run->strings);
  run->scratch.cap = APART;
  run->scratch.data = mcl_xmalloc(APART);
  run->scratch.data[0] = '\0';
  run->parked = f;
  /* 64 KiB writes, not stdio's 4 KiB ones (850 system calls for a
   * repository of 7,000 files); glibc ignores a size without a buffer. */
  run->parked_buffer = mcl_xmalloc(PARK_BUFFER);
  setvbuf(f, run->parked_buffer, _IOFBF, PARK_BUFFER);
  run->source_lines = source_lines;
  return run;
}

void mcl_run_free(mcl_run *run) {
  if (!run) return;
  if (run->parked) fclose(run->parked);
  free(run->parked_buffer);
  mcl_buf_free(&run->scratch);
  for (size_t i = 0; i < run->file_count; i += FILE_BLOCK) free(run->file_blocks[i / FILE_BLOCK]);
  for (size_t i = 0; i < run->entry_count; i += ENTRY_BLOCK)
    free(run->entry_blocks[i / ENTRY_BLOCK]);
  free(run->file_blocks);
  free(run->entry_blocks);
  free(run->interned);
  free(run->strings);
  free(run->begin);
  free(run->file_end);
  free(run->end);
  free(run->sorted);
  free(run->reported);
  mcl_arena_free(&run->arena);
  free(run);
}

/* ---- taking records ---- */

static void intern_put(uint64_t *table, size_t cap, uint64_t slot) {
  size_t k = (size_t)(slot >> 32) & (cap - 1);
  while (table[k]) k = (k + 1) & (cap - 1);
  table[k] = slot;
}

static void intern_grow(mcl_run *run) {
  size_t cap = run->interned_cap ? 2 * run->interned_cap : APART / sizeof(uint64_t);
  uint64_t *t = mcl_xcalloc(cap, sizeof *t);
  for (size_t i = 0; i < run->interned_cap; i++)
    if (run->interned[i]) intern_put(t, cap, run->interned[i]);
  free(run->interned);
  run->interned = t;
  run->interned_cap = cap;
}

static inline const char *str(const mcl_run *run, uint32_t id) {
  return id ? run->strings[id - 1] : NULL;
}

/* One copy of each distinct label or value, however many files repeat it:
 * its number (0 for NULL). */
static uint32_t intern_id(mcl_run *run, const char *s) {
  if (!s) return 0;
  if (4 * (run->interned_count + 1) > 3 * run->interned_cap) intern_grow(run);
  uint64_t tag = mcl_digest_string(s) >> 32 << 32;
  size_t mask = run->interned_cap - 1;
  for (size_t k = (size_t)(tag >> 32) & mask; run->interned[k]; k = (k + 1) & mask) {
    uint64_t slot = run->interned[k];
    if ((slot >> 32 << 32) != tag) continue;
    if (!strcmp(run->strings[(uint32_t)slot - 1], s)) return (uint32_t)slot;
  }
  MCL_GROW(run->strings, run->strings_cap, run->interned_count + 1);
  const char *copy = mcl_arena_strdup(&run->arena, s);
  run->strings[run->interned_count++] = copy;
  intern_put(run->interned, run->interned_cap, tag | run->interned_count);
  return (uint32_t)run->interned_count;
}

static const char *intern(mcl_run *run, const char *s) { return str(run, intern_id(run, s)); }

static void take_record(mcl_run *run, rfile *f, const mcl_xrecord *x) {
  f->first = (uint32_t)run->entry_count;
  if (!x) return;
  memcpy(f->severity, x->severity, sizeof f->severity);
  f->group_count = (uint32_t)x->group_count;
  f->groups = mcl_arena_alloc(&run->arena, (x->group_count + 1) * sizeof *f->groups);
  for (size_t i = 0; i < x->group_count; i++) f->groups[i] = intern(run, x->groups[i]);
  f->alternative_count = (uint32_t)x->alternative_count;
  f->alternatives = mcl_arena_alloc(&run->arena, (x->alternative_count + 1) * sizeof(char *));
  for (size_t i = 0; i < x->alternative_count; i++)
    f->alternatives[i] = intern(run, x->alternatives[i]);
  for (size_t i = 0; i < x->count; i++) {
    const mcl_xentry *e = &x->entries[i];
    block_room((void ***)&run->entry_blocks, run->entry_count, ENTRY_BLOCK, sizeof(rentry));
    rentry *r = entry_at(run, run->entry_count++);
    *r = (rentry){
        .file = (uint32_t)run->file_count, .line = e->line, .col = e->col, .kind = e->kind,
        .suppressed = e->suppressed, .key = e->key, .value = e->value,
        .label = intern_id(run, e->label), .shown = intern_id(run, e->shown),
        .path = intern_id(run, e->path)}; /* "PayloadContent[0].PayloadUUID" recurs */
    if (e->kind == MCL_X_PROFILE_ID) f->profile_id = str(run, r->label);
  }
  f->count = (uint32_t)x->count;
  f->content = x->content;
}

int mcl_run_add(mcl_run *run, const mcl_result *r, bool report, char **err) {
  if (err) *err = NULL;
  int rc = 0;
  if (run->file_count >= MAX_FILES) {
    if (err) *err = mcl_xasprintf("%s: more files than a run compares", r->path);
    return -1;
  }
  block_room((void ***)&run->file_blocks, run->file_count, FILE_BLOCK, sizeof(rfile));
  rfile *f = file_at(run, run->file_count);
  memset(f, 0, sizeof *f);
  f->path = intern(run, r->path); /* a file named twice is one file */
  if (report) {
    f->parked_at = run->parked_bytes;
    if (mcl_park_write(run->parked, r, run->source_lines, &run->scratch, &f->parked_size) != 0) {
      if (err) *err = mcl_xasprintf("cannot write the run's temporary file: %s", strerror(errno));
      rc = -1;
    }
    run->parked_bytes += f->parked_size;
  }
  f->report = report;
  for (int k = 0; k < MCL_X_KINDS; k++) f->severity[k] = MCL_OFF;
  take_record(run, f, r->index);
  run->file_count++;
  return rc;
}

/* ---- comparing ---- */

static int label_cmp(const mcl_run *run, unsigned kind, uint32_t a, uint32_t b) {
  if (a == b) return 0; /* interned */
  const char *x = str(run, a), *y = str(run, b);
  return kind == MCL_X_UUID ? strcasecmp(x, y) : strcmp(x, y); /* UUIDs compare without case */
}

static bool same_place(const mcl_run *run, const rentry *x, const rentry *y) {
  return x->kind == y->kind && x->key == y->key && !label_cmp(run, x->kind, x->label, y->label);
}

/* Equals side by side; among them each file's entries side by side, in
 * the order files were added, by value (so that a file's run tells at its
 * two ends whether it holds a value other than a given one), then by
 * position. A total order (the entry's index decides last), so the result
 * does not depend on the sort. */
static int entry_order(const mcl_run *run, const rentry *x, const rentry *y, uint32_t i,
                       uint32_t j) {
  if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  int c = label_cmp(run, x->kind, x->label, y->label); /* digests may collide: labels decide */
  if (c) return c;
  if (x->file != y->file) return x->file < y->file ? -1 : 1;
  if (x->value != y->value) return x->value < y->value ? -1 : 1;
  return (i > j) - (i < j);
}

/* Sorts entry indices in place by entry_order: a bottom-up merge sort over
 * one scratch array of indices, so that the peak is two index arrays
 * beside the entries, not a copy of every entry's sort key (which made
 * the comparison's peak memory half again the index's). */
static void sort_entries(const mcl_run *run, uint32_t *a, size_t n) {
  uint32_t *tmp = mcl_xmalloc((n ? n : 1) * sizeof *tmp), *src = a, *dst = tmp;
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi)
        dst[k++] = entry_order(run, entry_at(run, src[i]), entry_at(run, src[j]), src[i], src[j]) <= 0 ? src[i++]
                                                                                       : src[j++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    uint32_t *t = src;
    src = dst;
    dst = t;
  }
  if (src != a) memcpy(a, src, n * sizeof *a);
  free(tmp);
}

static uint32_t *array_u32(size_t n) { return mcl_xmalloc((n ? n : 1) * sizeof(uint32_t)); }

static void compare(mcl_run *run) {
  size_t n = run->entry_count;
  run->compared = true;
  run->sorted = array_u32(n);
  for (size_t i = 0; i < n; i++) run->sorted[i] = (uint32_t)i;
  sort_entries(run, run->sorted, n);
  run->begin = array_u32(n);
  run->end = array_u32(n);
  run->file_end = array_u32(n);
  for (size_t g = 0, e; g < n; g = e) {
    const rentry *first = entry_at(run, run->sorted[g]);
    for (e = g + 1; e < n && same_place(run, first, entry_at(run, run->sorted[e]));) e++;
    for (size_t k = e; k-- > g;) {
      run->begin[run->sorted[k]] = (uint32_t)g;
      run->end[run->sorted[k]] = (uint32_t)e;
      bool same_file = k + 1 < e && entry_at(run, run->sorted[k + 1])->file ==
                                        entry_at(run, run->sorted[k])->file;
      run->file_end[k] = same_file ? run->file_end[k + 1] : (uint32_t)(k + 1);
    }
  }
}

/* Two files of one profile (a signed copy next to the unsigned file, a
 * backup): the same property list, whatever its layout or signature. A
 * device holds them as one profile, so they do not collide. */
static bool copies(const rfile *a, const rfile *b) {
  return a->count && a->content == b->content;
}

/* Profiles meet on a device unless one alternatives pattern matches both
 * (a device gets one of them), and then when either goes to every device
 * (no group) or they share a group. Groups are sorted: a merge walk. */
static bool meet(const rfile *a, const rfile *b) {
  if (copies(a, b)) return false;
  for (uint32_t i = 0; i < a->alternative_count; i++)
    for (uint32_t j = 0; j < b->alternative_count; j++)
      if (a->alternatives[i] == b->alternatives[j]) return false; /* interned */
  if (!a->group_count || !b->group_count) return true;
  for (uint32_t i = 0, j = 0; i < a->group_count && j < b->group_count;) {
    int c = strcmp(a->groups[i], b->groups[j]);
    if (!c) return true;
    if (c < 0) i++;
    else j++;
  }
  return false;
}

/* The entry of another file's run [k, file_end) that collides with e, or
 * NULL. For a setting, the run (sorted by value) holds a different value
 * when either of its ends does. */
static const rentry *collides(const mcl_run *run, const rentry *e, uint32_t k) {
  const rentry *o = entry_at(run, run->sorted[k]);
  /* Within one file (or one file named twice): that file's own rules. */
  if (o->file == e->file || file_at(run, o->file)->path == file_at(run, e->file)->path) return NULL;
  const rfile *fe = file_at(run, e->file), *fo = file_at(run, o->file);
  if (!meet(fe, fo)) return NULL;
  /* Two versions of one profile (one top-level PayloadIdentifier): a
   * device that installs one replaces the other, so their payloads and
   * settings never meet there; profile-identifier-collision reports the
   * pair, once. */
  if (e->kind != MCL_X_PROFILE_ID && fe->profile_id && fe->profile_id == fo->profile_id)
    return NULL;
  if (e->kind != MCL_X_VALUE || o->value != e->value) return o;
  o = entry_at(run, run->sorted[run->file_end[k] - 1]);
  return o->value != e->value ? o : NULL;
}

/* ---- the findings of one file ---- */

/* The other files an entry collides with: the first few, and how many. */
typedef struct others {
  const rentry *list[MCL_RELATED_MAX];
  size_t listed, total;
} others;

/* Each other file once: the walk jumps from one file's run to the next,
 * so a file with many equal entries costs one step, not one per entry. */
static void find_others(const mcl_run *run, uint32_t ei, others *o) {
  const rentry *e = entry_at(run, ei);
  memset(o, 0, sizeof *o);
  for (uint32_t k = run->begin[ei]; k < run->end[ei]; k = run->file_end[k]) {
    const rentry *c = collides(run, e, k);
    if (!c) continue;
    if (o->listed < MCL_RELATED_MAX) o->list[o->listed++] = c;
    o->total++;
  }
}

static void put_place(mcl_buf *b, const mcl_run *run, const rentry *o) {
  mcl_buf_puts(b, file_at(run, o->file)->path);
  if (!o->line) {
    mcl_buf_puts(b, " (");
    mcl_buf_puts(b, str(run, o->path));
    mcl_buf_putc(b, ')');
    return;
  }
  /* ":line" by hand: a report across files writes tens of thousands */
  char digits[12], *p = digits + sizeof digits;
  uint32_t line = o->line;
  do *--p = (char)('0' + line % 10);
  while (line /= 10);
  *--p = ':';
  mcl_buf_add(b, p, (size_t)(digits + sizeof digits - p));
}

/* "a.mobileconfig:3", "a:3 and b:7", or "a:3 and 4 more": the message
 * names one or two; the related locations (JSON, SARIF) carry more. */
static char *places(mcl_arena *a, const mcl_run *run, const others *o) {
  mcl_buf b = {0};
  put_place(&b, run, o->list[0]);
  if (o->total == 2) {
    mcl_buf_puts(&b, " and ");
    put_place(&b, run, o->list[1]);
  } else if (o->total > 2) {
    mcl_buf_printf(&b, " and %zu more", o->total - 1);
  }
  char *s = mcl_arena_strdup(a, mcl_buf_cstr(&b));
  mcl_buf_free(&b);
  return s;
}

static void describe(mcl_diag *d, mcl_arena *a, const mcl_run *run, const rentry *e,
                     const char *where,
                     const others *o) {
  mcl_collision c = {.kind = (mcl_xkind)e->kind, .label = str(run, e->label),
                     .shown = str(run, e->shown),
                     .other_shown = o->listed ? str(run, o->list[0]->shown) : NULL,
                     .others = o->total,
                     .where = where};
  mcl_word_collision(d, a, &c); /* the words are the rules' (rules/across.c) */
}

static mcl_diag *finding(mcl_result *r, const mcl_run *run, const rentry *e, const others *o) {
  mcl_arena *a = &r->arena;
  const rfile *f = file_at(run, e->file);
  mcl_diag *d = mcl_arena_alloc(a, sizeof *d);
  d->rule = mcl_xkind_rule((mcl_xkind)e->kind);
  d->severity = f->severity[e->kind];
  d->line = e->line;
  d->col = e->line ? e->col : 0;
  d->path = mcl_arena_strdup(a, str(run, e->path));
  describe(d, a, run, e, places(a, run, o), o);
  mcl_related *rel = mcl_arena_alloc(a, o->listed * sizeof *rel + 1);
  for (size_t i = 0; i < o->listed; i++) {
    const rentry *c = o->list[i];
    rel[i] = (mcl_related){mcl_arena_strdup(a, file_at(run, c->file)->path), c->line,
                           c->line ? c->col : 0, mcl_arena_strdup(a, str(run, c->path))};
  }
  d->related = rel;
  d->related_count = o->listed;
  return d;
}

static void add_findings(const mcl_run *run, const rfile *f, mcl_result *r) {
  size_t added = 0, cap = r->diag_count;
  for (uint32_t i = f->first; i < f->first + f->count; i++) {
    const rentry *e = entry_at(run, i);
    if (e->suppressed || f->severity[e->kind] == MCL_OFF) continue;
    if (run->end[i] - run->begin[i] < 2) continue;
    others o;
    find_others(run, i, &o);
    if (!o.total) continue;
    MCL_GROW(r->diags, cap, r->diag_count + 1);
    r->diags[r->diag_count++] = finding(r, run, e, &o);
    added++;
  }
  if (added) mcl_result_recount(r);
}

int mcl_run_compare(mcl_run *run, char **err) {
  if (err) *err = NULL;
  if (run->compared) return 0;
  compare(run);
  run->reported = array_u32(run->file_count);
  for (size_t i = 0; i < run->file_count; i++)
    if (file_at(run, i)->report) run->reported[run->report_count++] = (uint32_t)i;
  if (fflush(run->parked) != 0) {
    if (err) *err = mcl_xasprintf("cannot write the run's temporary file: %s", strerror(errno));
    run->report_count = 0;
    return -1;
  }
  return 0;
}

size_t mcl_run_count(const mcl_run *run) { return run->compared ? run->report_count : 0; }

size_t mcl_run_results(const mcl_run *run, size_t first, size_t n, mcl_result **out, char **err) {
  if (err) *err = NULL;
  size_t count = mcl_run_count(run);
  if (first >= count || !n) return 0;
  if (n > count - first) n = count - first;
  /* Files to report were parked one after another: one read for all. */
  const rfile *a = file_at(run, run->reported[first]),
              *z = file_at(run, run->reported[first + n - 1]);
  size_t span = (size_t)(z->parked_at - a->parked_at) + z->parked_size, made = 0;
  char *data = mcl_park_read_span(fileno(run->parked), a->parked_at, span);
  for (size_t k = 0; k < n; k++) {
    const rfile *f = file_at(run, run->reported[first + k]);
    out[k] = data ? mcl_park_decode(data + (f->parked_at - a->parked_at), f->parked_size) : NULL;
    if (out[k]) {
      add_findings(run, f, out[k]);
      made++;
    } else if (err && !*err) {
      *err = mcl_xasprintf("cannot read back %s from the run's temporary file", f->path);
    }
  }
  free(data);
  return made;
}

mcl_result *mcl_run_result(const mcl_run *run, size_t i, char **err) {
  mcl_result *r = NULL;
  if (i < mcl_run_count(run))
    mcl_run_results(run, i, 1, &r, err);
  else if (err)
    *err = NULL;
  return r;
}

mcl_result *mcl_run_next(mcl_run *run, char **err) {
  if (err) *err = NULL;
  if (mcl_run_compare(run, err) != 0 || run->next >= run->report_count) return NULL;
  return mcl_run_result(run, run->next++, err);
}
