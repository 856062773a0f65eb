/* value.h: the typed property-list tree every reader produces and every rule
 * reads. All nodes live in the arena of the document that owns them. */
#ifndef MCL_VALUE_H
#define MCL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

typedef enum {
  MCL_T_DICT,
  MCL_T_ARRAY,
  MCL_T_STRING,
  MCL_T_INTEGER,
  MCL_T_REAL,
  MCL_T_BOOL,
  MCL_T_DATE,
  MCL_T_DATA,
} mcl_type;


typedef struct mcl_value mcl_value;

typedef struct mcl_entry {
  const char *key;
  size_t key_len;
  mcl_pos key_pos;
  mcl_value *value;
  /* A later entry in the same dict has the same key. A device keeps only the
   * last one, so rules look at the last and skip shadowed entries. */
  bool shadowed;
} mcl_entry;

struct mcl_value {
  mcl_type type;
  mcl_pos pos;
  /* The text did not parse as its type (already reported by the reader);
   * rules must not judge its content again. */
  bool invalid;
  union {
    struct {
      const char *s; /* NUL-terminated UTF-8; may also contain NULs */
      size_t len;
    } str;
    struct {
      uint64_t magnitude; /* covers -2^63 .. 2^64-1 together with negative */
      bool negative;
    } integer;
    double real;
    bool boolean;
    struct {
      int64_t unix_seconds;
      const char *text; /* as written, for messages */
    } date;
    struct {
      const unsigned char *bytes;
      size_t len;
    } data;
    struct {
      mcl_entry *entries;
      size_t count;
    } dict;
    struct {
      mcl_value **items;
      size_t count;
    } array;
  } u;
};

const char *mcl_type_name(mcl_type type); /* "dict", "string", ... */
/* The plist element a type is written as: "<dict>", "<true/> or <false/>". */
const char *mcl_type_element(mcl_type type);

/* Lookup honours device semantics: the last entry with that key wins. */
const mcl_entry *mcl_dict_entry(const mcl_value *dict, const char *key);
const mcl_value *mcl_dict_get(const mcl_value *dict, const char *key);
const mcl_value *mcl_dict_get_type(const mcl_value *dict, const char *key, mcl_type type);
/* The string value of key, or NULL if absent or not a string. */
const char *mcl_dict_get_string(const mcl_value *dict, const char *key);

/* Integers and booleans both count as truth values, as devices read them. */
bool mcl_value_truth(const mcl_value *v, bool *out);
bool mcl_value_is_true(const mcl_value *v);
/* True and *out set when v is an integer in int64 range. */
bool mcl_value_int64(const mcl_value *v, int64_t *out);
/* Numeric value of an integer or real as a double. */
bool mcl_value_number(const mcl_value *v, double *out);
bool mcl_value_is_string(const mcl_value *v, const char *s);
/* A string with text other than blanks, or non-empty data. */
bool mcl_value_has_content(const mcl_value *v);
/* The dictionary value of key, or NULL. */
const mcl_value *mcl_dict_get_dict(const mcl_value *dict, const char *key);

/* Position of a dict entry's key, or of the dict itself when absent. */
mcl_pos mcl_key_pos(const mcl_value *dict, const char *key);

#endif
