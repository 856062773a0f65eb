/* profile-identifier-collision: the run-level phase (src/lint/run.c) finds
 * the collisions across files; rules/across.c words them. */
#include "rules/rule.h"

const mcl_rule mcl_rule_profile_identifier_collision = {
    MCL_RULE_IDENTITY(profile_identifier_collision), .name = "profile-identifier-collision",
    .severity = MCL_ERROR, .flags = MCL_RULE_ACROSS,
    .summary = "Two profiles share a top-level PayloadIdentifier",
    .explanation =
        "A device knows an installed profile by its top-level PayloadIdentifier: installing "
        "a profile whose identifier is already installed replaces that profile. Two different "
        "profiles with one identifier therefore cannot both be on a device; whichever came "
        "last silently removes the other. The usual cause is a profile copied as the start of "
        "a new one."
        "\n\n"
        "Checked across the files of one run (and --repository), between profiles that can "
        "meet on one device (configuration [groups]); reported in each file, naming the "
        "others. Template placeholders never collide, and neither do copies of one profile (the same property list in two files: a signed copy, a binary one, another layout).",
    .bad = "<!-- wifi.mobileconfig -->\n"
           "<key>PayloadIdentifier</key>\n"
           "<string>com.example.profile</string>\n"
           "<!-- vpn.mobileconfig -->\n"
           "<key>PayloadIdentifier</key>\n"
           "<string>com.example.profile</string>",
    .good = "<!-- wifi.mobileconfig -->\n"
            "<key>PayloadIdentifier</key>\n"
            "<string>com.example.wifi</string>\n"
            "<!-- vpn.mobileconfig -->\n"
            "<key>PayloadIdentifier</key>\n"
            "<string>com.example.vpn</string>",
};
