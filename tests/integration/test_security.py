"""CURVE authentication on a real daemon: a client whose public key is in
authorized_keys_dir is served (its document's result reaches a CURVE
subscriber); a client with an unknown key is refused (nothing of it is
processed, the refusal is logged); a world-readable secret key file and a
missing authorized_keys_dir stop the daemon at start with one line."""
import os
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tpharness import TEXTPIPE, TEXTPIPED, TEST_PLUGINS, SLOW, Daemon, free_port, msgpack, zmq  # noqa: E402


def write(path, text, mode):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


class Curve(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tp-curve-")
        self.server_pub, self.server_sec = zmq.curve_keypair()
        self.good_pub, self.good_sec = zmq.curve_keypair()
        self.bad_pub, self.bad_sec = zmq.curve_keypair()
        write(os.path.join(self.tmp, "server.key"), "# textpiped\n" + self.server_sec.decode() + "\n", 0o600)
        write(os.path.join(self.tmp, "server.pub"), self.server_pub.decode() + "\n", 0o644)
        os.mkdir(os.path.join(self.tmp, "clients"))
        write(os.path.join(self.tmp, "clients", "producer.pub"), self.good_pub.decode() + "\n", 0o644)
        # the same pair as `textpipe keygen --out producer` writes it
        write(os.path.join(self.tmp, "producer.key"), self.good_sec.decode() + "\n", 0o600)
        write(os.path.join(self.tmp, "producer.pub"), self.good_pub.decode() + "\n", 0o644)
        self.conf = os.path.join(self.tmp, "textpiped.conf")
        write(self.conf, "[security]\ncurve_secret_key_file = server.key\n"
              "curve_public_key_file = server.pub\nauthorized_keys_dir = clients\n", 0o644)

    def socket(self, ctx, kind, endpoint, pub, sec):
        s = ctx.socket(kind)
        s.curve_serverkey = self.server_pub
        s.curve_publickey = pub
        s.curve_secretkey = sec
        s.setsockopt(zmq.LINGER, 0)
        s.connect(endpoint)
        return s

    def test_known_client_served_unknown_refused(self):
        d = Daemon("--workers", "1", config=self.conf)
        self.addCleanup(d.kill)
        ctx = zmq.Context()
        self.addCleanup(ctx.term)
        sub = self.socket(ctx, zmq.SUB, d.output, self.good_pub, self.good_sec)
        sub.setsockopt(zmq.SUBSCRIBE, b"")
        good = self.socket(ctx, zmq.PUSH, d.input, self.good_pub, self.good_sec)
        bad = self.socket(ctx, zmq.PUSH, d.input, self.bad_pub, self.bad_sec)
        # The unknown client's handshake is refused: its document never
        # reaches the daemon. Send it first, then good ones until one
        # result arrives (the subscriber may still be joining).
        bad.send(msgpack.packb({"id": "intruder", "text": "x"}))
        d.wait_log("refused a client with unknown CURVE key " + self.bad_pub.decode(),
                   timeout=20 * SLOW)
        ids = set()
        for i in range(200):
            good.send(msgpack.packb({"id": f"ok-{i}", "text": "x"}))
            if sub.poll(100):
                break
        while sub.poll(int(1000 * SLOW)):
            topic, body = sub.recv_multipart()
            ids.add(msgpack.unpackb(body)["id"])
        self.assertTrue(ids, "the authorized client was not served")
        self.assertNotIn("intruder", ids)
        st = d.control_request  # control is CURVE too: plain REQ must not get through
        with self.assertRaises(AssertionError):
            st("ping", timeout_ms=500)
        for s in (sub, good, bad):
            s.close(0)
        self.assertEqual(d.stop(), 0)

    def test_watch_with_curve(self):
        d = Daemon("--workers", "1", config=self.conf)
        self.addCleanup(d.kill)
        watch = subprocess.Popen([TEXTPIPE, "watch", "-e", d.output, "--count", "1",
                                  "--curve-server-key", os.path.join(self.tmp, "server.pub"),
                                  "--curve-key", os.path.join(self.tmp, "producer")],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(watch.kill)
        ctx = zmq.Context()
        self.addCleanup(ctx.term)
        push = self.socket(ctx, zmq.PUSH, d.input, self.good_pub, self.good_sec)
        for i in range(300):  # until watch has joined and printed one
            push.send(msgpack.packb({"id": f"w-{i}", "text": "x"}))
            try:
                out, err = watch.communicate(timeout=0.1 * SLOW)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            self.fail("watch printed nothing over CURVE")
        push.close(0)
        self.assertEqual(watch.returncode, 0, err)
        self.assertIn('"topic":"result"', out.replace(" ", ""))
        self.assertEqual(d.stop(), 0)

    def start_daemon(self):
        """Run the daemon on this test's config until it exits (it should
        refuse to start)."""
        return subprocess.run([TEXTPIPED, "-c", self.conf, "--plugin-dir", TEST_PLUGINS,
                               "--set", "pipeline.stages=passthrough",
                               "--input", f"tcp://127.0.0.1:{free_port()}",
                               "--output", f"tcp://127.0.0.1:{free_port()}",
                               "--set", f"control.endpoint=tcp://127.0.0.1:{free_port()}"],
                              capture_output=True, text=True, timeout=30 * SLOW)

    def test_world_readable_secret_refused(self):
        os.chmod(os.path.join(self.tmp, "server.key"), 0o644)
        d = self.start_daemon()
        self.assertEqual(d.returncode, 1)
        self.assertEqual(len(d.stderr.strip().splitlines()), 1, d.stderr)
        self.assertIn("server.key: secret key file is readable by everyone (mode 0644)", d.stderr)

    def test_needs_authorized_keys_dir(self):
        write(self.conf, "[security]\ncurve_secret_key_file = server.key\n", 0o644)
        d = self.start_daemon()
        self.assertEqual(d.returncode, 1)
        self.assertIn("authorized_keys_dir is not", d.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
