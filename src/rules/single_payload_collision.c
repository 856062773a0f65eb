/* single-payload-collision: the run-level phase (src/lint/run.c) finds the
 * collisions across files; rules/across.c words them. */
#include "rules/rule.h"

const mcl_rule mcl_rule_single_payload_collision = {
    MCL_RULE_IDENTITY(single_payload_collision), .name = "single-payload-collision",
    .severity = MCL_WARNING, .flags = MCL_RULE_ACROSS | MCL_RULE_TARGETED,
    .summary = "A payload type a device may hold once is in two profiles",
    .explanation =
        "Apple's schema says, per platform, whether a payload type may be installed more "
        "than once (multiple). A Dock, passcode or Home Screen Layout payload in two profiles "
        "for the same devices cannot both apply: the second profile fails to install, or one "
        "payload silently wins. duplicate-payload-type reports two in one profile; this rule "
        "reports them in two files."
        "\n\n"
        "How the target matters: as for duplicate-payload-type, without --platform every "
        "platform where the payload exists must forbid a second one. Checked across the files "
        "of one run (and --repository), between profiles that can meet on one device "
        "(configuration [groups]).",
    .bad = "<!-- dock.mobileconfig -->\n<key>PayloadType</key>\n<string>com.apple.dock</string>\n"
           "<!-- dock-lab.mobileconfig, for the same Macs -->\n"
           "<key>PayloadType</key>\n"
           "<string>com.apple.dock</string>",
    .good = "<!-- dock.mobileconfig for staff, dock-lab.mobileconfig for the lab:\n"
            "[groups]\n"
            "staff = [\"staff/**\", \"dock.mobileconfig\"]\n"
            "lab = [\"lab/**\", \"dock-lab.mobileconfig\"] -->",
};
