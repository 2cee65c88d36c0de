"""The Python producer and subscriber examples of docs/examples run against
a real daemon: the subscriber prints one JSON line per document the
producer sent, and an error line for a bad one."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tpharness import Daemon, SOURCE, SLOW  # noqa: E402

EXAMPLES = os.path.join(SOURCE, "docs", "examples")


class Examples(unittest.TestCase):
    def test_producer_to_subscriber(self):
        d = Daemon("--workers", "1", stages="tokenize")
        self.addCleanup(d.kill)
        sub = subprocess.Popen(["/usr/bin/python3", os.path.join(EXAMPLES, "subscriber.py"),
                                "--endpoint", d.output, "--count", "3"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(sub.kill)
        self.assertIn("ready", sub.stderr.readline())
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "a.txt")
            with open(path, "w") as f:
                f.write("The sheriff spoke. He was brief.\n\nThen he left.")
            # The subscriber may still be joining: send until it has 3 lines.
            lines = []
            prod = subprocess.run(["/usr/bin/python3", os.path.join(EXAMPLES, "producer.py"),
                                   "--endpoint", d.input, "--lines", path],
                                  input="One line.\n\nTwo lines.\n", capture_output=True,
                                  text=True, timeout=30 * SLOW)
            self.assertEqual(prod.returncode, 0, prod.stderr)
            self.assertIn("sent 3 documents", prod.stderr)
            out, err = sub.communicate(timeout=30 * SLOW)
        self.assertEqual(sub.returncode, 0, err)
        lines = [json.loads(line) for line in out.splitlines()]
        by_id = {x["id"]: x for x in lines}
        self.assertEqual(set(by_id), {"line-1", "line-3", path})
        self.assertEqual(by_id[path]["sentences"], 3)
        self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
