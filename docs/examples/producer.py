#!/usr/bin/python3
"""Send documents to textpiped: one per file named on the command line (the
id is the file name), or one per line of stdin with --lines.

    /usr/bin/python3 docs/examples/producer.py article.txt other.txt
    echo "He said so." | /usr/bin/python3 docs/examples/producer.py --lines

Needs Debian's python3-zmq and python3-msgpack (apt-get install python3-zmq
python3-msgpack), which belong to /usr/bin/python3.
"""
import argparse
import sys

import msgpack
import zmq


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--endpoint", default="tcp://127.0.0.1:5555")
    ap.add_argument("--lines", action="store_true", help="one document per stdin line")
    ap.add_argument("--topic", help="routing suffix: results come as result.TOPIC")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds a send may block")
    args = ap.parse_args()

    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    # A send blocks while the daemon is saturated (backpressure); give up
    # after --timeout instead of hanging forever when no daemon is there.
    push.setsockopt(zmq.SNDTIMEO, int(args.timeout * 1000))
    push.setsockopt(zmq.LINGER, int(args.timeout * 1000))
    push.connect(args.endpoint)

    def docs():
        if args.lines:
            for n, line in enumerate(sys.stdin, 1):
                if line.strip():
                    yield f"line-{n}", line.rstrip("\n")
        for path in args.files:
            with open(path, encoding="utf-8") as f:
                yield path, f.read()

    sent = 0
    for doc_id, text in docs():
        doc = {"id": doc_id, "text": text, "meta": {"source": "producer.py"}}
        if args.topic:
            doc["topic"] = args.topic
        try:
            push.send(msgpack.packb(doc, use_bin_type=True))
        except zmq.Again:
            print(f"producer: daemon not accepting at {args.endpoint}", file=sys.stderr)
            return 1
        sent += 1
    push.close()  # waits up to LINGER for queued documents to leave
    ctx.term()
    print(f"producer: sent {sent} documents", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
