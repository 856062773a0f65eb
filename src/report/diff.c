/* diff.c: a unified diff of two texts, as `diff -u` and git print it, for
 * --diff. Lines are compared whole (a CR stays part of its line, so a
 * CRLF file's diff shows CRLF lines). The middle that differs, once the
 * common head and tail are set aside, is aligned with Myers' algorithm;
 * past a bound on the number of differences (a hostile file with a
 * hundred thousand fixes) the middle is shown as one replacement, which is
 * still a correct diff, only not the shortest. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "mclint.h"

#define CONTEXT 3
#define MAX_D 1000 /* Myers keeps O(D^2) state: 4 MB here */

typedef struct line {
  const char *s;
  size_t len; /* with its '\n', if any */
  uint64_t hash;
} line;

typedef struct lines {
  line *v;
  size_t n, cap;
} lines;

static uint64_t fnv(const char *s, size_t n) {
  uint64_t h = 1469598103934665603u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
  return h;
}

static void split(const char *s, size_t len, lines *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < len;) {
    const char *nl = memchr(s + i, '\n', len - i);
    size_t n = nl ? (size_t)(nl - (s + i)) + 1 : len - i;
    MCL_GROW(out->v, out->cap, out->n + 1);
    out->v[out->n++] = (line){s + i, n, fnv(s + i, n)};
    i += n;
  }
}

static bool same(const line *a, const line *b) {
  return a->hash == b->hash && a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* An edit script as a mark per line: kept lines pair up in order. */
typedef struct script {
  bool *del; /* old line i is removed */
  bool *ins; /* new line j is added */
} script;

/* Myers' greedy forward search over a[0..n) and b[0..m). Round d's
 * frontier (diagonals -d..d) is kept to walk back; false when more than
 * MAX_D differences are needed. */
static bool myers(const line *a, int n, const line *b, int m, bool *del, bool *ins) {
  int max = n + m < MAX_D ? n + m : MAX_D, off = max + 1, found = -1;
  int *v = mcl_xcalloc(2 * (size_t)off + 1, sizeof *v);
  int **trace = mcl_xcalloc((size_t)max + 1, sizeof *trace);
  for (int d = 0; d <= max && found < 0; d++) {
    for (int k = -d; k <= d; k += 2) {
      int x = k == -d || (k != d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1]
                                                                      : v[off + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && same(&a[x], &b[y])) x++, y++;
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace[d] = mcl_xmalloc((2 * (size_t)d + 1) * sizeof *v); /* diagonals -d..d */
    memcpy(trace[d], v + off - d, (2 * (size_t)d + 1) * sizeof *v);
  }
  for (int d = found, x = n, y = m; d > 0; d--) {
    const int *pv = trace[d - 1] + (d - 1); /* pv[k] for k in -(d-1)..d-1 */
    int k = x - y;
    bool down = k == -d || (k != d && pv[k - 1] < pv[k + 1]);
    int pk = down ? k + 1 : k - 1, px = pv[pk], py = px - pk;
    while (x > px + !down && y > py + down) x--, y--; /* the snake after the edit */
    if (down)
      ins[py] = true;
    else
      del[px] = true;
    x = px, y = py;
  }
  for (int d = 0; d <= max && trace[d]; d++) free(trace[d]);
  free(trace);
  free(v);
  return found >= 0;
}

static void put_line(FILE *out, char mark, const line *l) {
  fputc(mark, out);
  fwrite(l->s, 1, l->len, out);
  if (!l->len || l->s[l->len - 1] != '\n') fputs("\n\\ No newline at end of file\n", out);
}

/* "start,count" of a hunk's side, as diff -u writes it (an empty side
 * names the line before it). */
static void put_range(FILE *out, size_t start, size_t count) {
  if (count == 1)
    fprintf(out, "%zu", start + 1);
  else
    fprintf(out, "%zu,%zu", count ? start + 1 : start, count);
}

/* Walks both files with the script; a hunk gathers changes less than
 * 2*CONTEXT kept lines apart, with CONTEXT kept lines around them. */
static void write_hunks(FILE *out, const lines *a, const lines *b, const script *s) {
  size_t i = 0, j = 0;
  while (i < a->n || j < b->n) {
    /* next change */
    size_t ci = i, cj = j;
    while (ci < a->n && cj < b->n && !s->del[ci] && !s->ins[cj]) ci++, cj++;
    if (ci == a->n && cj == b->n) break;
    size_t hi = ci > CONTEXT ? ci - CONTEXT : 0, hj = cj - (ci - hi);
    /* find the hunk's end: kept runs of 2*CONTEXT or more end it */
    size_t ei = ci, ej = cj;
    for (;;) {
      while ((ei < a->n && s->del[ei]) || (ej < b->n && s->ins[ej])) {
        if (ei < a->n && s->del[ei]) ei++;
        else ej++;
      }
      size_t run = 0;
      while (ei + run < a->n && ej + run < b->n && !s->del[ei + run] && !s->ins[ej + run] &&
             run < 2 * CONTEXT + 1)
        run++;
      bool more = ei + run < a->n || ej + run < b->n;
      if (run > 2 * CONTEXT || !more) {
        size_t tail = run < CONTEXT ? run : CONTEXT;
        ei += tail, ej += tail;
        break;
      }
      ei += run, ej += run;
    }
    fputs("@@ -", out);
    put_range(out, hi, ei - hi);
    fputs(" +", out);
    put_range(out, hj, ej - hj);
    fputs(" @@\n", out);
    size_t x = hi, y = hj;
    while (x < ei || y < ej) {
      if (x < ei && s->del[x]) put_line(out, '-', &a->v[x++]);
      else if (y < ej && s->ins[y]) put_line(out, '+', &b->v[y++]);
      else put_line(out, ' ', &a->v[x++]), y++;
    }
    i = ei, j = ej;
  }
}

void mcl_diff_write(FILE *out, const char *a_name, const char *b_name, const char *a_text,
                    size_t a_len, const char *b_text, size_t b_len) {
  lines a, b;
  split(a_text, a_len, &a);
  split(b_text, b_len, &b);
  script s = {mcl_xcalloc(a.n + 1, 1), mcl_xcalloc(b.n + 1, 1)};
  size_t head = 0, tail = 0;
  while (head < a.n && head < b.n && same(&a.v[head], &b.v[head])) head++;
  while (tail < a.n - head && tail < b.n - head && same(&a.v[a.n - 1 - tail], &b.v[b.n - 1 - tail]))
    tail++;
  size_t an = a.n - head - tail, bn = b.n - head - tail;
  if (an + bn > (size_t)1 << 30 ||
      !myers(a.v + head, (int)an, b.v + head, (int)bn, s.del + head, s.ins + head)) {
    memset(s.del + head, 1, an);
    memset(s.ins + head, 1, bn);
  }
  if (an || bn) {
    fprintf(out, "--- %s\n+++ %s\n", a_name, b_name);
    write_hunks(out, &a, &b, &s);
  }
  free(s.del);
  free(s.ins);
  free(a.v);
  free(b.v);
}
