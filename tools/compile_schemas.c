/* compile_schemas.c: build-time tool that loads every schema file with the
 * run-time loader (src/schema/load.c, so the same validation applies) and
 * writes the loaded model as C static data. At run time nothing is parsed:
 * a payload's tables are only touched, and its few format regexes compiled,
 * when a profile uses that payload (see src/schema/set.c).
 *
 *   compile_schemas OUT.c SOURCE.xml SCHEMA.xml...
 *
 * The output also holds the release text of SOURCE.xml:
 * "<os version> (<repository> <commit:7>)". */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "schema/schema.h"

/* ---- pointer -> index maps, so shared objects are written once ---- */

typedef struct ptr_map {
  const void **keys;
  size_t *values;
  size_t cap, count;
} ptr_map;

static size_t ptr_hash(const void *p, size_t cap) {
  uintptr_t x = (uintptr_t)p;
  x ^= x >> 17;
  x *= 0x9E3779B97F4A7C15u;
  return (size_t)(x >> 7) & (cap - 1);
}

static void map_grow(ptr_map *m);

static size_t *map_slot(ptr_map *m, const void *p, bool *found) {
  if (m->count * 2 >= m->cap) map_grow(m);
  size_t i = ptr_hash(p, m->cap);
  while (m->keys[i] && m->keys[i] != p) i = (i + 1) & (m->cap - 1);
  *found = m->keys[i] != NULL;
  if (!*found) {
    m->keys[i] = p;
    m->count++;
  }
  return &m->values[i];
}

static void map_grow(ptr_map *m) {
  ptr_map old = *m;
  m->cap = old.cap ? old.cap * 2 : 64;
  m->keys = mcl_xcalloc(m->cap, sizeof *m->keys);
  m->values = mcl_xcalloc(m->cap, sizeof *m->values);
  m->count = 0;
  for (size_t i = 0; i < old.cap; i++) {
    if (!old.keys[i]) continue;
    bool found;
    *map_slot(m, old.keys[i], &found) = old.values[i];
  }
  free(old.keys);
  free(old.values);
}

static void map_free(ptr_map *m) {
  free(m->keys);
  free(m->values);
  memset(m, 0, sizeof *m);
}

/* ---- collecting one schema's objects in a stable order ---- */

typedef struct collected {
  const mcl_snode **nodes;
  size_t node_count, node_cap;
  const mcl_members **members;
  size_t member_count, member_cap;
  ptr_map node_index, member_index;
} collected;

static void add_members(collected *c, const mcl_members *m);

static void add_node(collected *c, const mcl_snode *n) {
  bool found;
  size_t *slot = map_slot(&c->node_index, n, &found);
  if (found) return;
  *slot = c->node_count;
  MCL_GROW(c->nodes, c->node_cap, c->node_count + 1);
  c->nodes[c->node_count++] = n;
  if (n->item) add_node(c, n->item);
  if (n->members) add_members(c, n->members);
}

static void add_members(collected *c, const mcl_members *m) {
  bool found;
  size_t *slot = map_slot(&c->member_index, m, &found);
  if (found) return;
  *slot = c->member_count;
  MCL_GROW(c->members, c->member_cap, c->member_count + 1);
  c->members[c->member_count++] = m;
  for (size_t i = 0; i < m->count; i++) add_node(c, m->keys[i]);
  if (m->any) add_node(c, m->any);
}

static size_t index_of(ptr_map *m, const void *p) {
  bool found;
  size_t v = *map_slot(m, p, &found);
  if (!found) {
    fprintf(stderr, "compile_schemas: internal error: object not collected\n");
    exit(1);
  }
  return v;
}

/* ---- writing C ---- */

static void c_string(FILE *out, const char *s) {
  if (!s) {
    fputs("NULL", out);
    return;
  }
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
    else if (*p < 0x20 || *p >= 0x7f || *p == '?') fprintf(out, "\\%03o", *p);
    else fputc(*p, out);
  }
  fputc('"', out);
}

static void c_double(FILE *out, double d) { fprintf(out, "%.17g", d); }

static void write_facts(FILE *out, const mcl_pfacts *f) {
  fputc('{', out);
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++)
    fprintf(out,
            "%s{.available = %d, .multiple = %d, .supervised = %d, .denied_scopes = %u, "
            ".introduced = %uu, .deprecated = %uu, .removed = %uu}",
            i ? ", " : "", f[i].available, f[i].multiple, f[i].supervised,
            (unsigned)f[i].denied_scopes, (unsigned)f[i].introduced,
            (unsigned)f[i].deprecated, (unsigned)f[i].removed);
  fputc('}', out);
}

static void write_enum_value(FILE *out, mcl_stype t, const mcl_enum_value *v) {
  fputs("{", out);
  c_string(out, v->text);
  switch (t) {
  case MCL_S_INTEGER:
    fprintf(out, ", {.i = {%" PRIu64 "u, %d}}}", v->u.i.magnitude, v->u.i.negative);
    break;
  case MCL_S_REAL:
    fputs(", {.r = ", out);
    c_double(out, v->u.r);
    fputs("}}", out);
    break;
  case MCL_S_BOOLEAN: fprintf(out, ", {.b = %d}}", v->u.b); break;
  default: fprintf(out, ", {.len = %zuu}}", v->u.len); break;
  }
}

static void write_node_ref(FILE *out, collected *c, const char *prefix, const mcl_snode *n) {
  if (n) fprintf(out, "&%s_n[%zu]", prefix, index_of(&c->node_index, n));
  else fputs("NULL", out);
}

static void write_members_init(FILE *out, collected *c, const char *prefix,
                               const mcl_members *m, size_t keys_at) {
  fprintf(out, "{.keys = %s_k + %zu, .count = %zu, .any = ", prefix, keys_at, m->count);
  write_node_ref(out, c, prefix, m->any);
  fputc('}', out);
}

static void write_node(FILE *out, collected *c, const char *prefix, size_t i) {
  const mcl_snode *n = c->nodes[i];
  fputs("  {.name = ", out);
  c_string(out, n->name);
  fprintf(out, ", .type = %d, .required = %d, .line = %uu", (int)n->type, n->required, n->line);
  if (n->platform) fprintf(out, ", .platform = %s_pf[%zu]", prefix, i);
  if (n->has_default) {
    fputs(", .has_default = true, .default_value = ", out);
    write_enum_value(out, n->type, &n->default_value);
  }
  if (n->value_count) fprintf(out, ", .values = %s_ev%zu, .value_count = %zu", prefix, i, n->value_count);
  if (n->has_min) {
    fputs(", .has_min = true, .min = ", out);
    c_double(out, n->min);
  }
  if (n->has_max) {
    fputs(", .has_max = true, .max = ", out);
    c_double(out, n->max);
  }
  if (n->format) {
    fputs(", .format = ", out); /* .regex is compiled on first use */
    c_string(out, n->format);
  }
  if (n->item) {
    fputs(", .item = ", out);
    write_node_ref(out, c, prefix, n->item);
  }
  if (n->has_min_items) fprintf(out, ", .has_min_items = true, .min_items = %" PRIu64 "u", n->min_items);
  if (n->has_max_items) fprintf(out, ", .has_max_items = true, .max_items = %" PRIu64 "u", n->max_items);
  if (n->members) fprintf(out, ", .members = &%s_m[%zu]", prefix, index_of(&c->member_index, n->members));
  if (n->ref) {
    fputs(", .ref = ", out);
    c_string(out, n->ref);
  }
  fputs("},\n", out);
}

static void collect_schema(collected *c, const mcl_schema *s) {
  add_members(c, &s->members);
  for (size_t i = 0; i < s->variant_count; i++) add_members(c, &s->variants[i].members);
  for (size_t i = 0; i < s->define_count; i++) {
    add_members(c, &s->defines[i].members);
    if (s->defines[i].item) add_node(c, s->defines[i].item);
  }
}

/* Per-node side tables: platform deltas and enum values. */
static void write_node_tables(FILE *out, collected *c, const char *prefix) {
  bool any_platform = false;
  for (size_t i = 0; i < c->node_count; i++) any_platform |= c->nodes[i]->platform != NULL;
  if (any_platform) {
    fprintf(out, "static mcl_pfacts %s_pf[%zu][%d] = {\n", prefix, c->node_count,
            MCL_PLATFORM_COUNT);
    for (size_t i = 0; i < c->node_count; i++) {
      const mcl_pfacts none[MCL_PLATFORM_COUNT] = {{0}};
      fputs("  ", out);
      write_facts(out, c->nodes[i]->platform ? c->nodes[i]->platform : none);
      fputs(",\n", out);
    }
    fputs("};\n", out);
  }
  for (size_t i = 0; i < c->node_count; i++) {
    const mcl_snode *n = c->nodes[i];
    if (!n->value_count) continue;
    fprintf(out, "static mcl_enum_value %s_ev%zu[] = {", prefix, i);
    for (size_t v = 0; v < n->value_count; v++) {
      fputs(v ? ", " : "", out);
      write_enum_value(out, n->type, &n->values[v]);
    }
    fputs("};\n", out);
  }
}

/* The keys arrays of all member lists, one array, and where each starts. */
static size_t *write_keys(FILE *out, collected *c, const char *prefix) {
  size_t *at = mcl_xcalloc(c->member_count + 1, sizeof *at);
  size_t total = 0;
  for (size_t m = 0; m < c->member_count; m++) {
    at[m] = total;
    total += c->members[m]->count;
  }
  fprintf(out, "static mcl_snode *%s_k[%zu] = {", prefix, total ? total : 1);
  size_t written = 0;
  for (size_t m = 0; m < c->member_count; m++)
    for (size_t k = 0; k < c->members[m]->count; k++) {
      fputs(written++ % 6 ? " " : "\n  ", out);
      write_node_ref(out, c, prefix, c->members[m]->keys[k]);
      fputc(',', out);
    }
  if (!total) fputs("NULL", out);
  fputs("\n};\n", out);
  return at;
}

static void write_schema(FILE *out, const mcl_schema *s, size_t index) {
  char prefix[32];
  snprintf(prefix, sizeof prefix, "s%zu", index);
  collected c = {0};
  collect_schema(&c, s);
  fprintf(out, "\n/* ---- %s ---- */\n", s->type);
  fprintf(out, "static mcl_snode %s_n[%zu];\n", prefix, c.node_count ? c.node_count : 1);
  write_node_tables(out, &c, prefix);
  size_t *keys_at = write_keys(out, &c, prefix);
  bool nodes_have_members = false; /* else the table would be unused */
  for (size_t i = 0; i < c.node_count; i++) nodes_have_members |= c.nodes[i]->members != NULL;
  if (nodes_have_members) {
    fprintf(out, "static mcl_members %s_m[%zu] = {\n", prefix, c.member_count);
    for (size_t m = 0; m < c.member_count; m++) {
      fputs("  ", out);
      write_members_init(out, &c, prefix, c.members[m], keys_at[m]);
      fputs(",\n", out);
    }
    fputs("};\n", out);
  }
  fprintf(out, "static mcl_snode %s_n[%zu] = {\n", prefix, c.node_count ? c.node_count : 1);
  for (size_t i = 0; i < c.node_count; i++) write_node(out, &c, prefix, i);
  if (!c.node_count) fputs("  {0},\n", out);
  fputs("};\n", out);
  /* Nodes with a format, for the lazy regex compilation. */
  size_t formats = 0;
  for (size_t i = 0; i < c.node_count; i++) formats += c.nodes[i]->format != NULL;
  if (formats) {
    fprintf(out, "static mcl_snode *%s_fmt[] = {", prefix);
    for (size_t i = 0; i < c.node_count; i++)
      if (c.nodes[i]->format) fprintf(out, "&%s_n[%zu], ", prefix, i);
    fputs("};\n", out);
  }
  if (s->include_count) {
    fprintf(out, "static const char *%s_inc[] = {", prefix);
    for (size_t i = 0; i < s->include_count; i++) {
      c_string(out, s->includes[i]);
      fputs(", ", out);
    }
    fputs("};\n", out);
  }
  if (s->variant_count) {
    fprintf(out, "static mcl_variant %s_var[] = {\n", prefix);
    for (size_t i = 0; i < s->variant_count; i++) {
      fputs("  {.key = ", out);
      c_string(out, s->variants[i].key);
      fputs(", .value = ", out);
      c_string(out, s->variants[i].value);
      fputs(", .members = ", out);
      const mcl_members *vm = &s->variants[i].members;
      write_members_init(out, &c, prefix, vm, keys_at[index_of(&c.member_index, vm)]);
      fputs("},\n", out);
    }
    fputs("};\n", out);
  }
  if (s->define_count) {
    fprintf(out, "static mcl_define %s_def[] = {\n", prefix);
    for (size_t i = 0; i < s->define_count; i++) {
      const mcl_define *d = &s->defines[i];
      fputs("  {.name = ", out);
      c_string(out, d->name);
      fprintf(out, ", .line = %uu, .members = ", d->line);
      write_members_init(out, &c, prefix, &d->members,
                         keys_at[index_of(&c.member_index, &d->members)]);
      fputs(", .item = ", out);
      write_node_ref(out, &c, prefix, d->item);
      fputs("},\n", out);
    }
    fputs("};\n", out);
  }
  fprintf(out, "static mcl_schema %s = {\n  .type = ", prefix);
  c_string(out, s->type);
  fputs(", .title = ", out);
  c_string(out, s->title);
  fputs(", .file = ", out);
  c_string(out, s->file);
  fprintf(out, ",\n  .has_platforms = %d, .platform = ", s->has_platforms);
  write_facts(out, s->platform);
  if (s->include_count)
    fprintf(out, ",\n  .includes = %s_inc, .include_count = %zu", prefix, s->include_count);
  fputs(",\n  .members = ", out);
  write_members_init(out, &c, prefix, &s->members,
                     keys_at[index_of(&c.member_index, &s->members)]);
  if (s->variant_count)
    fprintf(out, ",\n  .variants = %s_var, .variant_count = %zu", prefix, s->variant_count);
  if (s->define_count)
    fprintf(out, ",\n  .defines = %s_def, .define_count = %zu", prefix, s->define_count);
  if (formats) fprintf(out, ",\n  .format_nodes = %s_fmt, .format_node_count = %zu", prefix, formats);
  fputs(",\n  .is_static = true,\n};\n", out);
  free(keys_at);
  free(c.nodes);
  free(c.members);
  map_free(&c.node_index);
  map_free(&c.member_index);
}

/* ---- input files ---- */

static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  mcl_buf b = {0};
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) mcl_buf_add(&b, chunk, got);
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    mcl_buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return (unsigned char *)(b.data ? b.data : mcl_xstrdup(""));
}

/* The value of attribute name in the first element named elem. */
static char *attr_of(const char *text, const char *elem, const char *name) {
  char open[64], key[64];
  snprintf(open, sizeof open, "<%s ", elem);
  snprintf(key, sizeof key, " %s=\"", name);
  const char *e = strstr(text, open);
  const char *end = e ? strchr(e, '>') : NULL;
  const char *a = e ? strstr(e, key) : NULL;
  if (!a || a > end) return NULL;
  a += strlen(key);
  const char *q = strchr(a, '"');
  return q ? mcl_xasprintf("%.*s", (int)(q - a), a) : NULL;
}

static char *release_text(const char *source_xml) {
  size_t len;
  char *text = (char *)slurp(source_xml, &len);
  if (!text) return NULL;
  char *version = attr_of(text, "os", "version");
  char *repo = attr_of(text, "source", "repository");
  char *commit = attr_of(text, "source", "commit");
  char *r = version && repo && commit
                ? mcl_xasprintf("%s (%s %.7s)", version, repo, commit)
                : NULL;
  free(version);
  free(repo);
  free(commit);
  free(text);
  return r;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

typedef struct loaded {
  mcl_schema *schema;
  const char *file;
} loaded;

static int by_type(const void *a, const void *b) {
  return strcmp(((const loaded *)a)->schema->type, ((const loaded *)b)->schema->type);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fputs("usage: compile_schemas OUT.c SOURCE.xml SCHEMA.xml...\n", stderr);
    return 2;
  }
  char *release = release_text(argv[2]);
  if (!release) {
    fprintf(stderr, "compile_schemas: %s: no <os version> or <source repository commit>\n",
            argv[2]);
    return 1;
  }
  size_t n = (size_t)argc - 3;
  loaded *schemas = mcl_xcalloc(n, sizeof *schemas);
  for (size_t i = 0; i < n; i++) {
    const char *path = argv[i + 3];
    size_t len;
    unsigned char *data = slurp(path, &len);
    if (!data) {
      fprintf(stderr, "compile_schemas: cannot read %s\n", path);
      return 1;
    }
    char *file = mcl_xasprintf("<embedded>/%s", base_name(path));
    char *err = NULL;
    schemas[i].schema = mcl_schema_parse(data, len, file, &err);
    free(data);
    if (!schemas[i].schema) {
      fprintf(stderr, "compile_schemas: %s\n", err);
      return 1;
    }
    size_t tl = strlen(base_name(path)) - 4;
    if (strlen(schemas[i].schema->type) != tl ||
        strncmp(schemas[i].schema->type, base_name(path), tl)) {
      fprintf(stderr, "compile_schemas: %s declares type '%s'; it must be named after it\n",
              path, schemas[i].schema->type);
      return 1;
    }
    schemas[i].file = base_name(path);
    free(file);
  }
  qsort(schemas, n, sizeof *schemas, by_type);
  FILE *out = fopen(argv[1], "w");
  if (!out) {
    perror(argv[1]);
    return 1;
  }
  fputs("/* Generated by tools/compile_schemas.c from schemas/generated/; do not edit.\n"
        "   Derived from Apple's device-management schema: Copyright (c) 2022-2024 Apple Inc.\n"
        "   MIT License, see schemas/generated/LICENSE.apple.txt. */\n"
        "#include <stdbool.h>\n#include <stddef.h>\n\n#include \"schema/embedded.h\"\n",
        out);
  for (size_t i = 0; i < n; i++) write_schema(out, schemas[i].schema, i);
  fputs("\nconst mcl_schema_compiled mcl_schemas_compiled[] = {\n", out);
  for (size_t i = 0; i < n; i++) {
    fputs("  {", out);
    c_string(out, schemas[i].schema->type);
    fprintf(out, ", &s%zu},\n", i);
  }
  fprintf(out, "};\nconst size_t mcl_schemas_compiled_count = %zu;\n", n);
  fputs("const char mcl_schema_release_text[] = ", out);
  c_string(out, release);
  fputs(";\n", out);
  int bad = ferror(out);
  if (fclose(out) != 0 || bad) {
    fprintf(stderr, "compile_schemas: cannot write %s\n", argv[1]);
    remove(argv[1]);
    return 1;
  }
  for (size_t i = 0; i < n; i++) mcl_schema_free(schemas[i].schema);
  free(schemas);
  free(release);
  return 0;
}
