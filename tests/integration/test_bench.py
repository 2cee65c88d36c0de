#!/usr/bin/python3
"""`textpipe bench` smoke test: it runs in-process on plain text and JSON
Lines, prints a row per stage (decode, each stage, encode, total) with
MB/s, documents/s and p50/p90/p99, and one peak RSS figure, and has the
documented exit codes. Never asserts a speed: speed is for benchmarks."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tpharness import PLUGINS, SLOW, TEST_PLUGINS, TEXTPIPE  # noqa: E402

ROW = re.compile(r"^(\S+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$")


def bench(*args):
    return subprocess.run([TEXTPIPE, "bench", "--plugin-dir", f"{PLUGINS}:{TEST_PLUGINS}"]
                          + list(args), capture_output=True, text=True, timeout=120 * SLOW)


class Bench(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.txt = os.path.join(self.tmp.name, "a.txt")
        with open(self.txt, "w") as f:
            f.write("\u201cWe will win,\u201d the senator said. Rep. Smith disagreed.\n\n" * 20)
        self.jsonl = os.path.join(self.tmp.name, "docs.jsonl")
        with open(self.jsonl, "w") as f:
            for i in range(20):
                f.write(json.dumps({"id": f"d{i}", "text": f"Document {i} said \"hello\"."}) + "\n")
            f.write("not json\n")                      # skipped, named
            f.write(json.dumps({"id": "bad", "text": 5}) + "\n")  # invalid, skipped

    def rows(self, out):
        return {m.group(1): m.groups()[1:] for m in map(ROW.match, out.splitlines()) if m}

    def test_tokenize_on_text_and_jsonl(self):
        r = bench("--stages", "tokenize", "--min-mb", "0.05", self.txt, self.jsonl)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = self.rows(r.stdout)
        self.assertEqual(list(rows), ["(decode)", "tokenize", "(encode)", "total"], r.stdout)
        for name, values in rows.items():
            self.assertTrue(all(float(v) >= 0 for v in values), name)
        self.assertGreater(float(rows["total"][0]), 0)
        self.assertIn("stage", r.stdout)
        self.assertIn("MB/s", r.stdout)
        self.assertEqual(len(re.findall(r"^peak RSS: [\d.]+ MB", r.stdout, re.M)), 1, r.stdout)
        head = r.stdout.splitlines()[0]
        self.assertIn("21 documents", head)            # 1 file + 20 good lines
        self.assertIn(":21:", r.stderr)                # the bad lines are named
        self.assertIn(":22:", r.stderr)

    def test_several_stages_threads_and_repeat(self):
        r = bench("--stages", "tokenize,passthrough", "--set", "stage.passthrough.mark=x",
                  "--repeat", "3", "--min-mb", "0", "-j", "2", self.jsonl)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = self.rows(r.stdout)
        self.assertEqual(list(rows), ["(decode)", "tokenize", "passthrough", "(encode)", "total"])
        self.assertIn("3 passes: 60 documents", r.stdout)
        self.assertIn("wall clock:", r.stdout)

    def test_exit_codes(self):
        self.assertEqual(bench("--stages", "tokenize").returncode, 2)
        self.assertEqual(bench("--bogus", self.txt).returncode, 2)
        self.assertEqual(bench("--min-mb", "x", self.txt).returncode, 2)
        r = bench("--stages", "tokenize", os.path.join(self.tmp.name, "missing.txt"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("missing.txt", r.stderr)
        r = bench("--stages", "nosuchstage", self.txt)
        self.assertEqual(r.returncode, 1)
        self.assertIn("nosuchstage", r.stderr)
        empty = os.path.join(self.tmp.name, "empty.jsonl")
        open(empty, "w").close()
        self.assertEqual(bench("--stages", "tokenize", empty).returncode, 1)
        r = bench("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--min-mb", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
