"""Integration: a real textpiped on loopback ports, driven over ZeroMQ.

- 1,000 documents: every id comes back exactly once, seq without gaps;
- malformed messages get an error result and the daemon keeps serving;
- SIGTERM with documents in flight still publishes them all, exit 0;
- backpressure: with max_inflight = 4, small HWMs and a slow stage the
  producer's send times out (EAGAIN), and afterwards every id arrives once;
- an idle daemon uses no CPU;
- start-up failures are one line and a non-zero exit.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tpharness import Client, Daemon, SLOW, TEXTPIPED, TEST_PLUGINS, free_port, msgpack, zmq  # noqa: E402


class RoundTrip(unittest.TestCase):
    workers = "2"

    def setUp(self):
        self.d = Daemon("--workers", self.workers)
        self.addCleanup(self.d.kill)
        self.c = Client(self.d)

    def tearDown(self):
        self.c.close()
        self.assertEqual(self.d.stop(), 0, self.d.log())

    def test_thousand_documents_exactly_once_no_gaps(self):
        n = 1000
        for i in range(n):
            self.c.send({"id": f"doc-{i}", "text": f"Document number {i}.",
                         "meta": {"i": i, "tags": ["a", "b"]}})
        seen = {}
        seqs = []
        daemons = set()
        while len(seen) < n:
            msg = self.c.recv(timeout_ms=20000)
            self.assertIsNotNone(msg, f"only {len(seen)} of {n} results arrived")
            topic, body = msg
            self.assertEqual(topic, "result", body)
            self.assertEqual(body["v"], 1)
            self.assertNotIn(body["id"], seen, "duplicate id")
            seen[body["id"]] = body
            seqs.append(body["seq"])
            daemons.add(body["daemon"])
        self.assertEqual(set(seen), {f"doc-{i}" for i in range(n)})
        # seq increases by exactly one per published message: no gaps
        self.assertEqual(seqs, list(range(seqs[0], seqs[0] + n)))
        self.assertEqual(len(daemons), 1)
        body = seen["doc-7"]
        self.assertEqual(body["meta"], {"i": 7, "tags": ["a", "b"]})
        self.assertEqual(body["pipeline"], ["passthrough@1.0.0"])
        self.assertEqual(body["extra"]["text_len"], len("Document number 7."))
        self.assertIn("passthrough", body["timings_us"])
        self.assertIsNone(self.c.recv(timeout_ms=200), "unexpected extra message")


class BadInput(RoundTrip):
    # One worker keeps publication in input order, so each error can be
    # matched with the message that caused it.
    workers = "1"

    def test_thousand_documents_exactly_once_no_gaps(self):
        pass  # covered by RoundTrip with two workers

    def test_malformed_messages_then_keep_serving(self):
        bad = [
            (b"", "bad_msgpack"),
            (b"\xc1", "bad_msgpack"),
            (b"\x93\x01\x02\x03", "not_a_map"),
            (msgpack.packb({"text": "no id"}), "missing_id"),
            (msgpack.packb({"id": 5, "text": "x"}), "bad_id"),
            (msgpack.packb({"id": "t"}), "missing_text"),
            (msgpack.packb({"id": "u", "text": b"\xff\xfe"}, use_bin_type=True), "bad_text"),
            (b"\x82\xa2id\xa1v\xa4text\xa2\xc3\x28", "bad_utf8"),
            (b"\xdd\xff\xff\xff\xff", "bad_msgpack"),
        ]
        for i, (raw, code) in enumerate(bad):
            self.c.send(raw, raw=True)
            self.c.send({"id": f"good-{i}", "text": "fine"})
        results = []
        while len(results) < 2 * len(bad):
            msg = self.c.recv(timeout_ms=10000)
            self.assertIsNotNone(msg)
            results.append(msg)
        for i, (raw, code) in enumerate(bad):
            topic, body = results[2 * i]
            self.assertEqual(topic, "error", body)
            self.assertEqual(body["error"]["code"], code, body)
            self.assertTrue(body["error"]["message"])
            topic, body = results[2 * i + 1]
            self.assertEqual((topic, body["id"]), ("result", f"good-{i}"))
        # the id is carried when it could be read
        self.assertEqual(results[2 * 5][1]["id"], "t")

    def test_multipart_and_topics(self):
        self.c.push.send_multipart([b"one", b"two"])
        self.c.send({"id": "routed", "text": "x", "topic": "sports"})
        topic, body = self.c.recv(timeout_ms=10000)
        self.assertEqual((topic, body["error"]["code"]), ("error", "multipart"))
        topic, body = self.c.recv(timeout_ms=10000)
        self.assertEqual((topic, body["id"]), ("result.sports", "routed"))


class Shutdown(unittest.TestCase):
    def test_sigterm_publishes_everything_in_flight(self):
        n = 3000
        d = Daemon("--workers", "2", "--set", "daemon.max_inflight=5000",
                   "--set", "stage.passthrough.delay_ms=1")
        self.addCleanup(d.kill)
        c = Client(d)
        for i in range(n):
            c.send({"id": f"t-{i}", "text": "slow"})
        # Accepted means read by the daemon; documents still in the
        # producer's or the kernel's buffers are not its to publish.
        d.wait_received(c.probes + n)
        first = c.recv(timeout_ms=10000)
        self.assertIsNotNone(first)
        d.signal(signal.SIGTERM)
        ids = {first[1]["id"]}
        while True:
            msg = c.recv(timeout_ms=15000)
            if msg is None:
                break
            ids.add(msg[1]["id"])
            if len(ids) == n:
                break
        rc = d.proc.wait(timeout=30 * SLOW)  # one signal only: a second one means "exit now"
        c.close()
        self.assertEqual(rc, 0, d.log())
        self.assertEqual(len(ids), n, f"{n - len(ids)} documents lost in the drain\n" + d.log())
        self.assertIn("stopping", d.log())


class Backpressure(unittest.TestCase):
    def test_producer_blocks_and_nothing_is_lost(self):
        gate = tempfile.mktemp(prefix="tp-gate-")
        self.addCleanup(lambda: os.path.exists(gate) and os.unlink(gate))
        d = Daemon("--workers", "1", "--set", "daemon.max_inflight=4",
                   "--set", "input.hwm=4", "--set", f"stage.passthrough.gate_file={gate}")
        self.addCleanup(d.kill)
        open(gate, "w").close()          # open while the client syncs
        c = Client(d, sndhwm=4, sndtimeo=200)
        os.unlink(gate)                  # now the stage holds every document
        sent = []
        blocked = False
        # Big documents, so the kernel's socket buffers between the two fill
        # after a few dozen: then only backpressure explains a block.
        text = "word " * 50000
        # Send until the producer's send times out: the daemon is saturated
        # and has stopped reading, so the HWMs filled all the way back.
        for i in range(2000):
            try:
                c.send({"id": f"bp-{i}", "text": text})
            except zmq.Again:
                blocked = True
                break
            sent.append(f"bp-{i}")
        self.assertTrue(blocked, "producer never blocked: no backpressure")
        self.assertLess(len(sent), 500)
        self.assertIsNone(c.recv(timeout_ms=100), "a held document was published")
        open(gate, "w").close()          # release the stage
        c.push.setsockopt(zmq.SNDTIMEO, -1)
        for j in range(len(sent) + 1, len(sent) + 51):
            c.send({"id": f"bp-{j}", "text": text})
            sent.append(f"bp-{j}")
        got = []
        while len(got) < len(sent):
            msg = c.recv(timeout_ms=20000)
            self.assertIsNotNone(msg, f"{len(got)} of {len(sent)} arrived")
            got.append(msg[1]["id"])
        self.assertEqual(sorted(got), sorted(sent))
        self.assertEqual(len(set(got)), len(got))
        c.close()
        self.assertEqual(d.stop(), 0)

    def test_idle_daemon_uses_no_cpu(self):
        d = Daemon("--workers", "2")
        self.addCleanup(d.kill)
        c = Client(d)  # some traffic first, then idle

        def cpu_ticks():
            with open(f"/proc/{d.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])  # utime + stime

        before = cpu_ticks()
        time.sleep(1.0)  # measuring idleness is the one place a wait is the point
        used = cpu_ticks() - before
        c.close()
        d.stop()
        ticks = os.sysconf("SC_CLK_TCK")
        self.assertLessEqual(used, max(2, ticks // 50), f"idle daemon used {used} ticks in 1 s")


class Observability(unittest.TestCase):
    def test_control_socket_ping_and_stats(self):
        d = Daemon("--workers", "2", "--set", "stage.passthrough.fail_on=FAILME")
        self.addCleanup(d.kill)
        c = Client(d)
        for i in range(20):
            c.send({"id": f"s-{i}", "text": "FAILME" if i % 5 == 0 else "fine"})
        c.send(b"\xc1", raw=True)
        for _ in range(21):
            self.assertIsNotNone(c.recv(timeout_ms=10000))
        pong = d.control_request("ping")
        self.assertTrue(pong["ok"])
        self.assertEqual(len(pong["daemon"]), 16)
        st = d.control_request("stats")
        self.assertEqual(st["v"], 1)
        self.assertEqual(st["workers"], 2)
        self.assertEqual(st["in_flight"], 0)
        self.assertGreaterEqual(st["received"], 21)
        self.assertEqual(st["received"], st["published"])
        self.assertEqual(st["failed"]["stage_failed"], 4)
        self.assertEqual(st["failed"]["bad_msgpack"], 1)
        self.assertEqual(st["generation"], 1)
        stage = [x for x in st["stages"] if x["name"] == "passthrough"][0]
        self.assertEqual(stage["version"], "1.0.0")
        self.assertEqual(stage["failures"], 4)
        self.assertGreaterEqual(stage["documents"], 20)
        self.assertLessEqual(stage["p50_us"], stage["p99_us"])
        self.assertGreaterEqual(st["latency"]["documents"], 21)
        bad = d.control_request("shutdown")
        self.assertFalse(bad["ok"])
        self.assertIn("unknown request", bad["error"])
        c.close()
        self.assertEqual(d.stop(), 0)

    def test_metrics_endpoint(self):
        if not shutil.which("curl"):
            self.skipTest("curl is not installed (apt-get install curl)")
        port = free_port()
        d = Daemon("--workers", "1", "--set", f"metrics.listen=127.0.0.1:{port}")
        self.addCleanup(d.kill)
        c = Client(d)

        def curl(path):
            r = subprocess.run(["curl", "-sS", "-o", "-", "-w", "\n%{http_code}",
                                f"http://127.0.0.1:{port}{path}"],
                               capture_output=True, text=True, timeout=30 * SLOW)
            self.assertEqual(r.returncode, 0, r.stderr)
            body, _, code = r.stdout.rpartition("\n")
            return int(code), body

        code, body = curl("/metrics")
        self.assertEqual(code, 200)
        self.assertIn("# TYPE textpipe_documents_received_total counter", body)
        received = [l for l in body.splitlines()
                    if l.startswith("textpipe_documents_received_total ")]
        self.assertEqual(len(received), 1)
        self.assertGreaterEqual(int(received[0].split()[1]), 1)
        self.assertIn('textpipe_stage_documents_total{stage="passthrough@1.0.0"}', body)
        self.assertEqual(curl("/other")[0], 404)
        c.close()
        self.assertEqual(d.stop(), 0)

    def test_journald_prefixes_and_rate_limit(self):
        # stderr is a pipe; JOURNAL_STREAM names it, as journald does.
        r, w = os.pipe()
        st = os.fstat(w)
        d_env = {"JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino}"}
        port_in, port_out, port_ctl = free_port(), free_port(), free_port()
        proc = subprocess.Popen([TEXTPIPED, "-c", os.devnull, "--plugin-dir", TEST_PLUGINS,
                                 "--set", "pipeline.stages=passthrough",
                                 "--input", f"tcp://127.0.0.1:{port_in}",
                                 "--output", f"tcp://127.0.0.1:{port_out}",
                                 "--set", f"control.endpoint=tcp://127.0.0.1:{port_ctl}"],
                                stderr=w, env=dict(os.environ, **d_env))
        os.close(w)
        self.addCleanup(proc.kill)
        err = os.fdopen(r, "r")
        first = err.readline()
        self.assertTrue(first.startswith("<6>info: ready:"), first)
        ctx = zmq.Context()
        push = ctx.socket(zmq.PUSH)
        push.setsockopt(zmq.LINGER, 5000)
        push.connect(f"tcp://127.0.0.1:{port_in}")
        for _ in range(50):
            push.send(b"\xc1")
        push.close()
        ctx.term()
        # 50 refusals, at most 10 lines within the window: the rest are
        # counted, not printed. Wait until the daemon has read them all.
        deadline = time.monotonic() + 30 * SLOW
        while True:
            req = zmq.Context.instance().socket(zmq.REQ)
            req.setsockopt(zmq.LINGER, 0)
            req.connect(f"tcp://127.0.0.1:{port_ctl}")
            req.send(b"stats")
            self.assertTrue(req.poll(10000))
            st = msgpack.unpackb(req.recv())
            req.close()
            if st["published"] >= 50:
                break
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=30 * SLOW), 0)
        lines = err.read().splitlines()
        err.close()
        refusals = [l for l in lines if "refused: bad_msgpack" in l]
        self.assertTrue(all(l.startswith("<4>warn:") for l in refusals), refusals[:3])
        self.assertGreaterEqual(len(refusals), 1)
        self.assertLessEqual(len(refusals), 10, "per-document errors are not rate-limited")


class Timeouts(unittest.TestCase):
    def test_stage_timeout_publishes_timeout_error(self):
        gate = tempfile.mktemp(prefix="tp-gate-")
        self.addCleanup(lambda: os.path.exists(gate) and os.unlink(gate))
        d = Daemon("--workers", "2", "--set", "daemon.stage_timeout_ms=200",
                   "--set", f"stage.passthrough.gate_file={gate}",
                   "--set", "stage.passthrough.gate_on=HOLD")
        self.addCleanup(d.kill)
        c = Client(d)
        c.send({"id": "stuck", "text": "HOLD", "topic": "t"})  # hangs in the stage
        topic, body = c.recv(timeout_ms=10000)
        self.assertEqual(topic, "error.t")
        self.assertEqual(body["id"], "stuck")
        self.assertEqual(body["error"]["code"], "timeout")
        # the other worker still serves
        c.send({"id": "next", "text": "y"})
        topic, body = c.recv(timeout_ms=10000)
        self.assertEqual((topic, body["id"]), ("result", "next"))
        st = d.control_request("stats")
        self.assertEqual(st["timeouts"], 1)
        self.assertEqual(st["stuck_workers"], 1)
        open(gate, "w").close()  # release: the late result is discarded
        self.assertIsNone(c.recv(timeout_ms=500))
        c.close()
        self.assertEqual(d.stop(), 0)


class Faults(unittest.TestCase):
    def test_vanishing_peers_change_nothing_for_others(self):
        d = Daemon("--workers", "2")
        self.addCleanup(d.kill)
        c = Client(d)
        # A producer and a subscriber in other processes, killed mid-stream.
        producer = subprocess.Popen(["/usr/bin/python3", "-c", f"""
import zmq, msgpack
s = zmq.Context().socket(zmq.PUSH); s.connect("{d.input}")
i = 0
while True:
    s.send(msgpack.packb({{"id": "other-%d" % i, "text": "x" * 5000}})); i += 1
"""])
        subscriber = subprocess.Popen(["/usr/bin/python3", "-c", f"""
import zmq, sys
s = zmq.Context().socket(zmq.SUB); s.connect("{d.output}"); s.subscribe(b"")
s.recv_multipart(); print("got", flush=True)
while True: s.recv_multipart()
"""], stdout=subprocess.PIPE, text=True)
        self.addCleanup(producer.kill)
        self.addCleanup(subscriber.kill)
        # Both are live: the subscriber has received something.
        self.assertEqual(subscriber.stdout.readline().strip(), "got")
        producer.kill()
        subscriber.kill()
        producer.wait()
        subscriber.wait()
        for i in range(200):
            c.send({"id": f"mine-{i}", "text": "still here"})
        mine = set()
        while len(mine) < 200:
            msg = c.recv(timeout_ms=20000)
            self.assertIsNotNone(msg, f"{len(mine)} of 200 after the others vanished")
            if msg[1].get("id", "").startswith("mine-"):
                mine.add(msg[1]["id"])
        c.close()
        self.assertEqual(d.stop(), 0)


class StartupErrors(unittest.TestCase):
    def run_daemon(self, *args):
        p = subprocess.run([TEXTPIPED, "-c", os.devnull, "--plugin-dir", TEST_PLUGINS,
                            "--set", f"control.endpoint=tcp://127.0.0.1:{free_port()}"] + list(args),
                           capture_output=True, text=True, timeout=30 * SLOW)
        return p.returncode, p.stderr.strip()

    def test_port_in_use(self):
        ctx = zmq.Context()
        s = ctx.socket(zmq.PULL)
        port = free_port()
        s.bind(f"tcp://127.0.0.1:{port}")
        try:
            rc, err = self.run_daemon("--set", "pipeline.stages=passthrough",
                                      "--input", f"tcp://127.0.0.1:{port}",
                                      "--output", f"tcp://127.0.0.1:{free_port()}")
        finally:
            s.close(0)
            ctx.term()
        self.assertEqual(rc, 1)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("cannot bind", err)
        self.assertIn("Address already in use", err)

    def test_missing_plugin(self):
        rc, err = self.run_daemon("--set", "pipeline.stages=nosuchstage")
        self.assertEqual(rc, 1)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("no plugin nosuchstage.so", err)

    def test_unreadable_config(self):
        p = subprocess.run([TEXTPIPED, "-c", "/nonexistent/x.conf"], capture_output=True,
                           text=True, timeout=30 * SLOW)
        rc, err = p.returncode, p.stderr.strip()
        self.assertEqual(rc, 1)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("/nonexistent/x.conf: cannot open config", err)

    def test_check_config(self):
        rc, err = self.run_daemon("--check-config", "--set", "pipeline.stages=passthrough")
        self.assertEqual(rc, 0, err)
        rc, err = self.run_daemon("--check-config", "--set", "pipeline.stages=badabi")
        self.assertEqual(rc, 1)
        self.assertIn("badabi.so", err)

    def test_usage_error(self):
        rc, err = self.run_daemon("--no-such-flag")
        self.assertEqual(rc, 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
