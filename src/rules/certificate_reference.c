#include <string.h>
#include <strings.h>

#include "plist/walk.h"
#include "rules/cert.h"

static bool ends_with_icase(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Keys that name another payload of the profile by its PayloadUUID: a
 * single UUID, or (plural and anchor keys) an array of them. */
int mcl_uuid_reference_kind(const char *key) {
  if (ends_with_icase(key, "CertificateUUID") || strcmp(key, "EncryptCertPayloadUUID") == 0 ||
      strcmp(key, "AccessKeyTerminalIdentityUUID") == 0)
    return 1;
  if (ends_with_icase(key, "CertificateUUIDs") || ends_with_icase(key, "CertificateAnchorUUID"))
    return 2;
  return 0;
}

static const mcl_payload *find_payload(const mcl_ctx *ctx, const char *uuid) {
  for (size_t i = 0; i < ctx->profile.payload_count; i++) {
    const mcl_payload *p = &ctx->profile.payloads[i];
    const char *u = mcl_dict_get_string(p->dict, "PayloadUUID");
    if (u && mcl_streq_icase(u, uuid)) return p;
  }
  return NULL;
}

static void check_uuid(mcl_ctx *ctx, const char *key, const mcl_value *v, const char *path) {
  if (v->type != MCL_T_STRING || !v->u.str.len || mcl_has_template_marker(v->u.str.s)) return;
  const mcl_payload *target = find_payload(ctx, v->u.str.s);
  if (!target) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_certificate_reference, v->pos, path,
                           "%s names %s, but no payload of this profile has that PayloadUUID: "
                           "the certificate it needs is not there",
                           key, v->u.str.s);
    mcl_hint(ctx, d,
             "add the certificate or identity payload to the profile, or correct the "
             "UUID to its PayloadUUID");
    return;
  }
  const char *type = target->type;
  if (!type || strncmp(type, "com.apple.", 10) != 0 || mcl_is_certificate_type(type)) return;
  mcl_emit(ctx, &mcl_rule_certificate_reference, v->pos, path,
           "%s names %s, a %s payload, which holds no certificate", key, target->path, type);
}

/* PayloadCertificateUUID means the same in every payload; the other
 * names are Apple's, and a vendor's settings may use them otherwise. */
static void visit(mcl_ctx *ctx, const char *key, const mcl_value *v, mcl_walk_path *where,
                  void *arg) {
  bool apple = *(const bool *)arg;
  int kind = !key                                         ? 0
             : strcmp(key, "PayloadCertificateUUID") == 0 ? 1
             : apple                                      ? mcl_uuid_reference_kind(key)
                                                          : 0;
  if (kind == 0) return;
  const char *path = mcl_walk_path_text(where);
  if (kind == 1) check_uuid(ctx, key, v, path);
  if (kind != 2 || v->type != MCL_T_ARRAY) return;
  for (size_t i = 0; i < v->u.array.count; i++)
    check_uuid(ctx, key, v->u.array.items[i], mcl_path_index(ctx->arena, path, i));
}

static void check(mcl_ctx *ctx) {
  for (size_t i = 0; i < ctx->profile.payload_count; i++) {
    const mcl_payload *p = &ctx->profile.payloads[i];
    bool apple = p->type && strncmp(p->type, "com.apple.", 10) == 0 &&
                 strcmp(p->type, "com.apple.ManagedClient.preferences") != 0;
    mcl_walk(ctx, p->dict, p->path, visit, &apple);
  }
}

const mcl_rule mcl_rule_certificate_reference = {
    MCL_RULE_IDENTITY(certificate_reference), .name = "certificate-reference", .severity = MCL_ERROR,
    .flags = MCL_RULE_ABSENCE,
    .summary = "A certificate reference that names no certificate payload of the profile",
    .explanation =
        "PayloadCertificateUUID (in VPN, Wi-Fi, Exchange, DNS settings and other payloads, "
        "at any depth), PayloadCertificateAnchorUUID, the S/MIME, identity and pinning "
        "certificate UUIDs all name another payload of the same profile by its "
        "PayloadUUID. A device cannot look outside the profile: when no payload has that "
        "UUID, the profile fails to install or the setting has no certificate, typically "
        "after a certificate payload was regenerated with a new UUID or copied from "
        "another profile.\n\n"
        "The payload named must also hold a certificate or identity: pkcs1, pem, root, "
        "pkcs12, SCEP, ACME or Active Directory certificate. UUIDs compare without regard "
        "to case; template placeholders are left to template-marker.",
    .bad = "<key>PayloadCertificateUUID</key>\n"
           "<string>4F2C8A1D-6B3E-4C7F-9A0D-2E5B8C1F4A7D</string>\n"
           "<!-- and no payload with that PayloadUUID -->",
    .good = "<key>PayloadCertificateUUID</key>\n"
            "<string>4F2C8A1D-6B3E-4C7F-9A0D-2E5B8C1F4A7D</string>\n...\n<key>PayloadType</key>\n<string>com.apple.security.pkcs12</string>\n"
            "<key>PayloadUUID</key>\n<string>4F2C8A1D-6B3E-4C7F-9A0D-2E5B8C1F4A7D</string>",
    .check = check,
};
