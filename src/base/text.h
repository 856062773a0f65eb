/* text.h: UTF-8, and the one policy for showing untrusted text (file
 * names, keys, values, messages quoting them) to people: in a terminal or
 * a CI log, a profile must not be able to write escape sequences, move the
 * cursor, overwrite a line or reorder what is shown.
 *
 * Unsafe: the C0 controls except tab (ESC, CR, LF, BEL, ...), DEL, the C1
 * controls (U+0080 to U+009F, which some terminals obey as ESC [ ...), the
 * bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A to
 * U+202E, U+2066 to U+2069) and the line and paragraph separators
 * (U+2028, U+2029). Text output shows an unsafe character as \xNN (below
 * U+0080) or \uNNNN, and a byte that is not UTF-8 as \xNN. Structured
 * formats escape the same characters their own way (report/escape.h). */
#ifndef MCL_TEXT_H
#define MCL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decodes one UTF-8 sequence of at most len bytes at s: its length in
 * bytes, or 0 when the bytes there are not valid UTF-8 (overlong,
 * surrogate, beyond U+10FFFF, truncated). len must not be 0. */
size_t mcl_utf8_decode_n(const char *s, size_t len, uint32_t *cp);
/* The same on a NUL-terminated string; *s must not be NUL. */
size_t mcl_utf8_decode(const char *s, uint32_t *cp);
/* Encodes cp (at most U+10FFFF) into out: 1 to 4 bytes, their number. */
size_t mcl_utf8_encode(uint32_t cp, char out[4]);

/* The characters the policy above calls unsafe (tab is not). */
bool mcl_text_unsafe(uint32_t cp);

/* Writes len bytes of s with unsafe characters and invalid bytes escaped;
 * returns the columns written, counting a character as one (out may be
 * NULL, to count only). */
size_t mcl_put_text_n(FILE *out, const char *s, size_t len);
/* mcl_put_text (mclint.h) writes a NUL-terminated string the same way. */

#endif
