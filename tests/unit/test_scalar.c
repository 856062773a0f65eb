/* Scalar text forms, as CFPropertyList reads them. */
#include <openssl/evp.h>
#include <string.h>

#include "base/arena.h"
#include "harness.h"
#include "plist/scalar.h"

START_TEST(integers) {
  uint64_t m;
  bool neg;
  ck_assert_ptr_null(mcl_parse_integer(" 42 ", &m, &neg));
  ck_assert(m == 42 && !neg);
  ck_assert_ptr_null(mcl_parse_integer("-0", &m, &neg));
  ck_assert(m == 0 && !neg);
  ck_assert_ptr_null(mcl_parse_integer("0xff", &m, &neg));
  ck_assert(m == 255);
  ck_assert_ptr_nonnull(mcl_parse_integer("-9223372036854775809", &m, &neg));
  ck_assert_ptr_nonnull(mcl_parse_integer("18446744073709551616", &m, &neg));
  ck_assert_ptr_nonnull(mcl_parse_integer("1e3", &m, &neg));
  ck_assert_ptr_nonnull(mcl_parse_integer("", &m, &neg));
  ck_assert_ptr_nonnull(mcl_parse_integer("0x", &m, &neg));
}
END_TEST

START_TEST(dates) {
  int64_t t;
  ck_assert_ptr_null(mcl_parse_date("1970-01-01T00:00:00Z", &t));
  ck_assert(t == 0);
  ck_assert_ptr_null(mcl_parse_date("2001-01-01T00:00:00Z", &t));
  ck_assert(t == 978307200);
  ck_assert_ptr_nonnull(mcl_parse_date("2023-02-29T00:00:00Z", &t));
  ck_assert_ptr_nonnull(mcl_parse_date("2023-01-01T00:00:00+01:00", &t));
  ck_assert_ptr_nonnull(mcl_parse_date("2023-01-01T25:00:00Z", &t));
}
END_TEST

START_TEST(base64) {
  mcl_arena a;
  mcl_arena_init(&a);
  unsigned char *out;
  size_t n, bad = 0;
  ck_assert_ptr_null(mcl_parse_base64(&a, "aGVs\nbG8=", 9, &out, &n, &bad));
  ck_assert(n == 5 && memcmp(out, "hello", 5) == 0);
  ck_assert_ptr_null(mcl_parse_base64(&a, "", 0, &out, &n, &bad));
  ck_assert_uint_eq(n, 0);
  ck_assert_ptr_nonnull(mcl_parse_base64(&a, "aGVsbG8", 7, &out, &n, &bad));
  ck_assert_ptr_nonnull(mcl_parse_base64(&a, "aGV!bG8=", 8, &out, &n, &bad));
  ck_assert_uint_eq(bad, 3);
  ck_assert_ptr_nonnull(mcl_parse_base64(&a, "aGVsbG8=aGVs", 12, &out, &n, &bad));
  mcl_arena_free(&a);
}
END_TEST

/* Random data, encoded by OpenSSL and broken into lines and indentation
 * at random places (so groups of four straddle white space), decodes to
 * itself; a stray byte inside is reported where it is, and the rest still
 * decodes. */
START_TEST(base64_round_trips) {
  mcl_arena a;
  mcl_arena_init(&a);
  uint32_t seed = 7;
  for (int round = 0; round < 2000; round++) {
    unsigned char data[200], enc[300], text[900];
    size_t len = (size_t)round % sizeof data;
    for (size_t i = 0; i < len; i++) data[i] = (unsigned char)((seed = seed * 1103515245u + 12345u) >> 16);
    int elen = EVP_EncodeBlock(enc, data, (int)len);
    size_t t = 0, stray = (size_t)-1;
    for (int i = 0; i < elen; i++) {
      seed = seed * 1103515245u + 12345u;
      if ((seed >> 16) % 7 == 0) text[t++] = "\n\t \r"[(seed >> 20) % 4];
      if (round % 5 == 4 && stray == (size_t)-1 && i == elen / 2) stray = t, text[t++] = '!';
      text[t++] = enc[i];
    }
    unsigned char *out;
    size_t n, bad = 0;
    const char *problem = mcl_parse_base64(&a, (const char *)text, t, &out, &n, &bad);
    if (stray == (size_t)-1) {
      ck_assert_msg(problem == NULL, "round %d: %s", round, problem);
    } else {
      ck_assert_ptr_nonnull(problem);
      ck_assert_uint_eq(bad, stray);
    }
    ck_assert_uint_eq(n, len);
    ck_assert(memcmp(out, data, len) == 0);
  }
  mcl_arena_free(&a);
}
END_TEST

Suite *scalar_suite(void) {
  Suite *s = suite_create("scalar");
  TCase *tc = tcase_create("forms");
  tcase_add_test(tc, integers);
  tcase_add_test(tc, dates);
  tcase_add_test(tc, base64);
  tcase_add_test(tc, base64_round_trips);
  suite_add_tcase(s, tc);
  return s;
}
