"""Gunicorn settings for Signpost (`make serve`, or `gunicorn -c gunicorn.conf.py`).

Sized for a small machine (2 cores): 2 worker processes x 4 threads. The access log holds the
method, the path WITHOUT its query string, the status, the size and the time taken; never
query strings, bodies, referrers, user agents or IP addresses (chat text is POSTed, and
directory searches are GET ?q=). Settings come from the environment where it makes sense.
"""

import gc
import os
import threading

wsgi_app = "app:create_app()"
bind = os.environ.get("SIGNPOST_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("SIGNPOST_WORKERS", "2"))
threads = int(os.environ.get("SIGNPOST_THREADS", "4"))
worker_class = "gthread"
# Not preloaded: each worker opens its own SQLite connections and Whoosh files after the fork.
preload_app = False
# A worker that finds the index missing, damaged or stale starts at once and searches SQLite
# while one process (holding index.lock in the data folder) rebuilds it; never two at once.
os.environ.setdefault("SIGNPOST_INDEX_REBUILD", "background")
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so slow memory growth cannot build up; rarely, because a
# worker restarting (about 2 s to open the index and warm up) halves capacity meanwhile.
max_requests = 100_000
max_requests_jitter = 10_000
# Only trust X-Forwarded-* from these addresses (the reverse proxy terminating HTTPS).
forwarded_allow_ips = os.environ.get("SIGNPOST_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("SIGNPOST_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("SIGNPOST_LOG_LEVEL", "info")
# %(U)s is the path alone; %(r)s and %(q)s (which carry the query string) are never used.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# No runtime control socket (gunicorn 25.1+): nothing uses it, and two servers would share it.
control_socket_disable = True
GC_THRESHOLD = 10_000  # allocations between young collections (Python's default is 700)


def post_worker_init(worker):
    """Warm the worker (search index, speller, chat rules) before it takes real requests."""
    runtime = getattr(worker.wsgi, "extensions", {}).get("signpost")
    if runtime is None:
        return  # not Signpost (the load test's "hello" app)
    if runtime.finder.ready:  # not while the index is being rebuilt
        _warm_while_alive(worker)
    # What start-up made (rules, taxonomy, index readers) lives as long as the worker: keep the
    # collector from scanning it again and again, and collect the young less often. In process,
    # the load test's mix spent 0.09 ms a request in the collector (one full pass took 104 ms,
    # a latency spike); frozen with a threshold of 10,000, 0.02 ms.
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 10, 10)


def _warm_while_alive(worker):
    """One search and one chat turn, while telling the master every second that this worker is
    alive. The chat turn loads the risk rules (and, when the file changed since it last passed,
    checks every rule's examples: about 10 s of CPU at 700 rules); gunicorn kills a worker silent
    for `timeout` seconds, boot included, so on a busy machine a long warm-up would otherwise be
    killed and restarted for ever."""
    failure = []

    def warm():
        try:
            client = worker.wsgi.test_client()
            client.get("/api/services", query_string={"q": "worried"})
            client.post("/api/chat", json={"message": "hello"})
        except BaseException as exc:  # noqa: BLE001 - raised again below, in the worker itself
            failure.append(exc)

    thread = threading.Thread(target=warm, name="signpost-warm-up", daemon=True)
    thread.start()
    while thread.is_alive():
        worker.notify()
        thread.join(1.0)
    if failure:
        raise failure[0]
