/* examples.c: Apple's example profiles pass mclint's schema checks.
 *
 *   schema_examples APPLE_DIR KNOWN_DEFECTS SCHEMA_SOURCE_XML
 *
 * Every APPLE_DIR/examples/mdm/profiles/<folder>/example1.plist is linted
 * with the platforms of its payload schema as the target (the folder is a
 * YAML file of SOURCE.xml). It must give no error, except the genuine
 * defects of Apple's examples listed in KNOWN_DEFECTS (written in
 * tools/check_examples.py's words); and each listed defect must be reported
 * by mclint (at any severity), so the list cannot rot. Exit 77 when the
 * Apple directory is absent. */
#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "plist/walk.h"
#include "mclint.h"
#include "schema/schema.h"

typedef struct defect {
  char *line;    /* as written */
  char *example; /* "com.apple.sso/example1.plist" */
  char *path;    /* mclint key path */
  const char *rules[4];
  char *needle;  /* text the finding's message must hold (a key name), or NULL */
  bool note;     /* the Python checker's bookkeeping, not a finding */
  bool forced;   /* found only by forcing a variant the example does not select */
  bool seen;
} defect;

static defect *defects;
static size_t defect_count;

/* "PayloadContent[0]/Proxies/Exceptions" -> "PayloadContent[0].Proxies.Exceptions";
 * "(top)" -> "". */
static char *mclint_path(const char *py) {
  mcl_buf b = {0};
  mcl_buf_puts(&b, "");
  if (strcmp(py, "(top)") == 0) return b.data;
  char *copy = mcl_xstrdup(py), *save = NULL;
  for (char *seg = strtok_r(copy, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
    char *br = strchr(seg, '[');
    size_t index = 0;
    bool indexed = br && sscanf(br, "[%zu]", &index) == 1 && strchr(br, ']')[1] == '\0';
    if (indexed) *br = '\0';
    mcl_buf_path_key(&b, seg);
    if (indexed) mcl_buf_path_index(&b, index);
  }
  free(copy);
  return b.data;
}

static bool parse_defect(defect *d, char *line) {
  d->line = mcl_xstrdup(line);
  char *sep = strstr(line, ": ");
  if (!sep) return false;
  *sep = '\0';
  d->example = mcl_xstrdup(line);
  char *rest = sep + 2;
  if (!strncmp(rest, "no ", 3) && strstr(rest, " payload in this example")) {
    d->note = true;
    return true;
  }
  char *msg = strstr(rest, ": ");
  if (!msg) return false;
  *msg = '\0';
  const char *path = rest;
  msg += 2;
  d->path = mclint_path(path);
  struct {
    const char *prefix;
    const char *rules[4];
  } kinds[] = {
      {"unknown key", {"unknown-key"}},
      {"type ", {"wrong-type", "boolean-integer-mix", "payload-version"}},
      {"missing required key PayloadContent", {"payload-content"}},
      {"missing required key Payload", {"missing-common-key", "missing-required-key"}},
      {"missing required key ", {"missing-required-key"}},
      {"value ", {"not-in-enum", "top-payload-type", "out-of-range", "format-mismatch"}},
      {"unknown PayloadType", {"unknown-payload-type"}},
      {"not available on", {"unavailable-on-platform"}},
  };
  if (!strncmp(msg, "checked against ", 16) || strstr(msg, "does not select the variant")) {
    d->note = true;
    return true;
  }
  if (!strncmp(msg, "missing required key ", 21)) d->needle = mcl_xstrdup(msg + 21);
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strncmp(msg, kinds[i].prefix, strlen(kinds[i].prefix))) {
      memcpy(d->rules, kinds[i].rules, sizeof d->rules);
      return true;
    }
  return false;
}

static int read_defects(const char *file) {
  FILE *f = fopen(file, "r");
  if (!f) {
    perror(file);
    return -1;
  }
  char line[4096];
  size_t cap = 0;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    if (!*line || *line == '#') continue;
    MCL_GROW(defects, cap, defect_count + 1);
    defect *d = &defects[defect_count++];
    memset(d, 0, sizeof *d);
    if (!parse_defect(d, line)) {
      fprintf(stderr, "FAIL cannot map known defect to mclint findings: %s\n", line);
      fclose(f);
      return -1;
    }
  }
  fclose(f);
  /* Lines of an example checked against a variant it does not select are
   * the Python checker's findings under that assumption only. */
  for (size_t i = 0; i < defect_count; i++)
    if (strstr(defects[i].line, "does not select the variant"))
      for (size_t k = 0; k < defect_count; k++)
        if (!strcmp(defects[k].example, defects[i].example) && !defects[k].note)
          defects[k].forced = true;
  return 0;
}

/* The payload type a folder's YAML became, from SOURCE.xml. */
static char *type_of_folder(xmlDocPtr src, const char *folder) {
  char yaml[512];
  snprintf(yaml, sizeof yaml, "%s.yaml", folder);
  for (xmlNodePtr p = xmlDocGetRootElement(src)->children; p; p = p->next) {
    if (p->type != XML_ELEMENT_NODE || strcmp((const char *)p->name, "payload")) continue;
    for (xmlNodePtr y = p->children; y; y = y->next) {
      if (y->type != XML_ELEMENT_NODE) continue;
      xmlChar *name = xmlGetProp(y, (const xmlChar *)"name");
      bool match = name && !strcmp((const char *)name, yaml);
      xmlFree(name);
      if (match) {
        xmlChar *t = xmlGetProp(p, (const xmlChar *)"type");
        char *s = mcl_xstrdup((const char *)t);
        xmlFree(t);
        return s;
      }
    }
  }
  return NULL;
}

static const char *const platform_names[] = {"ios", "macos", "tvos", "visionos", "watchos"};

/* Marks every known defect the finding reports; true if there is one. */
static bool match(const char *example, const mcl_diag *d) {
  bool any = false;
  for (size_t i = 0; i < defect_count; i++) {
    defect *k = &defects[i];
    if (k->note || strcmp(k->example, example) || strcmp(k->path, d->path)) continue;
    if (k->needle && !strstr(d->message, k->needle)) continue;
    for (size_t r = 0; r < 4 && k->rules[r]; r++)
      if (!strcmp(k->rules[r], mcl_rule_name(d->rule))) {
        k->seen = any = true;
        break;
      }
  }
  return any;
}

static int check_example(mcl_schema_set *set, xmlDocPtr src, const char *base,
                         const char *folder, int *failures) {
  char *type = type_of_folder(src, folder);
  if (!type) {
    printf("FAIL %s: no schema made from %s.yaml\n", folder, folder);
    ++*failures;
    return 0;
  }
  const mcl_schema *s = mcl_schema_get(set, type);
  mcl_options *o = mcl_options_new();
  mcl_buf targets = {0};
  for (int p = 0; s && s->has_platforms && p < MCL_PLATFORM_COUNT; p++) {
    if (s->platform[p].available == 0) continue;
    char *err = NULL;
    mcl_options_set(o, "platform", platform_names[p], &err);
    free(err);
    mcl_buf_printf(&targets, " %s", platform_names[p]);
  }
  char example[1024], file[4096];
  snprintf(example, sizeof example, "%s/example1.plist", folder);
  snprintf(file, sizeof file, "%s/%s", base, example);
  mcl_linter *l = mcl_linter_new(o, NULL);
  mcl_result *r = mcl_lint_file(l, file);
  size_t errors = 0;
  for (size_t i = 0; i < mcl_result_diag_count(r); i++) {
    const mcl_diag *d = mcl_result_diag(r, i);
    bool known = match(example, d);
    /* Other categories (envelope, parse) have their own tests. */
    if (d->severity == MCL_ERROR && !known && !strcmp(mcl_rule_category(d->rule), "schema")) {
      printf("FAIL %s (targets%s): %u:%u %s: %s [%s]\n", example, mcl_buf_cstr(&targets),
             d->line, d->col, d->path, d->message, mcl_rule_name(d->rule));
      errors++;
    }
  }
  *failures += (int)errors;
  mcl_result_free(r);
  mcl_linter_free(l);
  mcl_options_free(o);
  mcl_buf_free(&targets);
  free(type);
  return 1;
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fputs("usage: schema_examples APPLE_DIR KNOWN_DEFECTS SOURCE.xml\n", stderr);
    return 2;
  }
  char base[2048];
  snprintf(base, sizeof base, "%s/examples/mdm/profiles", argv[1]);
  DIR *dir = opendir(base);
  if (!dir) {
    printf("SKIP: no Apple examples at %s\n", base);
    return 77;
  }
  if (read_defects(argv[2]) != 0) return 1;
  xmlDocPtr src = xmlReadFile(argv[3], NULL, XML_PARSE_NONET);
  if (!src) return 1;
  char **folders = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(dir)) != NULL)
    if (de->d_name[0] != '.') {
      MCL_GROW(folders, cap, n + 1);
      folders[n++] = mcl_xstrdup(de->d_name);
    }
  closedir(dir);
  qsort(folders, n, sizeof *folders, by_string);
  char *err = NULL;
  mcl_schema_set *set = mcl_schema_set_new(NULL, &err);
  int failures = 0, checked = 0;
  for (size_t i = 0; set && i < n; i++) checked += check_example(set, src, base, folders[i], &failures);
  for (size_t i = 0; i < defect_count; i++)
    if (!defects[i].note && !defects[i].forced && !defects[i].seen) {
      printf("FAIL known defect not reported by mclint: %s\n", defects[i].line);
      failures++;
    }
  printf("schema_examples: %d examples, %zu known defects, %d failures\n", checked, defect_count,
         failures);
  mcl_schema_set_free(set);
  xmlFreeDoc(src);
  for (size_t i = 0; i < n; i++) free(folders[i]);
  free(folders);
  for (size_t i = 0; i < defect_count; i++) {
    free(defects[i].line);
    free(defects[i].example);
    free(defects[i].path);
    free(defects[i].needle);
  }
  free(defects);
  return failures || !checked ? 1 : 0;
}
