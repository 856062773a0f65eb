/* repository.h: the profiles a run compares the named files with: every
 * profile under the repository directories (--repository, or the setting
 * repository of the named files' configurations) that is not named. */
#ifndef MCL_CLI_REPOSITORY_H
#define MCL_CLI_REPOSITORY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct repo_seen repo_seen;

/* The files already in the run, by real path, so none is added twice. */
repo_seen *repo_seen_new(void);
void repo_seen_free(repo_seen *s);
/* True if path (by its real path) was not seen before; remembers it. */
bool repo_seen_add(repo_seen *s, const char *path);

/* dir as the user would write it: relative to the current directory when
 * it is absolute ("../profiles"), so that files found there are named as
 * the named files are (a configuration's repository is absolute). malloc'd. */
char *repo_display_dir(const char *dir);

/* Calls fn for every profile under dir (as mcl_discover finds them) that
 * seen did not hold; 0, or -1 with *err (free() it) if dir cannot be read. */
int repo_collect(const char *dir, repo_seen *seen, void (*fn)(const char *file, void *arg),
                 void *arg, char **err);

#endif
