/* Arbitrary bytes as a ProfileManifests manifest: the manifest reader
 * (skimmed and whole), the model, and every key read on first use, as a
 * profile's keys would make them read. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "schema/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void resolve_all(const mcl_members *m) {
  for (size_t i = 0; i < m->count; i++) {
    const mcl_snode *n = m->keys[i];
    if (n->pfm && n->pfm->lazy_len) n = mcl_manifest_resolve(n);
    if (n->members) resolve_all(n->members);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = mcl_xmalloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  free(mcl_manifest_scan_domain(text, size));
  char *err = NULL;
  mcl_schema *s = mcl_manifest_parse(text, size, "/fuzz/manifest.plist", &err);
  if (s) {
    resolve_all(&s->members); /* nested members are never stubs: depth 1 */
    mcl_manifest_free(s);
  } else {
    free(text);
  }
  free(err);
  return 0;
}
