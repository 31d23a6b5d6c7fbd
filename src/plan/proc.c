/* proc: fork/exec with captured output, a time limit and process groups. */
#include "plan/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"

#define DEFAULT_MAX_OUTPUT ((size_t)64 << 20)

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void gf_proc_result_release(gf_proc_result *res)
{
    gf_buf_release(&res->out);
    gf_buf_release(&res->err);
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* In the child: report errno through the exec pipe and leave. */
static void child_fail(int fd, int e)
{
    ssize_t w = write(fd, &e, sizeof e);
    (void)w;
    _exit(127);
}

static void child(const gf_proc_opts *o, int in, int out, int errfd, int report)
{
    setpgid(0, 0);
    signal(SIGPIPE, SIG_DFL);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
        child_fail(report, errno);
    if (o->cwd && chdir(o->cwd) != 0)
        child_fail(report, errno);
    for (char *const *e = o->env_add; e && *e; e++)
        if (putenv(*e) != 0)
            child_fail(report, errno);
    execvp(o->argv[0], o->argv);
    child_fail(report, errno);
}

/* Reads what is there from *fd into b (up to cap; the rest is dropped). */
static void drain(int *fd, gf_buf *b, size_t cap, bool *truncated)
{
    char chunk[65536];
    ssize_t n = read(*fd, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        close_fd(fd);
        return;
    }
    size_t keep = (size_t)n;
    if (b->len + keep > cap) {
        keep = b->len < cap ? cap - b->len : 0;
        *truncated = true;
    }
    gf_buf_add(b, chunk, keep);
}

int gf_proc_run(const gf_proc_opts *o, gf_proc_result *res, gf_error *err)
{
    memset(res, 0, sizeof *res);
    gf_buf_init(&res->out, 0);
    gf_buf_init(&res->err, 0);
    size_t cap = o->max_output ? o->max_output : DEFAULT_MAX_OUTPUT;
    int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1}, prep[2] = {-1, -1};
    int rc = 0;
    if (pipe2(pout, O_CLOEXEC) || pipe2(perr, O_CLOEXEC) || pipe2(prep, O_CLOEXEC) ||
        (o->input ? pipe2(pin, O_CLOEXEC)
                  : ((pin[0] = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0))) {
        rc = gf_error_errno(err, errno, o->argv[0]);
        goto out;
    }
    double start = now_seconds();
    pid_t pid = fork();
    if (pid < 0) {
        rc = gf_error_errno(err, errno, o->argv[0]);
        goto out;
    }
    if (pid == 0)
        child(o, pin[0], pout[1], perr[1], prep[1]);
    setpgid(pid, pid); /* also done by the child: whichever runs first */
    close_fd(&pin[0]);
    close_fd(&pout[1]);
    close_fd(&perr[1]);
    close_fd(&prep[1]);
    int e = 0;
    ssize_t got;
    do
        got = read(prep[0], &e, sizeof e);
    while (got < 0 && errno == EINTR);
    close_fd(&prep[0]);
    if (got == (ssize_t)sizeof e) {
        waitpid(pid, NULL, 0);
        close_fd(&pin[1]);
        if (o->cwd && e == ENOENT && access(o->cwd, F_OK) != 0)
            rc = gf_error_set(err, GF_ENOENT, "cannot run '%s': no such directory '%s'", o->argv[0],
                              o->cwd);
        else
            rc = gf_error_set(err, gf_code_from_errno(e), "cannot run '%s': %s", o->argv[0],
                              strerror(e));
        goto out;
    }
    /* a command that does not read all its input must not kill us */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old_pipe;
    sigaction(SIGPIPE, &ign, &old_pipe);
    if (pin[1] >= 0)
        fcntl(pin[1], F_SETFL, O_NONBLOCK);
    size_t in_off = 0;
    int status = 0;
    bool reaped = false, termed = false;
    double kill_at = 0;
    for (;;) {
        if (!reaped) {
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid)
                reaped = true;
        }
        if (pout[0] < 0 && perr[0] < 0 && pin[1] < 0) {
            if (reaped)
                break;
            if (o->timeout <= 0 && !o->cancel) {
                /* the output is closed: wait for the exit itself */
                while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                    ;
                reaped = true;
                break;
            }
        }
        struct pollfd fds[3];
        int nf = 0;
        if (pout[0] >= 0)
            fds[nf++] = (struct pollfd){.fd = pout[0], .events = POLLIN};
        if (perr[0] >= 0)
            fds[nf++] = (struct pollfd){.fd = perr[0], .events = POLLIN};
        if (pin[1] >= 0)
            fds[nf++] = (struct pollfd){.fd = pin[1], .events = POLLOUT};
        double t = now_seconds();
        int wait_ms = pout[0] < 0 && perr[0] < 0 ? 5 : 50;
        if (o->timeout > 0 && !res->timed_out && t - start >= o->timeout) {
            res->timed_out = true;
            kill(-pid, SIGTERM);
            termed = true;
            kill_at = t + 1.0;
        }
        if (o->cancel && *o->cancel && !res->cancelled) {
            res->cancelled = true;
            kill(-pid, SIGKILL);
        }
        if (termed && kill_at > 0 && t >= kill_at) {
            kill(-pid, SIGKILL);
            kill_at = 0;
        }
        int pr = poll(fds, (nfds_t)nf, wait_ms);
        if (pr < 0 && errno != EINTR)
            break;
        bool any = false;
        for (int i = 0; i < nf && pr > 0; i++) {
            if (!fds[i].revents)
                continue;
            any = true;
            if (fds[i].fd == pout[0])
                drain(&pout[0], &res->out, cap, &res->truncated);
            else if (fds[i].fd == perr[0])
                drain(&perr[0], &res->err, cap, &res->truncated);
            else if (fds[i].fd == pin[1]) {
                if (fds[i].revents & (POLLERR | POLLHUP)) {
                    close_fd(&pin[1]);
                    continue;
                }
                ssize_t w = write(pin[1], o->input + in_off, o->input_len - in_off);
                if (w > 0)
                    in_off += (size_t)w;
                if ((w < 0 && errno != EAGAIN && errno != EINTR) || in_off >= o->input_len)
                    close_fd(&pin[1]);
            }
        }
        /* The command has ended but something it started still holds its
         * output open: do not wait for that. */
        if (reaped && !any) {
            close_fd(&pout[0]);
            close_fd(&perr[0]);
        }
        if (pin[1] >= 0 && reaped)
            close_fd(&pin[1]);
    }
    if (!reaped)
        waitpid(pid, &status, 0);
    close_fd(&pin[1]);
    sigaction(SIGPIPE, &old_pipe, NULL);
    res->seconds = now_seconds() - start;
    if (WIFSIGNALED(status)) {
        res->signal = WTERMSIG(status);
        res->exit_code = 128 + res->signal;
    } else {
        res->exit_code = WEXITSTATUS(status);
    }
out:
    close_fd(&pin[0]);
    close_fd(&pin[1]);
    close_fd(&pout[0]);
    close_fd(&pout[1]);
    close_fd(&perr[0]);
    close_fd(&perr[1]);
    close_fd(&prep[0]);
    close_fd(&prep[1]);
    return rc;
}
