/* manifest.h: ProfileManifests (pfm_) manifests as a schema source.
 *
 * A manifest is an XML property list describing one preference domain
 * (format: docs/manifests.md). It is read by a small reader of its own
 * (manifest_plist.c) rather than the profile reader: a manifest is read to
 * be understood, not linted, and the largest (Chrome's, half a megabyte of
 * descriptions) must cost a fraction of one profile's lint. manifest.c
 * turns the property list into the schema model of schema.h; manifests.c
 * indexes the manifest directories and reads each manifest on first use. */
#ifndef MCL_MANIFEST_H
#define MCL_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/mapfile.h"
#include "plist/value.h"
#include "schema/schema.h"

/* With lazy reading, each entry of the root's pfm_subkeys is not read but
 * skimmed: in the tree it is a placeholder <integer> marked invalid, whose
 * magnitude indexes the skims. */
typedef struct mcl_manifest_skim {
  const char *name;   /* its pfm_name, or NULL when unusual (then read it) */
  bool eager;         /* it must be read at once: it has pfm_require or
                         pfm_conditionals, which apply without the key */
  bool layout;        /* it has pfm_segments: an editor's control, no key */
  size_t offset, len; /* of its <dict> element in the document */
} mcl_manifest_skim;

/* Reads an XML property list into values allocated in arena. Positions are
 * not lines: each value's pos.line is 0 and pos.col its byte offset + 1
 * (see mcl_manifest_line). With skims non-NULL the root's pfm_subkeys
 * entries are skimmed (*skims is malloc()ed; free() it). On failure returns
 * NULL and sets *err to "LINE: message" (free() it). Depth is capped;
 * never recurses. */
mcl_value *mcl_manifest_plist_read(mcl_arena *arena, const char *data, size_t len,
                                   mcl_manifest_skim **skims, size_t *skim_count, char **err);
/* Reads the one element at data[offset, offset + entry_len) (a skimmed
 * entry); error lines count from data's start. */
mcl_value *mcl_manifest_plist_read_entry(mcl_arena *arena, const char *data, size_t len,
                                         size_t offset, size_t entry_len, char **err);
/* The 1-based line of a byte offset + 1 as stored in pos.col. */
unsigned mcl_manifest_line(const char *data, size_t len, uint32_t col);

/* Parses one manifest (data: its file's bytes, malloc()ed with a NUL after
 * them, which the schema takes over on success; file: its path for messages) into a
 * schema whose type is its pfm_domain. On failure returns
 * NULL and sets *err to "FILE:LINE: message". The corrections of
 * schemas/overrides/manifests.txt for its domain are applied. */
mcl_schema *mcl_manifest_parse(char *data, size_t len, const char *file, char **err);
/* The same for bytes from mcl_map_file, which the schema takes over on
 * success and the caller keeps (and releases) on failure. */
mcl_schema *mcl_manifest_parse_mapped(mcl_mapped_file map, const char *file, char **err);

/* Frees a schema made by mcl_manifest_parse. */
void mcl_manifest_free(mcl_schema *s);
/* The node of a key that is read on first use (its pfm has lazy_len), read
 * now if need be; thread-safe. When the entry cannot be read the node
 * accepts any value and stub->pfm->lazy_error says why. */
const mcl_snode *mcl_manifest_resolve(const mcl_snode *stub);

/* The pfm_domain of a manifest, read cheaply from its first top-level
 * pfm_domain string without reading the rest; NULL when there is none. The
 * result is malloc()ed. */
char *mcl_manifest_scan_domain(const char *data, size_t len);

/* ---- corrections to manifest data (manifest_overrides.c) ---- */

/* Applies the corrections that name s's domain to its model: with entry
 * NULL those of keys already read, else those inside that top-level key
 * (read on first use). A correction whose key no longer exists is ignored
 * (the user's checkout may be older or newer than the corrections). */
void mcl_manifest_apply_overrides(mcl_schema *s, mcl_snode *entry);
/* One correction (an OPERATION of schemas/overrides/manifests.txt) to node
 * n of s; false when the operation or its value is unknown or does not fit
 * the node. */
bool mcl_manifest_correct(mcl_schema *s, mcl_snode *n, const char *op, const char *value);
size_t mcl_manifest_override_count(void);

#endif
