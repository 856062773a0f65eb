/* crypto_thread.c: one OpenSSL library context per lint thread.
 *
 * OpenSSL 3.0 looks up algorithms and decoders (every certificate it
 * parses, every signature it checks) under process-wide locks; with -j the
 * threads queued on them, and -j 2 used 30% more CPU than -j 1 on signed
 * profiles. Each thread that meets cryptography now gets a library context
 * of its own, made its default, and freed when the thread ends. The thread
 * that set mclint up (the first to make a linter; the command's main
 * thread, which also lints) keeps OpenSSL's global context, so a
 * single-threaded run pays nothing extra and nothing is left to free when
 * the main thread returns from main (key destructors never run for it). */
#include <openssl/crypto.h>
#include <openssl/provider.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "plist/x509.h"

static pthread_t owner;
static atomic_bool owner_set;
static pthread_key_t ctx_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static _Thread_local bool ready;

typedef struct thread_crypto {
  OSSL_LIB_CTX *ctx;
  OSSL_PROVIDER *provider; /* our reference, released before the context */
} thread_crypto;

static void free_ctx(void *arg) {
  thread_crypto *tc = arg;
  /* OpenSSL refuses to free a context that is some thread's default, and
   * set0_default(NULL) changes nothing: give the thread the global one. */
  OSSL_LIB_CTX_set0_default(OSSL_LIB_CTX_get0_global_default());
  OSSL_PROVIDER_unload(tc->provider);
  OSSL_LIB_CTX_free(tc->ctx);
  OPENSSL_free(tc);
}

static void make_key(void) { pthread_key_create(&ctx_key, free_ctx); }

void mcl_crypto_owner(void) {
  owner = pthread_self();
  atomic_store(&owner_set, true);
}

void mcl_crypto_thread(void) {
  if (ready) return;
  ready = true;
  if (!atomic_load(&owner_set) || pthread_equal(pthread_self(), owner)) return;
  pthread_once(&key_once, make_key);
  thread_crypto *tc = OPENSSL_zalloc(sizeof *tc);
  if (!tc || !(tc->ctx = OSSL_LIB_CTX_new()) ||
      !(tc->provider = OSSL_PROVIDER_load(tc->ctx, "default"))) {
    if (tc) OSSL_LIB_CTX_free(tc->ctx);
    OPENSSL_free(tc);
    return; /* this thread shares OpenSSL's global context */
  }
  OSSL_LIB_CTX_set0_default(tc->ctx);
  pthread_setspecific(ctx_key, tc);
}
