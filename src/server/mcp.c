/* mcp: JSON-RPC 2.0 over stdio. The reader thread parses and answers the
 * quick methods itself; tool calls go, in order, to one worker thread, so a
 * cancellation can reach a call while it runs. Every write to the output is
 * one whole line under a lock. */
#include "server/mcp.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/find.h"
#include "util/alloc.h"
#include "util/json.h"
#include "util/vec.h"

#define DEFAULT_MAX_MESSAGE ((size_t)16 << 20)
#define LATEST_VERSION "2025-11-25"
#define PROGRESS_GAP 0.02 /* seconds between a progress notification and the response */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const versions[] = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05",
                                       NULL};

static const char *const levels[] = {"debug",    "info",  "notice",    "warning", "error",
                                     "critical", "alert", "emergency", NULL};

typedef struct job {
    json_t *id;     /* the request's id */
    json_t *params; /* tools/call params */
    json_t *token;  /* progress token, or NULL */
    volatile int cancel;
    double progress;      /* last progress sent */
    double progress_time; /* when (monotonic seconds), 0: none sent */
    struct job *next;
} job;

typedef struct server {
    const gf_mcp_opts *o;
    gf_fcache *cache;
    pthread_mutex_t out_lock, q_lock;
    pthread_cond_t q_cond;
    job *head, *tail; /* queued calls */
    job *running;     /* the call the worker runs, or NULL */
    bool eof;
    bool broken; /* the output failed */
    int level;   /* logging/setLevel: index into levels */
} server;

/* ---- output ---- */

static void send_msg(server *s, json_t *msg)
{
    char *line = json_dumps(msg, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(msg);
    if (!line)
        return;
    pthread_mutex_lock(&s->out_lock);
    if (!s->broken) {
        if (fputs(line, s->o->out) < 0 || fputc('\n', s->o->out) < 0 || fflush(s->o->out) != 0)
            s->broken = true;
    }
    pthread_mutex_unlock(&s->out_lock);
    free(line);
}

static void send_result(server *s, const json_t *id, json_t *result)
{
    send_msg(s, json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result", result));
}

/* A tools/call result whose structured content is the JSON text raw,
 * written as is (and escaped, as the text block), without building values:
 * the same message send_result would write for it. */
static void send_raw_result(server *s, const json_t *id, const gf_buf *raw)
{
    char *idtext = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
    gf_buf line = GF_BUF_INIT;
    gf_buf_printf(&line,
                  "{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":{\"content\":[{\"type\":"
                  "\"text\",\"text\":\"",
                  idtext ? idtext : "null");
    free(idtext);
    gf_json_escape(&line, raw->ptr, raw->len);
    gf_buf_adds(&line, "\"}],\"isError\":false,\"structuredContent\":");
    gf_buf_add(&line, raw->ptr, raw->len);
    gf_buf_adds(&line, "}}\n");
    pthread_mutex_lock(&s->out_lock);
    if (!s->broken) {
        if (fwrite(line.ptr, 1, line.len, s->o->out) != line.len || fflush(s->o->out) != 0)
            s->broken = true;
    }
    pthread_mutex_unlock(&s->out_lock);
    gf_buf_release(&line);
}

static void send_error(server *s, const json_t *id, int code, const char *message, json_t *data)
{
    json_t *err = json_pack("{s:i, s:s}", "code", code, "message", message);
    if (data)
        json_object_set_new(err, "data", data);
    send_msg(s, json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error",
                          err));
}

__attribute__((format(printf, 3, 4))) static void log_msg(server *s, int level, const char *fmt,
                                                          ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (s->o->log)
        fprintf(s->o->log, "graft mcp: %s\n", buf);
    if (level >= s->level)
        send_msg(s, json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "jsonrpc", "2.0", "method",
                              "notifications/message", "params", "level", levels[level], "logger",
                              "graft", "data", buf));
}

/* ---- tool calls (worker thread) ---- */

static void on_progress(void *ctx, double progress, double total, const char *message)
{
    void **pair = ctx;
    server *s = pair[0];
    job *j = pair[1];
    if (!j->token || j->cancel)
        return;
    if (progress <= j->progress)
        progress = j->progress + 1;
    j->progress = progress;
    json_t *p = json_pack("{s:O, s:f}", "progressToken", j->token, "progress", progress);
    if (total > 0)
        json_object_set_new(p, "total", json_real(total));
    if (message)
        json_object_set_new(p, "message", json_string(message));
    send_msg(s, json_pack("{s:s, s:s, s:o}", "jsonrpc", "2.0", "method", "notifications/progress",
                          "params", p));
    j->progress_time = now_seconds();
}

/*
 * A client may handle notifications later than responses that arrive in the
 * same read (the TypeScript SDK defers notification handlers to a microtask
 * and drops the progress handler when the response comes): a progress
 * notification written just before the response would then be reported as
 * one for an unknown token. Leave a short gap after the last progress.
 */
static void progress_gap(const job *j)
{
    if (!j->progress_time)
        return;
    double wait = PROGRESS_GAP - (now_seconds() - j->progress_time);
    if (wait > 0) {
        struct timespec ts = {0, (long)(wait * 1e9)};
        nanosleep(&ts, NULL);
    }
}

static void run_call(server *s, job *j)
{
    const char *name = json_string_value(json_object_get(j->params, "name"));
    const gf_mcp_tool *t = name ? gf_mcp_tool_find(name) : NULL;
    if (!t || (s->o->read_only && !gf_mcp_tool_read_only(t))) {
        char m[300];
        snprintf(m, sizeof m, "unknown tool: %s%s", name ? name : "(no name)",
                 t ? " (the server is read-only)" : "");
        send_error(s, j->id, -32602, m, NULL);
        return;
    }
    const json_t *args = json_object_get(j->params, "arguments");
    json_t *empty = NULL;
    if (!args)
        args = empty = json_object();
    if (!json_is_object(args)) {
        send_error(s, j->id, -32602, "tools/call: 'arguments' must be an object", NULL);
        return;
    }
    void *pair[2] = {s, j};
    gf_mcp_call c = {.o = s->o,
                     .cache = s->cache,
                     .cancel = &j->cancel,
                     .progress = on_progress,
                     .progress_ctx = pair};
    json_t *structured = NULL;
    bool is_error = false;
    gf_buf msg = GF_BUF_INIT, raw = GF_BUF_INIT;
    c.raw = &raw;
    gf_mcp_tool_call(t, args, &c, &structured, &is_error, &msg);
    json_decref(empty);
    if (j->cancel) { /* cancelled: no response */
        json_decref(structured);
        gf_buf_release(&msg);
        gf_buf_release(&raw);
        return;
    }
    if (raw.len && !structured && !is_error) {
        progress_gap(j);
        send_raw_result(s, j->id, &raw);
        gf_buf_release(&msg);
        gf_buf_release(&raw);
        return;
    }
    gf_buf_release(&raw);
    json_t *content = json_array();
    if (is_error) {
        json_array_append_new(content,
                              json_pack("{s:s, s:s#}", "type", "text", "text",
                                        msg.ptr ? msg.ptr : "failed", msg.ptr ? msg.len : 6));
    }
    if (structured) {
        char *text = json_dumps(structured, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_array_append_new(content,
                              json_pack("{s:s, s:s}", "type", "text", "text", text ? text : ""));
        free(text);
    }
    json_t *result = json_pack("{s:o, s:b}", "content", content, "isError", is_error);
    if (structured)
        json_object_set_new(result, "structuredContent", structured);
    progress_gap(j);
    send_result(s, j->id, result);
    gf_buf_release(&msg);
}

static void job_free(job *j)
{
    json_decref(j->id);
    json_decref(j->params);
    json_decref(j->token);
    gf_free(j);
}

static void *worker(void *arg)
{
    server *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->q_lock);
        while (!s->head && !s->eof)
            pthread_cond_wait(&s->q_cond, &s->q_lock);
        job *j = s->head;
        if (!j) {
            pthread_mutex_unlock(&s->q_lock);
            return NULL;
        }
        s->head = j->next;
        if (!s->head)
            s->tail = NULL;
        s->running = j;
        pthread_mutex_unlock(&s->q_lock);
        if (!j->cancel)
            run_call(s, j);
        pthread_mutex_lock(&s->q_lock);
        s->running = NULL;
        pthread_mutex_unlock(&s->q_lock);
        job_free(j);
    }
}

static void cancel(server *s, const json_t *id)
{
    pthread_mutex_lock(&s->q_lock);
    if (s->running && json_equal(s->running->id, id))
        s->running->cancel = 1;
    for (job *j = s->head; j; j = j->next)
        if (json_equal(j->id, id))
            j->cancel = 1;
    pthread_mutex_unlock(&s->q_lock);
}

/* ---- dispatch (reader thread) ---- */

static json_t *initialize_result(server *s, const json_t *params)
{
    const char *want = json_string_value(json_object_get(params, "protocolVersion"));
    const char *v = LATEST_VERSION;
    for (const char *const *p = versions; want && *p; p++)
        if (!strcmp(*p, want))
            v = *p;
    const json_t *ci = json_object_get(params, "clientInfo");
    const char *cn = json_string_value(json_object_get(ci, "name"));
    const char *cv = json_string_value(json_object_get(ci, "version"));
    log_msg(s, 1, "client %s %s, protocol %s (answering %s)", cn ? cn : "(unnamed)", cv ? cv : "",
            want ? want : "(none)", v);
    return json_pack(
        "{s:s, s:{s:{s:b}, s:{}}, s:{s:s, s:s}, s:s}", "protocolVersion", v, "capabilities",
        "tools", "listChanged", 0, "logging", "serverInfo", "name", "graft", "version",
        GRAFT_VERSION, "instructions",
        "graft reads and edits source code structurally. Prefer code_find (ast-grep patterns) "
        "over text search for code; code_symbols/code_show to read by name; file_replace, "
        "file_insert, code_splice, code_rewrite to edit (each edit is atomic and refused when "
        "ambiguous or stale; results say what changed); code_parse to check syntax after "
        "editing. Paths are relative to the server's working directory.");
}

static void handle(server *s, json_t *msg)
{
    if (json_is_array(msg)) {
        send_error(s, NULL, -32600,
                   "invalid request: batches are not supported (removed in "
                   "protocol 2025-06-18); send one message per line",
                   NULL);
        return;
    }
    if (!json_is_object(msg)) {
        send_error(s, NULL, -32600, "invalid request: a message is a JSON object", NULL);
        return;
    }
    json_t *id = json_object_get(msg, "id");
    bool has_id = id != NULL;
    if (has_id && !json_is_string(id) && !json_is_integer(id)) {
        send_error(s, NULL, -32600, "invalid request: id must be a string or an integer", NULL);
        return;
    }
    const char *jv = json_string_value(json_object_get(msg, "jsonrpc"));
    const char *method = json_string_value(json_object_get(msg, "method"));
    if (!jv || strcmp(jv, "2.0") != 0) {
        send_error(s, id, -32600, "invalid request: jsonrpc must be \"2.0\"", NULL);
        return;
    }
    if (!method) {
        if (has_id && (json_object_get(msg, "result") || json_object_get(msg, "error")))
            return; /* a response to a request we never sent: ignore */
        send_error(s, id, -32600, "invalid request: no method", NULL);
        return;
    }
    json_t *params = json_object_get(msg, "params");
    if (params && !json_is_object(params)) {
        if (has_id)
            send_error(s, id, -32602, "invalid params: params must be an object", NULL);
        return;
    }
    if (!has_id) { /* notifications: never answered */
        if (!strcmp(method, "notifications/cancelled")) {
            const json_t *rid = json_object_get(params, "requestId");
            if (rid)
                cancel(s, rid);
        }
        return;
    }
    if (!strcmp(method, "initialize")) {
        send_result(s, id, initialize_result(s, params));
    } else if (!strcmp(method, "ping")) {
        send_result(s, id, json_object());
    } else if (!strcmp(method, "tools/list")) {
        json_t *list = json_array();
        for (size_t i = 0; i < gf_mcp_tool_count(); i++) {
            const gf_mcp_tool *t = gf_mcp_tool_at(i);
            if (!s->o->read_only || gf_mcp_tool_read_only(t))
                json_array_append_new(list, gf_mcp_tool_describe(t));
        }
        send_result(s, id, json_pack("{s:o}", "tools", list));
    } else if (!strcmp(method, "logging/setLevel")) {
        const char *l = json_string_value(json_object_get(params, "level"));
        int found = -1;
        for (int i = 0; l && levels[i]; i++)
            if (!strcmp(levels[i], l))
                found = i;
        if (found < 0) {
            send_error(s, id, -32602,
                       "invalid params: level must be one of debug, info, notice, "
                       "warning, error, critical, alert, emergency",
                       NULL);
            return;
        }
        s->level = found;
        send_result(s, id, json_object());
    } else if (!strcmp(method, "tools/call")) {
        if (!params || !json_is_string(json_object_get(params, "name"))) {
            send_error(s, id, -32602, "invalid params: tools/call needs a tool 'name'", NULL);
            return;
        }
        job *j = gf_calloc(1, sizeof *j);
        j->id = json_incref(id);
        j->params = json_incref(params);
        json_t *tok = json_object_get(json_object_get(params, "_meta"), "progressToken");
        if (json_is_string(tok) || json_is_integer(tok))
            j->token = json_incref(tok);
        pthread_mutex_lock(&s->q_lock);
        if (s->tail)
            s->tail->next = j;
        else
            s->head = j;
        s->tail = j;
        pthread_cond_signal(&s->q_cond);
        pthread_mutex_unlock(&s->q_lock);
    } else if (!strcmp(method, "resources/list") || !strcmp(method, "prompts/list")) {
        send_result(s, id,
                    json_pack(!strcmp(method, "prompts/list") ? "{s:[]}" : "{s:[]}",
                              !strcmp(method, "prompts/list") ? "prompts" : "resources"));
    } else {
        char m[300];
        snprintf(m, sizeof m, "method not found: %s", method);
        send_error(s, id, -32601, m, NULL);
    }
}

/* Reads lines from fd; each whole line (without its '\n') goes to handle. A
 * line longer than the limit is dropped as it streams by (memory stays
 * bounded) and answered with a parse error. */
int gf_mcp_serve(const gf_mcp_opts *o)
{
    server s = {.o = o, .level = 3};
    gf_alloc_count(); /* the cache measures what its trees hold */
    s.cache = gf_fcache_new((o->cache_mb ? o->cache_mb : 512) << 20);
    pthread_mutex_init(&s.out_lock, NULL);
    pthread_mutex_init(&s.q_lock, NULL);
    pthread_cond_init(&s.q_cond, NULL);
    pthread_t th;
    pthread_create(&th, NULL, worker, &s);
    size_t max = o->max_message ? o->max_message : DEFAULT_MAX_MESSAGE;
    gf_buf line = GF_BUF_INIT;
    bool oversize = false;
    char chunk[65536];
    for (;;) {
        ssize_t n = read(o->in_fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        const char *p = chunk, *end = chunk + n;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
            if (!oversize) {
                if (line.len + len > max) {
                    oversize = true;
                    gf_buf_release(&line);
                    gf_buf_init(&line, 0);
                } else {
                    gf_buf_add(&line, p, len);
                }
            }
            p += len;
            if (!nl)
                break;
            p++; /* the '\n' */
            if (oversize) {
                char m[128];
                snprintf(m, sizeof m, "parse error: message longer than %zu bytes", max);
                send_error(&s, NULL, -32700, m, NULL);
                oversize = false;
                continue;
            }
            size_t l = line.len;
            if (l && line.ptr[l - 1] == '\r')
                l--;
            bool blank = true;
            for (size_t i = 0; i < l && blank; i++)
                blank = line.ptr[i] == ' ' || line.ptr[i] == '\t';
            if (!blank) {
                json_error_t je;
                json_t *msg = json_loadb(line.ptr, l, JSON_DECODE_ANY, &je);
                if (!msg) {
                    char m[256];
                    snprintf(m, sizeof m, "parse error: %s (column %d)", je.text, je.column);
                    send_error(&s, NULL, -32700, m, NULL);
                } else {
                    handle(&s, msg);
                    json_decref(msg);
                }
            }
            gf_buf_clear(&line);
        }
    }
    if (line.len && !oversize)
        log_msg(&s, 3, "input ended in the middle of a message (%zu bytes dropped)", line.len);
    gf_buf_release(&line);
    pthread_mutex_lock(&s.q_lock);
    s.eof = true;
    pthread_cond_signal(&s.q_cond);
    pthread_mutex_unlock(&s.q_lock);
    pthread_join(th, NULL);
    gf_fcache_delete(s.cache);
    pthread_mutex_destroy(&s.out_lock);
    pthread_mutex_destroy(&s.q_lock);
    pthread_cond_destroy(&s.q_cond);
    return s.broken ? 2 : 0;
}
