#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mcl_result *lint_text(const char *text, const char *const *settings) {
  mcl_options *o = mcl_options_new();
  for (size_t i = 0; settings && settings[i]; i++) {
    char *s = strdup(settings[i]), *eq = strchr(s, '=');
    ck_assert_ptr_nonnull(eq);
    *eq = '\0';
    char *err = NULL;
    ck_assert_msg(mcl_options_set(o, s, eq + 1, &err) == 0, "setting %s: %s", settings[i], err);
    free(s);
  }
  mcl_linter *l = mcl_linter_new(o, NULL);
  mcl_result *r = mcl_lint_memory(l, "test.mobileconfig", text, strlen(text));
  mcl_linter_free(l);
  mcl_options_free(o);
  return r;
}

mcl_result *lint_bytes(const void *data, size_t len) {
  mcl_linter *l = mcl_linter_new(NULL, NULL);
  mcl_result *r = mcl_lint_memory(l, "test.mobileconfig", data, len);
  mcl_linter_free(l);
  return r;
}

size_t count_rule(const mcl_result *r, const char *rule) {
  size_t n = 0;
  for (size_t i = 0; i < mcl_result_diag_count(r); i++)
    if (!strcmp(mcl_rule_name(mcl_result_diag(r, i)->rule), rule)) n++;
  return n;
}

const mcl_diag *find_rule(const mcl_result *r, const char *rule) {
  for (size_t i = 0; i < mcl_result_diag_count(r); i++)
    if (!strcmp(mcl_rule_name(mcl_result_diag(r, i)->rule), rule)) return mcl_result_diag(r, i);
  return NULL;
}

const char *dump_diags(const mcl_result *r) {
  static char buf[8192];
  size_t n = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < mcl_result_diag_count(r) && n < sizeof buf - 200; i++) {
    const mcl_diag *d = mcl_result_diag(r, i);
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%u:%u %s: %s\n", d->line, d->col,
                          mcl_rule_name(d->rule), d->message);
  }
  return buf;
}

char *profile_with_payload(const char *body) {
  static const char head[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<plist version=\"1.0\">\n"
      "<dict>\n"
      "  <key>PayloadContent</key>\n"
      "  <array>\n"
      "    <dict>\n";
  static const char tail[] =
      "    </dict>\n"
      "  </array>\n"
      "  <key>PayloadIdentifier</key><string>com.example.profile</string>\n"
      "  <key>PayloadType</key><string>Configuration</string>\n"
      "  <key>PayloadUUID</key><string>6F1D1C2B-3A4E-4F5A-8B6C-7D8E9F0A1B2C</string>\n"
      "  <key>PayloadVersion</key><integer>1</integer>\n"
      "</dict>\n"
      "</plist>\n";
  size_t n = strlen(head) + strlen(body) + strlen(tail) + 1;
  char *s = malloc(n);
  snprintf(s, n, "%s%s%s", head, body, tail);
  return s;
}

void pos_of(const char *text, const char *needle, unsigned *line, unsigned *col) {
  const char *at = strstr(text, needle);
  ck_assert_msg(at != NULL, "'%s' is not in the test's text", needle);
  pos_at(text, at, line, col);
}

void pos_at(const char *text, const char *at, unsigned *line, unsigned *col) {
  ck_assert_ptr_nonnull(at);
  *line = 1;
  *col = 1;
  for (const char *p = text; p < at; p++) {
    if (*p == '\n') {
      (*line)++;
      *col = 1;
    } else if (((unsigned char)*p & 0xC0) != 0x80) {
      (*col)++;
    }
  }
}

size_t count_rule_at(const mcl_result *r, const char *rule, unsigned line, unsigned col) {
  size_t n = 0;
  for (size_t i = 0; i < mcl_result_diag_count(r); i++) {
    const mcl_diag *d = mcl_result_diag(r, i);
    if (!strcmp(mcl_rule_name(d->rule), rule) && d->line == line && d->col == col) n++;
  }
  return n;
}
