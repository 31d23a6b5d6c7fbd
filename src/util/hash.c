/* hash: SHA-256 through OpenSSL's libcrypto. */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "graft/edit.h"

/* SHA-256 fetched once: EVP_sha256() makes every digest look the
 * algorithm up again, which costs more than hashing a short text. Set once,
 * then only read (by any thread). */
static pthread_once_t sha_once = PTHREAD_ONCE_INIT;
static EVP_MD *sha_md;

static void sha_fetch(void)
{
    sha_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

void gf_sha256(const void *data, size_t len, unsigned char out[32])
{
    unsigned int n = 0;
    pthread_once(&sha_once, sha_fetch);
    if (!EVP_Digest(data, len, out, &n, sha_md ? sha_md : EVP_sha256(), NULL) || n != 32) {
        fprintf(stderr, "graft: SHA-256 unavailable in libcrypto\n");
        abort();
    }
}

void gf_sha256_hex(const unsigned char sha[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[sha[i] >> 4];
        hex[2 * i + 1] = digits[sha[i] & 15];
    }
    hex[64] = '\0';
}
