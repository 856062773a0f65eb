/* audit_json.c: the audit as one JSON document (docs/audit.md), written
 * through the shared JSON writer, which escapes every string. Every field
 * is always present; null means absent or not applicable. */
#include <stdlib.h>

#include "plist/scalar.h"
#include "report/audit_facts.h"
#include "report/json_writer.h"

static void date(mcl_json *j, const char *key, int64_t t) {
  char buf[32];
  mcl_format_date(t, buf, sizeof buf);
  mcl_json_kstring(j, key, buf);
}

static void cert(mcl_json *j, const mcl_cert_info *ci) {
  mcl_json_object(j);
  mcl_json_kstring(j, "subject", ci->subject);
  mcl_json_kstring(j, "issuer", ci->issuer);
  mcl_json_kstring(j, "serial", ci->serial);
  mcl_json_kstring(j, "key", ci->key);
  date(j, "not_before", ci->not_before);
  date(j, "not_after", ci->not_after);
  mcl_json_key(j, "expires_in_days");
  fprintf(mcl_json_value(j), "%lld", mcl_audit_days_left(ci->not_after));
  mcl_json_kbool(j, "ca", ci->is_ca);
  mcl_json_kbool(j, "self_signed", ci->self_signed);
  mcl_json_kbool(j, "root_ca", ci->is_ca && ci->self_signed);
  mcl_json_end(j);
}

static const char *integrity_word(mcl_check c) {
  return c == MCL_CHECK_PASSED ? "intact" : c == MCL_CHECK_FAILED ? "invalid" : "not-checked";
}

static const char *chain_word(mcl_check c) {
  return c == MCL_CHECK_PASSED ? "verified" : c == MCL_CHECK_FAILED ? "untrusted" : "not-checked";
}

static void container(mcl_json *j, const mcl_container *c) {
  mcl_json_key(j, "container");
  if (!c) {
    mcl_json_null(j);
    return;
  }
  mcl_json_object(j);
  mcl_json_kstring(j, "type", "cms-signed");
  mcl_json_kstring(j, "encoding", c->encoding);
  mcl_json_kstring(j, "content", c->content);
  mcl_json_kstring(j, "description", c->description);
  mcl_json_kstring(j, "signature", integrity_word(c->integrity));
  mcl_json_kstring(j, "signature_problem", c->integrity_detail);
  mcl_json_kstring(j, "trust_source", c->trust_source);
  mcl_json_karray(j, "signers");
  for (size_t i = 0; i < c->signer_count; i++) {
    const mcl_signer *s = &c->signers[i];
    mcl_json_object(j);
    mcl_json_key(j, "certificate");
    if (s->has_cert) {
      cert(j, &s->cert);
    } else {
      mcl_json_null(j);
      mcl_json_kstring(j, "issuer", s->cert.issuer);
      mcl_json_kstring(j, "serial", s->cert.serial);
    }
    mcl_json_kstring(j, "chain", chain_word(s->chain));
    mcl_json_kstring(j, "chain_detail", s->chain_detail);
    mcl_json_end(j);
  }
  mcl_json_end(j);
  mcl_json_end(j);
}

static void installs(mcl_json *j, const mcl_audit_payload *p) {
  mcl_json_key(j, "installs");
  if (p->installs == MCL_AUDIT_INSTALLS_NOTHING) {
    mcl_json_null(j);
    return;
  }
  mcl_json_object(j);
  if (p->installs == MCL_AUDIT_INSTALLS_CERT) {
    mcl_json_kstring(j, "kind", "certificate");
    mcl_json_key(j, "certificate");
    cert(j, &p->cert);
  } else if (p->installs == MCL_AUDIT_INSTALLS_IDENTITY) {
    mcl_json_kstring(j, "kind", "identity");
    mcl_json_kbool(j, "opened", false);
    mcl_json_kbool(j, "password_in_profile", p->identity_password);
  } else {
    mcl_json_kstring(j, "kind", "unreadable");
  }
  mcl_json_end(j);
}

static void payloads(mcl_json *j, const mcl_audit_facts *f) {
  mcl_json_karray(j, "payloads");
  for (size_t i = 0; i < f->payload_count; i++) {
    const mcl_audit_payload *p = &f->payloads[i];
    mcl_json_object(j);
    mcl_json_kuint(j, "index", p->index);
    mcl_json_kstring(j, "path", p->path);
    mcl_json_kstring(j, "type", p->type);
    mcl_json_kstring(j, "identifier", p->identifier);
    mcl_json_kstring(j, "uuid", p->uuid);
    mcl_json_kstring(j, "display_name", p->name);
    installs(j, p);
    mcl_json_end(j);
  }
  mcl_json_end(j);
}

static void removal(mcl_json *j, const mcl_audit_facts *f) {
  mcl_json_kobject(j, "removal");
  mcl_json_kbool(j, "disallowed", f->removal.disallowed);
  mcl_json_kbool(j, "password", f->removal.password);
  mcl_json_end(j);
  mcl_json_kstring(j, "expiration_date", f->removal.expiration_date);
  mcl_json_kstring(j, "removal_date", f->removal.removal_date);
  mcl_json_key(j, "duration_until_removal");
  if (f->removal.has_duration)
    fprintf(mcl_json_value(j), "%.0f", f->removal.duration_seconds);
  else
    mcl_json_null(j);
}

static void encrypted(mcl_json *j, const mcl_audit_facts *f) {
  mcl_json_key(j, "encrypted_content");
  if (!f->encrypted.present) {
    mcl_json_null(j);
    return;
  }
  mcl_json_object(j);
  mcl_json_kuint(j, "bytes", f->encrypted.bytes);
  mcl_json_karray(j, "recipients");
  for (size_t i = 0; i < f->encrypted.recipient_count; i++) {
    mcl_json_object(j);
    mcl_json_kstring(j, "issuer", f->encrypted.recipients[i].issuer);
    mcl_json_kstring(j, "serial", f->encrypted.recipients[i].serial);
    mcl_json_end(j);
  }
  mcl_json_end(j);
  mcl_json_end(j);
}

static void servers(mcl_json *j, const mcl_audit_facts *f) {
  mcl_json_karray(j, "servers");
  for (size_t i = 0; i < f->server_count; i++) {
    mcl_json_object(j);
    mcl_json_kstring(j, "kind", f->servers[i].kind);
    mcl_json_kstring(j, "key", f->servers[i].key);
    mcl_json_kstring(j, "path", f->servers[i].path);
    mcl_json_kstring(j, "value", f->servers[i].value);
    mcl_json_end(j);
  }
  mcl_json_end(j);
}

static void secrets(mcl_json *j, const mcl_audit_facts *f) {
  mcl_json_karray(j, "secrets");
  for (size_t i = 0; i < f->secret_count; i++) mcl_json_string(j, f->secrets[i]);
  mcl_json_end(j);
}

static void vpn_coverage(mcl_json *j, const mcl_audit_facts *f) {
  mcl_json_karray(j, "vpn_coverage");
  for (size_t i = 0; i < f->vpn_count; i++) {
    const mcl_vpn_coverage *c = f->vpn[i];
    mcl_json_object(j);
    mcl_json_kstring(j, "path", c->path);
    mcl_json_kstring(j, "vpn_type", c->vpn_type);
    mcl_json_kstring(j, "coverage", c->coverage);
    mcl_json_karray(j, "gaps");
    for (size_t g = 0; g < c->gap_count; g++) {
      mcl_json_object(j);
      mcl_json_kstring(j, "kind", c->gaps[g].kind);
      mcl_json_karray(j, "keys");
      for (size_t k = 0; c->gaps[g].keys[k]; k++) mcl_json_string(j, c->gaps[g].keys[k]);
      mcl_json_end(j);
      mcl_json_kstring(j, "detail", c->gaps[g].detail);
      mcl_json_kstring(j, "fix", c->gaps[g].fix);
      mcl_json_end(j);
    }
    mcl_json_end(j);
    mcl_json_end(j);
  }
  mcl_json_end(j);
}

static void profile(mcl_json *j, const mcl_audit_facts *f) {
  mcl_json_key(j, "profile");
  if (!f->readable) {
    mcl_json_null(j);
    return;
  }
  mcl_json_object(j);
  mcl_json_kstring(j, "display_name", f->name);
  mcl_json_kstring(j, "identifier", f->identifier);
  mcl_json_kstring(j, "uuid", f->uuid);
  mcl_json_kstring(j, "organization", f->organization);
  mcl_json_kstring(j, "type", f->type);
  mcl_json_kstring(j, "scope", f->scope);
  removal(j, f);
  encrypted(j, f);
  payloads(j, f);
  servers(j, f);
  secrets(j, f);
  vpn_coverage(j, f);
  mcl_json_end(j);
}

static void json_begin(mcl_audit *a) {
  mcl_json *j = malloc(sizeof *j);
  if (!j) abort();
  a->state = j;
  mcl_json_init(j, a->out);
  mcl_json_object(j);
  mcl_json_kuint(j, "mclint_audit", 1);
  mcl_json_kstring(j, "mclint_version", mcl_version());
  mcl_json_karray(j, "files");
}

static void json_file(mcl_audit *a, const mcl_audit_facts *f) {
  mcl_json *j = a->state;
  mcl_json_object(j);
  mcl_json_kstring(j, "path", f->path);
  mcl_json_kbool(j, "readable", f->readable);
  mcl_json_kstring(j, "format", f->format);
  container(j, f->container);
  profile(j, f);
  mcl_json_kobject(j, "findings");
  mcl_json_kuint(j, "error", f->findings[MCL_ERROR]);
  mcl_json_kuint(j, "warning", f->findings[MCL_WARNING]);
  mcl_json_kuint(j, "info", f->findings[MCL_INFO]);
  mcl_json_end(j);
  mcl_json_end(j);
}

static void json_end(mcl_audit *a) {
  mcl_json *j = a->state;
  mcl_json_end(j);
  mcl_json_end(j);
  free(j);
}

const mcl_audit_format mcl_audit_json = {
    .name = "json",
    .begin = json_begin,
    .file = json_file,
    .end = json_end,
};
