"""SIGHUP reloads and the systemd notification protocol, on a real daemon.

- Under a steady stream of documents, reloads (to a changed and to a bad
  config) lose and duplicate none: every id sent comes back exactly once.
- A bad new config keeps the old pipeline, names file:line in the log and
  publishes an error with code reload_failed.
- NOTIFY_SOCKET set to a datagram socket the test listens on: READY=1 at
  start, RELOADING=1 (with MONOTONIC_USEC) then READY=1 on SIGHUP,
  WATCHDOG=1 with WATCHDOG_USEC set, STOPPING=1 on SIGTERM.
"""
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tpharness import PLUGINS, SLOW, TEST_PLUGINS, Client, Daemon  # noqa: E402

GOOD = """[daemon]
workers = 2
[pipeline]
stages = passthrough
plugin_dir = {plugins}
[stage.passthrough]
mark = {mark}
"""


def write(path, text):
    """Replace the file atomically: the daemon may read it at any moment."""
    with open(path + ".new", "w") as f:
        f.write(text)
    os.replace(path + ".new", path)


class Reload(unittest.TestCase):
    def test_reload_under_load_loses_nothing(self):
        tmp = tempfile.mkdtemp(prefix="tp-reload-")
        conf = os.path.join(tmp, "textpiped.conf")
        plugins = f"{PLUGINS}:{TEST_PLUGINS}"
        write(conf, GOOD.format(plugins=plugins, mark="one"))
        d = Daemon(config=conf, stages=None)
        self.addCleanup(d.kill)
        c = Client(d)

        n = 3000
        results = {}
        marks = set()
        errors = []
        done = threading.Event()

        def collect():
            while len(results) < n:
                msg = c.recv(timeout_ms=20000)
                if msg is None:
                    break
                topic, body = msg
                if topic.startswith("error") and body["error"]["code"] == "reload_failed":
                    errors.append(body)
                    continue
                self.assertEqual(topic, "result", body)
                results.setdefault(body["id"], []).append(body)
                marks.add(body.get("extra", {}).get("mark"))
            done.set()

        t = threading.Thread(target=collect)
        t.start()
        for i in range(n):
            c.send({"id": f"r-{i}", "text": "steady"})
            if i == 1000:
                # Documents are swapped to the new pipeline between
                # documents: make sure some were answered by the old one.
                deadline = time.monotonic() + 30 * SLOW
                while "one" not in marks:
                    self.assertLess(time.monotonic(), deadline, "no result before the reload")
                    time.sleep(0.01)
                write(conf, GOOD.format(plugins=plugins, mark="two"))
                d.proc.send_signal(signal.SIGHUP)
                # Signals coalesce: let this reload happen before the next.
                d.wait_log("reload: config generation 2")
            if i == 2000:
                write(conf, GOOD.format(plugins=plugins, mark="three") + "bogus line\n")
                d.proc.send_signal(signal.SIGHUP)
        t.join(timeout=60 * SLOW)
        self.assertTrue(done.is_set())
        self.assertEqual(len(results), n, f"lost {n - len(results)}")
        dups = [k for k, v in results.items() if len(v) > 1]
        self.assertEqual(dups, [], "duplicated ids")
        # the good reload took effect, the bad one did not
        self.assertIn("one", marks)
        self.assertIn("two", marks)
        self.assertNotIn("three", marks)
        self.assertEqual(len(errors), 1, errors)
        self.assertIn(f"{conf}:8: syntax error", errors[0]["error"]["message"])
        d.wait_log("reload refused, old config kept")
        self.assertEqual(d.control_request("stats")["generation"], 2)
        c.close()
        self.assertEqual(d.stop(), 0)


class Notify(unittest.TestCase):
    def test_notify_messages(self):
        tmp = tempfile.mkdtemp(prefix="tp-notify-")
        path = os.path.join(tmp, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        sock.settimeout(20 * SLOW)
        self.addCleanup(sock.close)
        d = Daemon("--workers", "1", extra_env={"NOTIFY_SOCKET": path,
                                                "WATCHDOG_USEC": "400000"})
        self.addCleanup(d.kill)

        def expect(word):
            seen = []
            while True:
                msg = sock.recv(4096).decode()
                seen.append(msg)
                if any(line.startswith(word) for line in msg.splitlines()):
                    return msg, seen

        msg, _ = expect("READY=1")
        self.assertIn("STATUS=", msg)
        expect("WATCHDOG=1")
        d.proc.send_signal(signal.SIGHUP)
        msg, _ = expect("RELOADING=1")
        self.assertRegex(msg, r"MONOTONIC_USEC=\d+")
        expect("READY=1")
        d.signal(signal.SIGTERM)
        expect("STOPPING=1")
        self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
