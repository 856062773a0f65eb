/* osver.c: OS versions ("17", "14.2", "10.12.4") packed so that comparing
 * versions is comparing integers. Used by options and by the schema loader
 * (also at build time, by tools/compile_schemas.c). */
#include <ctype.h>
#include <stdio.h>

#include "base/osver.h"

bool mcl_version_parse(const char *s, mcl_osver *out) {
  unsigned part[3] = {0, 0, 0};
  int n = 0;
  const char *p = s;
  while (n < 3) {
    if (!isdigit((unsigned char)*p)) return false;
    unsigned long v = 0;
    while (isdigit((unsigned char)*p)) {
      v = v * 10 + (unsigned)(*p++ - '0');
      if (v > 255) return false;
    }
    part[n++] = (unsigned)v;
    if (*p == '\0') break;
    if (*p++ != '.') return false;
  }
  if (*p != '\0') return false;
  *out = MCL_OSVER(part[0], part[1], part[2]);
  return true;
}

const char *mcl_version_format(mcl_osver v, char *buf, size_t size) {
  unsigned major = v >> 16, minor = (v >> 8) & 0xff, patch = v & 0xff;
  if (patch)
    snprintf(buf, size, "%u.%u.%u", major, minor, patch);
  else
    snprintf(buf, size, "%u.%u", major, minor);
  return buf;
}

static const char *const platform_names[MCL_PLATFORM_COUNT] = {"iOS", "macOS", "tvOS",
                                                                "visionOS", "watchOS"};

const char *mcl_platform_name(unsigned bit) {
  int i = mcl_platform_index(bit);
  return i < 0 ? "?" : platform_names[i];
}

int mcl_platform_index(unsigned bit) {
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++)
    if (bit == 1u << i) return i;
  return -1;
}
