/* diag.h: the diagnostics engine: what a rule is (its metadata), findings
 * emitted into a list, hints, and locations (positions and key paths).
 * It knows no rule: the catalog, and the context a rule's check gets, are
 * the rules layer's (rules/rule.h). */
#ifndef MCL_DIAG_H
#define MCL_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/options.h"
#include "base/util.h"
#include "mclint.h"

/* 1-based; line 0 means "no position" (binary plists have only key paths). */
typedef struct mcl_pos {
  uint32_t line, col;
} mcl_pos;

enum {
  /* The rule's outcome depends on --platform, --min-os or supervision. */
  MCL_RULE_TARGETED = 1u << 0,
  /* Reported while reading the input: inline suppression cannot hide it. */
  MCL_RULE_PARSE = 1u << 1,
  /* Findings are about what wraps the property list (a CMS signature), not
   * a place in it: they set mcl_diag.container. */
  MCL_RULE_CONTAINER = 1u << 2,
  /* Findings compare files: the run-level phase (lint/run.c) makes them
   * from each file's index once every file is linted. */
  MCL_RULE_ACROSS = 1u << 3,
  /* Findings say that something is missing. In a template source the
   * statements left out may supply it, so they are not reported there. */
  MCL_RULE_ABSENCE = 1u << 4,
};

/* Categories, each with its range of codes: parse is MC1xx, envelope MC2xx,
 * and so on in this order, except that repository (checks across files)
 * takes MC550-MC599, the upper half of payload's hundred. */
typedef enum mcl_category {
  MCL_CAT_PARSE,
  MCL_CAT_ENVELOPE,
  MCL_CAT_SCHEMA,
  MCL_CAT_VPN,
  MCL_CAT_PAYLOAD,
  MCL_CAT_REPOSITORY,
  MCL_CAT_SECRETS,
  MCL_CAT_CONTAINER,
  MCL_CAT_POLICY,
  MCL_CAT_META,
  MCL_CAT_COUNT
} mcl_category;

const char *mcl_category_name(mcl_category category); /* "parse", ... */
/* The category whose range holds code number (101 for MC101), or
 * MCL_CAT_COUNT when none does. */
mcl_category mcl_category_of_code(unsigned number);

typedef struct mcl_ctx mcl_ctx; /* what a check gets: rules/rule.h */

struct mcl_rule {
  size_t id;            /* index in the registry: finding a rule's settings is O(1) */
  const char *code;     /* stable: never reused, never renumbered */
  const char *name;     /* kebab-case of the identifier in rules.def, stable */
  mcl_category category;
  mcl_severity severity;
  unsigned flags;
  const char *summary;     /* one line, no trailing period */
  const char *explanation; /* paragraphs separated by blank lines */
  const char *bad;         /* minimal plist fragment that triggers it */
  const char *good;        /* the same fragment, fixed */
  void (*check)(mcl_ctx *ctx);
  /* NULL, or whether the rule can report anything with these options (a
   * policy rule without its setting cannot); a suppression of a rule that
   * cannot is not reported as unused. */
  bool (*applies)(const mcl_options *opts);
  /* Generic rules this one refines: a finding of this rule removes theirs
   * at the same position and key path, so one mistake is reported once,
   * by the rule with the most specific message. */
  const mcl_rule *supersedes[4];
  /* Whether findings may carry a fix, and of what kind (src/lint/fix.c). */
  mcl_fix_kind fix;
};

/* One replacement in the document text: bytes [start, end) of doc->text
 * become text. src/lint/fix.c maps the range onto the bytes of the input as
 * read (BOM, UTF-16) and re-encodes text. new_uuid: text is a fresh UUID
 * chosen when fixes are applied, and every reference (PayloadCertificateUUID
 * and kin) to the value it replaces, old_uuid, follows it. */
typedef struct mcl_edit {
  size_t start, end;
  const char *text;
  bool new_uuid;
  const char *old_uuid;
} mcl_edit;

/* What a finding's mcl_diag.fix points to: the edits of its repair
 * (recorded by rules, rules/rule.h mcl_fix_*). */
struct mcl_fix {
  mcl_edit *edits;
  size_t count;
};

/* The findings of one input. */
typedef struct mcl_diag_list {
  mcl_arena *arena;             /* findings and their strings live here */
  const mcl_severity *severity; /* per rule id; MCL_OFF: the rule is off */
  size_t rule_count;            /* entries of severity */
  mcl_diag **items;
  size_t count, cap;
} mcl_diag_list;

bool mcl_diag_rule_on(const mcl_diag_list *list, const mcl_rule *rule);
/* Appends a finding unless the rule is off; returns it, or NULL. path NULL
 * is "the whole document". */
mcl_diag *mcl_diag_vadd(mcl_diag_list *list, const mcl_rule *rule, mcl_pos pos, const char *path,
                        const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
/* Sets the finding's hint; nothing when diag is NULL (the rule is off). */
void mcl_diag_vhint(mcl_arena *arena, mcl_diag *diag, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Key paths: "a.b", "a[2]", and ["odd key"] for keys that are not plain. */
char *mcl_path_key(mcl_arena *arena, const char *base, const char *key);
char *mcl_path_index(mcl_arena *arena, const char *base, size_t index);
/* Appends ".key", "[\"odd key\"]" or "[i]" to a path being built. */
void mcl_buf_path_key(mcl_buf *b, const char *key);
/* How many bytes at the start of key need no quoting in a path: a key is
 * written as is when that is all of it and not empty. */
size_t mcl_plain_key_prefix(const char *key);
void mcl_buf_path_index(mcl_buf *b, size_t index);

#endif
