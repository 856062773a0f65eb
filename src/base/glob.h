/* glob.h: shell-style patterns for exclude paths and PayloadType lists.
 * '*' matches within one path component, '?' one character, [a-z] and
 * [!a-z] a class, '**' as a whole component any number of components, and
 * a backslash escapes the next character. */
#ifndef MCL_GLOB_H
#define MCL_GLOB_H

#include <stdbool.h>

#include "base/util.h"

bool mcl_glob_match(const char *pattern, const char *s);
/* True if pattern matches path or one of the directories above it, so that
 * excluding a directory excludes everything below it. */
bool mcl_glob_match_path(const char *pattern, const char *path);
/* NULL if pattern is well formed, else why not. */
const char *mcl_glob_check(const char *pattern);
/* Appends s with every pattern character escaped. */
void mcl_glob_escape(mcl_buf *b, const char *s);

#endif
