/* manifest_overrides.c: corrections to manifest data, applied to the model
 * of a manifest when it is read.
 *
 * The corrections are schemas/overrides/manifests.txt, compiled in as text
 * by CMake (manifest_overrides_text.h) and parsed once per process: a data
 * file a reviewer can read, with the reason of each line, and no manifest
 * text in this repository. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "manifest_overrides_text.h"
#include "plist/scalar.h"
#include "schema/manifest.h"

typedef struct correction {
  char *domain, *path, *op, *value;
} correction;

static correction *table;
static size_t table_count;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static char *word(char **p) {
  while (**p == ' ' || **p == '\t') (*p)++;
  if (!**p || (**p == '-' && (*p)[1] == '-')) return NULL;
  char *start = *p;
  while (**p && **p != ' ' && **p != '\t') (*p)++;
  if (**p) *(*p)++ = '\0';
  return start;
}

/* Lines are checked by tests/schema/manifest_overrides (every operation
 * known); here a malformed line is skipped. */
static void load_table(void) {
  char *text = mcl_xstrdup(mcl_manifest_overrides_text), *save = NULL;
  size_t cap = 0;
  for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    if (line[0] == '#') continue;
    char *p = line;
    correction c = {word(&p), word(&p), word(&p), word(&p)};
    if (!c.domain || !c.path || !c.op) continue;
    MCL_GROW(table, cap, table_count + 1);
    table[table_count++] = (correction){mcl_xstrdup(c.domain), mcl_xstrdup(c.path),
                                        mcl_xstrdup(c.op), c.value ? mcl_xstrdup(c.value) : NULL};
  }
  free(text);
}

static bool is_stub(const mcl_snode *n) { return n && n->pfm && n->pfm->lazy_len; }

/* The node at a KEY-PATH, or NULL. The first step must be entry when one
 * is given, and must not be a key still to be read otherwise. */
static mcl_snode *find(mcl_schema *s, const char *path, mcl_snode *entry) {
  const mcl_members *m = &s->members;
  mcl_snode *n = NULL;
  char *copy = mcl_xstrdup(path), *save = NULL;
  bool first = true;
  for (char *seg = strtok_r(copy, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
    if (first && entry) {
      n = strcmp(seg, entry->name) ? NULL : entry;
    } else if (!strcmp(seg, "[]")) {
      n = n && n->item ? (mcl_snode *)n->item : NULL;
    } else {
      n = m ? (mcl_snode *)mcl_members_find(m, seg) : NULL;
      if (first && is_stub(n)) n = NULL; /* corrected when it is read */
    }
    first = false;
    if (!n) break;
    m = n->members;
  }
  free(copy);
  return n;
}

static const struct {
  const char *name;
  mcl_stype type;
} type_names[] = {{"string", MCL_S_STRING}, {"integer", MCL_S_INTEGER}, {"real", MCL_S_REAL},
                  {"boolean", MCL_S_BOOLEAN}, {"date", MCL_S_DATE}, {"data", MCL_S_DATA},
                  {"array", MCL_S_ARRAY}, {"dictionary", MCL_S_DICT}, {"any", MCL_S_ANY}};

static bool add_enum(mcl_schema *s, mcl_snode *n, const char *text) {
  mcl_enum_value v = {.text = mcl_arena_strdup(&s->arena, text)};
  switch (n->type) {
  case MCL_S_STRING: v.u.len = strlen(text); break;
  case MCL_S_INTEGER:
    if (mcl_parse_integer(text, &v.u.i.magnitude, &v.u.i.negative)) return false;
    break;
  case MCL_S_REAL:
    if (mcl_parse_real(text, &v.u.r)) return false;
    break;
  case MCL_S_BOOLEAN: v.u.b = !strcmp(text, "true"); break;
  default: return false;
  }
  mcl_enum_value *values = mcl_arena_alloc(&s->arena, (n->value_count + 1) * sizeof *values);
  if (n->value_count) memcpy(values, n->values, n->value_count * sizeof *values);
  values[n->value_count++] = v;
  n->values = values;
  return true;
}

bool mcl_manifest_correct(mcl_schema *s, mcl_snode *n, const char *op, const char *value) {
  if (!strcmp(op, "add-enum")) return value && n->value_count && add_enum(s, n, value);
  if (!strcmp(op, "no-enum")) return n->value_count = 0, true;
  if (!strcmp(op, "optional")) {
    n->required = false;
    if (n->pfm) ((mcl_pfm *)n->pfm)->required_if_count = 0;
    return true;
  }
  if (!strcmp(op, "no-exclude")) {
    if (n->pfm) ((mcl_pfm *)n->pfm)->excluded_if_count = 0;
    return n->pfm != NULL;
  }
  if (!strcmp(op, "no-format")) return n->regex = NULL, n->format = NULL, true;
  if (!strcmp(op, "no-range")) return n->has_min = n->has_max = false, true;
  if (!strcmp(op, "type") && value)
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
      if (!strcmp(value, type_names[i].name)) {
        n->type = type_names[i].type;
        n->value_count = 0;
        n->has_default = false;
        return true;
      }
  return false;
}

void mcl_manifest_apply_overrides(mcl_schema *s, mcl_snode *entry) {
  pthread_once(&table_once, load_table);
  for (size_t i = 0; i < table_count; i++) {
    const correction *c = &table[i];
    if (strcmp(c->domain, s->type)) continue;
    mcl_snode *n = find(s, c->path, entry);
    if (n) mcl_manifest_correct(s, n, c->op, c->value);
  }
}

size_t mcl_manifest_override_count(void) {
  pthread_once(&table_once, load_table);
  return table_count;
}
