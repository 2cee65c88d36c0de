#!/usr/bin/python3
"""Print who said what, from textpiped's results, as they are published.

    /usr/bin/python3 docs/examples/subscriber.py [--count N]

Each result is two frames: the topic ("result", "result.TOPIC", "error",
...) and a MessagePack map. Offsets are UTF-8 byte offsets, so the text is
sliced as bytes. A result carries `daemon` and `seq`: a jump in seq means a
message was lost (PUB drops for slow subscribers), a new daemon id means
the daemon restarted.
"""
import argparse
import json
import sys

import msgpack
import zmq


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", default="tcp://127.0.0.1:5556")
    ap.add_argument("--count", type=int, default=0, help="stop after N messages")
    args = ap.parse_args()

    ctx = zmq.Context()
    sub = ctx.socket(zmq.SUB)
    sub.connect(args.endpoint)
    sub.setsockopt(zmq.SUBSCRIBE, b"result")
    sub.setsockopt(zmq.SUBSCRIBE, b"error")
    print("subscriber: ready", file=sys.stderr, flush=True)

    last = {}  # daemon id -> last seq seen
    seen = 0
    while not args.count or seen < args.count:
        topic, body = sub.recv_multipart()
        msg = msgpack.unpackb(body, raw=False)
        seen += 1
        daemon, seq = msg.get("daemon"), msg.get("seq")
        if daemon in last and seq != last[daemon] + 1:
            print(f"subscriber: {seq - last[daemon] - 1} messages lost", file=sys.stderr)
        last[daemon] = seq
        if topic.startswith(b"error"):
            err = msg["error"]
            print(json.dumps({"id": msg.get("id"), "error": err["code"], "message": err["message"]}))
            continue
        quotes = [{"speaker": (q.get("speaker") or {}).get("name"), "text": q["text"]}
                  for q in msg.get("quotes", [])]
        print(json.dumps({"id": msg["id"], "sentences": len(msg["sentences"]),
                          "quotes": quotes}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
