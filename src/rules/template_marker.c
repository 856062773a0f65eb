#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <string.h>

#include "plist/walk.h"
#include "rules/rule.h"

/* What one pass over a value finds that a placeholder style needs: a
 * character pair, a first character, a word (in any case). */
enum {
  CUE_STARS = 1u << 0,       /* '*' first and last */
  CUE_BRACES = 1u << 1,      /* "{{" */
  CUE_BRACE_PCT = 1u << 2,   /* "{%" */
  CUE_DOLLAR_BRACE = 1u << 3, /* "${" */
  CUE_DOLLAR_FIRST = 1u << 4,
  CUE_PERCENT = 1u << 5,
  CUE_UNDERSCORES = 1u << 6, /* "__" */
  CUE_ANGLE = 1u << 7,
  CUE_REPLACE = 1u << 8,
  CUE_CHANGE = 1u << 9,
  CUE_FILL = 1u << 10,
  CUE_INSERT = 1u << 11,
  CUE_YOUR = 1u << 12,
  CUE_YOUR_FIRST = 1u << 13,
  CUE_CHANGE_FIRST = 1u << 14,
};

/* The placeholder styles of the template engines and MDM variable syntaxes
 * that profiles are generated with. Whole-value patterns are anchored so
 * that ordinary text containing '*' or '$' is not flagged. A pattern runs
 * only on a value with one of its cues: most values have none, which keeps
 * the rule cheap on long profiles. */
static const struct {
  const char *style;
  const char *pattern;
  unsigned cues;
} markers[] = {
    {"*placeholder*", "^\\*[^*\\s][^*]*\\*$", CUE_STARS},
    {"{{variable}}", "\\{\\{[^{}]*\\}\\}", CUE_BRACES},
    {"{% template tag %}", "\\{%.*?%\\}", CUE_BRACE_PCT},
    {"${variable}", "\\$\\{[A-Za-z_][A-Za-z0-9_.]*\\}", CUE_DOLLAR_BRACE},
    {"$VARIABLE", "^\\$[A-Z][A-Z0-9_]+$", CUE_DOLLAR_FIRST},
    /* not %E2% of a URL's %E2%80%99 */
    {"%VARIABLE%", "%(?![0-9A-Fa-f]{2}%)[A-Za-z][A-Za-z0-9_]+%", CUE_PERCENT},
    {"__PLACEHOLDER__", "__[A-Z][A-Z0-9_]*__", CUE_UNDERSCORES},
    {"<PLACEHOLDER>", "<[A-Z][A-Z0-9_ -]*[A-Z0-9]>", CUE_ANGLE},
    {"REPLACE_ME", "(?i)\\b(?:replace[_ -]?me|change[_ -]?me|fill[_ -]?me[_ -]?in)\\b",
     CUE_REPLACE | CUE_CHANGE | CUE_FILL},
    {"REPLACE_...", "\\b(?:REPLACE|CHANGE|INSERT)_[A-Z0-9_]+\\b",
     CUE_REPLACE | CUE_CHANGE | CUE_INSERT},
    {"YOUR_..._HERE", "(?i)\\b(?:your|insert)[_ -][a-z0-9_ -]{1,40}?[_ -]here\\b",
     CUE_YOUR | CUE_INSERT},
    {"your-...", "(?i)^your[_-][a-z0-9]", CUE_YOUR_FIRST},
    /* a word run together in capitals: YOURPASSWORD, YOURDOMAIN (not YOURS) */
    {"YOURVALUE", "^YOUR[A-Z][A-Z0-9_]+$", CUE_YOUR_FIRST},
    {"changeme", "(?i)^change[_ -]?it$|^changeme[0-9]*$", CUE_CHANGE_FIRST},
};
#define MARKER_COUNT (sizeof markers / sizeof markers[0])

static pcre2_code *compiled[MARKER_COUNT];
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

static void compile_markers(void) {
  for (size_t i = 0; i < MARKER_COUNT; i++) {
    int err;
    PCRE2_SIZE off;
    compiled[i] = pcre2_compile((PCRE2_SPTR)markers[i].pattern, PCRE2_ZERO_TERMINATED,
                                PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
    if (compiled[i]) pcre2_jit_compile(compiled[i], PCRE2_JIT_COMPLETE); /* optional */
  }
}

/* Does s (len bytes left) start with word, ignoring ASCII case? */
static bool starts_word(const char *s, size_t len, const char *word) {
  size_t i = 0;
  for (; word[i]; i++)
    if (i >= len || (s[i] | 0x20) != word[i]) return false;
  return true;
}

/* How the scan for cues sees each byte: a word byte (PCRE2's \w without
 * PCRE2_UCP: ASCII letters, digits, '_'), a character that starts a cue
 * ('_' is both), or any other byte, after which a word starts. Every word
 * pattern begins at \b or ^, so cue words are only looked for there, and
 * runs of word bytes are passed over in a tight loop. */
enum { B_OTHER, B_WORD, B_CUE };
static const unsigned char byte_class[256] = {
#define W4(c) [c] = B_WORD, [(c) + 1] = B_WORD, [(c) + 2] = B_WORD, [(c) + 3] = B_WORD
#define W26(c) W4(c), W4((c) + 4), W4((c) + 8), W4((c) + 12), W4((c) + 16), W4((c) + 20), \
               [(c) + 24] = B_WORD, [(c) + 25] = B_WORD
    W26('A'), W26('a'), W4('0'), W4('4'), ['8'] = B_WORD, ['9'] = B_WORD,
    ['_'] = B_CUE, ['{'] = B_CUE, ['$'] = B_CUE, ['%'] = B_CUE, ['<'] = B_CUE,
#undef W26
#undef W4
};

/* First letters of the cue words, in either case. */
static const bool word_lead[256] = {['r'] = 1, ['R'] = 1, ['c'] = 1, ['C'] = 1, ['f'] = 1,
                                    ['F'] = 1, ['i'] = 1, ['I'] = 1, ['y'] = 1, ['Y'] = 1};

static unsigned char_cue(char c, char next) {
  switch (c) {
  case '{': return next == '{' ? CUE_BRACES : next == '%' ? CUE_BRACE_PCT : 0;
  case '$': return next == '{' ? CUE_DOLLAR_BRACE : 0;
  case '%': return CUE_PERCENT;
  case '_': return next == '_' ? CUE_UNDERSCORES : 0;
  default: return CUE_ANGLE; /* '<' */
  }
}

static unsigned word_cue(const char *s, size_t len) {
  static const struct {
    const char *word;
    unsigned cue;
  } words[] = {{"replace", CUE_REPLACE}, {"change", CUE_CHANGE}, {"fill", CUE_FILL},
               {"insert", CUE_INSERT},   {"your", CUE_YOUR}};
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
    if ((s[0] | 0x20) == words[w].word[0] && starts_word(s, len, words[w].word))
      return words[w].cue;
  return 0;
}

/* The cues s holds (see the enum). */
static unsigned cues_of(const char *s, size_t len) {
  unsigned m = 0;
  size_t end = len > 1 && s[len - 1] == '\n' ? len - 1 : len; /* '$' matches before it too */
  if (end > 1 && s[0] == '*' && s[end - 1] == '*') m |= CUE_STARS;
  if (s[0] == '$') m |= CUE_DOLLAR_FIRST;
  if (starts_word(s, len, "your")) m |= CUE_YOUR_FIRST;
  if (starts_word(s, len, "change")) m |= CUE_CHANGE_FIRST;
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    /* Here a word starts: at 0, or after a byte that is not \w. */
    if (word_lead[u[i]]) m |= word_cue(s + i, len - i);
    while (i < len && byte_class[u[i]] == B_WORD) i++; /* most bytes */
    /* Cue characters; '_' is a word byte, so no word starts after it. */
    while (i < len && byte_class[u[i]] == B_CUE) {
      m |= char_cue(s[i], i + 1 < len ? s[i + 1] : '\0');
      if (s[i++] == '_') {
        while (i < len && byte_class[u[i]] == B_WORD) i++;
      }
    }
    if (i < len && byte_class[u[i]] == B_OTHER) i++;
  }
  return m;
}

#define PERCENT_MARKER 5 /* markers[5]: %VARIABLE% */

/* %name% in lower case inside a URL is the app's own substitution, made
 * when it opens the URL (Santa's EventDetailURL: .../%file_sha%), not one
 * for the profile's author or the MDM, whose variables are written
 * %SerialNumber% or %DEVICE_ID%. */
static bool app_url_variable(const char *s, size_t len, size_t start, size_t end) {
  bool in_url = false;
  for (size_t i = 0; i + 3 <= start && !in_url; i++) in_url = !memcmp(s + i, "://", 3);
  if (!in_url || end > len) return false;
  for (size_t i = start + 1; i + 1 < end; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
      return false;
  return true;
}

static bool matches(size_t i, const char *s, size_t len, pcre2_match_data *md) {
  for (size_t from = 0; from <= len;) {
    if (pcre2_match(compiled[i], (PCRE2_SPTR)s, len, from, 0, md, NULL) < 0) return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (i != PERCENT_MARKER || !app_url_variable(s, len, ov[0], ov[1])) return true;
    from = ov[1] > ov[0] ? ov[1] - 1 : ov[0] + 1; /* the closing % may open the next */
  }
  return false;
}

/* Index of the first marker style matching s, or -1. */
static int find_cued_marker(const char *s, size_t len, unsigned cues, pcre2_match_data *md) {
  if (!cues) return -1;
  pthread_once(&compile_once, compile_markers);
  for (size_t i = 0; i < MARKER_COUNT; i++)
    if ((markers[i].cues & cues) && compiled[i] && matches(i, s, len, md)) return (int)i;
  return -1;
}

static int find_marker(const char *s, size_t len, pcre2_match_data *md) {
  return find_cued_marker(s, len, len ? cues_of(s, len) : 0, md);
}

bool mcl_placeholder_generates(const char *s) {
  return strchr(s, '(') || strstr(s, "random");
}

bool mcl_has_template_marker(const char *s) {
  size_t len = strlen(s);
  unsigned cues = len ? cues_of(s, len) : 0;
  if (!cues) return false; /* most values: no match data to make */
  pcre2_match_data *md = pcre2_match_data_create(4, NULL);
  bool found = find_cued_marker(s, len, cues, md) >= 0;
  pcre2_match_data_free(md);
  return found;
}

/* What a reader recorded as a malformed value or stray text, when its text
 * is a template's: a placeholder where a number, date or data belongs
 * ({{port}} in an <integer>) is reported like one in a <string>; a template
 * engine's block between elements ({{#if x}}, {% for %}) once per file. */
bool mcl_report_template_problem(mcl_ctx *ctx, const mcl_problem *p, bool *block_said) {
  if (!p->text || !mcl_has_template_marker(p->text)) return false;
  switch (p->kind) {
  case MCL_PP_MISPLACED_TEXT:
    if (!*block_said)
      mcl_emit(ctx, &mcl_rule_template_marker, p->pos, p->path,
               "template block inside <%s>: this is a template source; lint the profile it "
               "renders",
               p->name);
    *block_said = true;
    return true;
  case MCL_PP_BAD_BASE64:
  case MCL_PP_BAD_SCALAR: {
    const char *element = p->kind == MCL_PP_BAD_BASE64 ? "data" : p->name;
    const char *name = p->key ? p->key : "this value";
    if (p->key && mcl_is_secret_key(p->key))
      mcl_emit(ctx, &mcl_rule_template_marker, p->pos, p->path,
               "%s holds an unfilled template placeholder in <%s>", name, element);
    else
      mcl_emit(ctx, &mcl_rule_template_marker, p->pos, p->path,
               "%s holds an unfilled template placeholder in <%s>: '%.60s'", name, element,
               p->text);
    return true;
  }
  default: return false;
  }
}

static void visit(mcl_ctx *ctx, const char *key, const mcl_value *v, mcl_walk_path *where,
                  void *arg) {
  if (v->type != MCL_T_STRING || v->u.str.len == 0) return;
  pcre2_match_data *md = arg;
  int i = find_marker(v->u.str.s, v->u.str.len, md);
  if (i >= 0) {
    const char *name = key ? key : "this value";
    const char *path = mcl_walk_path_text(where);
    if (key && mcl_is_secret_key(key)) {
      mcl_emit(ctx, &mcl_rule_template_marker, v->pos, path,
               "%s holds an unfilled template placeholder (%s style)", name, markers[i].style);
    } else {
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
      int len = (int)(ov[1] - ov[0]);
      mcl_emit(ctx, &mcl_rule_template_marker, v->pos, path,
               "%s holds an unfilled template placeholder: '%.*s%s'", name, len > 60 ? 60 : len,
               v->u.str.s + ov[0], len > 60 ? "..." : "");
    }
  }
}

static void check(mcl_ctx *ctx) {
  pcre2_match_data *md = pcre2_match_data_create(4, NULL);
  mcl_walk(ctx, ctx->doc->root, "", visit, md);
  pcre2_match_data_free(md);
}

const mcl_rule mcl_rule_template_marker = {
    MCL_RULE_IDENTITY(template_marker), .name = "template-marker", .severity = MCL_WARNING,
    .summary = "A value still holds a template placeholder",
    .explanation =
        "Profiles are often generated from templates: *name*, {{variable}}, ${VAR}, "
        "%VAR%, __VAR__, <VALUE>, REPLACE_ME, changeme or your-server. A placeholder left in a value installs "
        "without complaint and then fails at run time: a VPN server named *vpn.example* "
        "cannot be reached.\n\n"
        "A %name% in lower case inside a URL is the app's own substitution, made when it "
        "opens the URL (Santa's EventDetailURL ends in /%file_sha%), and a URL's escapes "
        "(%E2%80%99) are no placeholders either.\n\n"
        "If your MDM substitutes variables such as %SerialNumber% or {{username}} when it "
        "delivers the profile, the placeholders are intended: disable this rule for those "
        "files in the configuration. Values of secret keys are never printed, and a "
        "placeholder is never reported as a plaintext secret.\n\n"
        "A placeholder where a number, date or data belongs ({{port}} in an <integer>) is "
        "reported here, not as an invalid value.\n\n"
        "A file with a template engine's statements is a template source, said once at "
        "the first statement: Jinja and its kin ({% if %}, {% for %}, {# #}, an Ansible "
        "#jinja2: first line) and Handlebars or Mustache ({{#if}}, {{/if}}, {{^x}}). The "
        "statements are left out, as is every branch of a condition after its first (so "
        "that alternatives do not read as duplicate keys), and the rest is checked like a "
        "profile: wrong keys, types and values are still found. What looks missing is not "
        "reported there (rules marked so), since a statement may supply it. An ERB tag "
        "(<% %>, <%= %>) stops the XML reader: reported here once, instead of "
        "malformed-xml. Lint the rendered profile for a full check.",
    .bad = "<key>RemoteAddress</key>\n<string>*vpn.example.com*</string>",
    .good = "<key>RemoteAddress</key>\n<string>vpn.example.com</string>",
    .check = check,
};
