#!/usr/bin/python3
"""`textpipe analyze`: the pipeline in-process on JSON Lines.

Runs with the `passthrough` test stage (always built, in TP_TEST_PLUGIN_DIR)
and, when they have been built, with the real stages from the build tree
(found without --plugin-dir, as textpiped finds them). Checks: one JSON line
per input line, in input order, seq = the line number, an error object for
each bad line (bad_input for what is not a JSON object, the protocol's code
otherwise), exit 0 when every line was answered, the same output with -j N,
--text, and the exit codes when it cannot run.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tpharness import check, exit_with_report  # noqa: E402

BUILD = os.environ.get('TP_BUILD_DIR', 'build')
TEXTPIPE = os.path.join(BUILD, 'bin', 'textpipe')
TEST_PLUGINS = os.environ.get('TP_TEST_PLUGIN_DIR',
                              os.path.join(BUILD, 'tests', 'plugins'))
PLUGINS = os.environ.get('TP_PLUGIN_DIR', os.path.join(BUILD, 'plugins'))
PASSTHROUGH = ['--plugin-dir', TEST_PLUGINS,
               '--set', 'pipeline.stages=passthrough']


def analyze(args, stdin=None):
    """Run analyze; return (exit code, parsed stdout lines, stderr)."""
    r = subprocess.run([TEXTPIPE, 'analyze'] + args, input=stdin,
                       capture_output=True, timeout=120)
    out = []
    for line in r.stdout.decode('utf-8').splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            check(False, 'stdout holds only JSON lines: %r' % line[:200])
    return r.returncode, out, r.stderr.decode('utf-8', 'replace')


def without_timings(results):
    return [{k: v for k, v in r.items() if k != 'timings_us'} for r in results]


def test_mixed_input(tmp):
    lines = [
        b'{"id":"a","text":"Hello there. Bye.","meta":{"k":[1,{"n":null}],"u":"\\u00fc"}}',
        b'not json at all',
        b'',
        b'{"id":"b","text":"this one will boom"}',
        b'[1,2,3]',
        b'{"text":"no id"}',
        b'{"id":"c","text":"caf\xe9 is latin-1"}',
        b'{"id":"d","text":"' + b'x' * 100 + b'"}',
        b'   ',
        b'{"id":"e","text":"last","targets":["ICE"],"topic":"t"}',
    ]
    path = os.path.join(tmp, 'mixed.jsonl')
    with open(path, 'wb') as f:
        f.write(b'\n'.join(lines))  # no newline after the last line
    rc, out, err = analyze(PASSTHROUGH + [
        '--set', 'stage.passthrough.fail_on=boom',
        '--set', 'daemon.max_doc_bytes=50', path])
    check(rc == 0, 'mixed: exit 0 when every line is answered (%d: %s)'
          % (rc, err))
    check([r.get('seq') for r in out] == [1, 2, 4, 5, 6, 7, 8, 10],
          'mixed: one line per non-blank input line, seq = line number: %r'
          % [r.get('seq') for r in out])
    check(all(r.get('daemon') == 'analyze' and r.get('v') == 1 for r in out),
          'mixed: v 1 and daemon "analyze" everywhere')
    codes = [r['error']['code'] if 'error' in r else None for r in out]
    check(codes == [None, 'bad_input', 'stage_failed', 'bad_input',
                    'missing_id', 'bad_input', 'too_large', None],
          'mixed: error codes %r' % codes)
    if len(out) == 8:
        check(out[0]['id'] == 'a' and
              out[0]['meta'] == {'k': [1, {'n': None}], 'u': 'ü'} and
              out[0]['pipeline'][0].startswith('passthrough@'),
              'mixed: result with meta verbatim: %r' % out[0])
        check(out[1]['error']['message'].startswith('line 2: ') and
              'id' not in out[1], 'bad JSON: message names the line')
        check(out[2]['id'] == 'b' and out[2]['error'].get('stage') ==
              'passthrough', 'stage failure names the stage')
        check(out[3]['error']['message'] == 'line 5: not a JSON object',
              'not an object: %r' % out[3]['error'])
        check(out[6]['id'] == 'd', 'too_large carries the id')
        check(out[7]['id'] == 'e' and 'error' not in out[7],
              'a last line without newline is read')


def test_parallel_order(tmp):
    path = os.path.join(tmp, 'many.jsonl')
    with open(path, 'w', encoding='utf-8') as f:
        for i in range(300):
            if i % 37 == 5:
                f.write('{broken\n')
            else:
                f.write(json.dumps({'id': 'doc-%d' % i,
                                    'text': 'word ' * (i % 50 + 1)}) + '\n')
    rc1, out1, _ = analyze(PASSTHROUGH + ['-j', '1', path])
    rc3, out3, _ = analyze(PASSTHROUGH + ['-j', '3', path])
    with open(path, 'rb') as f:
        rc_in, out_in, _ = analyze(PASSTHROUGH + ['--jobs', '0'],
                                   stdin=f.read())
    check(rc1 == 0 and rc3 == 0 and rc_in == 0, '-j: exit 0')
    check([r['seq'] for r in out3] == list(range(1, 301)),
          '-j 3: every line answered, in input order')
    check(without_timings(out1) == without_timings(out3) ==
          without_timings(out_in), '-j 1, -j 3, -j 0 (stdin): same output')


def test_text_mode(tmp):
    a = os.path.join(tmp, 'one.txt')
    b = os.path.join(tmp, 'two.txt')
    with open(a, 'w', encoding='utf-8') as f:
        f.write('First file. “Quoted,” she said.\n')
    with open(b, 'wb') as f:
        f.write(b'bad \xff utf-8')
    rc, out, err = analyze(PASSTHROUGH + ['--text', a, b,
                                          os.path.join(tmp, 'missing.txt')])
    check(rc == 0 and [r.get('id') for r in out] ==
          [a, b, os.path.join(tmp, 'missing.txt')] and
          [r.get('seq') for r in out] == [1, 2, 3],
          '--text: one document per file, id = name: %r' % out)
    if len(out) == 3:
        check('error' not in out[0], '--text: result for a good file')
        check(out[1]['error']['code'] == 'bad_utf8', '--text: bad_utf8')
        check(out[2]['error']['code'] == 'bad_input', '--text: unreadable')


def test_real_stages(tmp):
    """The build tree's stages, found without --plugin-dir."""
    doc = json.dumps({'id': 's', 'text': 'One sentence here. And a second.'})
    if os.path.exists(os.path.join(PLUGINS, 'tokenize.so')):
        rc, out, err = analyze(['--set', 'pipeline.stages=tokenize'],
                               stdin=doc.encode())
        check(rc == 0 and len(out) == 1 and 'error' not in out[0] and
              len(out[0].get('sentences', [])) == 2,
              'tokenize from the build tree: %r %s' % (out, err))
    else:
        print('skip: no tokenize.so in', PLUGINS)
    stages = ('tokenize', 'quotes', 'stance')
    if all(os.path.exists(os.path.join(PLUGINS, s + '.so')) for s in stages):
        rc, out, err = analyze([], stdin=doc.encode())
        check(rc == 0 and len(out) == 1 and 'error' not in out[0],
              'default pipeline: %r %s' % (out, err))
        # The document's stance comes from its quotes about the target
        # when they take a side, else from its own text.
        docs = [{'id': 'neutral-quote', 'targets': ['Acme plan'],
                 'text': 'Smith said the Acme plan will be discussed on '
                         'Monday. The Acme plan is a disgrace, and we '
                         'strongly oppose it.'},
                {'id': 'siding-quote', 'targets': ['Acme plan'],
                 'text': 'Smith said the Acme plan is a wonderful success '
                         'that everyone should support.'}]
        rc, out, err = analyze([], stdin='\n'.join(
            json.dumps(d) for d in docs).encode())
        labels = {o.get('id'): [(s['label'], s['quotes'])
                                for s in o.get('stance', [])] for o in out}
        check(rc == 0 and labels.get('neutral-quote') == [('AGAINST', [0, 1])]
              and labels.get('siding-quote') == [('FAVOR', [0])],
              'document stance from siding quotes, else the text: %r %s' %
              (labels, err))
    else:
        print('skip: the default pipeline is not built yet')


def test_cannot_run(tmp):
    conf = os.path.join(tmp, 'bad.conf')
    with open(conf, 'w') as f:
        f.write('[daemon]\nworkers = 2\nno_such_key = 1\n')
    doc = b'{"id":"x","text":"y"}\n'
    rc, out, err = analyze(PASSTHROUGH[:2] + ['-c', conf], stdin=doc)
    check(rc == 1 and not out and conf + ':3' in err,
          'bad config: exit 1 naming file:line (%d: %s)' % (rc, err))
    rc, out, err = analyze(['--plugin-dir', TEST_PLUGINS, '--set',
                            'pipeline.stages=no_such_stage'], stdin=doc)
    check(rc == 1 and not out and 'no_such_stage' in err,
          'missing plugin: exit 1 (%d: %s)' % (rc, err))
    rc, out, err = analyze(PASSTHROUGH + [os.path.join(tmp, 'nope.jsonl')])
    check(rc == 1 and not out, 'unreadable input: exit 1 (%d)' % rc)
    for args in (['--bogus'], ['-j', 'many'], ['a.jsonl', 'b.jsonl'],
                 ['--text']):
        r = subprocess.run([TEXTPIPE, 'analyze'] + args, capture_output=True)
        check(r.returncode == 2 and b'usage' in r.stderr and not r.stdout,
              'usage error %r: exit 2 (%d)' % (args, r.returncode))
    r = subprocess.run([TEXTPIPE, 'analyze', '--help'], capture_output=True)
    check(r.returncode == 0 and b'usage' in r.stdout, 'analyze --help: exit 0')


def main():
    if not os.access(TEXTPIPE, os.X_OK):
        print('no', TEXTPIPE)
        sys.exit(77)
    if not os.path.exists(os.path.join(TEST_PLUGINS, 'passthrough.so')):
        print('no passthrough.so in', TEST_PLUGINS)
        sys.exit(77)
    with tempfile.TemporaryDirectory() as tmp:
        test_mixed_input(tmp)
        test_parallel_order(tmp)
        test_text_mode(tmp)
        test_real_stages(tmp)
        test_cannot_run(tmp)
    exit_with_report()


if __name__ == '__main__':
    main()
