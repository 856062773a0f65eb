/* embed_schemas.c: build-time tool that turns the schema files into a C
 * source, so that mclint needs no schema files at run time.
 *
 *   embed_schemas OUT.c SOURCE.xml SCHEMA.xml...
 *
 * Writes one byte array per schema and a table {payload type, file name,
 * bytes, length} sorted by payload type (the loader searches it), plus the
 * release text of SOURCE.xml: "<os version> (<repository> <commit:7>)". The
 * payload type of a schema file is its name without ".xml" (schemas/README.md).
 * Plain C with no dependencies: it runs before the library is built. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
  const char *path, *base;
  size_t type_len;
} entry;

static int by_type(const void *a, const void *b) {
  const entry *x = a, *y = b;
  size_t n = x->type_len < y->type_len ? x->type_len : y->type_len;
  int c = strncmp(x->base, y->base, n);
  return c ? c : (x->type_len > y->type_len) - (x->type_len < y->type_len);
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  unsigned char *buf = malloc(cap + 1);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      unsigned char *bigger = realloc(buf, cap * 2 + 1);
      if (!bigger) free(buf);
      buf = bigger;
      cap *= 2;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (!buf || bad) {
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* Copies the value of attribute `name` of the first element starting at
 * `from` into out; returns a pointer past it, or NULL. */
static const char *attr(const char *from, const char *name, char *out, size_t size) {
  char pat[64];
  snprintf(pat, sizeof pat, " %s=\"", name);
  const char *p = strstr(from, pat);
  if (!p) return NULL;
  p += strlen(pat);
  const char *end = strchr(p, '"');
  if (!end || (size_t)(end - p) >= size) return NULL;
  memcpy(out, p, (size_t)(end - p));
  out[end - p] = '\0';
  return end;
}

/* "27.0 (apple/device-management 9468f87)"; with different OS versions,
 * "iOS 27.0, macOS 16.0 (...)". */
static int release_text(const char *source, char *out, size_t size) {
  char repo[256], commit[64], versions[512] = "", first[32] = "";
  const char *root = strstr(source, "<source ");
  if (!root || !attr(root, "repository", repo, sizeof repo) ||
      !attr(root, "commit", commit, sizeof commit) || strlen(commit) < 7)
    return -1;
  int same = 1, count = 0;
  for (const char *p = strstr(root, "<os "); p; p = strstr(p + 1, "<os ")) {
    char name[32], version[32];
    if (!attr(p, "name", name, sizeof name) || !attr(p, "version", version, sizeof version))
      return -1;
    if (!count++) snprintf(first, sizeof first, "%s", version);
    else if (strcmp(first, version)) same = 0;
    size_t len = strlen(versions);
    snprintf(versions + len, sizeof versions - len, "%s%s %s", len ? ", " : "", name, version);
  }
  if (!count) return -1;
  snprintf(out, size, "%s (%s %.7s)", same ? first : versions, repo, commit);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fputs("usage: embed_schemas OUT.c SOURCE.xml SCHEMA.xml...\n", stderr);
    return 2;
  }
  size_t n = (size_t)argc - 3, len;
  entry *e = calloc(n, sizeof *e);
  if (!e) return 1;
  for (size_t i = 0; i < n; i++) {
    e[i].path = argv[i + 3];
    e[i].base = base_name(e[i].path);
    size_t bl = strlen(e[i].base);
    if (bl <= 4 || strcmp(e[i].base + bl - 4, ".xml")) {
      fprintf(stderr, "embed_schemas: %s: not a .xml file\n", e[i].path);
      free(e);
      return 1;
    }
    e[i].type_len = bl - 4;
  }
  qsort(e, n, sizeof *e, by_type);
  unsigned char *source = slurp(argv[2], &len);
  char release[1024];
  if (!source || release_text((const char *)source, release, sizeof release) != 0) {
    fprintf(stderr, "embed_schemas: %s: cannot read the release (repository, commit, os)\n",
            argv[2]);
    free(source);
    free(e);
    return 1;
  }
  free(source);
  FILE *out = fopen(argv[1], "w");
  if (!out) {
    perror(argv[1]);
    free(e);
    return 1;
  }
  fputs("/* Generated at build time by tools/embed_schemas.c from schemas/generated/;\n"
        " * do not edit. */\n#include \"schema/embedded.h\"\n\n",
        out);
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    unsigned char *data = slurp(e[i].path, &len);
    if (!data) {
      fprintf(stderr, "embed_schemas: cannot read %s\n", e[i].path);
      rc = 1;
      break;
    }
    fprintf(out, "static const unsigned char schema_%zu[%zu] = {", i, len + 1);
    for (size_t k = 0; k < len; k++) fprintf(out, "%s%u,", k % 24 ? "" : "\n", data[k]);
    fputs("0};\n", out);
    free(data);
  }
  fputs("\nconst mcl_schema_blob mcl_schema_blobs[] = {\n", out);
  for (size_t i = 0; i < n; i++)
    fprintf(out, "    {\"%.*s\", \"%s\", schema_%zu, sizeof schema_%zu - 1},\n",
            (int)e[i].type_len, e[i].base, e[i].base, i, i);
  fprintf(out, "};\nconst size_t mcl_schema_blob_count = %zu;\n", n);
  fprintf(out, "const char mcl_schema_release_text[] = \"%s\";\n", release);
  if (fclose(out) != 0) rc = 1;
  if (rc) remove(argv[1]);
  free(e);
  return rc;
}
