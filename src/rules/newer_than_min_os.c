/* newer-than-min-os: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_newer_than_min_os = {
    .code = "MC311", .name = "newer-than-min-os", .category = "schema", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload or key was introduced after the minimum OS version",
    .explanation =
        "With --min-os, every payload and key must exist in that release on each "
        "targeted platform: a device running an older release refuses a payload it does "
        "not know and ignores a key. The finding is made where the requirement starts "
        "(the payload, or the key that is newer than its payload), not at every key "
        "below it. A key set to its default (DisableAssociationMACRandomization false "
        "before macOS 15) changes nothing where it is ignored and is not reported."
        "\n\n"
        "How the target matters (--min-os, --platform): it reports nothing "
        "without --min-os, and with several platforms it is a warning when the version "
        "holds on only some of them. --min-os applies to every targeted platform.",
    .bad = "<!-- mclint --platform ios --min-os 17 -->\n<key>ExcludeDeviceCommunication</key>\n<integer>0</integer>",
    .good = "<!-- mclint --platform ios --min-os 17.4 -->\n<key>ExcludeDeviceCommunication</key>\n<integer>0</integer>",
};
