/* Parser: every reader diagnostic, with its exact line and column, and the
 * value tree it builds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/linter.h"
#include "plist/doc.h"
#include "plist/template.h"
#include "harness.h"

#define PL_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n"
#define PL_TAIL "</plist>\n"

/* The parsed tree of a result (white-box: the tests live next to the code). */
static const mcl_value *root_of(const mcl_result *r) { return r->doc.root; }

START_TEST(positions_of_keys_and_values) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n  <key>A</key>\n    <integer>7</integer>\n"
                                    "\t<key>B</key> <string>x</string>\n</dict>\n" PL_TAIL,
                            NULL);
  const mcl_value *root = root_of(r);
  ck_assert_ptr_nonnull(root);
  ck_assert_int_eq(root->type, MCL_T_DICT);
  ck_assert_uint_eq(root->pos.line, 3);
  ck_assert_uint_eq(root->pos.col, 1);
  const mcl_entry *a = &root->u.dict.entries[0], *b = &root->u.dict.entries[1];
  ck_assert_str_eq(a->key, "A");
  ck_assert_uint_eq(a->key_pos.line, 4);
  ck_assert_uint_eq(a->key_pos.col, 3);
  ck_assert_uint_eq(a->value->pos.line, 5);
  ck_assert_uint_eq(a->value->pos.col, 5);
  ck_assert_uint_eq(b->key_pos.line, 6);
  ck_assert_uint_eq(b->key_pos.col, 2); /* a tab is one column */
  ck_assert_uint_eq(b->value->pos.col, 15);
  ck_assert_str_eq(b->value->u.str.s, "x");
  mcl_result_free(r);
}
END_TEST

START_TEST(columns_count_characters_not_bytes) {
  mcl_result *r =
      lint_text(PL_HEAD "<dict><key>\xC3\xA9t\xC3\xA9</key><string>\xE2\x82\xAC</string>"
                        "<key>n</key><integer>1</integer></dict>\n" PL_TAIL,
                NULL);
  const mcl_value *root = root_of(r);
  ck_assert_ptr_nonnull(root);
  /* <dict><key>été</key><string>€</string><key>: the 2nd key is at column 39 */
  ck_assert_uint_eq(root->u.dict.entries[1].key_pos.col, 39);
  mcl_result_free(r);
}
END_TEST

/* mcl_doc_pos against a plain count: every offset of lines that mix ASCII
 * runs of every length with two-, three- and four-byte characters (the
 * column count reads eight ASCII bytes at a time), asked in order and
 * backwards (its memo of the last answer must not leak). */
START_TEST(doc_positions_match_a_plain_count) {
  const char *text = "abc\xC3\xA9" "defghijklmnop\xE2\x82\xAC" "qrstuvwx\n"
                     "\xF0\x9F\x98\x80" "0123456789abcdefg\xC3\xA9\n\n"
                     "  <key>K</key>\xC3\xA9\xC3\xA9" "01234567";
  size_t len = strlen(text);
  mcl_arena arena;
  mcl_arena_init(&arena);
  for (int pass = 0; pass < 2; pass++) {
    mcl_doc doc;
    memset(&doc, 0, sizeof doc);
    mcl_doc_set_text(&doc, &arena, text, len);
    for (size_t k = 0; k <= len; k++) {
      size_t off = pass ? len - k : k;
      if (off < len && ((unsigned char)text[off] & 0xC0) == 0x80) continue;
      uint32_t line = 1, col = 1;
      for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') line++, col = 1;
        else if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
      mcl_pos p = mcl_doc_pos(&doc, off);
      ck_assert_msg(p.line == line && p.col == col, "offset %zu: %u:%u, want %u:%u", off,
                    p.line, p.col, line, col);
    }
  }
  mcl_arena_free(&arena);
}
END_TEST

START_TEST(all_scalar_types) {
  mcl_result *r = lint_text(
      PL_HEAD "<array><string>s &amp; &lt;t&gt;</string><integer>-9223372036854775808</integer>"
              "<integer>18446744073709551615</integer><integer>0x1F</integer><real>2.5</real>"
              "<true/><false/><date>2024-02-29T12:00:00Z</date><data>aGVsbG8=</data>"
              "<string><![CDATA[<raw>]]></string><dict/><array/></array>\n" PL_TAIL,
      NULL);
  const mcl_value *a = root_of(r);
  ck_assert_ptr_nonnull(a);
  ck_assert_int_eq(a->type, MCL_T_ARRAY);
  ck_assert_uint_eq(a->u.array.count, 12);
  mcl_value **v = a->u.array.items;
  ck_assert_str_eq(v[0]->u.str.s, "s & <t>");
  int64_t i64;
  ck_assert(mcl_value_int64(v[1], &i64));
  ck_assert(i64 == INT64_MIN);
  ck_assert(v[2]->u.integer.magnitude == UINT64_MAX && !v[2]->u.integer.negative);
  ck_assert(!mcl_value_int64(v[2], &i64));
  ck_assert(v[3]->u.integer.magnitude == 31);
  ck_assert(v[4]->u.real == 2.5);
  ck_assert(v[5]->type == MCL_T_BOOL && v[5]->u.boolean);
  ck_assert(v[6]->type == MCL_T_BOOL && !v[6]->u.boolean);
  ck_assert(v[7]->type == MCL_T_DATE && v[7]->u.date.unix_seconds == 1709208000);
  ck_assert_uint_eq(v[8]->u.data.len, 5);
  ck_assert(memcmp(v[8]->u.data.bytes, "hello", 5) == 0);
  ck_assert_str_eq(v[9]->u.str.s, "<raw>");
  ck_assert(v[10]->type == MCL_T_DICT && v[11]->type == MCL_T_ARRAY);
  ck_assert_uint_eq(count_rule(r, "invalid-integer"), 0);
  mcl_result_free(r);
}
END_TEST

/* A template's placeholders where numbers and data belong, and its blocks
 * between elements, are template-marker's, not malformed values. */
START_TEST(template_sources) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n"
                                    "<key>Port</key><integer>{{port}}</integer>\n"
                                    "<key>Blob</key><data>{{ blob }}</data>\n"
                                    "<key>Secret</key><data>{{ secret }}</data>\n"
                                    "{{#if x}}<key>A</key><true/>{{/if}}\n"
                                    "</dict>\n" PL_TAIL,
                            NULL);
  ck_assert_uint_eq(count_rule(r, "invalid-integer"), 0);
  ck_assert_uint_eq(count_rule(r, "invalid-base64"), 0);
  ck_assert_uint_eq(count_rule(r, "misplaced-text"), 0);
  ck_assert_uint_eq(count_rule(r, "template-marker"), 4);
  ck_assert_ptr_nonnull(strstr(find_rule(r, "template-marker")->message, "'{{port}}'"));
  for (size_t i = 0; i < mcl_result_diag_count(r); i++)
    ck_assert_ptr_null(strstr(mcl_result_diag(r, i)->message, "{{ secret }}"));
  mcl_result_free(r);
}
END_TEST

START_TEST(malformed_xml_reports_libxml2_position) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n  <key>A</key>\n  <string>R&D</string>\n</dict>\n" PL_TAIL,
                            NULL);
  ck_assert_uint_eq(count_rule(r, "malformed-xml"), 1);
  const mcl_diag *d = find_rule(r, "malformed-xml");
  ck_assert_uint_eq(d->line, 5);
  ck_assert_ptr_nonnull(strstr(d->message, "EntityRef"));
  ck_assert_ptr_null(root_of(r)); /* nothing is linted past a broken document */
  ck_assert_uint_eq(mcl_result_diag_count(r), 1);
  mcl_result_free(r);
}
END_TEST

START_TEST(mismatched_tag) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n<key>A</key>\n<string>x</dict>\n" PL_TAIL, NULL);
  const mcl_diag *d = find_rule(r, "malformed-xml");
  ck_assert_ptr_nonnull(d);
  ck_assert_uint_eq(d->line, 5);
  ck_assert_ptr_nonnull(strstr(d->message, "mismatch"));
  mcl_result_free(r);
}
END_TEST

/* Inside an unknown element the tag mismatch names that element's line
 * (libxml2's SAX1 parser says line 0); a prefixed element is unknown, named
 * with its prefix, as a parser without namespaces sees it. */
START_TEST(mismatch_inside_unknown_element_and_prefixes) {
  mcl_result *r =
      lint_text(PL_HEAD "<dict>\n<key>A</key>\n<weird>\n<x>1</x></string>\n</dict>\n" PL_TAIL, NULL);
  const mcl_diag *d = find_rule(r, "malformed-xml");
  ck_assert_ptr_nonnull(d);
  ck_assert_ptr_nonnull(strstr(d->message, "tag mismatch: weird line 5 and string"));
  mcl_result_free(r);
  r = lint_text(PL_HEAD "<dict>\n<foo:key>A</foo:key><string>x</string>\n</dict>\n" PL_TAIL, NULL);
  d = find_rule(r, "unknown-element");
  ck_assert_ptr_nonnull(d);
  ck_assert_uint_eq(d->line, 4);
  ck_assert_ptr_nonnull(strstr(d->message, "<foo:key>"));
  ck_assert_ptr_null(find_rule(r, "malformed-xml"));
  mcl_result_free(r);
}
END_TEST

/* One '/string>' typo: one finding, at the element left open, and none of
 * the structure errors that cascade from it. */
START_TEST(unclosed_element_is_the_cause) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n"
                                    "<key>A</key>\n"
                                    "<string>x/string>\n"
                                    "<key>B</key>\n"
                                    "<integer>1</integer>\n"
                                    "<key>C</key>\n"
                                    "<true/>\n"
                                    "</dict>\n" PL_TAIL,
                            NULL);
  ck_assert_uint_eq(mcl_result_diag_count(r), 1);
  const mcl_diag *d = find_rule(r, "malformed-xml");
  ck_assert_ptr_nonnull(d);
  ck_assert_uint_eq(d->line, 5);
  ck_assert_uint_eq(d->col, 1);
  ck_assert_ptr_nonnull(strstr(d->message, "<string> is never closed; libxml2 gave up at line 10"));
  mcl_result_free(r);
}
END_TEST

START_TEST(content_after_plist) {
  mcl_result *r = lint_text(PL_HEAD "<dict/>\n" PL_TAIL "<dict/>\n", NULL);
  const mcl_diag *d = find_rule(r, "malformed-xml");
  ck_assert_ptr_nonnull(d);
  ck_assert_uint_eq(d->line, 5);
  ck_assert_ptr_nonnull(strstr(d->message, "Extra content"));
  mcl_result_free(r);
}
END_TEST

START_TEST(duplicate_key_reported_at_second) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n  <key>A</key><integer>1</integer>\n"
                                    "  <key>B</key><integer>2</integer>\n"
                                    "  <key>A</key><integer>3</integer>\n</dict>\n" PL_TAIL,
                            NULL);
  ck_assert_diag_at(r, "duplicate-key", 6, 3);
  ck_assert_ptr_nonnull(strstr(find_rule(r, "duplicate-key")->message, "line 4"));
  const mcl_value *root = root_of(r);
  ck_assert(root->u.dict.entries[0].shadowed);
  ck_assert(!root->u.dict.entries[2].shadowed);
  /* lookups see what a device sees: the last value */
  int64_t v;
  ck_assert(mcl_value_int64(mcl_dict_get(root, "A"), &v) && v == 3);
  mcl_result_free(r);
}
END_TEST

START_TEST(duplicate_keys_in_nested_dicts_are_separate) {
  mcl_result *r = lint_text(PL_HEAD "<dict><key>A</key><dict><key>A</key><true/></dict>"
                                    "<key>B</key><dict><key>A</key><true/></dict></dict>\n" PL_TAIL,
                            NULL);
  ck_assert_uint_eq(count_rule(r, "duplicate-key"), 0);
  mcl_result_free(r);
}
END_TEST

START_TEST(key_without_value) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n  <key>A</key>\n  <key>B</key><true/>\n"
                                    "  <key>C</key>\n</dict>\n" PL_TAIL,
                            NULL);
  ck_assert_uint_eq(count_rule(r, "key-without-value"), 2);
  ck_assert_uint_eq(find_rule(r, "key-without-value")->line, 4);
  ck_assert_uint_eq(find_rule(r, "key-without-value")->col, 3);
  ck_assert_ptr_nonnull(mcl_dict_get(root_of(r), "B"));
  mcl_result_free(r);
}
END_TEST

START_TEST(value_without_key) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n  <string>orphan</string>\n</dict>\n" PL_TAIL, NULL);
  ck_assert_diag_at(r, "value-without-key", 4, 3);
  ck_assert_uint_eq(root_of(r)->u.dict.count, 0);
  mcl_result_free(r);
}
END_TEST

START_TEST(unknown_element) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n  <key>A</key>\n  <bool>true</bool>\n"
                                    "  <key>B</key><true/>\n</dict>\n" PL_TAIL,
                            NULL);
  ck_assert_diag_at(r, "unknown-element", 5, 3);
  ck_assert_uint_eq(count_rule(r, "key-without-value"), 0); /* no cascade */
  ck_assert_ptr_nonnull(mcl_dict_get(root_of(r), "B"));
  mcl_result_free(r);
}
END_TEST

START_TEST(invalid_scalars) {
  mcl_result *r = lint_text(PL_HEAD "<array>\n<integer>1.5</integer>\n<integer></integer>\n"
                                    "<integer>99999999999999999999</integer>\n"
                                    "<real>fast</real>\n<date>2024-13-01T00:00:00Z</date>\n"
                                    "<date>2024-01-01</date>\n</array>\n" PL_TAIL,
                            NULL);
  ck_assert_uint_eq(count_rule(r, "invalid-integer"), 3);
  ck_assert_uint_eq(find_rule(r, "invalid-integer")->line, 4);
  ck_assert_uint_eq(find_rule(r, "invalid-integer")->col, 1);
  ck_assert_diag_at(r, "invalid-real", 7, 1);
  ck_assert_uint_eq(count_rule(r, "invalid-date"), 2);
  ck_assert(root_of(r)->u.array.items[0]->invalid);
  mcl_result_free(r);
}
END_TEST

START_TEST(invalid_base64) {
  mcl_result *r = lint_text(PL_HEAD "<array>\n  <data>#secret#</data>\n  <data>aGVsbG8</data>\n"
                                    "  <data>\n    aGVs\n    bG8=\n  </data>\n</array>\n" PL_TAIL,
                            NULL);
  ck_assert_uint_eq(count_rule(r, "invalid-base64"), 2);
  const mcl_diag *d = find_rule(r, "invalid-base64");
  ck_assert_uint_eq(d->line, 4);
  ck_assert_uint_eq(d->col, 3);
  ck_assert_ptr_nonnull(strstr(d->message, "'#'"));
  mcl_result_free(r);
}
END_TEST

START_TEST(invalid_base64_of_a_secret_shows_nothing_of_it) {
  mcl_result *r = lint_text(PL_HEAD "<dict><key>SharedSecret</key><data>ab*d</data></dict>" PL_TAIL,
                            NULL);
  const mcl_diag *d = find_rule(r, "invalid-base64");
  ck_assert_ptr_nonnull(d);
  ck_assert_ptr_null(strstr(d->message, "'*'"));
  mcl_result_free(r);
}
END_TEST

START_TEST(misplaced_text) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n  <key>A</key>\n  stray words\n  <true/>\n</dict>\n" PL_TAIL,
                            NULL);
  ck_assert_diag_at(r, "misplaced-text", 5, 3);
  mcl_result_free(r);
}
END_TEST

START_TEST(plist_structure) {
  mcl_result *r = lint_text(PL_HEAD "<dict/>\n<dict/>\n" PL_TAIL, NULL);
  ck_assert_diag_at(r, "plist-structure", 4, 1);
  mcl_result_free(r);
  r = lint_text(PL_HEAD PL_TAIL, NULL);
  ck_assert_diag_at(r, "plist-structure", 2, 1);
  mcl_result_free(r);
  r = lint_text(PL_HEAD "<array><key>x</key></array>" PL_TAIL, NULL);
  ck_assert_diag_at(r, "plist-structure", 3, 8);
  mcl_result_free(r);
}
END_TEST

START_TEST(root_not_plist) {
  mcl_result *r = lint_text("<?xml version=\"1.0\"?>\n<html><body/></html>\n", NULL);
  ck_assert_uint_eq(count_rule(r, "not-a-plist"), 1);
  ck_assert_uint_eq(mcl_result_diag_count(r), 1);
  mcl_result_free(r);
}
END_TEST

START_TEST(entities_are_refused_not_expanded) {
  const char *bomb =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE plist [\n"
      " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
      " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
      " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
      " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
      "]>\n<plist version=\"1.0\"><string>&d;&d;&d;&d;</string></plist>\n";
  mcl_result *r = lint_text(bomb, NULL);
  ck_assert_uint_eq(count_rule(r, "entity-declaration"), 4);
  ck_assert_uint_eq(find_rule(r, "entity-declaration")->line, 3);
  ck_assert_uint_eq(find_rule(r, "entity-declaration")->col, 2);
  ck_assert_uint_eq(count_rule(r, "malformed-xml"), 1); /* &d; is undeclared */
  mcl_result_free(r);
}
END_TEST

START_TEST(external_entities_never_loaded) {
  const char *xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE plist [ <!ENTITY x SYSTEM "
                    "\"file:///etc/passwd\"> ]>\n<plist><string>&x;</string></plist>\n";
  mcl_result *r = lint_text(xxe, NULL);
  ck_assert_uint_ge(count_rule(r, "entity-declaration"), 1);
  for (size_t i = 0; i < mcl_result_diag_count(r); i++)
    ck_assert_ptr_null(strstr(mcl_result_diag(r, i)->message, "root:"));
  mcl_result_free(r);
}
END_TEST

START_TEST(depth_limit) {
  size_t depth = 100000, n = depth * 15 + 200;
  char *s = malloc(n), *p = s;
  p += sprintf(p, "%s", PL_HEAD);
  for (size_t i = 0; i < depth; i++) p += sprintf(p, "<array>");
  for (size_t i = 0; i < depth; i++) p += sprintf(p, "</array>");
  sprintf(p, "%s", PL_TAIL);
  mcl_result *r = lint_text(s, NULL);
  ck_assert_uint_eq(count_rule(r, "nesting-too-deep"), 1);
  ck_assert_uint_eq(find_rule(r, "nesting-too-deep")->line, 3);
  ck_assert_ptr_null(root_of(r));
  mcl_result_free(r);
  free(s);
}
END_TEST

START_TEST(lines_past_65535) {
  size_t lines = 70000, n = lines * 24 + 400;
  char *s = malloc(n), *p = s;
  p += sprintf(p, "%s<array>\n", PL_HEAD);
  for (size_t i = 0; i < lines; i++) p += sprintf(p, "<string>x</string>\n");
  p += sprintf(p, "<integer>bad</integer>\n</array>\n<wrong>\n%s", PL_TAIL);
  mcl_result *r = lint_text(s, NULL);
  ck_assert_diag_at(r, "invalid-integer", 70004, 1);
  ck_assert_uint_eq(find_rule(r, "malformed-xml")->line, 70007);
  mcl_result_free(r);
  /* and without the error, the value tree keeps big line numbers */
  p = s;
  p += sprintf(p, "%s<array>\n", PL_HEAD);
  for (size_t i = 0; i < lines; i++) p += sprintf(p, "<string>x</string>\n");
  sprintf(p, "<integer>bad</integer>\n</array>\n%s", PL_TAIL);
  r = lint_text(s, NULL);
  ck_assert_uint_eq(root_of(r)->u.array.items[lines - 1]->pos.line, 70003);
  mcl_result_free(r);
  free(s);
}
END_TEST

START_TEST(quirks_accepted) {
  /* no declaration, CRLF, comments */
  mcl_result *r = lint_text("<plist version=\"1.0\">\r\n<!-- note -->\r\n<dict>\r\n"
                            "<key>A</key><true/></dict></plist>\r\n",
                            NULL);
  ck_assert_ptr_nonnull(root_of(r));
  ck_assert_uint_eq(root_of(r)->pos.line, 3);
  ck_assert_uint_eq(r->doc.comment_count, 1);
  ck_assert_uint_eq(r->doc.comments[0].pos.line, 2);
  ck_assert_uint_eq(r->doc.comments[0].pos.col, 1);
  ck_assert_str_eq(r->doc.comments[0].text, " note ");
  ck_assert_uint_eq(count_rule(r, "malformed-xml"), 0);
  mcl_result_free(r);
  /* CR-only line endings */
  r = lint_text("<?xml version=\"1.0\"?>\r<plist>\r<dict>\r<key>A</key>\r<integer>x</integer>\r"
                "</dict></plist>\r",
                NULL);
  ck_assert_diag_at(r, "invalid-integer", 5, 1);
  mcl_result_free(r);
  /* UTF-8 byte-order mark */
  r = lint_text("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist><dict>\n"
                "<key>A</key><integer>x</integer></dict></plist>\n",
                NULL);
  ck_assert_diag_at(r, "invalid-integer", 3, 13);
  mcl_result_free(r);
}
END_TEST

START_TEST(leading_whitespace_before_declaration) {
  mcl_result *r = lint_text("\n\n  <?xml version=\"1.0\"?>\n<plist><dict>\n"
                            "<key>A</key><integer>x</integer></dict></plist>\n",
                            NULL);
  ck_assert_diag_at(r, "leading-whitespace", 1, 1);
  ck_assert_diag_at(r, "invalid-integer", 5, 13);
  mcl_result_free(r);
  /* The element left open is found, and its line is the file's (libxml2
   * counts from the declaration: "dict line 2" it once said). */
  r = lint_text("\n\n<?xml version=\"1.0\"?>\n<plist><dict>\n<key>A</key>\n</plist>\n", NULL);
  const mcl_diag *d = find_rule(r, "malformed-xml");
  ck_assert_uint_eq(d->line, 4);
  ck_assert_ptr_nonnull(strstr(d->message, "<dict> is never closed; libxml2 gave up at line 6: "
                                           "Opening and ending tag mismatch: dict line 4 and plist"));
  mcl_result_free(r);
}
END_TEST

/* An XML declaration that is not well-formed is a warning (Apple's parser
 * skips it unread) and the rest is read as a device reads it; an error
 * after the declaration, or a declaration without its "?>", is still
 * malformed XML. */
START_TEST(malformed_declaration_is_skipped_like_a_device) {
  static const char body[] = "<plist version=\"1.0\">\n<dict>\n<key>A</key><integer>1</integer>\n"
                             "<key>A</key><integer>2</integer>\n</dict>\n</plist>\n";
  struct {
    const char *decl;
    const char *rule; /* the declaration's finding */
    unsigned line, col;
    bool rest_read;
  } cases[] = {
      {"<?xml version=\"1.0\"encoding=\"UTF-8\"?>\n", "malformed-declaration", 1, 20, true},
      {"<?xml encoding=\"UTF-8\"?>\n", "malformed-declaration", 1, 7, true},
      {"\n<?xml version='1.0'encoding='UTF-8'?>\n", "malformed-declaration", 2, 20, true},
      {"<?xml version=\"1.0\" encoding=\"UTF-8\">\n", "malformed-xml", 0, 0, false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[512];
    snprintf(text, sizeof text, "%s%s", cases[i].decl, body);
    mcl_result *r = lint_text(text, NULL);
    const mcl_diag *d = find_rule(r, cases[i].rule);
    ck_assert_msg(d != NULL, "case %zu: no %s", i, cases[i].rule);
    if (cases[i].line) {
      ck_assert_uint_eq(d->line, cases[i].line);
      ck_assert_uint_eq(d->col, cases[i].col);
      ck_assert_int_eq(d->severity, MCL_WARNING);
      ck_assert_ptr_null(find_rule(r, "malformed-xml"));
    }
    /* the duplicate key below the declaration is found when the rest is read */
    ck_assert_uint_eq(find_rule(r, "duplicate-key") != NULL, cases[i].rest_read);
    mcl_result_free(r);
  }
  /* A good declaration and an error after it: malformed XML, as before. */
  mcl_result *r = lint_text("<?xml version=\"1.0\"?>\n<plist><dict></plist>\n", NULL);
  ck_assert_ptr_nonnull(find_rule(r, "malformed-xml"));
  ck_assert_ptr_null(find_rule(r, "malformed-declaration"));
  mcl_result_free(r);
}
END_TEST

START_TEST(utf16_with_bom) {
  const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<plist><dict>\n"
                    "<key>\xC3\xA9</key><integer>x</integer></dict></plist>\n";
  /* encode as UTF-16LE with BOM (the text is BMP-only) */
  size_t n = strlen(xml);
  unsigned char *buf = malloc(2 + n * 2);
  size_t m = 0;
  buf[m++] = 0xFF;
  buf[m++] = 0xFE;
  for (size_t i = 0; i < n; i++) {
    unsigned cp = (unsigned char)xml[i];
    if (cp == 0xC3) cp = 0xC0 | ((unsigned char)xml[++i] & 0x3F); /* é */
    buf[m++] = (unsigned char)(cp & 0xFF);
    buf[m++] = (unsigned char)(cp >> 8);
  }
  mcl_result *r = lint_bytes(buf, m);
  ck_assert_msg(count_rule(r, "malformed-xml") == 0, "%s", dump_diags(r));
  ck_assert_diag_at(r, "invalid-integer", 3, 13);
  ck_assert_uint_eq(count_rule(r, "encoding-declaration"), 0);
  ck_assert_str_eq(root_of(r)->u.dict.entries[0].key, "\xC3\xA9");
  mcl_result_free(r);
  free(buf);
}
END_TEST

START_TEST(latin1_declared) {
  mcl_result *r = lint_text("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<plist><dict>"
                            "<key>caf\xE9</key><true/></dict></plist>\n",
                            NULL);
  ck_assert_msg(count_rule(r, "malformed-xml") == 0, "%s", dump_diags(r));
  ck_assert_str_eq(root_of(r)->u.dict.entries[0].key, "caf\xC3\xA9");
  mcl_result_free(r);
}
END_TEST

START_TEST(invalid_utf8_is_malformed) {
  mcl_result *r = lint_text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist><string>\xFF\xFE"
                            "</string></plist>\n",
                            NULL);
  ck_assert_uint_eq(count_rule(r, "malformed-xml"), 1);
  mcl_result_free(r);
}
END_TEST

static void assert_not_plist(const void *data, size_t len, const char *words) {
  mcl_result *r = lint_bytes(data, len);
  ck_assert_uint_eq(mcl_result_diag_count(r), 1);
  const mcl_diag *d = find_rule(r, "not-a-plist");
  ck_assert_ptr_nonnull(d);
  ck_assert_msg(strstr(d->message, words), "'%s' not in '%s'", words, d->message);
  mcl_result_free(r);
}

START_TEST(non_xml_inputs_named) {
  assert_not_plist("PK\x03\x04\x14\x00rest", 10, "ZIP");
  assert_not_plist("", 0, "empty");
  assert_not_plist("  \n", 3, "empty");
  assert_not_plist("<!DOCTYPE html><html></html>", 28, "HTML");
  assert_not_plist("{\"PayloadType\": 1}", 18, "JSON");
  /* Broken binary and signed profiles: tests/unit/test_container.c. */
  static const unsigned char junk[] = {0x00, 0x01, 0x02, 0x03, 0xFE, 0x80, 0x90, 0x11};
  assert_not_plist(junk, sizeof junk, "binary data");
  assert_not_plist("hello world\n", 12, "text");
}
END_TEST

START_TEST(hostile_random_bytes_do_not_crash) {
  unsigned seed = 12345;
  unsigned char buf[512];
  for (int round = 0; round < 300; round++) {
    for (size_t i = 0; i < sizeof buf; i++) {
      seed = seed * 1103515245u + 12345u;
      buf[i] = (unsigned char)(seed >> 16);
    }
    if (round % 2) memcpy(buf, "<plist><dict><key>", 18);
    mcl_result *r = lint_bytes(buf, sizeof buf);
    ck_assert_uint_ge(mcl_result_diag_count(r), 1);
    mcl_result_free(r);
  }
}
END_TEST

/* Template statements become spaces (newlines kept: every offset stays);
 * of a condition only the first branch stays, a Mustache inverted section
 * goes whole, and expressions stay as placeholders. */
static void expect_blanked(const char *in, const char *want, size_t statements, size_t branches) {
  char *text = strdup(in);
  mcl_template_info info;
  bool found = mcl_template_blank(text, strlen(text), &info);
  ck_assert(found == (statements > 0));
  ck_assert_str_eq(text, want);
  ck_assert_uint_eq(info.statements, statements);
  ck_assert_uint_eq(info.branches, branches);
  free(text);
}

START_TEST(template_statements_blanked) {
  expect_blanked("<a>{{ x }}</a>", "<a>{{ x }}</a>", 0, 0);
  expect_blanked("{% if a %}<t/>{% else %}<f/>{% endif %}",
                 "          <t/>                         ", 3, 1);
  expect_blanked("{% if a %}<a/>{% elif b %}<b/>{% else %}<c/>{% endif %}<x/>",
                 "          <a/>                                         <x/>", 4, 1);
  expect_blanked("{% for i in l %}\n<s>{{ i }}</s>\n{% endfor %}",
                 "                \n<s>{{ i }}</s>\n            ", 2, 0);
  expect_blanked("{% if a %}{% if b %}<b/>{% else %}<c/>{% endif %}{% else %}<d/>{% endif %}",
                 "                    <b/>                                                  ", 6, 2);
  /* Inside a value: a placeholder there, left as it is. */
  expect_blanked("<s>{{#if a}}x{{else}}y{{/if}}</s>", "<s>{{#if a}}x{{else}}y{{/if}}</s>", 0, 0);
  expect_blanked("{{#if a}}<t/>{{else}}<f/>{{/if}}", "         <t/>                   ", 3, 1);
  expect_blanked("{{^p}}<k/>{{/p}}<v/>", "                <v/>", 2, 1);
  /* Whitespace control and blanks inside the braces. */
  expect_blanked("{{~#if a~}}<t/>{{ else }}<f/>{{/if}}", "           <t/>                     ", 3, 1);
  expect_blanked("#jinja2: trim_blocks: True\n<plist/>{# note #}",
                 "                          \n<plist/>          ", 2, 0);
  ck_assert(mcl_template_prefix((const unsigned char *)"{% set a = 1 %}\n<?xml ?>", 22));
  ck_assert(!mcl_template_prefix((const unsigned char *)"{\"json\": 1}", 11));
}
END_TEST

START_TEST(file_size_limit) {
  const char *settings[] = {"max-file-size=100", NULL};
  char big[300];
  memset(big, ' ', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  memcpy(big, "<plist>", 7);
  mcl_result *r = lint_text(big, settings);
  ck_assert_uint_eq(count_rule(r, "file-too-large"), 1);
  ck_assert_uint_eq(mcl_result_diag_count(r), 1);
  mcl_result_free(r);
}
END_TEST

START_TEST(secrets_masked_in_source_lines) {
  mcl_result *r = lint_text(PL_HEAD "<dict>\n<key>XAuthPassword</key><string>hunter2</string>\n"
                                    "<key>SharedSecret</key>\n<data>\n  c2VjcmV0\n</data>\n"
                                    "<key>Name</key><string>visible</string>\n</dict>\n" PL_TAIL,
                            NULL);
  size_t len;
  const char *line = mcl_result_source_line(r, 4, &len);
  ck_assert_ptr_nonnull(line);
  ck_assert_ptr_null(strstr(line, "hunter2"));
  ck_assert_ptr_nonnull(strstr(line, "XAuthPassword"));
  /* Nothing is reported inside the data: its lines are not given at all,
   * masked or not (masking looks only where findings are). */
  ck_assert_ptr_null(mcl_result_source_line(r, 7, &len));
  line = mcl_result_source_line(r, 9, &len);
  ck_assert_ptr_nonnull(strstr(line, "visible"));
  mcl_result_free(r);
}
END_TEST

Suite *parser_suite(void) {
  Suite *s = suite_create("parser");
  TCase *tc = tcase_create("xml");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, positions_of_keys_and_values);
  tcase_add_test(tc, columns_count_characters_not_bytes);
  tcase_add_test(tc, doc_positions_match_a_plain_count);
  tcase_add_test(tc, all_scalar_types);
  tcase_add_test(tc, malformed_xml_reports_libxml2_position);
  tcase_add_test(tc, mismatched_tag);
  tcase_add_test(tc, malformed_declaration_is_skipped_like_a_device);
  tcase_add_test(tc, mismatch_inside_unknown_element_and_prefixes);
  tcase_add_test(tc, template_sources);
  tcase_add_test(tc, unclosed_element_is_the_cause);
  tcase_add_test(tc, content_after_plist);
  tcase_add_test(tc, duplicate_key_reported_at_second);
  tcase_add_test(tc, duplicate_keys_in_nested_dicts_are_separate);
  tcase_add_test(tc, key_without_value);
  tcase_add_test(tc, value_without_key);
  tcase_add_test(tc, unknown_element);
  tcase_add_test(tc, invalid_scalars);
  tcase_add_test(tc, invalid_base64);
  tcase_add_test(tc, invalid_base64_of_a_secret_shows_nothing_of_it);
  tcase_add_test(tc, misplaced_text);
  tcase_add_test(tc, plist_structure);
  tcase_add_test(tc, root_not_plist);
  tcase_add_test(tc, entities_are_refused_not_expanded);
  tcase_add_test(tc, external_entities_never_loaded);
  tcase_add_test(tc, depth_limit);
  tcase_add_test(tc, lines_past_65535);
  tcase_add_test(tc, quirks_accepted);
  tcase_add_test(tc, leading_whitespace_before_declaration);
  tcase_add_test(tc, utf16_with_bom);
  tcase_add_test(tc, latin1_declared);
  tcase_add_test(tc, invalid_utf8_is_malformed);
  tcase_add_test(tc, non_xml_inputs_named);
  tcase_add_test(tc, hostile_random_bytes_do_not_crash);
  tcase_add_test(tc, file_size_limit);
  tcase_add_test(tc, template_statements_blanked);
  tcase_add_test(tc, secrets_masked_in_source_lines);
  suite_add_tcase(s, tc);
  return s;
}
