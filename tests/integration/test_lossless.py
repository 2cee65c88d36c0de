#!/usr/bin/python3
"""Lossless delivery with `[output] socket = push`: 100,000 small documents
through a deliberately slow consumer, and every id arrives exactly once.

The daemon publishes on a PUSH socket (two frames, [topic][body], as on
PUB); the consumer is a PULL that connects. High-water marks are small on
every hop (output.hwm = 100, the consumer's RCVHWM = 100), so the slow
consumer really holds the daemon back: results wait in the daemon, which
then stops reading input at max_inflight, which blocks the producer. The
consumer connects only once the producer's send has found the pipe full
(a send timed out after 100 ms): the daemon held results while nobody at
all was there to take them, and pushed back all the way to the producer.
The documents carry 200 bytes of text so that the kernel's socket buffers
cannot absorb all of them. The consumer reads in bursts: after every 2,000
messages it sleeps 20 ms (that sleep IS the slow consumer). With one
consumer every published message reaches it, so the seqs it sees are
exactly 1..N: no gap, no duplicate.
"""
import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tpharness import Daemon, SLOW, msgpack, zmq  # noqa: E402

N = int(os.environ.get("TP_LOSSLESS_DOCS", "100000"))
BURST = 2000          # messages between the consumer's pauses
PAUSE_S = 0.020       # the pause: this sleep is the slow consumer
FILLER = " and so on" * 20


class Producer(threading.Thread):
    """Sends N documents; counts how often a send found the pipe full."""

    def __init__(self, ctx, endpoint):
        super().__init__(daemon=True)
        self.push = ctx.socket(zmq.PUSH)
        self.push.setsockopt(zmq.SNDHWM, 100)
        self.push.setsockopt(zmq.SNDTIMEO, 100)
        self.push.setsockopt(zmq.SNDBUF, 65536)
        self.push.setsockopt(zmq.LINGER, 5000)
        self.push.connect(endpoint)
        self.first_block = threading.Event()
        self.blocked = 0
        self.sent_at_block = None
        self.error = None

    def run(self):
        try:
            for i in range(N):
                frame = msgpack.packb({"id": f"l-{i}", "text": f"Document {i}{FILLER}."},
                                      use_bin_type=True)
                while True:
                    try:
                        self.push.send(frame)
                        break
                    except zmq.Again:
                        self.blocked += 1   # backpressure reached us
                        if not self.first_block.is_set():
                            self.sent_at_block = i
                            self.first_block.set()
        except Exception as e:  # reported by the main thread
            self.error = e
        finally:
            self.first_block.set()
            self.push.close()


class Lossless(unittest.TestCase):
    def test_slow_consumer_gets_every_id_exactly_once(self):
        d = Daemon("--workers", "2", "--set", "output.socket=push",
                   "--set", "output.hwm=100", "--set", "input.hwm=100")
        self.addCleanup(d.kill)
        ctx = zmq.Context()
        self.addCleanup(ctx.term)
        start = time.monotonic()
        producer = Producer(ctx, d.input)
        producer.start()
        self.assertTrue(producer.first_block.wait(60 * SLOW))
        self.assertGreater(producer.blocked, 0, "all sent before anyone consumed")

        pull = ctx.socket(zmq.PULL)
        pull.setsockopt(zmq.RCVHWM, 100)
        pull.setsockopt(zmq.LINGER, 0)
        pull.connect(d.output)
        self.addCleanup(pull.close)
        seen = set()
        seqs = []
        duplicates = 0
        pauses = 0
        while len(seen) < N:
            if not pull.poll(int(30000 * SLOW)):
                self.fail(f"only {len(seen)} of {N} results arrived"
                          f" (producer blocked {producer.blocked} times)\n{d.log()}")
            frames = pull.recv_multipart()
            self.assertEqual(len(frames), 2)
            self.assertEqual(frames[0], b"result")
            body = msgpack.unpackb(frames[1], raw=False)
            if body["id"] in seen:
                duplicates += 1
            seen.add(body["id"])
            seqs.append(body["seq"])
            if len(seqs) % BURST == 0:
                time.sleep(PAUSE_S)
                pauses += 1
        producer.join(60 * SLOW)
        self.assertIsNone(producer.error)
        self.assertFalse(pull.poll(300), "an extra message")
        elapsed = time.monotonic() - start
        self.assertEqual(duplicates, 0)
        self.assertEqual(seen, {f"l-{i}" for i in range(N)})
        self.assertEqual(sorted(seqs), list(range(1, N + 1)), "seq gap or duplicate")
        self.assertEqual(d.stop(), 0, d.log())
        print(f"\nlossless: {N} sent, {len(seen)} distinct ids received, "
              f"{duplicates} duplicates, {pauses} consumer pauses; the producer "
              f"blocked first after {producer.sent_at_block} documents (no consumer "
              f"yet) and {producer.blocked} times in all; {elapsed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
