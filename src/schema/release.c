#include "mclint.h"
#include "schema/embedded.h"

const char *mcl_schema_release(void) { return mcl_schema_release_text; }
