#include "plist/value.h"

#include <string.h>

#include "base/util.h"

const char *mcl_type_name(mcl_type type) {
  switch (type) {
  case MCL_T_DICT: return "dictionary";
  case MCL_T_ARRAY: return "array";
  case MCL_T_STRING: return "string";
  case MCL_T_INTEGER: return "integer";
  case MCL_T_REAL: return "real";
  case MCL_T_BOOL: return "boolean";
  case MCL_T_DATE: return "date";
  case MCL_T_DATA: return "data";
  }
  return "?";
}

const char *mcl_type_element(mcl_type type) {
  switch (type) {
  case MCL_T_DICT: return "<dict>";
  case MCL_T_ARRAY: return "<array>";
  case MCL_T_STRING: return "<string>";
  case MCL_T_INTEGER: return "<integer>";
  case MCL_T_REAL: return "<real>";
  case MCL_T_BOOL: return "<true/> or <false/>";
  case MCL_T_DATE: return "<date>";
  case MCL_T_DATA: return "<data>";
  }
  return "?";
}

const mcl_entry *mcl_dict_entry(const mcl_value *dict, const char *key) {
  if (!dict || dict->type != MCL_T_DICT) return NULL;
  size_t klen = strlen(key);
  for (size_t i = dict->u.dict.count; i-- > 0;) {
    const mcl_entry *e = &dict->u.dict.entries[i];
    /* First bytes before memcmp: keys of one length often differ there. */
    if (e->key_len == klen && e->key[0] == key[0] && memcmp(e->key, key, klen) == 0) return e;
  }
  return NULL;
}

const mcl_value *mcl_dict_get(const mcl_value *dict, const char *key) {
  const mcl_entry *e = mcl_dict_entry(dict, key);
  return e ? e->value : NULL;
}

const mcl_value *mcl_dict_get_type(const mcl_value *dict, const char *key, mcl_type type) {
  const mcl_value *v = mcl_dict_get(dict, key);
  return v && v->type == type ? v : NULL;
}

const char *mcl_dict_get_string(const mcl_value *dict, const char *key) {
  const mcl_value *v = mcl_dict_get_type(dict, key, MCL_T_STRING);
  return v ? v->u.str.s : NULL;
}

bool mcl_value_truth(const mcl_value *v, bool *out) {
  if (!v || v->invalid) return false;
  if (v->type == MCL_T_BOOL) {
    *out = v->u.boolean;
    return true;
  }
  if (v->type == MCL_T_INTEGER) {
    *out = v->u.integer.magnitude != 0;
    return true;
  }
  return false;
}

bool mcl_value_is_true(const mcl_value *v) {
  bool b = false;
  return mcl_value_truth(v, &b) && b;
}

bool mcl_value_int64(const mcl_value *v, int64_t *out) {
  if (!v || v->type != MCL_T_INTEGER || v->invalid) return false;
  uint64_t m = v->u.integer.magnitude;
  if (v->u.integer.negative) {
    if (m > (uint64_t)INT64_MAX + 1) return false;
    *out = m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m;
  } else {
    if (m > (uint64_t)INT64_MAX) return false;
    *out = (int64_t)m;
  }
  return true;
}

bool mcl_value_number(const mcl_value *v, double *out) {
  if (!v || v->invalid) return false;
  if (v->type == MCL_T_REAL) {
    *out = v->u.real;
    return true;
  }
  if (v->type == MCL_T_INTEGER) {
    double d = (double)v->u.integer.magnitude;
    *out = v->u.integer.negative ? -d : d;
    return true;
  }
  return false;
}

bool mcl_value_is_string(const mcl_value *v, const char *s) {
  return v && v->type == MCL_T_STRING && strcmp(v->u.str.s, s) == 0;
}

bool mcl_value_has_content(const mcl_value *v) {
  if (!v) return false;
  if (v->type == MCL_T_DATA) return v->u.data.len > 0;
  if (v->type != MCL_T_STRING) return false;
  for (size_t i = 0; i < v->u.str.len; i++)
    if (!mcl_is_xml_space(v->u.str.s[i])) return true;
  return false;
}

const mcl_value *mcl_dict_get_dict(const mcl_value *dict, const char *key) {
  return mcl_dict_get_type(dict, key, MCL_T_DICT);
}

mcl_pos mcl_key_pos(const mcl_value *dict, const char *key) {
  const mcl_entry *e = mcl_dict_entry(dict, key);
  return e ? e->key_pos : dict->pos;
}
