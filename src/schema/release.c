#include "mclint.h"

const char *mcl_schema_release(void) { return "none"; }
