/* osver.h: target platforms and OS versions, packed so that comparing
 * versions is comparing integers. */
#ifndef MCL_OSVER_H
#define MCL_OSVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
  MCL_PLATFORM_IOS = 1u << 0,
  MCL_PLATFORM_MACOS = 1u << 1,
  MCL_PLATFORM_TVOS = 1u << 2,
  MCL_PLATFORM_VISIONOS = 1u << 3,
  MCL_PLATFORM_WATCHOS = 1u << 4,
};
#define MCL_PLATFORM_COUNT 5

/* An OS version packed so that comparison is integer comparison. */
typedef uint32_t mcl_osver;
#define MCL_OSVER(major, minor, patch) \
  ((mcl_osver)(((major) << 16) | ((minor) << 8) | (patch)))

/* Parses "17", "17.2" or "10.12.4"; returns false on anything else. */
bool mcl_version_parse(const char *s, mcl_osver *out);
/* Writes "17.2" style text into buf. */
const char *mcl_version_format(mcl_osver v, char *buf, size_t size);

const char *mcl_platform_name(unsigned platform_bit); /* "iOS", "macOS", ... */
/* Index 0..4 of a single platform bit, or -1. */
int mcl_platform_index(unsigned platform_bit);

#endif
