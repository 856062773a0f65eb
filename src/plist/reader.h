/* reader.h: the readers that turn input bytes into a document. Each records
 * what is wrong in the document (mcl_doc_problem) and returns true when
 * doc->root is usable. */
#ifndef MCL_READER_H
#define MCL_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "plist/doc.h"

bool mcl_read_xml(mcl_doc *doc, mcl_arena *arena, const unsigned char *data, size_t len);
/* Binary property lists (bplist00), through libplist; positions are key
 * paths only (line 0). */
bool mcl_read_bplist(mcl_doc *doc, mcl_arena *arena, const unsigned char *data, size_t len);

/* What the first bytes of an input say it is. */
typedef enum {
  MCL_KIND_EMPTY,
  MCL_KIND_XML,
  MCL_KIND_BPLIST,
  MCL_KIND_CMS,      /* DER or BER SignedData */
  MCL_KIND_CMS_PEM,  /* PEM-armoured PKCS#7 */
  MCL_KIND_CMS_DAMAGED, /* a property list with signature data around it, but no
                           CMS structure that starts where it should; *what
                           says what is wrong with it ("its beginning is ...") */
  MCL_KIND_OTHER,    /* described by mcl_sniff's *what */
} mcl_kind;

/* Classifies input by content, never by name. *what describes it for
 * messages ("a ZIP archive", "an HTML page", ...). */
mcl_kind mcl_sniff(const unsigned char *data, size_t len, const char **what);

#endif
