#!/usr/bin/python3
"""The client with the real daemon: `textpipe send` a file and a JSON Lines
batch to textpiped, and `textpipe watch` prints their results as JSON.

textpiped runs the `passthrough` test stage on free loopback ports. The
watcher's subscription races the first publications (the slow joiner), so
the test sends warm-up documents until the watcher prints one, then sends
the real ones: it synchronises on messages, never on sleeps.
"""
import json
import os
import select
import signal
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tpharness import check, exit_with_report  # noqa: E402

BUILD = os.environ.get('TP_BUILD_DIR', 'build')
BIN = os.path.join(BUILD, 'bin')
TEST_PLUGINS = os.environ.get('TP_TEST_PLUGIN_DIR',
                              os.path.join(BUILD, 'tests', 'plugins'))
SHARED = os.environ.get('TP_SHARED_DIR', '../shared')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def send(input_ep, args, stdin=None):
    r = subprocess.run([os.path.join(BIN, 'textpipe'), 'send', '-e', input_ep]
                       + args, input=stdin, capture_output=True, timeout=60)
    check(r.returncode == 0, 'send %r: exit 0 (%d: %s)'
          % (args, r.returncode, r.stderr))


def read_line(proc, timeout):
    """A line of stdout (unbuffered, so select() sees all that is left)."""
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    return proc.stdout.readline().decode('utf-8') if ready else None


def main():
    for exe in ('textpipe', 'textpiped'):
        if not os.access(os.path.join(BIN, exe), os.X_OK):
            print('no', exe)
            sys.exit(77)
    if not os.path.exists(os.path.join(TEST_PLUGINS, 'passthrough.so')):
        sys.exit(77)
    input_ep = 'tcp://127.0.0.1:%d' % free_port()
    output_ep = 'tcp://127.0.0.1:%d' % free_port()
    daemon = subprocess.Popen(
        [os.path.join(BIN, 'textpiped'), '-c', os.devnull, '--input', input_ep, '--output',
         output_ep, '--plugin-dir', TEST_PLUGINS,
         '--set', 'pipeline.stages=passthrough', '--workers', '2',
         '--set', 'control.endpoint=tcp://127.0.0.1:%d' % free_port()],
        stderr=subprocess.PIPE)
    watch = subprocess.Popen([os.path.join(BIN, 'textpipe'), 'watch', '-e',
                              output_ep], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, bufsize=0)
    try:
        # warm up until the watcher is subscribed
        line = None
        for i in range(200):
            send(input_ep, ['--id', 'warmup-%d' % i, '-'], stdin=b'warm')
            line = read_line(watch, 0.2)
            if line:
                break
        check(line and json.loads(line)['id'].startswith('warmup-'),
              'watch sees a warm-up result')

        article = os.path.join(SHARED, 'data', 'seed', 'article.txt')
        if not os.path.exists(article):
            article = os.path.join(os.environ.get('TP_SOURCE_DIR', '.'),
                                   'CMakeLists.txt')
        send(input_ep, ['--topic', 'seed', article])
        batch = (json.dumps({'id': 'j1', 'text': 'Ünïcode “text”.',
                             'meta': {'n': [1, 2.5, None]}}) + '\n' +
                 json.dumps({'id': 'j2', 'text': 'nul\x00inside', 'meta': {}}) +
                 '\n').encode()
        send(input_ep, ['--jsonl', '-'], stdin=batch)

        got = {}
        while len(got) < 3:
            line = read_line(watch, 10)
            if not line:
                break
            result = json.loads(line)
            if not result['id'].startswith('warmup-'):
                got[result['id']] = result
        check(set(got) == {article, 'j1', 'j2'}, 'every id came back: %r'
              % sorted(got))
        if article in got:
            r = got[article]
            with open(article, 'rb') as f:
                size = len(f.read())
            check(r['topic'] == 'result.seed' and r['v'] == 1 and
                  r['text_bytes'] == size and isinstance(r['seq'], int),
                  'the article result: %r' % {k: r[k] for k in list(r)[:8]})
        if 'j1' in got:
            check(got['j1']['topic'] == 'result' and
                  got['j1']['meta'] == {'n': [1, 2.5, None]},
                  'meta comes back verbatim: %r' % got['j1'].get('meta'))
    finally:
        watch.send_signal(signal.SIGTERM)
        _, err = watch.communicate(timeout=30)
        check(watch.returncode == 0, 'watch: exit 0 on SIGTERM (%d: %s)'
              % (watch.returncode, err))
        daemon.send_signal(signal.SIGTERM)
        daemon.communicate(timeout=30)
    exit_with_report()


if __name__ == '__main__':
    main()
