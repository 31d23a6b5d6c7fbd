#include <stdio.h>

/* CRLF line endings */
int main(void)
{
    puts("hi\r");
    return 0;
}
