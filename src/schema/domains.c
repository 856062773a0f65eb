/* domains.c: Apple payload types that macOS applies as the managed
 * preferences of the domain of the same name: every key of the payload is
 * written to that domain as it is, documented or not. Apple's schema lists
 * the keys Apple documents; apps read more (com.apple.finder's
 * _FXShowPosixPathInTitle, com.apple.dock's showhidden). A key of such a
 * payload that no documented key is close to is more likely one of those
 * than a mistake (unknown-key says so as information). */
#include <string.h>

#include "schema/schema.h"

static const char *const domains[] = {
    ".GlobalPreferences",  "com.apple.MCX",           "com.apple.MCX.TimeMachine",
    "com.apple.SoftwareUpdate", "com.apple.applicationaccess.new", "com.apple.desktop",
    "com.apple.dock",      "com.apple.familycontrols.contentfilter",
    "com.apple.familycontrols.timelimits.v2", "com.apple.finder", "com.apple.loginwindow",
    "com.apple.mcxprinting", "com.apple.preference.security", "com.apple.screensaver",
    "com.apple.screensaver.user", "com.apple.systempreferences", "com.apple.systemuiserver",
};

bool mcl_schema_preference_domain(const char *type) {
  for (size_t i = 0; type && i < sizeof domains / sizeof domains[0]; i++)
    if (!strcmp(type, domains[i])) return true;
  return false;
}
