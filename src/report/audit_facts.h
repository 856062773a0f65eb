/* audit_facts.h: what the audit knows about one file, gathered once from a
 * lint result (audit_facts.c) and written by thin writers, one per format
 * (audit_text.c, audit_json.c; docs/audit.md).
 *
 * To add a section: a field (or a struct of fields) below, filled by a
 * gather_* function called from mcl_audit_gather, and a writer function in
 * each format. Facts are plain values (strings in the arena, numbers,
 * flags), decided here: writers only lay them out and escape them. */
#ifndef MCL_AUDIT_FACTS_H
#define MCL_AUDIT_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "mclint.h"
#include "plist/container.h"
#include "plist/x509.h"

typedef struct mcl_audit_server {
  const char *path, *key, *kind, *value; /* value: a URL without its credentials */
} mcl_audit_server;

typedef enum {
  MCL_AUDIT_INSTALLS_NOTHING,
  MCL_AUDIT_INSTALLS_CERT,       /* .cert describes it */
  MCL_AUDIT_INSTALLS_IDENTITY,   /* PKCS#12, never opened */
  MCL_AUDIT_INSTALLS_UNREADABLE, /* a certificate payload whose data is not one */
} mcl_audit_installs;

typedef struct mcl_audit_payload {
  size_t index; /* in PayloadContent */
  const char *path, *type, *identifier, *uuid, *name;
  mcl_audit_installs installs;
  mcl_cert_info cert;
  bool identity_password; /* PKCS#12: the profile includes its password */
} mcl_audit_payload;

typedef struct mcl_audit_facts {
  mcl_arena arena;
  /* The file. */
  const char *path;
  const char *format;             /* "xml", "binary", or NULL when nothing was read */
  size_t findings[3];             /* by severity: MCL_INFO, MCL_WARNING, MCL_ERROR */
  const mcl_container *container; /* the signature; NULL: not signed */
  /* The profile; the rest is empty unless readable. Strings are NULL when
   * the key is absent. */
  bool readable;
  const char *name, *identifier, *uuid, *organization, *type, *scope;
  struct {
    bool disallowed, password;
    const char *expiration_date, *removal_date; /* as text */
    bool has_duration;
    double duration_seconds; /* DurationUntilRemoval */
  } removal;
  struct {
    bool present; /* EncryptedPayloadContent */
    size_t bytes;
    mcl_cert_info *recipients;
    size_t recipient_count;
  } encrypted;
  mcl_audit_payload *payloads;
  size_t payload_count;
  mcl_audit_server *servers;
  size_t server_count, server_cap;
  const char **secrets; /* key paths; values are never kept */
  size_t secret_count, secret_cap;
  /* What each VPN payload covers (rules/coverage.h), kept in the result. */
  const mcl_vpn_coverage **vpn;
  size_t vpn_count;
} mcl_audit_facts;

void mcl_audit_gather(mcl_audit_facts *f, const mcl_result *r);
void mcl_audit_facts_free(mcl_audit_facts *f);

/* Days from now until t (negative once past). */
long long mcl_audit_days_left(int64_t t);

/* The formats: begin and end the document, write one file's facts. */
typedef struct mcl_audit_format {
  const char *name;
  void (*begin)(mcl_audit *a);
  void (*file)(mcl_audit *a, const mcl_audit_facts *f);
  void (*end)(mcl_audit *a);
} mcl_audit_format;

struct mcl_audit {
  const mcl_audit_format *format;
  FILE *out;
  size_t files; /* written so far, this one included */
  void *state;  /* the format's own */
};

extern const mcl_audit_format mcl_audit_text;
extern const mcl_audit_format mcl_audit_json;

#endif
