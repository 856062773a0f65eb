/* escape.h: writing untrusted strings (file names, messages that quote
 * profile keys) into machine formats without breaking them. Invalid UTF-8
 * and characters a format cannot carry become U+FFFD; nothing is dropped
 * silently and nothing can end a string, an element or a command early. */
#ifndef MCL_ESCAPE_H
#define MCL_ESCAPE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/text.h"

/* Each escapes what base/text.h calls unsafe, so that none of it reaches a
 * terminal raw: JSON and XML losslessly (\u escapes, character references),
 * GitHub's commands as U+FFFD. */

/* A JSON string literal, quotes included. */
void mcl_put_json_string(FILE *out, const char *s);
/* XML character data; attr also escapes quotes and line breaks so that an
 * attribute value survives normalisation. Characters XML 1.0 forbids
 * (most C0 controls, U+FFFE, U+FFFF) become U+FFFD. */
void mcl_put_xml(FILE *out, const char *s, int attr);
/* GitHub workflow-command text: data escapes % CR LF; a property value
 * (property != 0) also escapes : and ,. Other control characters become
 * U+FFFD so that no terminal escape reaches the log. */
void mcl_put_github(FILE *out, const char *s, int property);
/* A URI path: every byte but unreserved characters and '/' percent-encoded
 * (lossless, even for invalid UTF-8). */
void mcl_put_uri_path(FILE *out, const char *s);

#endif
