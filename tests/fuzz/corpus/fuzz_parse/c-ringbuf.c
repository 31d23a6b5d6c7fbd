/* ringbuf.c: a fixed-size ring buffer of bytes. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define RB_CAPACITY 64
#define RB_NEXT(i) (((i) + 1) % RB_CAPACITY)

typedef struct ringbuf {
    unsigned char data[RB_CAPACITY];
    size_t head, tail;
    bool full;
} ringbuf;

enum rb_status { RB_OK = 0, RB_EMPTY = -1, RB_FULL = -2 };

static const char *const rb_messages[] = {
    [0] = "ok",
    [1] = "buffer is empty",
    [2] = "buffer is full\n",
};

static void rb_init(ringbuf *rb)
{
    memset(rb, 0, sizeof *rb);
}

static int rb_push(ringbuf *rb, unsigned char c)
{
    if (rb->full)
        return RB_FULL;
    rb->data[rb->head] = c;
    rb->head = RB_NEXT(rb->head);
    rb->full = rb->head == rb->tail;
    return RB_OK;
}

static int rb_pop(ringbuf *rb, unsigned char *out)
{
    if (!rb->full && rb->head == rb->tail)
        return RB_EMPTY;
    *out = rb->data[rb->tail];
    rb->tail = RB_NEXT(rb->tail);
    rb->full = false;
    return RB_OK;
}

int main(int argc, char **argv)
{
    ringbuf rb;
    rb_init(&rb);
    const char *msg = argc > 1 ? argv[1] : "hello, \"world\"\t!";
    for (const char *p = msg; *p != '\0'; p++) {
        int rc = rb_push(&rb, (unsigned char)*p);
        if (rc != RB_OK) {
            fprintf(stderr, "push: %s", rb_messages[-rc]);
            return 1;
        }
    }
    unsigned char c;
    while (rb_pop(&rb, &c) == RB_OK)
        putchar(c == '\'' ? '`' : c);
    putchar('\n');
    return 0;
}
