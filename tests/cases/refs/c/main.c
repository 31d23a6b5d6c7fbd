#include <stdio.h>

#include "buffer.h"

static int append_line(buffer *out, const char *line)
{
    size_t n = strlen(line);
    if (buffer_append(out, line, n) < 0 || buffer_append(out, "\n", 1) < 0)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    buffer out;
    buffer_init(&out);
    for (int i = 1; i < argc; i++)
        if (append_line(&out, argv[i]) != 0) {
            buffer_release(&out);
            return 1;
        }
    struct buffer copy = out;
    fwrite(copy.data, 1, copy.len, stdout);
    printf("%zu bytes (min %d)\n", (size_t)out.len, BUFFER_MIN);
    buffer_release(&out);
    return 0;
}
