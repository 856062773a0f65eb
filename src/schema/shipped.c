/* shipped.c: payload types Apple signs and ships in its own profiles but
 * does not document in its schema. They are not unknown: a profile holding
 * one is Apple's, or copies Apple's, and only their common keys can be
 * checked. Each entry says where it was seen, so that it can be re-checked
 * (and removed once Apple documents the type). */
#include <string.h>

#include "schema/schema.h"

static const struct {
  const char *type;
  const char *seen;
} shipped[] = {
    {"com.apple.corecapture.configure",
     "Apple's Wi-Fi logging profile (developer.apple.com/bug-reporting/profiles-and-logs), "
     "signed by the AppleCare Profile Signing Certificate"},
    {"com.apple.defaults.managed",
     "Apple's logging and debug profiles (developer.apple.com/bug-reporting/profiles-and-logs: "
     "Baseband, CFNetwork, Location, iCloud Drive, ...), signed by the AppleCare Profile "
     "Signing Certificate"},
};

const char *mcl_schema_shipped_type(const char *type) {
  for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++)
    if (!strcmp(shipped[i].type, type)) return shipped[i].seen;
  return NULL;
}
