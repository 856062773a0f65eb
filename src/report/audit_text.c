/* audit_text.c: the audit for reading (docs/audit.md): a block per file.
 * Values come from the profile: they are written only through
 * mcl_put_text, never raw, so that a profile cannot drive the terminal. */
#include <stdio.h>

#include "plist/scalar.h"
#include "report/audit_facts.h"

static void field(FILE *out, const char *label, const char *value) {
  fprintf(out, "  %-13s ", label);
  mcl_put_text(out, value ? value : "(none)");
  fputc('\n', out);
}

static void cert(FILE *out, const char *indent, const mcl_cert_info *ci) {
  char a[32], b[32];
  mcl_format_date(ci->not_before, a, sizeof a);
  mcl_format_date(ci->not_after, b, sizeof b);
  fprintf(out, "%ssubject  ", indent);
  mcl_put_text(out, ci->subject);
  fprintf(out, "\n%sissuer   ", indent);
  mcl_put_text(out, ci->issuer);
  fprintf(out, "\n%sserial   %s; %s\n", indent, ci->serial, ci->key ? ci->key : "");
  long long left = mcl_audit_days_left(ci->not_after);
  if (left < 0)
    fprintf(out, "%svalid    %s to %s (expired %lld days ago)\n", indent, a, b, -left);
  else
    fprintf(out, "%svalid    %s to %s (expires in %lld days)\n", indent, a, b, left);
}

static void signature(FILE *out, const mcl_container *c) {
  if (!c) {
    field(out, "Signed", "no");
    return;
  }
  field(out, "Container", c->description);
  const char *sig = c->integrity == MCL_CHECK_PASSED   ? "intact: the content is what was signed"
                    : c->integrity == MCL_CHECK_FAILED ? c->integrity_detail
                                                       : "not checked";
  field(out, "Signature", sig);
  for (size_t i = 0; i < c->signer_count; i++) {
    const mcl_signer *s = &c->signers[i];
    fprintf(out, "  Signer %zu\n", i + 1);
    if (s->has_cert) {
      cert(out, "    ", &s->cert);
    } else {
      fputs("    certificate not in the file; issuer ", out);
      mcl_put_text(out, s->cert.issuer);
      fprintf(out, ", serial %s\n", s->cert.serial);
    }
    fputs("    chain    ", out);
    if (s->chain == MCL_CHECK_NOT_DONE) fputs("not checked (use --verify or --ca-file)", out);
    if (s->chain == MCL_CHECK_PASSED) fputs("verified to ", out);
    if (s->chain == MCL_CHECK_FAILED) fputs("NOT TRUSTED: ", out);
    if (s->chain != MCL_CHECK_NOT_DONE) mcl_put_text(out, s->chain_detail);
    fputc('\n', out);
  }
}

static void payload(FILE *out, const mcl_audit_payload *p) {
  fprintf(out, "    [%zu] ", p->index);
  mcl_put_text(out, p->type ? p->type : "(no PayloadType)");
  fputs("  ", out);
  mcl_put_text(out, p->identifier ? p->identifier : "(no identifier)");
  if (p->name) {
    fputs("  \"", out);
    mcl_put_text(out, p->name);
    fputc('"', out);
  }
  fputc('\n', out);
  switch (p->installs) {
  case MCL_AUDIT_INSTALLS_CERT:
    fprintf(out, "        installs a certificate%s:\n",
            p->cert.is_ca && p->cert.self_signed ? ", a root CA"
            : p->cert.is_ca                      ? ", an intermediate CA"
                                                 : "");
    cert(out, "          ", &p->cert);
    break;
  case MCL_AUDIT_INSTALLS_IDENTITY:
    fprintf(out,
            "        installs an identity (certificate and private key, PKCS#12); it is "
            "password-protected and cannot be opened here%s\n",
            p->identity_password ? " (the profile includes the password)" : "");
    break;
  case MCL_AUDIT_INSTALLS_UNREADABLE:
    fputs("        PayloadContent is not a readable certificate\n", out);
    break;
  case MCL_AUDIT_INSTALLS_NOTHING: break;
  }
}

static void removal(FILE *out, const mcl_audit_facts *f) {
  const char *how = f->removal.disallowed ? "not by the user (PayloadRemovalDisallowed)"
                    : f->removal.password ? "only with a removal password"
                                          : "yes, by the user";
  field(out, "Removable", how);
  if (!f->removal.expiration_date && !f->removal.removal_date && !f->removal.has_duration)
    field(out, "Expires", "never");
  if (f->removal.expiration_date) {
    fprintf(out, "  %-13s ", "Expires");
    mcl_put_text(out, f->removal.expiration_date);
    fputs(" (PayloadExpirationDate)\n", out);
  }
  if (f->removal.removal_date) {
    fprintf(out, "  %-13s ", "Removed on");
    mcl_put_text(out, f->removal.removal_date);
    fputs(" (RemovalDate)\n", out);
  }
  if (f->removal.has_duration)
    fprintf(out, "  %-13s %.0f seconds after installation (DurationUntilRemoval)\n", "Removed",
            f->removal.duration_seconds);
}

static void encrypted(FILE *out, const mcl_audit_facts *f) {
  if (!f->encrypted.present) return;
  fprintf(out, "  %-13s EncryptedPayloadContent, %zu bytes; not inspected\n", "Encrypted",
          f->encrypted.bytes);
  for (size_t i = 0; i < f->encrypted.recipient_count; i++) {
    fputs("    for the holder of: issuer ", out);
    mcl_put_text(out, f->encrypted.recipients[i].issuer);
    fprintf(out, ", serial %s\n", f->encrypted.recipients[i].serial);
  }
}

static void servers(FILE *out, const mcl_audit_facts *f) {
  fprintf(out, "  Servers (%zu)\n", f->server_count);
  for (size_t i = 0; i < f->server_count; i++) {
    fprintf(out, "    %-8s ", f->servers[i].kind);
    mcl_put_text(out, f->servers[i].value);
    fputs("  (", out);
    mcl_put_text(out, f->servers[i].path);
    fputs(")\n", out);
  }
}

static void secrets(FILE *out, const mcl_audit_facts *f) {
  fprintf(out, "  Secrets (%zu; values not shown)\n", f->secret_count);
  for (size_t i = 0; i < f->secret_count; i++) {
    fputs("    ", out);
    mcl_put_text(out, f->secrets[i]);
    fputc('\n', out);
  }
}

/* What each VPN payload covers, and the gaps with the keys behind them. */
static void vpn_coverage(FILE *out, const mcl_audit_facts *f) {
  if (!f->vpn_count) return;
  fprintf(out, "  VPN coverage (%zu)\n", f->vpn_count);
  for (size_t i = 0; i < f->vpn_count; i++) {
    const mcl_vpn_coverage *c = f->vpn[i];
    fputs("    ", out);
    mcl_put_text(out, c->path);
    fputs("  VPNType ", out);
    mcl_put_text(out, c->vpn_type);
    fprintf(out, "  %s\n", c->coverage);
    for (size_t g = 0; g < c->gap_count; g++) {
      const mcl_vpn_gap *gap = &c->gaps[g];
      fprintf(out, "      %s: ", gap->kind);
      mcl_put_text(out, gap->detail);
      fputs("\n        keys  ", out);
      for (size_t k = 0; gap->keys[k]; k++) {
        fputs(k ? ", " : "", out);
        mcl_put_text(out, gap->keys[k]);
      }
      fputs("\n        fix   ", out);
      mcl_put_text(out, gap->fix ? gap->fix : "none: this VPN type cannot");
      fputc('\n', out);
    }
  }
}

static void text_file(mcl_audit *a, const mcl_audit_facts *f) {
  FILE *out = a->out;
  if (a->files > 1) fputc('\n', out);
  fputs("== ", out);
  mcl_put_text(out, f->path);
  fputc('\n', out);
  signature(out, f->container);
  if (!f->readable) {
    field(out, "Profile", "could not be read (see the findings)");
  } else {
    field(out, "Profile", f->name);
    field(out, "Identifier", f->identifier);
    field(out, "UUID", f->uuid);
    if (f->organization) field(out, "Organization", f->organization);
    if (f->scope) field(out, "Scope", f->scope);
    removal(out, f);
    encrypted(out, f);
    fprintf(out, "  Payloads (%zu)\n", f->payload_count);
    for (size_t i = 0; i < f->payload_count; i++) payload(out, &f->payloads[i]);
    servers(out, f);
    secrets(out, f);
    vpn_coverage(out, f);
  }
  size_t e = f->findings[MCL_ERROR], w = f->findings[MCL_WARNING];
  fprintf(out, "  %-13s %zu error%s, %zu warning%s, %zu info\n", "Findings", e, e == 1 ? "" : "s",
          w, w == 1 ? "" : "s", f->findings[MCL_INFO]);
}

const mcl_audit_format mcl_audit_text = {
    .name = "text",
    .file = text_file,
};
