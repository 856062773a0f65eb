/* template.h: property lists written for a template engine (Jinja and its
 * kin, Handlebars and Mustache), read as far as they can be. */
#ifndef MCL_TEMPLATE_H
#define MCL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mcl_template_info {
  const char *engine; /* "Jinja-style" ({% %}: Jinja, Django, Liquid, Twig), "Handlebars or Mustache"; NULL: no statement */
  size_t first;       /* offset of the first statement */
  size_t statements;  /* how many were blanked */
  size_t branches;    /* conditional branches left out (all but the first) */
} mcl_template_info;

/* Blanks, in place, the template statements of text: block tags ({% if %},
 * {% for %}, {{#each}}, {{/each}}), comments ({# #}, {{! }}), an Ansible
 * "#jinja2:" first line, and every branch of a condition after its first
 * ({% else %}, {% elif %} and {{else}} up to the end tag; a Mustache
 * {{^inverted}} section whole). Each blanked byte becomes a space and
 * newlines stay, so every offset, line and column is kept. Expressions
 * ({{ name }}) stay: they are placeholders in values. Returns whether any
 * statement was found. */
bool mcl_template_blank(char *text, size_t len, mcl_template_info *info);

/* True when the text begins (after blank lines) with a template header,
 * comment or statement that a plist follows. */
bool mcl_template_prefix(const unsigned char *text, size_t len);

#endif
