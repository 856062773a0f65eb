/* payload-identifier-collision: the run-level phase (src/lint/run.c) finds
 * the collisions across files; rules/across.c words them. */
#include "rules/rule.h"

const mcl_rule mcl_rule_payload_identifier_collision = {
    MCL_RULE_IDENTITY(payload_identifier_collision), .name = "payload-identifier-collision",
    .severity = MCL_WARNING, .flags = MCL_RULE_ACROSS,
    .summary = "A payload's PayloadIdentifier appears in two profiles",
    .explanation =
        "Devices and MDM servers match payloads by PayloadIdentifier. The same payload "
        "identifier in two profiles is usually a payload copied from one to the other: "
        "when both are installed, which of the two a device keeps for that identifier, "
        "and which one removing a profile takes away, is not defined."
        "\n\n"
        "Checked across the files of one run (and --repository), between profiles that can "
        "meet on one device (configuration [groups]); reported in each file, naming the "
        "others. Template placeholders never collide, and neither do copies of one profile (the same property list in two files: a signed copy, a binary one, another layout).",
    .bad = "<!-- office.mobileconfig, PayloadContent[0] -->\n"
           "<key>PayloadIdentifier</key>\n"
           "<string>com.example.wifi</string>\n"
           "<!-- guest.mobileconfig, PayloadContent[0] -->\n"
           "<key>PayloadIdentifier</key>\n"
           "<string>com.example.wifi</string>",
    .good = "<!-- office.mobileconfig, PayloadContent[0] -->\n"
            "<key>PayloadIdentifier</key>\n"
            "<string>com.example.wifi.office</string>\n"
            "<!-- guest.mobileconfig, PayloadContent[0] -->\n"
            "<key>PayloadIdentifier</key>\n"
            "<string>com.example.wifi.guest</string>",
};
