#!/usr/bin/python3
"""End-to-end benchmark of a running textpiped (not a test): documents
pushed over ZeroMQ, results read from PUB; prints documents/s, MB/s of
text, the latency from send to result (p50/p90/p99/max) and the daemon's
peak RSS (VmHWM).

    /usr/bin/python3 tests/bench/daemon_bench.py                  # 20,000 docs, as fast as it takes them
    /usr/bin/python3 tests/bench/daemon_bench.py --rate 200       # latency at 200 documents/s
    /usr/bin/python3 tests/bench/daemon_bench.py --stages tokenize --workers 2

It starts build/bin/textpiped on free loopback ports with conf/textpiped.conf
(TP_BUILD_DIR selects another build). Texts are the PolNeAR dev articles
when ../shared/data is there, else generated news-like paragraphs. At full
speed the latency includes the time a document waits in the queues
(backpressure); use --rate for the latency of an unloaded daemon.
"""
import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from tpharness import SHARED, SOURCE, Daemon, msgpack, zmq  # noqa: E402


def load_texts():
    path = os.path.join(SHARED, "data", "quotes-dev.jsonl")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return [json.loads(line)["text"] for line in f]
    para = ('"We will keep working," the mayor said on Tuesday, adding that the '
            'city council had voted for the plan. Critics claimed it would fail. ')
    return [para * (1 + i % 20) for i in range(200)]


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), int(q * len(sorted_values) + 0.999999)))
    return sorted_values[rank - 1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--rate", type=float, default=0, help="documents/s (0 = as fast as possible)")
    ap.add_argument("--stages", default=None, help="override [pipeline] stages")
    ap.add_argument("--workers", default="0")
    args = ap.parse_args()

    texts = [t.encode("utf-8") for t in load_texts()]
    extra = ["--workers", args.workers]
    d = Daemon(*extra, config=os.path.join(SOURCE, "conf", "textpiped.conf"),
               stages=args.stages)
    try:
        ctx = zmq.Context()
        sub = ctx.socket(zmq.SUB)
        sub.setsockopt(zmq.SUBSCRIBE, b"")
        sub.setsockopt(zmq.RCVHWM, 0)
        sub.connect(d.output)
        push = ctx.socket(zmq.PUSH)
        push.connect(d.input)
        # Beat the slow joiner before timing anything.
        while True:
            push.send(msgpack.packb({"id": "warmup", "text": "Hello."}))
            if sub.poll(200):
                sub.recv_multipart()
                break
        while sub.poll(200):
            sub.recv_multipart()

        sent_at = {}
        latencies = []
        errors = [0]
        done = threading.Event()

        def receive():
            got = 0
            while got < args.docs:
                if not sub.poll(30000):
                    break
                topic, body = sub.recv_multipart()
                now = time.monotonic()
                msg = msgpack.unpackb(body, raw=False)
                t = sent_at.pop(msg.get("id"), None)
                if t is None:
                    continue
                if topic.startswith(b"error"):
                    errors[0] += 1
                latencies.append(now - t)
                got += 1
            done.set()

        reader = threading.Thread(target=receive)
        reader.start()
        start = time.monotonic()
        text_bytes = 0
        for i in range(args.docs):
            if args.rate:
                wait = start + i / args.rate - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            text = texts[i % len(texts)]
            doc_id = f"b-{i}"
            sent_at[doc_id] = time.monotonic()
            push.send(msgpack.packb({"id": doc_id, "text": text.decode("utf-8")}))
            text_bytes += len(text)
        reader.join()
        elapsed = time.monotonic() - start
        latencies.sort()
        n = len(latencies)
        print(f"daemon bench: {n} of {args.docs} answered ({errors[0]} errors) in {elapsed:.2f} s, "
              f"stages {args.stages or 'from conf/textpiped.conf'}, workers {args.workers} (0 = cores)")
        print(f"throughput: {n / elapsed:.0f} documents/s, {text_bytes / 1e6 / elapsed:.1f} MB/s of text")
        print("latency send->result: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms" % tuple(
            1000 * x for x in (percentile(latencies, .5), percentile(latencies, .9),
                               percentile(latencies, .99), latencies[-1] if n else float("nan"))))
        print(f"daemon peak RSS: {peak_rss_mb(d.proc.pid):.1f} MB")
        sub.close(0)
        push.close(0)
        ctx.term()
        return 0 if n == args.docs else 1
    finally:
        d.stop()


if __name__ == "__main__":
    sys.exit(main())
