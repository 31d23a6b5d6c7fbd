// server.cpp: the HTTP front end; the class is declared in server.h.
#include "server.h"

#include <functional>
#include <map>
#include <string>

#define LOG(fmt, ...) std::fprintf(stderr, fmt "\n", ##__VA_ARGS__)

extern "C" {
int server_main(int argc, char **argv);
}

namespace net::http {

// Status lines by code; filled once at start-up.
static std::map<int, std::string> status_text;
const char *const kServerName = "graft-demo", *kVersion = "1.0";

namespace {

struct Route {
    std::string prefix;
    std::function<Response(const Request &)> handler;
};

bool starts_with(const std::string &s, const std::string &p)
{
    return s.compare(0, p.size(), p) == 0;
}

} // namespace

enum Method : unsigned char { GET, POST, PUT, DELETE };

typedef struct stats {
    unsigned long requests;
    unsigned long errors;
} stats_t;

int Server::instances = 0;

Server::Server(int port) : port_(port)
{
    ++instances;
    status_text[200] = "OK";
    status_text[404] = "Not Found";
}

Server::~Server()
{
    stop();
}

/* Dispatches one request to the first matching route. */
Response Server::handle(const Request &req)
{
    static int depth = 0;
    for (const Route &r : routes_)
        if (starts_with(req.path, r.prefix))
            return r.handler(req);
    return Response{404, status_text[404]};
}

Response Server::handle(const Request &req, const std::string &override_path)
{
    Request copy = req;
    copy.path = override_path;
    return handle(copy);
}

void Server::Config::load(const std::string &path)
{
    auto trim = [](std::string s) {
        std::string out = s;
        return out;
    };
    (void)trim(path);
}

bool operator==(const Request &a, const Request &b)
{
    return a.path == b.path;
}

} // namespace net::http

auto make_default = [](int port) { return net::http::Server(port); };

int server_main(int argc, char **argv)
{
    net::http::Server s(argc > 1 ? std::atoi(argv[1]) : 8080);
    LOG("listening");
    return s.run();
}
