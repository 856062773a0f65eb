/* linter.c: one input through the pipeline: read, build the profile view,
 * run every enabled rule, then order the findings. */
#include "lint/linter.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "lint/index.h"
#include "plist/container.h"
#include "plist/reader.h"
#include "plist/x509.h"
#include "rules/coverage.h"
#include "schema/schema.h"

const char *mcl_version(void) { return MCLINT_VERSION_STRING; }

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void global_init(void) {
  xmlInitParser();
  mcl_crypto_owner();
}

/* The trust store --verify checks signers against: only local files and
 * directories, never the network. */
static X509_STORE *load_trust(const mcl_options *o, char **err) {
  X509_STORE *store = X509_STORE_new();
  ERR_clear_error();
  bool ok = store && (o->ca_file ? X509_STORE_load_file(store, o->ca_file) == 1
                                 : X509_STORE_set_default_paths(store) == 1);
  if (!ok) {
    const char *why = "it holds no certificate in PEM form";
    if (o->ca_file && access(o->ca_file, R_OK) != 0) why = strerror(errno);
    if (err)
      *err = mcl_xasprintf("cannot load CA certificates from '%s': %s",
                           o->ca_file ? o->ca_file : "the system trust store", why);
    X509_STORE_free(store);
    store = NULL;
  }
  ERR_clear_error();
  return store;
}

mcl_linter *mcl_linter_new(const mcl_options *opts, char **err) {
  pthread_once(&init_once, global_init);
  if (err) *err = NULL;
  mcl_linter *l = mcl_xcalloc(1, sizeof *l);
  mcl_options *defaults = NULL;
  if (!opts) opts = defaults = mcl_options_new();
  l->opts = mcl_options_copy(opts);
  mcl_options_free(defaults);
  char *why = NULL;
  l->schemas = mcl_schema_set_new(l->opts, &why);
  if (!l->schemas) {
    if (err) *err = why;
    else free(why);
    mcl_linter_free(l);
    return NULL;
  }
  if (l->opts->verify && !(l->trust = load_trust(l->opts, err))) {
    mcl_linter_free(l);
    return NULL;
  }
  if (l->opts->identifier_pattern) {
    int code;
    PCRE2_SIZE off;
    l->identifier_re = pcre2_compile((PCRE2_SPTR)l->opts->identifier_pattern,
                                     PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
    if (!l->identifier_re) { /* mcl_options_set compiled it already */
      if (err) *err = mcl_xasprintf("invalid policy.identifier-pattern");
      mcl_linter_free(l);
      return NULL;
    }
  }
  return l;
}

void mcl_linter_set_index(mcl_linter *l, bool on) { l->index = on; }

bool mcl_linter_checks_across(const mcl_linter *l) {
  for (size_t i = 0; i < mcl_rule_count(); i++)
    if ((mcl_rule_at(i)->flags & MCL_RULE_ACROSS) && l->opts->severity[i] != MCL_OFF) return true;
  return false;
}

const char *mcl_options_repository(const mcl_options *o) { return o->repository; }

void mcl_linter_free(mcl_linter *l) {
  if (!l) return;
  X509_STORE_free(l->trust);
  mcl_schema_set_free(l->schemas);
  pcre2_code_free(l->identifier_re);
  mcl_options_free(l->opts);
  free(l);
}

bool mcl_envelope_at(const mcl_ctx *ctx, size_t i, const mcl_value **dict, const char **path) {
  const mcl_profile *p = &ctx->profile;
  if (!p->root) return false;
  if (i == 0) {
    *dict = p->root;
    *path = "";
    return true;
  }
  if (i > p->payload_count) return false;
  *dict = p->payloads[i - 1].dict;
  *path = p->payloads[i - 1].path;
  return true;
}

struct mcl_deferred {
  void (*fn)(void *);
  void *arg;
  struct mcl_deferred *next;
};

void mcl_ctx_defer(mcl_ctx *ctx, void (*fn)(void *), void *arg) {
  struct mcl_deferred *d = mcl_arena_alloc(ctx->arena, sizeof *d);
  d->fn = fn;
  d->arg = arg;
  d->next = ctx->deferred;
  ctx->deferred = d;
}

static void run_rules(mcl_ctx *ctx) {
  for (size_t i = 0; i < mcl_rule_count(); i++) {
    const mcl_rule *r = mcl_rule_at(i);
    if (r->check && ctx->opts->severity[i] != MCL_OFF && (!r->applies || r->applies(ctx->opts)))
      r->check(ctx);
  }
  for (struct mcl_deferred *d = ctx->deferred; d; d = d->next) d->fn(d->arg);
  ctx->deferred = NULL;
}

static int diag_order(const void *a, const void *b) {
  const mcl_diag *x = *(const mcl_diag *const *)a, *y = *(const mcl_diag *const *)b;
  if (x->container != y->container) return x->container ? -1 : 1; /* the wrapper first */
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  int c = strcmp(x->rule->code, y->rule->code);
  if (c) return c;
  c = strcmp(x->path, y->path);
  return c ? c : strcmp(x->message, y->message);
}

static void read_input(mcl_ctx *ctx, const unsigned char *data, size_t len) {
  const char *what = NULL;
  mcl_pos origin = {1, 1};
  mcl_kind kind = mcl_sniff(data, len, &what);
  switch (kind) {
  case MCL_KIND_XML:
    mcl_read_xml(ctx->doc, ctx->arena, data, len);
    break;
  case MCL_KIND_BPLIST:
    mcl_read_bplist(ctx->doc, ctx->arena, data, len);
    break;
  case MCL_KIND_CMS:
  case MCL_KIND_CMS_PEM:
  case MCL_KIND_CMS_DAMAGED: {
    mcl_trust trust = {ctx->linter->trust, ctx->opts->ca_file};
    mcl_read_signed(ctx->doc, ctx->arena, data, len, kind, &trust);
    break;
  }
  case MCL_KIND_EMPTY:
  case MCL_KIND_OTHER:
    mcl_doc_problem(ctx->doc, ctx->arena, MCL_PP_NOT_A_PLIST, origin, NULL)->detail = what;
    break;
  }
}

static mcl_result *new_result(const char *name) {
  mcl_result *r = mcl_xcalloc(1, sizeof *r);
  mcl_arena_init(&r->arena);
  r->path = mcl_xstrdup(name);
  return r;
}

static int by_place(const void *a, const void *b) {
  const mcl_diag *x = *(const mcl_diag *const *)a, *y = *(const mcl_diag *const *)b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return strcmp(x->path, y->path);
}

static int by_address(const void *a, const void *b) {
  const mcl_diag *x = *(const mcl_diag *const *)a, *y = *(const mcl_diag *const *)b;
  return (x > y) - (x < y);
}

static bool supersedes(const mcl_rule *winner, const mcl_rule *loser) {
  for (size_t k = 0; k < 4 && winner->supersedes[k]; k++)
    if (winner->supersedes[k] == loser) return true;
  return false;
}

/* Findings at one place (position and key path) end up side by side when
 * sorted by place; only those can supersede each other, so the work stays
 * O(n log n) however many findings a hostile file produces. */
static void drop_superseded(mcl_ctx *ctx) {
  size_t n = ctx->findings.count;
  bool any = false;
  for (size_t i = 0; i < n && !any; i++) any = ctx->findings.items[i]->rule->supersedes[0] != NULL;
  if (!any) return;
  mcl_diag **place = mcl_xmalloc(n * sizeof *place), **dropped = mcl_xmalloc(n * sizeof *dropped);
  memcpy(place, ctx->findings.items, n * sizeof *place);
  qsort(place, n, sizeof *place, by_place);
  size_t ndrop = 0;
  for (size_t g = 0, end; g < n; g = end) {
    for (end = g + 1; end < n && by_place(&place[g], &place[end]) == 0;) end++;
    for (size_t i = g; i < end; i++)
      for (size_t j = g; j < end; j++)
        if (i != j && supersedes(place[j]->rule, place[i]->rule)) {
          dropped[ndrop++] = place[i];
          break;
        }
  }
  qsort(dropped, ndrop, sizeof *dropped, by_address);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++)
    if (!ndrop || !bsearch(&ctx->findings.items[i], dropped, ndrop, sizeof *dropped, by_address))
      ctx->findings.items[kept++] = ctx->findings.items[i];
  ctx->findings.count = kept;
  free(place);
  free(dropped);
}

/* A template source's statements were left out (plist/template.h): what
 * looks missing may come from them. */
static void drop_absences(mcl_ctx *ctx) {
  if (!ctx->doc->template_source) return;
  size_t kept = 0;
  for (size_t i = 0; i < ctx->findings.count; i++)
    if (!(ctx->findings.items[i]->rule->flags & MCL_RULE_ABSENCE))
      ctx->findings.items[kept++] = ctx->findings.items[i];
  ctx->findings.count = kept;
}

static void finish(mcl_result *r, mcl_ctx *ctx) {
  drop_absences(ctx);
  mcl_mask_secrets(r, ctx);
  drop_superseded(ctx);
  mcl_diag *probes = mcl_index_add_probes(ctx, r->index);
  mcl_apply_suppressions(ctx);
  mcl_index_take_probes(ctx, r->index, probes);
  r->diags = ctx->findings.items;
  r->diag_count = ctx->findings.count;
  r->manifests = ctx->manifests;
  r->manifest_count = ctx->manifest_count;
  mcl_result_recount(r);
}

void mcl_result_recount(mcl_result *r) {
  if (r->diag_count > 1) qsort(r->diags, r->diag_count, sizeof *r->diags, diag_order);
  memset(r->counts, 0, sizeof r->counts);
  for (size_t i = 0; i < r->diag_count; i++) r->counts[r->diags[i]->severity]++;
}

/* What each VPN payload covers, for the audit and mcl_result_vpn: the
 * policy rule may have computed it already. */
static void keep_coverage(mcl_result *r, mcl_ctx *ctx) {
  const mcl_vpn_cover *c;
  size_t n = mcl_vpn_covers(ctx, &c);
  mcl_vpn_coverage *pub = mcl_arena_alloc(&r->arena, (n ? n : 1) * sizeof *pub);
  for (size_t i = 0; i < n; i++) pub[i] = c[i].pub;
  r->vpn = pub;
  r->vpn_count = n;
}

static void init_ctx(mcl_ctx *ctx, mcl_linter *l, mcl_result *r) {
  memset(ctx, 0, sizeof *ctx);
  ctx->opts = l->opts;
  ctx->linter = l;
  ctx->findings = (mcl_diag_list){.arena = &r->arena, .severity = l->opts->severity,
                                  .rule_count = mcl_rule_count()};
  ctx->schemas = l->schemas;
  ctx->identifier_re = l->identifier_re;
  ctx->arena = &r->arena;
  ctx->doc = &r->doc;
  ctx->compares_files = l->index;
  r->strict = l->opts->strict;
}

/* index_only: a file only compared with (a repository's): its record, not
 * its findings, which nobody reads; the rules do not run. */
static mcl_result *lint_bytes(mcl_linter *l, const char *name, const void *data, size_t len,
                              bool index_only) {
  mcl_result *r = new_result(name);
  mcl_ctx ctx;
  init_ctx(&ctx, l, r);
  if (index_only && len <= l->opts->max_file_size) {
    read_input(&ctx, data, len);
    mcl_profile_build(&ctx.profile, r->doc.root, ctx.arena);
    mcl_index_build(&ctx, r);
    return r;
  }
  if (len > l->opts->max_file_size) {
    mcl_pos origin = {0, 0};
    mcl_problem *p = mcl_doc_problem(&r->doc, ctx.arena, MCL_PP_TOO_LARGE, origin, NULL);
    p->n = len;
    p->n2 = l->opts->max_file_size;
    mcl_report_problems(&ctx);
  } else {
    read_input(&ctx, data, len);
    mcl_report_problems(&ctx);
    mcl_report_container(&ctx);
    mcl_profile_build(&ctx.profile, r->doc.root, ctx.arena);
    if (r->doc.root) {
      run_rules(&ctx);
      keep_coverage(r, &ctx);
    }
    if (l->index) mcl_index_build(&ctx, r);
  }
  finish(r, &ctx);
  return r;
}

mcl_result *mcl_lint_memory(mcl_linter *l, const char *name, const void *data, size_t len) {
  return lint_bytes(l, name, data, len, false);
}

/* Reads at most limit+1 bytes so that an oversized file is detected without
 * being read whole. */
int mcl_read_fd(int fd, size_t limit, unsigned char **out, size_t *len) {
  size_t cap = 65536, n = 0;
  unsigned char *buf = mcl_xmalloc(cap);
  for (;;) {
    if (n == cap) {
      if (n > limit) break;
      cap *= 2;
      buf = mcl_xrealloc(buf, cap);
    }
    ssize_t got = read(fd, buf + n, cap - n);
    if (got < 0) {
      if (errno == EINTR) continue;
      free(buf);
      return -1;
    }
    if (got == 0) break;
    n += (size_t)got;
  }
  *out = buf;
  *len = n;
  return 0;
}

static mcl_result *io_failure(mcl_linter *l, const char *path, const char *what) {
  mcl_result *r = new_result(path);
  mcl_ctx ctx;
  init_ctx(&ctx, l, r);
  mcl_pos none = {0, 0};
  mcl_doc_problem(&r->doc, ctx.arena, MCL_PP_IO_ERROR, none, NULL)->detail =
      mcl_arena_strdup(ctx.arena, what);
  mcl_report_problems(&ctx);
  finish(r, &ctx);
  r->io_failed = true;
  return r;
}

static mcl_result *lint_path(mcl_linter *l, const char *path, bool index_only) {
  bool is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
  if (fd < 0) return io_failure(l, path, strerror(errno));
  struct stat st;
  if (!is_stdin && (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode))) {
    const char *why = S_ISDIR(st.st_mode) ? "is a directory" : strerror(errno);
    close(fd);
    return io_failure(l, path, why);
  }
  unsigned char *data = NULL;
  size_t len = 0;
  int rc = mcl_read_fd(fd, l->opts->max_file_size, &data, &len);
  int saved = errno;
  if (!is_stdin) close(fd);
  if (rc != 0) return io_failure(l, path, strerror(saved));
  mcl_result *r = lint_bytes(l, is_stdin ? "<stdin>" : path, data, len, index_only);
  free(data);
  return r;
}

mcl_result *mcl_lint_file(mcl_linter *l, const char *path) { return lint_path(l, path, false); }

mcl_result *mcl_index_file(mcl_linter *l, const char *path) { return lint_path(l, path, true); }

const char *mcl_result_path(const mcl_result *r) { return r->path; }
size_t mcl_result_diag_count(const mcl_result *r) { return r->diag_count; }
size_t mcl_result_vpn_count(const mcl_result *r) { return r->vpn_count; }
const mcl_vpn_coverage *mcl_result_vpn(const mcl_result *r, size_t i) {
  return i < r->vpn_count ? &r->vpn[i] : NULL;
}
const mcl_diag *mcl_result_diag(const mcl_result *r, size_t i) {
  return i < r->diag_count ? r->diags[i] : NULL;
}
size_t mcl_result_count(const mcl_result *r, mcl_severity s) {
  return s >= MCL_INFO && s <= MCL_ERROR ? r->counts[s] : 0;
}
bool mcl_result_io_failed(const mcl_result *r) { return r->io_failed; }
const char *mcl_result_container(const mcl_result *r) {
  if (r->container_text) return r->container_text;
  const mcl_container *c = r->doc.container;
  return c && c->unwrapped ? c->description : NULL;
}

size_t mcl_result_size(const mcl_result *r) {
  return sizeof *r + r->arena.total + r->diag_count * sizeof *r->diags;
}

bool mcl_result_failed(const mcl_result *r) {
  return r->counts[MCL_ERROR] > 0 || (r->strict && r->counts[MCL_WARNING] > 0);
}

const char *mcl_result_source_line(const mcl_result *r, unsigned line, size_t *len) {
  /* A line masking did not look at may hold a secret: not given. */
  if (r->showable && (line > r->doc.line_count || !r->showable[line])) return NULL;
  size_t i = mcl_masked_index(r, line);
  if (i != (size_t)-1) {
    *len = r->masked[i].len;
    return r->masked[i].text;
  }
  return mcl_doc_line(&r->doc, line, len);
}

void mcl_result_free(mcl_result *r) {
  if (!r) return;
  if (r->index) free(r->index->entries);
  free(r->diags);
  mcl_arena_free(&r->arena);
  free(r->path);
  free(r);
}

int mcl_extract_file(mcl_linter *l, const char *path, unsigned char **out, size_t *out_len,
                     char **err) {
  *out = NULL;
  *out_len = 0;
  if (err) *err = NULL;
  bool is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
  if (fd < 0) {
    if (err) *err = mcl_xasprintf("cannot read '%s': %s", path, strerror(errno));
    return -2;
  }
  unsigned char *data = NULL;
  size_t len = 0;
  int rc = mcl_read_fd(fd, l->opts->max_file_size, &data, &len);
  int saved = errno;
  if (!is_stdin) close(fd);
  if (rc != 0) {
    if (err) *err = mcl_xasprintf("cannot read '%s': %s", path, strerror(saved));
    return -2;
  }
  if (len > l->opts->max_file_size) {
    if (err) *err = mcl_xasprintf("'%s' is larger than the limit of %zu bytes (setting "
                                  "max-file-size)", path, l->opts->max_file_size);
    free(data);
    return -1;
  }
  rc = mcl_extract_memory(data, len, out, out_len, err);
  free(data);
  return rc;
}
