/* Checks across files (rules MC55x): the run-level phase through the
 * public API, with exact positions at both ends. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

typedef struct fixture {
  mcl_linter *linter;
  mcl_run *run;
  mcl_result *out[8]; /* the results given back, in order */
  size_t out_count;
} fixture;

static void start(fixture *f, const char *const *settings) {
  memset(f, 0, sizeof *f);
  mcl_options *o = mcl_options_new();
  for (size_t i = 0; settings && settings[i]; i += 2) {
    char *err = NULL;
    ck_assert_msg(mcl_options_set(o, settings[i], settings[i + 1], &err) == 0, "%s", err);
  }
  char *err = NULL;
  f->linter = mcl_linter_new(o, &err);
  ck_assert_ptr_nonnull(f->linter);
  mcl_options_free(o);
  mcl_linter_set_index(f->linter, true);
  f->run = mcl_run_new(true, &err);
  ck_assert_ptr_nonnull(f->run);
}

static void add(fixture *f, const char *name, const char *text, bool report) {
  mcl_result *r = mcl_lint_memory(f->linter, name, text, strlen(text));
  char *err = NULL;
  ck_assert_int_eq(mcl_run_add(f->run, r, report, &err), 0);
  mcl_result_free(r);
}

static void finish(fixture *f) {
  char *err = NULL;
  mcl_result *r;
  while ((r = mcl_run_next(f->run, &err))) {
    ck_assert_uint_lt(f->out_count, 8);
    f->out[f->out_count++] = r;
  }
  ck_assert_ptr_null(err);
}

static void stop(fixture *f) {
  for (size_t i = 0; i < f->out_count; i++) mcl_result_free(f->out[i]);
  mcl_run_free(f->run);
  mcl_linter_free(f->linter);
}

/* A profile with identifier, UUID, and one payload (type, identifier, UUID,
 * then the body's keys). */
static char *profile(const char *id, const char *uuid, const char *type, const char *pid,
                     const char *puuid, const char *body) {
#define PROFILE_FMT                                                                      \
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"  \
      "<plist version=\"1.0\">\n"  \
      "<dict>\n"  \
      "  <key>PayloadContent</key>\n"  \
      "  <array>\n"  \
      "    <dict>\n"  \
      "      <key>PayloadType</key>\n"  \
      "      <string>%s</string>\n"  \
      "      <key>PayloadIdentifier</key>\n"  \
      "      <string>%s</string>\n"  \
      "      <key>PayloadUUID</key>\n"  \
      "      <string>%s</string>\n"  \
      "      <key>PayloadVersion</key>\n"  \
      "      <integer>1</integer>\n"  \
      "%s"  \
      "    </dict>\n"  \
      "  </array>\n"  \
      "  <key>PayloadDisplayName</key>\n"  \
      "  <string>Test</string>\n"  \
      "  <key>PayloadIdentifier</key>\n"  \
      "  <string>%s</string>\n"  \
      "  <key>PayloadType</key>\n"  \
      "  <string>Configuration</string>\n"  \
      "  <key>PayloadUUID</key>\n"  \
      "  <string>%s</string>\n"  \
      "  <key>PayloadVersion</key>\n"  \
      "  <integer>1</integer>\n"  \
      "</dict>\n"  \
      "</plist>\n"
  size_t n = strlen(PROFILE_FMT) + strlen(id) + strlen(uuid) + strlen(type) + strlen(pid) +
             strlen(puuid) + strlen(body) + 1;
  char *s = malloc(n);
  snprintf(s, n, PROFILE_FMT, type, pid, puuid, body, id, uuid);
  return s;
}

#define U1 "11111111-2222-4333-8444-555555555501"
#define U2 "11111111-2222-4333-8444-555555555502"
#define U3 "11111111-2222-4333-8444-555555555503"
#define U4 "11111111-2222-4333-8444-555555555504"
#define U5 "11111111-2222-4333-8444-555555555505"
#define U6 "11111111-2222-4333-8444-555555555506"

static const char agent_beta[] = "      <key>UpdateChannel</key>\n      <string>beta</string>\n";
static const char agent_stable[] = "      <key>UpdateChannel</key>\n      <string>stable</string>\n";

/* Lints two profiles a and b in one run; out[0] and out[1] are theirs. */
static void lint_pair(fixture *f, const char *a, const char *b, const char *const *settings) {
  start(f, settings);
  add(f, "a.mobileconfig", a, true);
  add(f, "b.mobileconfig", b, true);
  finish(f);
  ck_assert_uint_eq(f->out_count, 2);
}

START_TEST(profile_identifier_both_ends) {
  char *a = profile("com.example.same", U1, "com.apple.webClip.managed", "com.example.a.clip", U2, "");
  char *b = profile("com.example.same", U3, "com.apple.webClip.managed", "com.example.b.clip", U4, "");
  fixture f;
  lint_pair(&f, a, b, NULL);
  for (int i = 0; i < 2; i++) {
    const char *text = i ? b : a;
    ck_assert_diag_at_text(f.out[i], "profile-identifier-collision", text,
                           "<string>com.example.same");
    const mcl_diag *d = find_rule(f.out[i], "profile-identifier-collision");
    ck_assert_int_eq(d->severity, MCL_ERROR);
    ck_assert_str_eq(d->path, "PayloadIdentifier");
    ck_assert_uint_eq(d->related_count, 1);
    ck_assert_str_eq(d->related[0].file, i ? "a.mobileconfig" : "b.mobileconfig");
    ck_assert_uint_eq(d->related[0].line, d->line);
    ck_assert_uint_eq(d->related[0].col, d->col);
    unsigned line, col;
    pos_of(i ? a : b, "<string>com.example.same", &line, &col);
    char where[64];
    snprintf(where, sizeof where, "%s.mobileconfig:%u", i ? "a" : "b", line);
    ck_assert_msg(strstr(d->message, where), "%s", d->message);
    ck_assert_uint_eq(count_rule(f.out[i], "payload-identifier-collision"), 0);
    ck_assert_uint_eq(count_rule(f.out[i], "payload-uuid-collision"), 0);
  }
  stop(&f);
  free(a), free(b);
}
END_TEST

/* Two versions of one profile (one top-level PayloadIdentifier): a device
 * keeps one, so only the identifier is reported, not the payload UUID,
 * payload identifier or setting they share. */
START_TEST(versions_of_one_profile) {
  char *a = profile("com.example.same", U1, "com.example.agent", "com.example.agent", U2,
                    agent_beta);
  char *b = profile("com.example.same", U3, "com.example.agent", "com.example.agent", U2,
                    agent_stable);
  fixture f;
  lint_pair(&f, a, b, NULL);
  for (int i = 0; i < 2; i++) {
    ck_assert_uint_eq(count_rule(f.out[i], "profile-identifier-collision"), 1);
    ck_assert_uint_eq(count_rule(f.out[i], "payload-uuid-collision"), 0);
    ck_assert_uint_eq(count_rule(f.out[i], "payload-identifier-collision"), 0);
    ck_assert_uint_eq(count_rule(f.out[i], "conflicting-setting"), 0);
  }
  stop(&f);
  free(a), free(b);
}
END_TEST

/* A profile a device refuses (its top-level PayloadType is not
 * Configuration) collides with nothing: top-payload-type is its finding. */
START_TEST(uninstallable_profile_meets_nothing) {
  char *a = profile("com.example.one", U1, "com.apple.dock", "com.example.dock", U2, "");
  char *b = profile("com.example.other", U3, "com.apple.dock", "com.example.dock", U2, "");
  char *top = strstr(b, "<string>Configuration</string>");
  ck_assert_ptr_nonnull(top);
  memcpy(top, "<string>Configurati0n</string>", 30);
  fixture f;
  lint_pair(&f, a, b, NULL);
  ck_assert_uint_eq(count_rule(f.out[1], "top-payload-type"), 1);
  for (int i = 0; i < 2; i++) {
    ck_assert_uint_eq(count_rule(f.out[i], "payload-identifier-collision"), 0);
    ck_assert_uint_eq(count_rule(f.out[i], "payload-uuid-collision"), 0);
    ck_assert_uint_eq(count_rule(f.out[i], "single-payload-collision"), 0);
  }
  stop(&f);
  free(a), free(b);
}
END_TEST

START_TEST(uuid_ignores_case_and_kind) {
  /* b's payload has a's profile UUID, in lower case. */
  char *a = profile("com.example.a", "ABCDEF12-2222-4333-8444-555555555501",
                    "com.apple.webClip.managed", "com.example.a.clip", U2, "");
  char *b = profile("com.example.b", U3, "com.apple.webClip.managed", "com.example.b.clip",
                    "abcdef12-2222-4333-8444-555555555501", "");
  fixture f;
  lint_pair(&f, a, b, NULL);
  ck_assert_diag_at_text(f.out[0], "payload-uuid-collision", a, "<string>ABCDEF12");
  ck_assert_diag_at_text(f.out[1], "payload-uuid-collision", b, "<string>abcdef12");
  ck_assert_str_eq(find_rule(f.out[1], "payload-uuid-collision")->path,
                   "PayloadContent[0].PayloadUUID");
  stop(&f);
  free(a), free(b);
}
END_TEST

START_TEST(payload_identifier) {
  char *a = profile("com.example.a", U1, "com.apple.webClip.managed", "com.example.clip", U2, "");
  char *b = profile("com.example.b", U3, "com.apple.webClip.managed", "com.example.clip", U4, "");
  fixture f;
  lint_pair(&f, a, b, NULL);
  for (int i = 0; i < 2; i++) {
    ck_assert_diag_at_text(f.out[i], "payload-identifier-collision", i ? b : a,
                           "<string>com.example.clip");
    ck_assert_int_eq(find_rule(f.out[i], "payload-identifier-collision")->severity, MCL_WARNING);
  }
  stop(&f);
  free(a), free(b);
}
END_TEST

START_TEST(conflicting_custom_setting) {
  char *a = profile("com.example.a", U1, "com.example.agent", "com.example.a.agent", U2, agent_beta);
  char *b = profile("com.example.b", U3, "com.example.agent", "com.example.b.agent", U4, agent_stable);
  fixture f;
  lint_pair(&f, a, b, NULL);
  ck_assert_diag_at_text(f.out[0], "conflicting-setting", a, "<key>UpdateChannel");
  ck_assert_diag_at_text(f.out[1], "conflicting-setting", b, "<key>UpdateChannel");
  const char *m = find_rule(f.out[0], "conflicting-setting")->message;
  ck_assert_msg(strstr(m, "UpdateChannel of com.example.agent is 'beta' here but 'stable' in "
                          "b.mobileconfig:15"), "%s", m);
  stop(&f);
  free(a), free(b);
}
END_TEST

START_TEST(same_value_or_placeholder_no_conflict) {
  const char *dict1 = "      <key>Opts</key>\n      <dict><key>x</key><integer>1</integer>"
                      "<key>y</key><true/></dict>\n";
  const char *dict2 = "      <key>Opts</key>\n      <dict><key>y</key><true/>"
                      "<key>x</key><integer>1</integer></dict>\n";
  char *a = profile("com.example.a", U1, "com.example.agent", "com.example.a.agent", U2, dict1);
  char *b = profile("com.example.b", U3, "com.example.agent", "com.example.b.agent", U4, dict2);
  fixture f;
  lint_pair(&f, a, b, NULL);
  ck_assert_uint_eq(count_rule(f.out[0], "conflicting-setting"), 0);
  stop(&f);
  free(a), free(b);
  const char *tpl = "      <key>UpdateChannel</key>\n      <string>{{channel}}</string>\n";
  a = profile("com.example.a", U1, "com.example.agent", "com.example.a.agent", U2, tpl);
  b = profile("com.example.b", U3, "com.example.agent", "com.example.b.agent", U4, agent_stable);
  lint_pair(&f, a, b, NULL);
  ck_assert_uint_eq(count_rule(f.out[0], "conflicting-setting"), 0);
  ck_assert_uint_eq(count_rule(f.out[1], "conflicting-setting"), 0);
  stop(&f);
  free(a), free(b);
}
END_TEST

START_TEST(placeholders_never_collide) {
  char *a = profile("%ProfileID%", U1, "com.apple.webClip.managed", "{{clip}}", U2, "");
  char *b = profile("%ProfileID%", U3, "com.apple.webClip.managed", "{{clip}}", U4, "");
  fixture f;
  lint_pair(&f, a, b, NULL);
  for (int i = 0; i < 2; i++) {
    ck_assert_uint_eq(count_rule(f.out[i], "profile-identifier-collision"), 0);
    ck_assert_uint_eq(count_rule(f.out[i], "payload-identifier-collision"), 0);
  }
  stop(&f);
  free(a), free(b);
}
END_TEST

/* Restrictions merge: booleans, ratings and lists reconcile; a region
 * cannot. */
START_TEST(restrictions_merge) {
  const char *ra = "      <key>allowCamera</key>\n      <true/>\n"
                   "      <key>ratingApps</key>\n      <integer>1000</integer>\n"
                   "      <key>ratingRegion</key>\n      <string>us</string>\n";
  const char *rb = "      <key>allowCamera</key>\n      <false/>\n"
                   "      <key>ratingApps</key>\n      <integer>200</integer>\n"
                   "      <key>ratingRegion</key>\n      <string>de</string>\n";
  char *a = profile("com.example.a", U1, "com.apple.applicationaccess", "com.example.a.r", U2, ra);
  char *b = profile("com.example.b", U3, "com.apple.applicationaccess", "com.example.b.r", U4, rb);
  fixture f;
  lint_pair(&f, a, b, NULL);
  ck_assert_diag_at_text(f.out[0], "conflicting-setting", a, "<key>ratingRegion");
  ck_assert_diag_at_text(f.out[1], "conflicting-setting", b, "<key>ratingRegion");
  stop(&f);
  free(a), free(b);
}
END_TEST

START_TEST(single_instance_payload) {
  const char *dock = "      <key>orientation</key>\n      <string>left</string>\n";
  char *a = profile("com.example.a", U1, "com.apple.dock", "com.example.a.dock", U2, dock);
  char *b = profile("com.example.b", U3, "com.apple.dock", "com.example.b.dock", U4, dock);
  fixture f;
  lint_pair(&f, a, b, NULL);
  ck_assert_diag_at_text(f.out[0], "single-payload-collision", a, "<string>com.apple.dock");
  ck_assert_diag_at_text(f.out[1], "single-payload-collision", b, "<string>com.apple.dock");
  stop(&f);
  free(a), free(b);
  /* Web clips may be installed many times. */
  a = profile("com.example.a", U1, "com.apple.webClip.managed", "com.example.a.c", U2, "");
  b = profile("com.example.b", U3, "com.apple.webClip.managed", "com.example.b.c", U4, "");
  lint_pair(&f, a, b, NULL);
  ck_assert_uint_eq(count_rule(f.out[0], "single-payload-collision"), 0);
  stop(&f);
  free(a), free(b);
  /* Notifications: one per device on iOS, where it needs supervision. An
   * unsupervised target's devices refuse it, so two never meet there. */
  a = profile("com.example.a", U1, "com.apple.notificationsettings", "com.example.a.n", U2, "");
  b = profile("com.example.b", U3, "com.apple.notificationsettings", "com.example.b.n", U4, "");
  static const char *const supervised[] = {"platform", "ios", "supervision", "supervised", NULL};
  static const char *const unsupervised[] = {"platform", "ios", "supervision", "unsupervised",
                                             NULL};
  lint_pair(&f, a, b, supervised);
  ck_assert_uint_eq(count_rule(f.out[0], "single-payload-collision"), 1);
  stop(&f);
  lint_pair(&f, a, b, unsupervised);
  ck_assert_uint_eq(count_rule(f.out[0], "single-payload-collision"), 0);
  ck_assert_uint_eq(count_rule(f.out[0], "supervised-only"), 1);
  stop(&f);
  free(a), free(b);
  /* A removal password guards its own profile: one per profile, many per
   * device (multiple="profile"). */
  const char *pw = "      <key>RemovalPassword</key>\n      <string>{{pw}}</string>\n";
  a = profile("com.example.a", U1, "com.apple.profileRemovalPassword", "com.example.a.r", U2, pw);
  b = profile("com.example.b", U3, "com.apple.profileRemovalPassword", "com.example.b.r", U4, pw);
  lint_pair(&f, a, b, NULL);
  for (int i = 0; i < 2; i++)
    ck_assert_uint_eq(count_rule(f.out[i], "single-payload-collision"), 0);
  stop(&f);
  free(a), free(b);
}
END_TEST

/* A repository's file is compared with but not reported; the order of the
 * results is the order added. */
START_TEST(data_files_not_reported) {
  char *a = profile("com.example.same", U1, "com.apple.webClip.managed", "com.example.a.c", U2, "");
  char *b = profile("com.example.other", U3, "com.apple.webClip.managed", "com.example.b.c", U4, "");
  char *c = profile("com.example.same", U5, "com.apple.webClip.managed", "com.example.c.c", U6, "");
  fixture f;
  start(&f, NULL);
  add(&f, "a.mobileconfig", a, true);
  add(&f, "repo/c.mobileconfig", c, false);
  add(&f, "b.mobileconfig", b, true);
  finish(&f);
  ck_assert_uint_eq(f.out_count, 2);
  ck_assert_str_eq(mcl_result_path(f.out[0]), "a.mobileconfig");
  ck_assert_str_eq(mcl_result_path(f.out[1]), "b.mobileconfig");
  const mcl_diag *d = find_rule(f.out[0], "profile-identifier-collision");
  ck_assert_ptr_nonnull(d);
  ck_assert_str_eq(d->related[0].file, "repo/c.mobileconfig");
  ck_assert_uint_eq(count_rule(f.out[1], "profile-identifier-collision"), 0);
  stop(&f);
  free(a), free(b), free(c);
}
END_TEST

/* Groups: profiles of different groups never meet; one without a group
 * meets every group. */
START_TEST(groups_decide_who_meets) {
  static const char *const settings[] = {"groups", "ios=ios/**", "groups", "mac=mac/**", NULL};
  char *a = profile("com.example.same", U1, "com.apple.webClip.managed", "com.example.a.c", U2, "");
  char *b = profile("com.example.same", U3, "com.apple.webClip.managed", "com.example.b.c", U4, "");
  char *c = profile("com.example.same", U5, "com.apple.webClip.managed", "com.example.c.c", U6, "");
  fixture f;
  start(&f, settings);
  add(&f, "ios/a.mobileconfig", a, true);
  add(&f, "mac/b.mobileconfig", b, true);
  finish(&f);
  ck_assert_uint_eq(count_rule(f.out[0], "profile-identifier-collision"), 0);
  ck_assert_uint_eq(count_rule(f.out[1], "profile-identifier-collision"), 0);
  stop(&f);
  start(&f, settings);
  add(&f, "ios/a.mobileconfig", a, true);
  add(&f, "mac/b.mobileconfig", b, true);
  add(&f, "shared/c.mobileconfig", c, true);
  finish(&f);
  const mcl_diag *d = find_rule(f.out[2], "profile-identifier-collision");
  ck_assert_ptr_nonnull(d);
  ck_assert_uint_eq(d->related_count, 2);
  ck_assert_uint_eq(count_rule(f.out[0], "profile-identifier-collision"), 1);
  ck_assert_str_eq(find_rule(f.out[0], "profile-identifier-collision")->related[0].file,
                   "shared/c.mobileconfig");
  stop(&f);
  free(a), free(b), free(c);
}
END_TEST

/* A suppression comment hides the finding in its own file only, and counts
 * as used; one that covers no entry is unused. */
/* Inserts line before the first occurrence of needle in text. */
static char *insert_before(const char *text, const char *needle, const char *line) {
  const char *at = strstr(text, needle);
  ck_assert_ptr_nonnull(at);
  size_t n = strlen(text) + strlen(line) + 1;
  char *s = malloc(n);
  snprintf(s, n, "%.*s%s%s", (int)(at - text), text, line, at);
  return s;
}

/* A suppression comment hides the finding in its own file only, and counts
 * as used; one that covers no entry is unused. */
START_TEST(suppression_comments) {
  char *a = profile("com.example.same", U1, "com.apple.webClip.managed", "com.example.a.c", U2, "");
  char *b = profile("com.example.same", U3, "com.apple.webClip.managed", "com.example.b.c", U4, "");
  const char *comment = "  <!-- mclint-disable-next-line profile-identifier-collision -->\n";
  char *s1 = insert_before(a, "  <string>com.example.same", comment);
  char *s2 = insert_before(s1, "  <string>Test</string>", comment); /* no entry there */
  fixture f;
  lint_pair(&f, s2, b, NULL);
  ck_assert_uint_eq(count_rule(f.out[0], "profile-identifier-collision"), 0);
  ck_assert_uint_eq(count_rule(f.out[1], "profile-identifier-collision"), 1);
  ck_assert_diag_at_text(f.out[0], "unused-suppression", s2, "<!-- mclint-disable-next-line");
  stop(&f);
  free(a), free(b), free(s1), free(s2);
}
END_TEST

/* com.apple.ManagedClient.preferences: a domain's Forced settings. */
START_TEST(mcx_domain_conflict) {
#define MCX(v)                                                                            \
  "      <key>PayloadContent</key>\n      <dict>\n        <key>com.example.app</key>\n"  \
  "        <dict><key>Forced</key><array><dict><key>mcx_preference_settings</key>\n"     \
  "          <dict>\n          <key>Mode</key><string>" v "</string></dict>\n"           \
  "        </dict></array></dict>\n      </dict>\n"
  char *a = profile("com.example.a", U1, "com.apple.ManagedClient.preferences", "com.example.a.m", U2, MCX("on"));
  char *b = profile("com.example.b", U3, "com.apple.ManagedClient.preferences", "com.example.b.m", U4, MCX("off"));
  fixture f;
  lint_pair(&f, a, b, NULL);
  ck_assert_diag_at_text(f.out[0], "conflicting-setting", a, "<key>Mode");
  const mcl_diag *d = find_rule(f.out[0], "conflicting-setting");
  ck_assert_str_eq(d->path, "PayloadContent[0].PayloadContent[\"com.example.app\"].Forced[0]."
                            "mcx_preference_settings.Mode");
  ck_assert_msg(strstr(d->message, "Mode of com.example.app is 'on' here but 'off' in"), "%s",
                d->message);
  stop(&f);
  free(a), free(b);
#undef MCX
}
END_TEST

/* Secret values are compared, never shown. */
START_TEST(secret_values_not_shown) {
  const char *s1 = "      <key>AdminPassword</key>\n      <string>canary-one-1234</string>\n";
  const char *s2 = "      <key>AdminPassword</key>\n      <string>canary-two-5678</string>\n";
  char *a = profile("com.example.a", U1, "com.example.agent", "com.example.a.agent", U2, s1);
  char *b = profile("com.example.b", U3, "com.example.agent", "com.example.b.agent", U4, s2);
  fixture f;
  lint_pair(&f, a, b, NULL);
  for (int i = 0; i < 2; i++) {
    const mcl_diag *d = find_rule(f.out[i], "conflicting-setting");
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(!strstr(d->message, "canary"), "%s", d->message);
    size_t len;
    const char *line = mcl_result_source_line(f.out[i], d->line + 1, &len);
    ck_assert_ptr_nonnull(line);
    char *copy = strndup(line, len);
    ck_assert_msg(!strstr(copy, "canary"), "source line shows the secret: %s", copy);
    free(copy);
  }
  stop(&f);
  free(a), free(b);
}
END_TEST

/* A file named twice is not a collision with itself. */
START_TEST(same_file_twice) {
  char *a = profile("com.example.a", U1, "com.apple.webClip.managed", "com.example.a.c", U2, "");
  fixture f;
  start(&f, NULL);
  add(&f, "a.mobileconfig", a, true);
  add(&f, "a.mobileconfig", a, true);
  finish(&f);
  ck_assert_uint_eq(f.out_count, 2);
  ck_assert_uint_eq(count_rule(f.out[0], "profile-identifier-collision"), 0);
  ck_assert_uint_eq(count_rule(f.out[1], "profile-identifier-collision"), 0);
  stop(&f);
  free(a);
}
END_TEST

START_TEST(rule_off_in_one_file) {
  static const char *const settings[] = {"disable", "profile-identifier-collision", NULL};
  char *a = profile("com.example.same", U1, "com.apple.webClip.managed", "com.example.a.c", U2, "");
  char *b = profile("com.example.same", U3, "com.apple.webClip.managed", "com.example.b.c", U4, "");
  fixture f;
  lint_pair(&f, a, b, settings);
  ck_assert_uint_eq(count_rule(f.out[0], "profile-identifier-collision"), 0);
  ck_assert_uint_eq(count_rule(f.out[1], "profile-identifier-collision"), 0);
  stop(&f);
  free(a), free(b);
}
END_TEST

/* mcl_run_result only reads the run: results taken in any order, by two
 * threads at once, are those mcl_run_next gives one by one. */
typedef struct taker {
  const mcl_run *run;
  size_t first, step;
  mcl_result *got[4];
} taker;

static void *take_results(void *arg) {
  taker *t = arg;
  for (size_t i = mcl_run_count(t->run); i-- > 0;) /* backwards */
    if (i % t->step == t->first) {
      char *err = NULL;
      t->got[i] = mcl_run_result(t->run, i, &err);
      if (!t->got[i]) free(err);
    }
  return NULL;
}

static char *messages(const mcl_result *r) {
  size_t len = 1;
  for (size_t i = 0; i < mcl_result_diag_count(r); i++)
    len += strlen(mcl_result_diag(r, i)->message) + 1;
  char *s = calloc(1, len);
  for (size_t i = 0; i < mcl_result_diag_count(r); i++)
    strcat(strcat(s, mcl_result_diag(r, i)->message), "\n");
  return s;
}

START_TEST(results_in_any_order_on_threads) {
  char *a = profile("com.example.same", U1, "com.apple.webClip.managed", "com.example.a.c", U2, "");
  char *b =
      profile("com.example.other", U3, "com.apple.webClip.managed", "com.example.b.c", U2, "");
  char *c = profile("com.example.same", U5, "com.apple.webClip.managed", "com.example.c.c", U6, "");
  fixture one, two;
  for (int k = 0; k < 2; k++) {
    fixture *f = k ? &two : &one;
    start(f, NULL);
    add(f, "a.mobileconfig", a, true);
    add(f, "repo/b.mobileconfig", b, false);
    add(f, "c.mobileconfig", c, true);
    add(f, "d.mobileconfig", b, true);
  }
  finish(&one);
  char *err = NULL;
  ck_assert_int_eq(mcl_run_compare(two.run, &err), 0);
  ck_assert_int_eq(mcl_run_compare(two.run, &err), 0); /* once */
  ck_assert_uint_eq(mcl_run_count(two.run), 3);
  ck_assert_ptr_null(mcl_run_result(two.run, 3, &err));
  taker t[2] = {{two.run, 0, 2, {0}}, {two.run, 1, 2, {0}}};
  pthread_t th;
  ck_assert_int_eq(pthread_create(&th, NULL, take_results, &t[1]), 0);
  take_results(&t[0]);
  pthread_join(th, NULL);
  ck_assert_uint_eq(one.out_count, 3);
  for (size_t i = 0; i < 3; i++) {
    mcl_result *r = t[i % 2].got[i];
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(mcl_result_path(r), mcl_result_path(one.out[i]));
    char *x = messages(r), *y = messages(one.out[i]);
    ck_assert_str_eq(x, y);
    free(x), free(y);
    two.out[two.out_count++] = r;
  }
  /* Read back at once: as many as there are, each as given one by one. */
  mcl_result *batch[5] = {0};
  ck_assert_uint_eq(mcl_run_results(two.run, 1, 5, batch, &err), 2);
  ck_assert_ptr_null(err);
  for (size_t i = 0; i < 2; i++) {
    char *x = messages(batch[i]), *y = messages(one.out[i + 1]);
    ck_assert_str_eq(x, y);
    free(x), free(y);
    mcl_result_free(batch[i]);
  }
  ck_assert_uint_eq(mcl_run_results(two.run, 3, 1, batch, &err), 0);
  /* Both ends: a and c share an identifier, a, b and d a UUID. */
  ck_assert_uint_eq(count_rule(two.out[0], "profile-identifier-collision"), 1);
  ck_assert_uint_eq(count_rule(two.out[0], "payload-uuid-collision"), 1);
  ck_assert_uint_eq(count_rule(two.out[1], "profile-identifier-collision"), 1);
  ck_assert_uint_eq(count_rule(two.out[2], "payload-uuid-collision"), 1);
  stop(&one), stop(&two);
  free(a), free(b), free(c);
}
END_TEST

Suite *repository_suite(void) {
  Suite *s = suite_create("repository");
  TCase *tc = tcase_create("repository");
  tcase_add_test(tc, profile_identifier_both_ends);
  tcase_add_test(tc, versions_of_one_profile);
  tcase_add_test(tc, uninstallable_profile_meets_nothing);
  tcase_add_test(tc, uuid_ignores_case_and_kind);
  tcase_add_test(tc, payload_identifier);
  tcase_add_test(tc, conflicting_custom_setting);
  tcase_add_test(tc, same_value_or_placeholder_no_conflict);
  tcase_add_test(tc, placeholders_never_collide);
  tcase_add_test(tc, restrictions_merge);
  tcase_add_test(tc, single_instance_payload);
  tcase_add_test(tc, data_files_not_reported);
  tcase_add_test(tc, groups_decide_who_meets);
  tcase_add_test(tc, suppression_comments);
  tcase_add_test(tc, rule_off_in_one_file);
  tcase_add_test(tc, mcx_domain_conflict);
  tcase_add_test(tc, secret_values_not_shown);
  tcase_add_test(tc, same_file_twice);
  tcase_add_test(tc, results_in_any_order_on_threads);
  suite_add_tcase(s, tc);
  return s;
}
