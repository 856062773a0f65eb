/* conflicting-setting: the run-level phase (src/lint/run.c) finds the
 * conflicts across files; rules/across.c decides which settings merge
 * (and so never conflict) and words the findings. */
#include "rules/rule.h"

const mcl_rule mcl_rule_conflicting_setting = {
    MCL_RULE_IDENTITY(conflicting_setting), .name = "conflicting-setting",
    .severity = MCL_WARNING, .flags = MCL_RULE_ACROSS,
    .summary = "Two profiles set one key of one preference domain to different values",
    .explanation =
        "When two installed profiles manage the same key of the same preference domain (a "
        "custom settings payload, whose PayloadType is the domain, or a domain of "
        "com.apple.ManagedClient.preferences) with different values, which value a device "
        "applies is not defined, and may change with the order the profiles were installed "
        "in."
        "\n\n"
        "Where Apple documents how payloads merge, only what the merge cannot reconcile is "
        "reported: in Restrictions (com.apple.applicationaccess and "
        "com.apple.applicationaccess.new) the most restrictive boolean and content rating "
        "win and lists combine, so only other keys (such as ratingRegion) conflict. Payload "
        "types that may be installed many times (Wi-Fi, VPN, certificates) are separate "
        "instances, not shared settings, and are not compared; types that may be installed "
        "once are single-payload-collision's. Values compare by content (dictionaries "
        "regardless of key order); template placeholders never conflict; secret values are "
        "never shown."
        "\n\n"
        "Checked across the files of one run (and --repository), between profiles that can "
        "meet on one device (configuration [groups]).",
    .bad = "<!-- agent.mobileconfig, PayloadType com.example.agent -->\n"
           "<key>UpdateChannel</key>\n"
           "<string>beta</string>\n"
           "<!-- agent-beta.mobileconfig, PayloadType com.example.agent -->\n"
           "<key>UpdateChannel</key>\n"
           "<string>stable</string>",
    .good = "<!-- one profile manages com.example.agent's UpdateChannel, or the two go to\n"
            "     different devices: [groups] in .mclint.toml -->\n"
            "<key>UpdateChannel</key>\n"
            "<string>stable</string>",
};
