/* Containers: binary property lists (built here byte by byte, including
 * hostile ones), CMS-signed profiles (the fixtures tests/signed/
 * make_fixtures.sh generates at test time), encrypted payloads, extraction
 * and the audit. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/linter.h"
#include "harness.h"

/* ---- a binary plist writer ---- */

typedef struct bp {
  unsigned char *buf;
  size_t len, cap;
  size_t *offsets;
  size_t n, offcap;
  unsigned ref; /* bytes per object reference */
} bp;

static void bp_put(bp *b, const void *p, size_t n) {
  if (b->len + n > b->cap) {
    b->cap = (b->len + n) * 2 + 64;
    b->buf = realloc(b->buf, b->cap);
  }
  memcpy(b->buf + b->len, p, n);
  b->len += n;
}

static void bp_be(bp *b, uint64_t v, unsigned n) {
  for (unsigned i = n; i-- > 0;) {
    unsigned char c = (unsigned char)(v >> (8 * i));
    bp_put(b, &c, 1);
  }
}

static void bp_begin(bp *b, unsigned ref) {
  memset(b, 0, sizeof *b);
  b->ref = ref;
  bp_put(b, "bplist00", 8);
}

/* Starts object number b->n; returns its index. */
static size_t bp_start(bp *b) {
  if (b->n == b->offcap) {
    b->offcap = b->offcap * 2 + 16;
    b->offsets = realloc(b->offsets, b->offcap * sizeof *b->offsets);
  }
  b->offsets[b->n] = b->len;
  return b->n++;
}

static void bp_marker(bp *b, unsigned type, uint64_t count) {
  if (count < 15) {
    bp_be(b, type << 4 | count, 1);
  } else {
    bp_be(b, type << 4 | 0xF, 1);
    bp_be(b, 0x13, 1);
    bp_be(b, count, 8);
  }
}

static size_t bp_str(bp *b, const char *s) {
  size_t i = bp_start(b);
  bp_marker(b, 0x5, strlen(s));
  bp_put(b, s, strlen(s));
  return i;
}

static size_t bp_int(bp *b, int64_t v) {
  size_t i = bp_start(b);
  bp_be(b, 0x13, 1);
  bp_be(b, (uint64_t)v, 8);
  return i;
}

static size_t bp_uint128(bp *b, uint64_t v) {
  size_t i = bp_start(b);
  bp_be(b, 0x14, 1);
  bp_be(b, 0, 8);
  bp_be(b, v, 8);
  return i;
}

static size_t bp_real(bp *b, double d) {
  size_t i = bp_start(b);
  uint64_t u;
  memcpy(&u, &d, 8);
  bp_be(b, 0x23, 1);
  bp_be(b, u, 8);
  return i;
}

static size_t bp_date(bp *b, double since_2001) {
  size_t i = bp_start(b);
  uint64_t u;
  memcpy(&u, &since_2001, 8);
  bp_be(b, 0x33, 1);
  bp_be(b, u, 8);
  return i;
}

static size_t bp_bool(bp *b, int v) {
  size_t i = bp_start(b);
  bp_be(b, v ? 0x09 : 0x08, 1);
  return i;
}

static size_t bp_data(bp *b, const void *p, size_t n) {
  size_t i = bp_start(b);
  bp_marker(b, 0x4, n);
  bp_put(b, p, n);
  return i;
}

static size_t bp_array(bp *b, const size_t *refs, size_t n) {
  size_t i = bp_start(b);
  bp_marker(b, 0xA, n);
  for (size_t k = 0; k < n; k++) bp_be(b, refs[k], b->ref);
  return i;
}

static size_t bp_dict(bp *b, const size_t *keys, const size_t *vals, size_t n) {
  size_t i = bp_start(b);
  bp_marker(b, 0xD, n);
  for (size_t k = 0; k < n; k++) bp_be(b, keys[k], b->ref);
  for (size_t k = 0; k < n; k++) bp_be(b, vals[k], b->ref);
  return i;
}

/* Writes the offset table and trailer; returns the bytes (free them). */
static unsigned char *bp_end(bp *b, size_t root, size_t *len) {
  uint64_t table = b->len;
  for (size_t k = 0; k < b->n; k++) bp_be(b, b->offsets[k], 4);
  unsigned char pad[6] = {0};
  bp_put(b, pad, 6);
  bp_be(b, 4, 1);
  bp_be(b, b->ref, 1);
  bp_be(b, b->n, 8);
  bp_be(b, root, 8);
  bp_be(b, table, 8);
  free(b->offsets);
  *len = b->len;
  return b->buf;
}

static mcl_result *lint_with(const void *data, size_t len, const char *const *settings) {
  mcl_options *o = mcl_options_new();
  for (size_t i = 0; settings && settings[i]; i++) {
    char *s = strdup(settings[i]), *eq = strchr(s, '=');
    *eq = '\0';
    char *err = NULL;
    ck_assert_msg(mcl_options_set(o, s, eq + 1, &err) == 0, "%s: %s", settings[i], err);
    free(s);
  }
  char *err = NULL;
  mcl_linter *l = mcl_linter_new(o, &err);
  ck_assert_msg(l != NULL, "linter: %s", err);
  mcl_result *r = mcl_lint_memory(l, "test.mobileconfig", data, len);
  mcl_linter_free(l);
  mcl_options_free(o);
  return r;
}

static const mcl_value *root_of(const mcl_result *r) { return r->doc.root; }

static void assert_message(const mcl_result *r, const char *rule, const char *words) {
  const mcl_diag *d = find_rule(r, rule);
  ck_assert_msg(d != NULL, "no %s in:\n%s", rule, dump_diags(r));
  ck_assert_msg(strstr(d->message, words), "'%s' not in '%s'", words, d->message);
}

/* ---- binary plists ---- */

START_TEST(bplist_builds_the_same_tree) {
  bp b;
  bp_begin(&b, 1);
  size_t k[9], v[9];
  const char *names[] = {"s", "neg", "big", "r", "t", "d", "far", "data", "arr"};
  for (int i = 0; i < 9; i++) k[i] = bp_str(&b, names[i]);
  v[0] = bp_str(&b, "hello");
  v[1] = bp_int(&b, -5);
  v[2] = bp_uint128(&b, UINT64_MAX);
  v[3] = bp_real(&b, 2.5);
  v[4] = bp_bool(&b, 1);
  v[5] = bp_date(&b, 0.0);                /* 2001-01-01T00:00:00Z */
  v[6] = bp_date(&b, 63113904000.0);      /* 4001-01-01T00:00:00Z: beyond int32 */
  v[7] = bp_data(&b, "\x00\x01\x02", 3);
  size_t items[2] = {v[0], v[1]};
  v[8] = bp_array(&b, items, 2);
  size_t root = bp_dict(&b, k, v, 9);
  size_t len;
  unsigned char *data = bp_end(&b, root, &len);
  mcl_result *r = lint_bytes(data, len);
  const mcl_value *t = root_of(r);
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(r->doc.format, MCL_FMT_BINARY);
  ck_assert_int_eq(t->type, MCL_T_DICT);
  ck_assert_uint_eq(t->u.dict.count, 9);
  ck_assert_uint_eq(t->pos.line, 0);
  ck_assert_str_eq(mcl_dict_get_string(t, "s"), "hello");
  const mcl_value *neg = mcl_dict_get(t, "neg");
  ck_assert(neg->u.integer.negative);
  ck_assert_uint_eq(neg->u.integer.magnitude, 5);
  const mcl_value *big = mcl_dict_get(t, "big");
  ck_assert(!big->u.integer.negative);
  ck_assert(big->u.integer.magnitude == UINT64_MAX);
  ck_assert(mcl_dict_get(t, "r")->u.real == 2.5);
  ck_assert(mcl_dict_get(t, "t")->u.boolean);
  ck_assert_str_eq(mcl_dict_get(t, "d")->u.date.text, "2001-01-01T00:00:00Z");
  ck_assert_int_eq(mcl_dict_get(t, "d")->u.date.unix_seconds, 978307200);
  ck_assert_str_eq(mcl_dict_get(t, "far")->u.date.text, "4001-01-01T00:00:00Z");
  ck_assert_uint_eq(mcl_dict_get(t, "data")->u.data.len, 3);
  ck_assert_int_eq(mcl_dict_get(t, "data")->u.data.bytes[2], 2);
  const mcl_value *arr = mcl_dict_get(t, "arr");
  ck_assert_uint_eq(arr->u.array.count, 2);
  ck_assert_str_eq(arr->u.array.items[0]->u.str.s, "hello");
  ck_assert_ptr_null(mcl_result_container(r)); /* a bplist is not a container */
  mcl_result_free(r);
  free(data);
}
END_TEST

/* A profile with one payload that lacks PayloadUUID, as a bplist. */
static unsigned char *bplist_profile(size_t *len, bool duplicate) {
  bp b;
  bp_begin(&b, 1);
  size_t pk[4], pv[4];
  pk[0] = bp_str(&b, "PayloadIdentifier");
  pv[0] = bp_str(&b, "com.example.wifi");
  pk[1] = bp_str(&b, "PayloadType");
  pv[1] = bp_str(&b, "com.apple.wifi.managed");
  pk[2] = bp_str(&b, "PayloadVersion");
  pv[2] = bp_int(&b, 1);
  pk[3] = bp_str(&b, "SSID_STR");
  pv[3] = bp_str(&b, "Office");
  size_t payload = bp_dict(&b, pk, pv, 4);
  size_t content = bp_array(&b, &payload, 1);
  size_t k[6], v[6];
  k[0] = bp_str(&b, "PayloadContent");
  v[0] = content;
  k[1] = bp_str(&b, "PayloadIdentifier");
  v[1] = bp_str(&b, "com.example.profile");
  k[2] = bp_str(&b, "PayloadType");
  v[2] = bp_str(&b, "Configuration");
  k[3] = bp_str(&b, "PayloadUUID");
  v[3] = bp_str(&b, "6F1D1C2B-3A4E-4F5A-8B6C-7D8E9F0A1B2C");
  k[4] = bp_str(&b, "PayloadVersion");
  v[4] = bp_int(&b, 1);
  k[5] = duplicate ? k[1] : bp_str(&b, "PayloadDisplayName");
  v[5] = bp_str(&b, "com.example.second");
  size_t root = bp_dict(&b, k, v, 6);
  return bp_end(&b, root, len);
}

START_TEST(bplist_rules_report_key_paths) {
  size_t len;
  unsigned char *data = bplist_profile(&len, false);
  mcl_result *r = lint_bytes(data, len);
  const mcl_diag *d = find_rule(r, "missing-common-key");
  ck_assert_msg(d != NULL, "%s", dump_diags(r));
  ck_assert_uint_eq(count_rule(r, "missing-common-key"), 1);
  ck_assert_uint_eq(d->line, 0);
  ck_assert_str_eq(d->path, "PayloadContent[0]");
  ck_assert(strstr(d->message, "PayloadUUID"));
  ck_assert(!d->container);
  mcl_result_free(r);
  free(data);
}
END_TEST

START_TEST(bplist_duplicate_keys_like_xml) {
  size_t len;
  unsigned char *data = bplist_profile(&len, true);
  mcl_result *r = lint_bytes(data, len);
  ck_assert_uint_eq(count_rule(r, "duplicate-key"), 1);
  const mcl_diag *d = find_rule(r, "duplicate-key");
  ck_assert_str_eq(d->path, "PayloadIdentifier");
  ck_assert_uint_eq(d->line, 0);
  /* the device keeps the last */
  ck_assert_str_eq(mcl_dict_get_string(root_of(r), "PayloadIdentifier"), "com.example.second");
  ck_assert(root_of(r)->u.dict.entries[1].shadowed);
  ck_assert(!root_of(r)->u.dict.entries[5].shadowed);
  mcl_result_free(r);
  free(data);
}
END_TEST

/* k arrays nested in one another around a string. */
static unsigned char *bplist_nested(size_t k, size_t *len) {
  bp b;
  bp_begin(&b, 4);
  size_t inner = bp_str(&b, "x");
  for (size_t i = 0; i < k; i++) inner = bp_array(&b, &inner, 1);
  return bp_end(&b, inner, len);
}

static char *xml_nested(size_t k) {
  size_t cap = k * 16 + 128, n = 0;
  char *s = malloc(cap);
  n += (size_t)sprintf(s + n, "<plist version=\"1.0\">");
  for (size_t i = 0; i < k; i++) n += (size_t)sprintf(s + n, "<array>");
  n += (size_t)sprintf(s + n, "<string>x</string>");
  for (size_t i = 0; i < k; i++) n += (size_t)sprintf(s + n, "</array>");
  sprintf(s + n, "</plist>\n");
  return s;
}

START_TEST(bplist_depth_limit_matches_xml) {
  for (size_t k = 126; k <= 127; k++) {
    size_t len;
    unsigned char *data = bplist_nested(k, &len);
    mcl_result *rb = lint_bytes(data, len);
    char *xml = xml_nested(k);
    mcl_result *rx = lint_text(xml, NULL);
    size_t want = k == 126 ? 0 : 1;
    ck_assert_msg(count_rule(rb, "nesting-too-deep") == want, "bplist k=%zu: %s", k, dump_diags(rb));
    ck_assert_msg(count_rule(rx, "nesting-too-deep") == want, "xml k=%zu: %s", k, dump_diags(rx));
    ck_assert(want ? root_of(rb) == NULL : root_of(rb) != NULL);
    mcl_result_free(rb);
    mcl_result_free(rx);
    free(data);
    free(xml);
  }
}
END_TEST

START_TEST(bplist_very_deep_is_refused_not_overflowed) {
  /* libplist 2.2 alone overflows the stack on this (1.8 MB, 200000 levels). */
  size_t len;
  unsigned char *data = bplist_nested(200000, &len);
  mcl_result *r = lint_bytes(data, len);
  ck_assert_uint_eq(count_rule(r, "nesting-too-deep"), 1);
  ck_assert_ptr_null(root_of(r));
  mcl_result_free(r);
  free(data);
}
END_TEST

START_TEST(bplist_cycle_is_refused) {
  bp b;
  bp_begin(&b, 1);
  size_t self = 1; /* the array below is object 1 and contains itself */
  bp_str(&b, "x");
  bp_array(&b, &self, 1);
  size_t len;
  unsigned char *data = bp_end(&b, 1, &len);
  mcl_result *r = lint_bytes(data, len);
  assert_message(r, "malformed-binary-plist", "cycle");
  ck_assert_uint_eq(mcl_result_diag_count(r), 1);
  mcl_result_free(r);
  free(data);
}
END_TEST

START_TEST(bplist_shared_reference_bomb_is_refused) {
  /* Each array holds the next one twice: 2^60 values from 1 KB. */
  bp b;
  bp_begin(&b, 1);
  size_t inner = bp_str(&b, "x");
  for (int i = 0; i < 60; i++) {
    size_t two[2] = {inner, inner};
    inner = bp_array(&b, two, 2);
  }
  size_t len;
  unsigned char *data = bp_end(&b, inner, &len);
  mcl_result *r = lint_bytes(data, len);
  assert_message(r, "malformed-binary-plist", "expand");
  mcl_result_free(r);
  free(data);
}
END_TEST

START_TEST(bplist_shared_strings_are_fine) {
  /* Real writers share equal strings; that must not look like a bomb. */
  bp b;
  bp_begin(&b, 2);
  size_t key = bp_str(&b, "PayloadType"), val = bp_str(&b, "com.example");
  size_t dicts[300];
  for (int i = 0; i < 300; i++) dicts[i] = bp_dict(&b, &key, &val, 1);
  size_t root = bp_array(&b, dicts, 300);
  size_t len;
  unsigned char *data = bp_end(&b, root, &len);
  mcl_result *r = lint_bytes(data, len);
  ck_assert_msg(count_rule(r, "malformed-binary-plist") == 0, "%s", dump_diags(r));
  ck_assert_uint_eq(root_of(r)->u.array.count, 300);
  mcl_result_free(r);
  free(data);
}
END_TEST

static void assert_bplist_refused(const unsigned char *data, size_t len, const char *words) {
  mcl_result *r = lint_bytes(data, len);
  ck_assert_msg(mcl_result_diag_count(r) == 1, "%s", dump_diags(r));
  assert_message(r, "malformed-binary-plist", words);
  ck_assert_ptr_null(root_of(r));
  mcl_result_free(r);
}

START_TEST(bplist_malformed_files_are_named) {
  assert_bplist_refused((const unsigned char *)"bplist00\x01\x02", 10, "too short");
  size_t len;
  unsigned char *good = bplist_profile(&len, false);
  unsigned char *bad = malloc(len);
  /* Truncated: the trailer is gone. */
  assert_bplist_refused(good, len - 40, "");
  /* The offset table points past the end. */
  memcpy(bad, good, len);
  bad[len - 1] = 0xFF;
  assert_bplist_refused(bad, len, "offset table");
  /* The top object does not exist. */
  memcpy(bad, good, len);
  bad[len - 9] = 0x7F;
  assert_bplist_refused(bad, len, "top object");
  /* Reference size 3 is not a real writer's. */
  memcpy(bad, good, len);
  bad[len - 25] = 3;
  assert_bplist_refused(bad, len, "reference size");
  free(bad);
  free(good);

  bp b;
  bp_begin(&b, 1);
  size_t k = bp_start(&b);
  bp_be(&b, 0x00, 1); /* null */
  size_t root = bp_array(&b, &k, 1);
  unsigned char *data = bp_end(&b, root, &len);
  assert_bplist_refused(data, len, "null");
  free(data);

  bp_begin(&b, 1);
  size_t num = bp_int(&b, 3), val = bp_str(&b, "x");
  root = bp_dict(&b, &num, &val, 1);
  data = bp_end(&b, root, &len);
  assert_bplist_refused(data, len, "not a string");
  free(data);

  bp_begin(&b, 1);
  size_t uid = bp_start(&b);
  bp_be(&b, 0x80, 1);
  bp_be(&b, 7, 1);
  root = bp_array(&b, &uid, 1);
  data = bp_end(&b, root, &len);
  assert_bplist_refused(data, len, "UID");
  free(data);

  bp_begin(&b, 1);
  size_t missing = 9;
  root = bp_array(&b, &missing, 1);
  data = bp_end(&b, root, &len);
  assert_bplist_refused(data, len, "does not exist");
  free(data);
}
END_TEST

START_TEST(bplist_random_damage_never_crashes) {
  size_t len;
  unsigned char *good = bplist_profile(&len, false);
  unsigned char *bad = malloc(len);
  unsigned seed = 4242;
  for (int round = 0; round < 3000; round++) {
    memcpy(bad, good, len);
    for (int k = 0; k < 1 + round % 4; k++) {
      seed = seed * 1103515245u + 12345u;
      size_t at = 8 + (seed >> 8) % (len - 8);
      seed = seed * 1103515245u + 12345u;
      bad[at] = (unsigned char)(seed >> 16);
    }
    mcl_result *r = lint_bytes(bad, len);
    ck_assert(mcl_result_diag_count(r) > 0 || root_of(r) != NULL);
    mcl_result_free(r);
  }
  free(bad);
  free(good);
}
END_TEST

/* ---- signed profiles (fixtures generated at test time) ---- */

static unsigned char *fixture(const char *name, size_t *len) {
  const char *dir = getenv("MCLINT_FIXTURES");
  if (!dir) dir = MCLINT_FIXTURES;
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL,
                "fixture %s missing: run the signed-fixtures test (ctest does) or "
                "tests/signed/make_fixtures.sh %s",
                path, dir);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc((size_t)n + 1);
  ck_assert(fread(buf, 1, (size_t)n, f) == (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static mcl_result *lint_fixture(const char *name, const char *const *settings) {
  size_t len;
  unsigned char *data = fixture(name, &len);
  mcl_result *r = lint_with(data, len, settings);
  free(data);
  return r;
}

static void assert_signed_xml(const char *name, const char *encoding) {
  mcl_result *r = lint_fixture(name, NULL);
  const char *c = mcl_result_container(r);
  ck_assert_msg(c && strstr(c, encoding) && strstr(c, "XML"), "%s: container %s", name, c);
  /* The embedded plist's own line and column. */
  ck_assert_diag_at(r, "duplicate-key", 35, 4);
  size_t n;
  const char *line = mcl_result_source_line(r, 35, &n);
  ck_assert(line && n == 21 && memcmp(line, "\t\t\t<key>VPNType</key>", 21) == 0);
  const mcl_diag *d = find_rule(r, "signed-profile");
  ck_assert_msg(d != NULL, "%s", dump_diags(r));
  ck_assert(d->container);
  ck_assert_uint_eq(d->line, 0);
  ck_assert_str_eq(d->path, "");
  ck_assert(strstr(d->message, "CN=Example Vendor Profile Signing"));
  ck_assert(strstr(d->message, "CN=mclint Test Intermediate CA"));
  ck_assert(!find_rule(r, "duplicate-key")->container);
  ck_assert_uint_eq(count_rule(r, "signature-invalid"), 0);
  ck_assert_uint_eq(count_rule(r, "signer-untrusted"), 0); /* not asked */
  /* Findings about the wrapper come first. */
  ck_assert(mcl_result_diag(r, 0)->container);
  mcl_result_free(r);
}

START_TEST(signed_der_ber_pem_are_unwrapped) {
  assert_signed_xml("signed-der.mobileconfig", "DER");
  assert_signed_xml("signed-ber.mobileconfig", "BER, indefinite length");
  assert_signed_xml("signed-pem.mobileconfig", "PEM");
}
END_TEST

START_TEST(signed_binary_plist) {
  mcl_result *r = lint_fixture("signed-bplist.mobileconfig", NULL);
  ck_assert(strstr(mcl_result_container(r), "binary property list"));
  const mcl_diag *d = find_rule(r, "missing-common-key");
  ck_assert_msg(d != NULL, "%s", dump_diags(r));
  ck_assert_str_eq(d->path, "PayloadContent[1]");
  ck_assert_uint_eq(d->line, 0);
  ck_assert_uint_eq(count_rule(r, "signed-profile"), 1);
  mcl_result_free(r);
}
END_TEST

START_TEST(tampered_content_is_an_error) {
  mcl_result *r = lint_fixture("tampered.mobileconfig", NULL);
  assert_message(r, "signature-invalid", "changed after it was signed");
  ck_assert_int_eq(find_rule(r, "signature-invalid")->severity, MCL_ERROR);
  ck_assert(find_rule(r, "signature-invalid")->container);
  ck_assert_uint_eq(count_rule(r, "duplicate-key"), 1); /* still linted */
  mcl_result_free(r);
  r = lint_fixture("signed-nocert.mobileconfig", NULL);
  assert_message(r, "signature-invalid", "not in the file");
  assert_message(r, "signed-profile", "unknown signer");
  mcl_result_free(r);
}
END_TEST

static void assert_damaged(const char *name, const char *words) {
  mcl_result *r = lint_fixture(name, NULL);
  ck_assert_msg(mcl_result_diag_count(r) == 1, "%s: %s", name, dump_diags(r));
  assert_message(r, "damaged-signed-profile", words);
  ck_assert_int_eq(find_rule(r, "damaged-signed-profile")->severity, MCL_ERROR);
  ck_assert_ptr_null(mcl_result_container(r));
  ck_assert_ptr_null(root_of(r));
  mcl_result_free(r);
}

START_TEST(damaged_signed_profiles_say_what_is_wrong) {
  assert_damaged("truncated-tail.mobileconfig", "truncated");
  assert_damaged("truncated-ber.mobileconfig", "truncated");
  assert_damaged("truncated-head.mobileconfig", "beginning is missing");
  assert_damaged("crlf-damaged.mobileconfig", "line-ending");
  assert_damaged("detached.mobileconfig", "detached");
}
END_TEST

START_TEST(signer_expiry) {
  mcl_result *r = lint_fixture("signed-expired.mobileconfig", NULL);
  assert_message(r, "signer-certificate-expired", "expired on 2021-01-01T00:00:00Z");
  ck_assert_int_eq(find_rule(r, "signer-certificate-expired")->severity, MCL_WARNING);
  mcl_result_free(r);
  r = lint_fixture("signed-expiring.mobileconfig", NULL);
  assert_message(r, "signer-certificate-expiring", "expires in 10 days");
  mcl_result_free(r);
  const char *const five[] = {"cert-expiry-days=5", NULL};
  r = lint_fixture("signed-expiring.mobileconfig", five);
  ck_assert_uint_eq(count_rule(r, "signer-certificate-expiring"), 0);
  mcl_result_free(r);
  const char *const off[] = {"cert-expiry-days=0", NULL};
  r = lint_fixture("signed-expiring.mobileconfig", off);
  ck_assert_uint_eq(count_rule(r, "signer-certificate-expiring"), 0);
  mcl_result_free(r);
  r = lint_fixture("signed-der.mobileconfig", NULL); /* valid for a year */
  ck_assert_uint_eq(count_rule(r, "signer-certificate-expiring"), 0);
  ck_assert_uint_eq(count_rule(r, "signer-certificate-expired"), 0);
  mcl_result_free(r);
}
END_TEST

static char *fixture_path(const char *name) {
  const char *dir = getenv("MCLINT_FIXTURES");
  static char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir ? dir : MCLINT_FIXTURES, name);
  return path;
}

START_TEST(chain_verification_with_a_ca_file) {
  char setting[4200];
  snprintf(setting, sizeof setting, "ca-file=%s", fixture_path("trust.pem"));
  const char *const ca[] = {setting, NULL};
  mcl_result *r = lint_fixture("signed-der.mobileconfig", ca);
  assert_message(r, "signed-profile", "chain verified to 'CN=mclint Test Root CA");
  ck_assert_uint_eq(count_rule(r, "signer-untrusted"), 0);
  mcl_result_free(r);
  r = lint_fixture("signed-rogue.mobileconfig", ca);
  assert_message(r, "signer-untrusted", "self-signed");
  ck_assert_int_eq(find_rule(r, "signer-untrusted")->severity, MCL_ERROR);
  mcl_result_free(r);
  /* Expiry is its own finding, not a trust failure. */
  r = lint_fixture("signed-expired.mobileconfig", ca);
  ck_assert_uint_eq(count_rule(r, "signer-untrusted"), 0);
  ck_assert_uint_eq(count_rule(r, "signer-certificate-expired"), 1);
  mcl_result_free(r);
  /* Without verification nobody is judged untrusted. */
  r = lint_fixture("signed-rogue.mobileconfig", NULL);
  ck_assert_uint_eq(count_rule(r, "signer-untrusted"), 0);
  mcl_result_free(r);
}
END_TEST

START_TEST(unreadable_ca_file_stops_the_linter) {
  mcl_options *o = mcl_options_new();
  ck_assert_int_eq(mcl_options_set(o, "ca-file", "/nonexistent/ca.pem", NULL), 0);
  char *err = NULL;
  mcl_linter *l = mcl_linter_new(o, &err);
  ck_assert_ptr_null(l);
  ck_assert(err && strstr(err, "/nonexistent/ca.pem"));
  free(err);
  mcl_options_free(o);
}
END_TEST

START_TEST(extraction) {
  size_t len, want_len, got_len;
  unsigned char *want = fixture("profile.xml", &want_len);
  const char *names[] = {"signed-der.mobileconfig", "signed-ber.mobileconfig",
                         "signed-pem.mobileconfig"};
  for (int i = 0; i < 3; i++) {
    unsigned char *data = fixture(names[i], &len), *got = NULL;
    char *err = NULL;
    ck_assert_int_eq(mcl_extract_memory(data, len, &got, &got_len, &err), 0);
    ck_assert_uint_eq(got_len, want_len);
    ck_assert(memcmp(got, want, want_len) == 0);
    free(got);
    free(data);
  }
  unsigned char *got = NULL;
  char *err = NULL;
  ck_assert_int_eq(mcl_extract_memory(want, want_len, &got, &got_len, &err), -1);
  ck_assert(strstr(err, "not a signed profile"));
  ck_assert_ptr_null(got);
  free(err);
  unsigned char *data = fixture("truncated-tail.mobileconfig", &len);
  ck_assert_int_eq(mcl_extract_memory(data, len, &got, &got_len, &err), -1);
  ck_assert(strstr(err, "truncated"));
  free(err);
  free(data);
  free(want);
}
END_TEST

START_TEST(encrypted_payloads) {
  mcl_result *r = lint_fixture("encrypted.mobileconfig", NULL);
  ck_assert_diag_at(r, "encrypted-payload-content", 4, 3);
  ck_assert_uint_eq(count_rule(r, "payload-content"), 0);
  ck_assert_int_eq(find_rule(r, "encrypted-payload-content")->severity, MCL_INFO);
  ck_assert_uint_eq(mcl_result_count(r, MCL_ERROR), 0);
  mcl_result_free(r);
}
END_TEST

/* ---- audit ---- */

/* JSON without the layout (whitespace outside strings), to search in. */
static void compact_json(char *s) {
  bool in_string = false, escaped = false;
  char *out = s;
  for (; *s; s++) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (*s == '\\')
        escaped = true;
      else if (*s == '"')
        in_string = false;
    } else if (*s == ' ' || *s == '\n') {
      continue;
    } else if (*s == '"') {
      in_string = true;
    }
    *out++ = *s;
  }
  *out = '\0';
}

static char *audit_of(const char *name, const char *format, const char *const *settings) {
  mcl_result *r = lint_fixture(name, settings);
  char *buf = NULL;
  size_t n = 0;
  FILE *out = open_memstream(&buf, &n);
  mcl_audit *a = mcl_audit_new(format, out);
  ck_assert_ptr_nonnull(a);
  mcl_audit_add(a, r);
  ck_assert_int_eq(mcl_audit_finish(a), 0);
  fclose(out);
  mcl_result_free(r);
  if (!strcmp(format, "json")) compact_json(buf);
  return buf;
}

static void assert_has(const char *text, const char *words) {
  ck_assert_msg(strstr(text, words) != NULL, "'%s' not in:\n%s", words, text);
}

START_TEST(audit_text) {
  char *t = audit_of("signed-der.mobileconfig", "text", NULL);
  assert_has(t, "Signature     intact");
  assert_has(t, "subject  CN=Example Vendor Profile Signing,O=Example Vendor");
  assert_has(t, "chain    not checked");
  assert_has(t, "Profile       Example Vendor Profile");
  assert_has(t, "Removable     not by the user (PayloadRemovalDisallowed)");
  assert_has(t, "Expires       2031-01-01T00:00:00Z (PayloadExpirationDate)");
  assert_has(t, "[0] com.apple.vpn.managed  com.example.vpn.ikev2  \"Example VPN\"");
  assert_has(t, "installs a certificate, a root CA:");
  assert_has(t, "subject  CN=mclint Test Root CA,O=mclint tests");
  assert_has(t, "installs an identity (certificate and private key, PKCS#12)");
  assert_has(t, "VPN      vpn.example.com  (PayloadContent[0].IKEv2.RemoteAddress)");
  assert_has(t, "DNS      192.0.2.53  (PayloadContent[1].DNSSettings.ServerAddresses[0])");
  assert_has(t, "DNS      https://dns.example.com/dns-query");
  assert_has(t, "PayloadContent[0].IKEv2.SharedSecret");
  assert_has(t, "PayloadContent[3].Password");
  assert_has(t, "PayloadContent[3].PayloadContent");
  /* duplicate-key (same value: a warning); plaintext-secret twice; signed-profile,
   * root-certificate */
  assert_has(t, "Findings      0 errors, 3 warnings, 2 info");
  ck_assert_ptr_null(strstr(t, "not-a-real-secret"));
  ck_assert_ptr_null(strstr(t, "not-a-real-password"));
  free(t);
  t = audit_of("encrypted.mobileconfig", "text", NULL);
  assert_has(t, "Encrypted     EncryptedPayloadContent");
  assert_has(t, "for the holder of: issuer CN=mclint Test Intermediate CA,O=mclint tests");
  assert_has(t, "Signed        no");
  free(t);
}
END_TEST

START_TEST(audit_json) {
  char setting[4200];
  snprintf(setting, sizeof setting, "ca-file=%s", fixture_path("trust.pem"));
  const char *const ca[] = {setting, NULL};
  char *j = audit_of("signed-der.mobileconfig", "json", ca);
  assert_has(j, "{\"mclint_audit\":1,");
  assert_has(j, "\"signature\":\"intact\"");
  assert_has(j, "\"chain\":\"verified\"");
  assert_has(j, "\"root_ca\":true");
  assert_has(j, "\"kind\":\"identity\",\"opened\":false,\"password_in_profile\":true");
  assert_has(j, "\"kind\":\"VPN\",\"key\":\"RemoteAddress\"");
  assert_has(j, "\"secrets\":[\"PayloadContent[0].IKEv2.SharedSecret\"");
  assert_has(j, "\"findings\":{\"error\":0,\"warning\":3,\"info\":2}");
  ck_assert_ptr_null(strstr(j, "not-a-real-secret"));
  ck_assert_ptr_null(strstr(j, "not-a-real-password"));
  free(j);
  ck_assert_ptr_null(mcl_audit_new("yaml", stdout));
}
END_TEST

START_TEST(audit_escapes_hostile_values) {
  /* A binary plist, so that the name can also hold bytes that are not UTF-8. */
  bp b;
  bp_begin(&b, 1);
  size_t k[2], v[2], pk[2], pv[2];
  k[0] = bp_str(&b, "PayloadDisplayName");
  v[0] = bp_str(&b, "\x1b[31mred\xff");
  pk[0] = bp_str(&b, "PayloadType");
  pv[0] = bp_str(&b, "com.apple.mdm");
  pk[1] = bp_str(&b, "ServerURL");
  pv[1] = bp_str(&b, "https://user:pw@mdm.example.com/x");
  size_t payload = bp_dict(&b, pk, pv, 2);
  k[1] = bp_str(&b, "PayloadContent");
  v[1] = bp_array(&b, &payload, 1);
  size_t len;
  unsigned char *data = bp_end(&b, bp_dict(&b, k, v, 2), &len);
  mcl_result *r = lint_bytes(data, len);
  free(data);
  ck_assert_msg(root_of(r) != NULL, "%s", dump_diags(r));
  char *buf = NULL;
  size_t n = 0;
  FILE *out = open_memstream(&buf, &n);
  mcl_audit *a = mcl_audit_new("text", out);
  mcl_audit_add(a, r);
  mcl_audit_finish(a);
  fclose(out);
  ck_assert_ptr_null(strchr(buf, '\x1b'));
  assert_has(buf, "\\x1B[31mred");
  assert_has(buf, "MDM      https://***@mdm.example.com/x");
  ck_assert_ptr_null(strstr(buf, "pw@"));
  free(buf);
  out = open_memstream(&buf, &n);
  a = mcl_audit_new("json", out);
  mcl_audit_add(a, r);
  mcl_audit_finish(a);
  fclose(out);
  compact_json(buf);
  assert_has(buf, "\"display_name\":\"\\u001b[31mred\\ufffd\"");
  free(buf);
  mcl_result_free(r);
}
END_TEST

Suite *container_suite(void) {
  Suite *s = suite_create("container");
  TCase *b = tcase_create("bplist");
  tcase_add_test(b, bplist_builds_the_same_tree);
  tcase_add_test(b, bplist_rules_report_key_paths);
  tcase_add_test(b, bplist_duplicate_keys_like_xml);
  tcase_add_test(b, bplist_depth_limit_matches_xml);
  tcase_add_test(b, bplist_very_deep_is_refused_not_overflowed);
  tcase_add_test(b, bplist_cycle_is_refused);
  tcase_add_test(b, bplist_shared_reference_bomb_is_refused);
  tcase_add_test(b, bplist_shared_strings_are_fine);
  tcase_add_test(b, bplist_malformed_files_are_named);
  tcase_add_test(b, bplist_random_damage_never_crashes);
  tcase_set_timeout(b, 60);
  suite_add_tcase(s, b);
  TCase *c = tcase_create("cms");
  tcase_add_test(c, signed_der_ber_pem_are_unwrapped);
  tcase_add_test(c, signed_binary_plist);
  tcase_add_test(c, tampered_content_is_an_error);
  tcase_add_test(c, damaged_signed_profiles_say_what_is_wrong);
  tcase_add_test(c, signer_expiry);
  tcase_add_test(c, chain_verification_with_a_ca_file);
  tcase_add_test(c, unreadable_ca_file_stops_the_linter);
  tcase_add_test(c, extraction);
  tcase_add_test(c, encrypted_payloads);
  suite_add_tcase(s, c);
  TCase *a = tcase_create("audit");
  tcase_add_test(a, audit_text);
  tcase_add_test(a, audit_json);
  tcase_add_test(a, audit_escapes_hostile_values);
  suite_add_tcase(s, a);
  return s;
}
