#include <stddef.h>
#include <stdint.h>

/* Adler-32 over a buffer, for order ids. */
uint32_t checksum(const unsigned char *p, size_t n)
{
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}
