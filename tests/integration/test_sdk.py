"""The plugin SDK: install the build into a scratch prefix, build the
out-of-tree stage tests/sdk/wordcount.c with only
`cc -shared -fPIC $(pkg-config --cflags textpipe-plugin)`, and run it in
the real daemon after tokenize."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tpharness import BUILD, PLUGINS, SOURCE, Client, Daemon  # noqa: E402


class PluginSDK(unittest.TestCase):
    def test_out_of_tree_plugin(self):
        if not shutil.which("pkg-config") or not shutil.which("cc"):
            self.skipTest("pkg-config or cc missing")
        tmp = tempfile.mkdtemp(prefix="tp-sdk-")
        self.addCleanup(shutil.rmtree, tmp)
        prefix = os.path.join(tmp, "prefix")
        r = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        pcdirs = [root for root, _, files in os.walk(prefix) if "textpipe-plugin.pc" in files]
        self.assertEqual(len(pcdirs), 1, "textpipe-plugin.pc not installed")
        env = dict(os.environ, PKG_CONFIG_PATH=pcdirs[0])
        cflags = subprocess.run(["pkg-config", "--cflags", "textpipe-plugin"], env=env,
                                capture_output=True, text=True, check=True).stdout.split()
        plugdir = os.path.join(tmp, "myplugins")
        os.makedirs(plugdir)
        so = os.path.join(plugdir, "wordcount.so")
        r = subprocess.run(["cc", "-shared", "-fPIC", "-Wall", "-Wextra", "-Werror"] + cflags +
                           ["-o", so, os.path.join(SOURCE, "tests", "sdk", "wordcount.c")],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

        d = Daemon("--workers", "1", "--set", f"pipeline.plugin_dir={PLUGINS}:{plugdir}",
                   "--set", "stage.wordcount.min_length=4", stages="tokenize,wordcount")
        self.addCleanup(d.kill)
        c = Client(d)
        c.send({"id": "sdk", "text": "Plugins are loaded at start, extraordinarily."})
        topic, body = c.recv(timeout_ms=10000)
        self.assertEqual(topic, "result", body)
        self.assertEqual(body["extra"]["word_count"], 4)  # Plugins loaded start extraordinarily
        self.assertEqual(body["extra"]["longest_word"], "extraordinarily")
        self.assertIn("wordcount@0.1.0", body["pipeline"])
        c.close()
        self.assertEqual(d.stop(), 0)

        # wordcount before tokenize: refused, naming the missing layer
        r = subprocess.run([os.path.join(BUILD, "bin", "textpiped"), "-c", os.devnull, "--check-config",
                            "--set", f"pipeline.plugin_dir={PLUGINS}:{plugdir}",
                            "--set", "pipeline.stages=wordcount,tokenize"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("stage wordcount requires the 'tokens' layer", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
