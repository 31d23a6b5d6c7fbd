/* hash: SHA-256 through OpenSSL's libcrypto. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

#include "graft/edit.h"

void gf_sha256(const void *data, size_t len, unsigned char out[32])
{
    unsigned int n = 0;
    if (!EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) || n != 32) {
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
