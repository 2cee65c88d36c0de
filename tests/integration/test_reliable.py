#!/usr/bin/python3
"""`textpipe send --reliable`: at least once across a daemon crash.

2,000 documents go through `send --reliable --jsonl` to a daemon whose
test stage takes 1 ms per document. Once an independent subscriber (the
witness) has seen 500 answers, the stage's gate is closed (documents now
wait inside the daemon), and when the witness has heard nothing more for a
moment the daemon is killed with SIGKILL: everything it held is lost. A new
daemon starts on the same ports, its gate closed until the witness has
reconnected (so the witness misses nothing the new daemon publishes), then
opened. The sender must exit 0, every id must have been answered at least
once as the witness saw it, and the witness may see some ids twice (the
guarantee is at least once: PROTOCOL.md section 6); the counts are printed.

Also: --reliable gives up (exit 1, the id named) when nobody answers, and
never blocks when no daemon is there; and a plain run with nothing killed
has every id answered exactly once.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tpharness import (Daemon, SLOW, TEXTPIPE, free_port, msgpack,  # noqa: E402
                       wait_for_handshakes, zmq)

N = 2000
KILL_AFTER = 500
RETRY_S = 2 * SLOW


class Witness:
    """A SUB on the daemon's output with a monitor of its connections."""

    def __init__(self, endpoint):
        self.ctx = zmq.Context()
        self.sub = self.ctx.socket(zmq.SUB)
        self.sub.setsockopt(zmq.RCVHWM, 0)
        self.sub.setsockopt(zmq.LINGER, 0)
        self.sub.setsockopt(zmq.SUBSCRIBE, b"")
        self.monitor = self.sub.get_monitor_socket()
        self.sub.connect(endpoint)
        self.counts = {}

    def wait_connected(self, n=1):
        wait_for_handshakes(self.monitor, n, 30)

    def recv(self, timeout_ms):
        """One answer (topic, body), counted by id; None on timeout."""
        if not self.sub.poll(int(timeout_ms * SLOW)):
            return None
        topic, body = self.sub.recv_multipart()
        msg = msgpack.unpackb(body, raw=False)
        if "id" in msg:
            self.counts[msg["id"]] = self.counts.get(msg["id"], 0) + 1
        return topic.decode(), msg

    def close(self):
        self.sub.disable_monitor()
        self.monitor.close(0)
        self.sub.close(0)
        self.ctx.term()


def write_docs(path, n, prefix="r"):
    with open(path, "w") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"{prefix}-{i}", "text": f"Document {i}."}) + "\n")
    return {f"{prefix}-{i}" for i in range(n)}


def start_sender(daemon, path, *extra):
    return subprocess.Popen(
        [TEXTPIPE, "send", "--reliable", "--jsonl", "-e", daemon.input, "-o", daemon.output,
         "--retry-timeout", str(RETRY_S), *extra, path],
        stderr=subprocess.PIPE, text=True)


class Reliable(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.gate = os.path.join(self.tmp.name, "gate")
        self.docs = os.path.join(self.tmp.name, "docs.jsonl")

    def daemon(self, ports=None):
        d = Daemon("--workers", "2", "--set", "stage.passthrough.delay_ms=1",
                   "--set", f"stage.passthrough.gate_file={self.gate}", ports=ports)
        self.addCleanup(d.kill)
        return d

    def test_sigkill_and_restart_lose_nothing(self):
        ids = write_docs(self.docs, N)
        open(self.gate, "w").close()
        d1 = self.daemon()
        witness = Witness(d1.output)
        self.addCleanup(witness.close)
        witness.wait_connected()
        sender = start_sender(d1, self.docs)
        self.addCleanup(lambda: sender.poll() is None and sender.kill())

        while sum(witness.counts.get(i, 0) for i in ids) < KILL_AFTER:
            self.assertIsNotNone(witness.recv(20000), "no answers from the first daemon")
        # Hold what is left inside the daemon, let what was published
        # arrive (the witness hears nothing for a while), then crash it.
        os.unlink(self.gate)
        while witness.recv(300) is not None:
            pass
        seen_before_kill = sum(1 for i in ids if i in witness.counts)
        self.assertLess(seen_before_kill, N, "everything was answered before the kill")
        d1.proc.send_signal(signal.SIGKILL)
        d1.proc.wait()

        d2 = self.daemon(ports=(d1.in_port, d1.out_port))
        witness.wait_connected()        # the reconnection to the new daemon
        open(self.gate, "w").close()    # now let it answer

        deadline = time.monotonic() + 120 * SLOW
        while sender.poll() is None:
            self.assertLess(time.monotonic(), deadline, "sender never finished")
            witness.recv(200)
        while witness.recv(300) is not None:   # answers still on their way
            pass
        err = sender.stderr.read()
        sender.stderr.close()
        self.assertEqual(sender.returncode, 0, err)
        answered = {i for i in ids if i in witness.counts}
        duplicates = sum(witness.counts[i] - 1 for i in answered)
        self.assertEqual(answered, ids, f"{len(ids - answered)} ids never answered\n{err}")
        self.assertIn(f"sent {N} documents", err)
        self.assertIn(f"{N} answered", err)
        self.assertEqual(d2.stop(), 0, d2.log())
        print(f"\nreliable: {N} sent, {len(answered)} answered "
              f"({seen_before_kill} before the SIGKILL), {duplicates} duplicate answers "
              f"seen by the witness; sender: {err.strip().splitlines()[-1]}", file=sys.stderr)

    def test_no_restart_exactly_once(self):
        ids = write_docs(self.docs, 300, "once")
        open(self.gate, "w").close()
        d = self.daemon()
        witness = Witness(d.output)
        self.addCleanup(witness.close)
        witness.wait_connected()
        sender = start_sender(d, self.docs)
        err = sender.communicate(timeout=60 * SLOW)[1]
        self.assertEqual(sender.returncode, 0, err)
        while sum(witness.counts.values()) < len(ids):
            self.assertIsNotNone(witness.recv(20000))
        self.assertEqual(witness.counts, {i: 1 for i in ids})
        self.assertIn("300 answered", err)
        self.assertIn("0 resent", err)
        self.assertEqual(d.stop(), 0)

    def test_gives_up_when_nobody_answers(self):
        # No daemon at all: the send cannot even be handed over. Each try
        # lasts --retry-timeout; after --max-retries the document fails.
        write_docs(self.docs, 3, "lost")
        start = time.monotonic()
        r = subprocess.run(
            [TEXTPIPE, "send", "--reliable", "--jsonl",
             "-e", f"tcp://127.0.0.1:{free_port()}", "-o", f"tcp://127.0.0.1:{free_port()}",
             "--retry-timeout", "0.2", "--max-retries", "2", self.docs],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("giving up", r.stderr)
        self.assertIn(":3: no answer", r.stderr)
        self.assertIn("3 failed", r.stderr)
        self.assertLess(time.monotonic() - start, 20)

    def test_repeated_id_is_refused(self):
        with open(self.docs, "w") as f:
            f.write('{"id": "same", "text": "one"}\n{"id": "same", "text": "two"}\n')
        open(self.gate, "w").close()
        d = Daemon("--workers", "1", "--set", "stage.passthrough.delay_ms=200")
        self.addCleanup(d.kill)
        sender = start_sender(d, self.docs)
        err = sender.communicate(timeout=60 * SLOW)[1]
        self.assertEqual(sender.returncode, 1, err)
        self.assertIn("still waiting for its answer", err)
        self.assertIn("1 answered", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
