/* encrypted_payload_content.c: profiles whose payloads are encrypted for one device
 * (EncryptedPayloadContent) can be checked only as far as their envelope. */
#include "rules/rule.h"

static void check(mcl_ctx *ctx) {
  const mcl_value *root = ctx->profile.root;
  const mcl_entry *e = mcl_dict_entry(root, "EncryptedPayloadContent");
  if (!e) return;
  const mcl_value *v = e->value;
  if (v->type != MCL_T_DATA) {
    mcl_emit(ctx, &mcl_rule_encrypted_payload_content, v->pos, "EncryptedPayloadContent",
             "EncryptedPayloadContent is %s, not <data>; its payloads cannot be read",
             mcl_type_element(v->type));
    return;
  }
  mcl_emit(ctx, &mcl_rule_encrypted_payload_content, e->key_pos, "EncryptedPayloadContent",
           "the payloads are encrypted (EncryptedPayloadContent, %zu bytes) and were not "
           "inspected; only the profile's envelope was checked",
           v->u.data.len);
}

const mcl_rule mcl_rule_encrypted_payload_content = {
    MCL_RULE_IDENTITY(encrypted_payload_content), .name = "encrypted-payload-content", .severity = MCL_INFO,
    .summary = "The payloads are encrypted, so only the envelope was checked",
    .explanation =
        "An MDM server can encrypt a profile's payloads for one device: PayloadContent is "
        "replaced by EncryptedPayloadContent, CMS enveloped data that only that device's "
        "private key opens. mclint checks the envelope (identifier, UUID, type, version, "
        "removal settings) and says that the payloads themselves were not inspected. "
        "`mclint --audit` names the recipients the content is encrypted for.",
    .bad = "<!-- runs signed-fixtures/encrypted.mobileconfig -->\n"
           "<key>EncryptedPayloadContent</key>\n<data>MIAGCSqGSIb3DQEHA6CAMIAC...</data>",
    .good = "<!-- the profile as reviewed, before the MDM encrypts it for a device: its\n"
            "     payloads in the clear -->\n"
            "<key>PayloadType</key>\n<string>com.apple.dock</string>",
    .check = check,
};
