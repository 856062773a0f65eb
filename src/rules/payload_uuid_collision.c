/* payload-uuid-collision: the run-level phase (src/lint/run.c) finds the
 * collisions across files; rules/across.c words them. */
#include "rules/rule.h"

const mcl_rule mcl_rule_payload_uuid_collision = {
    MCL_RULE_IDENTITY(payload_uuid_collision), .name = "payload-uuid-collision",
    .severity = MCL_ERROR, .flags = MCL_RULE_ACROSS,
    .summary = "A PayloadUUID appears in two profiles",
    .explanation =
        "A PayloadUUID must be unique, not only within its profile (duplicate-uuid) but "
        "everywhere: MDM servers and devices use it to tell payloads and profiles apart, and "
        "certificate references (PayloadCertificateUUID) point at it. A UUID copied into a "
        "second profile makes an update of one look like an update of the other. UUIDs "
        "compare without regard to case; the profile's own UUID and its payloads' count alike."
        "\n\n"
        "Checked across the files of one run (and --repository), between profiles that can "
        "meet on one device (configuration [groups]); reported in each file, naming the "
        "others. Template placeholders and placeholder UUIDs (all zeros) never collide.",
    .bad = "<!-- a.mobileconfig -->\n"
           "<key>PayloadUUID</key>\n"
           "<string>9A0F3C5E-2B7D-4E61-8C3A-5D4F6E7A8B9C</string>\n"
           "<!-- b.mobileconfig -->\n"
           "<key>PayloadUUID</key>\n"
           "<string>9A0F3C5E-2B7D-4E61-8C3A-5D4F6E7A8B9C</string>",
    .good = "<!-- a.mobileconfig -->\n"
            "<key>PayloadUUID</key>\n"
            "<string>9A0F3C5E-2B7D-4E61-8C3A-5D4F6E7A8B9C</string>\n"
            "<!-- b.mobileconfig -->\n"
            "<key>PayloadUUID</key>\n"
            "<string>1C7E9B2A-4D3F-4A8E-B5C6-7D8E9F0A1B2C</string>",
};
