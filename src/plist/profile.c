/* profile.c: the profile view of a value tree (profile.h). */
#include "plist/profile.h"

#include <string.h>

#include "base/util.h"

void mcl_profile_build(mcl_profile *p, const mcl_value *root, mcl_arena *arena) {
  memset(p, 0, sizeof *p);
  if (!root || root->type != MCL_T_DICT) return;
  p->root = root;
  p->content = mcl_dict_get_type(root, "PayloadContent", MCL_T_ARRAY);
  if (!p->content) return;
  size_t n = p->content->u.array.count;
  p->payloads = mcl_arena_alloc(arena, n * sizeof *p->payloads);
  for (size_t i = 0; i < n; i++) {
    const mcl_value *item = p->content->u.array.items[i];
    if (item->type != MCL_T_DICT) continue;
    mcl_payload *pl = &p->payloads[p->payload_count++];
    pl->dict = item;
    pl->index = i;
    pl->type = mcl_dict_get_string(item, "PayloadType");
    pl->path = mcl_arena_printf(arena, "PayloadContent[%zu]", i);
  }
}
