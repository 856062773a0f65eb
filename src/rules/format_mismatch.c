/* format-mismatch: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_format_mismatch = {
    .code = "MC308", .name = "format-mismatch", .category = "schema", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "A string does not have the form the schema's pattern requires",
    .explanation =
        "A few keys have a format given as a regular expression: UUID-shaped "
        "references, https URLs, MAC addresses. The whole string must match it (the "
        "pattern is anchored at both ends). Values holding a template placeholder are "
        "left to template-marker, and values of secret keys are not printed.",
    .bad = "<key>PayloadCertificateUUID</key>\n<string>my-cert</string>",
    .good = "<key>PayloadCertificateUUID</key>\n<string>6F1D1C2B-3A4E-4F5A-8B6C-7D8E9F0A1B2C</string>",
};
