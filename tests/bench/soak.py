#!/usr/bin/python3
"""Soak benchmark (not a test): push 1,000,000 documents through textpiped
while sampling the daemon's resident memory (VmRSS from /proc) every
second, then print the series and whether it is flat after warm-up.

Run it from the repository, after building (tools/dev test or cmake):

    /usr/bin/python3 tests/bench/soak.py                 # starts build/bin/textpiped
    /usr/bin/python3 tests/bench/soak.py --docs 200000 --stages tokenize,quotes,stance
    /usr/bin/python3 tests/bench/soak.py --pid $(pidof textpiped) \\
        --input tcp://127.0.0.1:5555 --output tcp://127.0.0.1:5556   # a running daemon

Set TP_BUILD_DIR to use another build folder. Documents are news-like
texts of 200 to 3,000 bytes (the seed article's paragraphs when
../shared/data is there, else generated sentences), each with a fresh id
and a small meta map. The subscriber counts answers (PUB is at most once:
a shortfall is printed, not an error). "Flat" means: the largest sample of
the second half of the run exceeds the first sample after warm-up (10 % of
the documents) by less than --tolerance-mb (default 8 MB) and 10 %.
Exit status: 0 flat, 1 grew, 2 the daemon died or could not start.
"""
import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from tpharness import Daemon, SHARED, msgpack, zmq  # noqa: E402


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS")


def texts():
    seed = os.path.join(SHARED, "data", "seed", "article.txt")
    if os.path.exists(seed):
        with open(seed, encoding="utf-8") as f:
            paras = [p.strip() for p in f.read().split("\n") if len(p.strip()) > 40]
    else:
        paras = [f"\u201cThis is sentence {i},\u201d the official said on Tuesday. "
                 f"Rep. Smith of the U.S. House disagreed with the plan." for i in range(50)]
    out = []
    for i in range(len(paras)):
        out.append("\n\n".join(paras[i:i + 1 + i % 6]))  # 1 to 6 paragraphs
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--stages", default="tokenize")
    ap.add_argument("--workers", default="2")
    ap.add_argument("--pid", type=int, help="sample this running daemon instead of starting one")
    ap.add_argument("--input", help="with --pid: where it reads")
    ap.add_argument("--output", help="with --pid: where it publishes")
    ap.add_argument("--tolerance-mb", type=float, default=8.0)
    args = ap.parse_args()

    daemon = None
    if args.pid:
        pid, input_ep, output_ep = args.pid, args.input, args.output
        if not (input_ep and output_ep):
            ap.error("--pid needs --input and --output")
    else:
        daemon = Daemon("--workers", args.workers, stages=args.stages)
        pid, input_ep, output_ep = daemon.proc.pid, daemon.input, daemon.output

    ctx = zmq.Context()
    sub = ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.setsockopt(zmq.RCVHWM, 0)
    sub.connect(output_ep)
    push = ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 5000)
    push.connect(input_ep)
    time.sleep(0.5)  # let the subscription reach the daemon (a benchmark, not a test)

    samples = []          # (seconds, documents sent, RSS MB)
    received = [0, 0]     # results, errors
    sent = [0]
    done = threading.Event()
    start = time.monotonic()

    def sampler():
        while not done.is_set():
            try:
                samples.append((time.monotonic() - start, sent[0], rss_mb(pid)))
            except (OSError, RuntimeError):
                print("the daemon is gone", file=sys.stderr)
                os._exit(2)
            done.wait(1.0)

    def consumer():
        while not done.is_set() or sub.poll(0):
            if sub.poll(200):
                topic, _ = sub.recv_multipart()
                received[1 if topic.startswith(b"error") else 0] += 1

    threads = [threading.Thread(target=sampler, daemon=True),
               threading.Thread(target=consumer, daemon=True)]
    for t in threads:
        t.start()
    pool = texts()
    for i in range(args.docs):
        push.send(msgpack.packb({"id": f"soak-{i}", "text": pool[i % len(pool)],
                                 "meta": {"n": i}}, use_bin_type=True))
        sent[0] = i + 1
    # wait for the answers to stop coming (or all to arrive)
    last, idle = -1, 0
    while sum(received) < args.docs and idle < 5:
        time.sleep(1)
        idle = idle + 1 if sum(received) == last else 0
        last = sum(received)
    samples.append((time.monotonic() - start, sent[0], rss_mb(pid)))
    done.set()
    for t in threads:
        t.join(5)
    elapsed = time.monotonic() - start

    print("   t_s       sent   rss_mb")
    for t, n, mb in samples:
        print(f"{t:6.0f} {n:10d} {mb:8.1f}")
    warm = next((s for s in samples if s[1] >= args.docs // 10), samples[0])
    second_half = [mb for t, n, mb in samples if t >= elapsed / 2] or [samples[-1][2]]
    growth = max(second_half) - warm[2]
    flat = growth < args.tolerance_mb and growth < 0.10 * max(warm[2], 1.0)
    print(f"{args.docs} documents sent in {elapsed:.0f} s ({args.docs / elapsed:.0f}/s); "
          f"{received[0]} results and {received[1]} errors received")
    print(f"RSS after warm-up ({warm[1]} documents): {warm[2]:.1f} MB; "
          f"largest in the second half: {max(second_half):.1f} MB; "
          f"growth {growth:+.1f} MB: {'FLAT' if flat else 'GROWING'}")
    push.close()
    sub.close(0)
    ctx.term()
    if daemon:
        rc = daemon.stop()
        if rc != 0:
            print(f"the daemon exited {rc}", file=sys.stderr)
            return 2
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
