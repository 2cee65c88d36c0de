#!/usr/bin/python3
"""The stance stage end to end: `textpipe train-stance` on a SemEval-2016
subset read from ../shared (never copied), then `textpipe analyze` with the
model on held-out lines, which must score above chance (SemEval metric,
mean F1 of FAVOR and AGAINST), and at least 0.98 on its own training lines
(the stage's features from the tokens layer are the trainer's). Also:
--folds prints pooled scores; the same
seed gives the same model file; a truncated model and a bad targets file
are refused with a message naming the key; the zero-shot stage answers
every line; a document's targets override targets_file.

Exit 77 (skip) when ../shared or the built stages are absent.
"""
import json
import os
import subprocess
import sys
import tempfile

BUILD = os.environ.get('TP_BUILD_DIR', 'build')
SOURCE = os.environ.get('TP_SOURCE_DIR', '.')
SHARED = os.environ.get('TP_SHARED_DIR', os.path.join(SOURCE, '..', 'shared'))
TEXTPIPE = os.path.join(BUILD, 'bin', 'textpipe')
PLUGINS = os.path.join(BUILD, 'plugins')
SEMEVAL = os.path.join(SHARED, 'data', 'stance', 'semeval2016-train.jsonl')
CONF = os.path.join(SOURCE, 'conf', 'textpiped.conf')
STAGES = ['--set', 'pipeline.stages=tokenize,stance']
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def favg(gold, pred):
    f1 = []
    for lab in ('FAVOR', 'AGAINST'):
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        np_, ng = pred.count(lab), gold.count(lab)
        f1.append(2.0 * tp / (np_ + ng) if tp else 0.0)
    return sum(f1) / 2


def analyze(tmp, lines, extra):
    inp = os.path.join(tmp, 'in.jsonl')
    with open(inp, 'w', encoding='utf-8') as f:
        for d in lines:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
    return subprocess.run([TEXTPIPE, 'analyze', '-c', CONF] + STAGES + extra + [inp],
                          capture_output=True, text=True, timeout=300)


def labels(out, target):
    got = {}
    for line in out.splitlines():
        d = json.loads(line)
        lab = 'NONE'
        for s in d.get('stance') or []:
            if s.get('target') == target:
                lab = s.get('label')
        got[d['id']] = lab
    return got


def main():
    if not os.path.exists(SEMEVAL):
        print('skip: %s is absent (no ../shared)' % SEMEVAL)
        return 77
    if not (os.path.exists(os.path.join(PLUGINS, 'stance.so')) and
            os.path.exists(os.path.join(PLUGINS, 'tokenize.so'))):
        print('skip: the tokenize and stance stages are not built')
        return 77
    with open(SEMEVAL, encoding='utf-8') as f:
        rows = [json.loads(l) for l in f if l.strip()]
    # two targets; every fifth line held out
    rows = [r for r in rows if r['target'] in ('Hillary Clinton', 'Legalization of Abortion')]
    train = [r for i, r in enumerate(rows) if i % 5]
    test = [r for i, r in enumerate(rows) if i % 5 == 0]
    with tempfile.TemporaryDirectory() as tmp:
        tr = os.path.join(tmp, 'train.jsonl')
        with open(tr, 'w', encoding='utf-8') as f:
            for r in train:
                f.write(json.dumps(r, ensure_ascii=False) + '\n')
        model = os.path.join(tmp, 'm1')
        r = subprocess.run([TEXTPIPE, 'train-stance', '--train', tr, '--folds', '3',
                            '--seed', '5', '--bits', '18', '--out', model],
                           capture_output=True, text=True, timeout=300)
        check(r.returncode == 0, 'train-stance exit %d: %s' % (r.returncode, r.stderr))
        check('pooled' in r.stdout and 'Favg=' in r.stdout, 'no pooled CV line: %r' % r.stdout)
        # deterministic for a seed
        model2 = os.path.join(tmp, 'm2')
        subprocess.run([TEXTPIPE, 'train-stance', '--train', tr, '--seed', '5',
                        '--bits', '18', '--out', model2], capture_output=True, timeout=300)
        with open(model, 'rb') as a, open(model2, 'rb') as b:
            check(a.read() == b.read(), 'same seed, different model files')

        docs = [{'id': t['id'], 'text': t['text'], 'targets': [t['target']]} for t in test]
        r = analyze(tmp, docs, ['--set', 'stage.stance.model=' + model])
        check(r.returncode == 0, 'analyze with model exit %d: %s' % (r.returncode, r.stderr[-300:]))
        got = {}
        for line in r.stdout.splitlines():
            d = json.loads(line)
            for s in d.get('stance') or []:
                got[d['id']] = s.get('label')
        gold = [t['stance'] for t in test]
        pred = [got.get(t['id'], 'MISSING') for t in test]
        score = favg(gold, pred)
        print('trained model on %d held-out lines: Favg %.3f' % (len(test), score))
        # chance (uniform guessing) is about 0.33; the majority label alone 0.37
        check(score > 0.45, 'trained Favg %.3f is not above chance' % score)

        # the stage reads the tokenize stage's tokens, the trainer runs the
        # same tokenizer core: the features agree, so the model fits its
        # own training lines through the stage as it did in training
        own = [{'id': t['id'], 'text': t['text'], 'targets': [t['target']]} for t in train]
        r = analyze(tmp, own, ['--set', 'stage.stance.model=' + model])
        check(r.returncode == 0, 'analyze of training lines exit %d' % r.returncode)
        got_own = {}
        for line in r.stdout.splitlines():
            d = json.loads(line)
            for s in d.get('stance') or []:
                got_own[d['id']] = s.get('label')
        own_score = favg([t['stance'] for t in train],
                         [got_own.get(t['id'], 'MISSING') for t in train])
        print('trained model on its %d training lines: Favg %.3f' % (len(train), own_score))
        check(own_score >= 0.98, 'the model scores %.3f on its own training lines through '
              'the stage: train-time and run-time features differ' % own_score)

        # zero-shot: every line answered with a label
        r = analyze(tmp, docs, [])
        check(r.returncode == 0, 'zero-shot analyze exit %d' % r.returncode)
        n = sum(1 for line in r.stdout.splitlines()
                if json.loads(line).get('stance', [{}])[0].get('label') in ('FAVOR', 'AGAINST', 'NONE'))
        check(n == len(docs), 'zero-shot answered %d of %d' % (n, len(docs)))

        # a truncated model is refused, naming the key
        bad = os.path.join(tmp, 'bad')
        with open(model, 'rb') as a, open(bad, 'wb') as b:
            b.write(a.read()[:100])
        r = analyze(tmp, docs[:1], ['--set', 'stage.stance.model=' + bad])
        check(r.returncode != 0 and '[stage.stance] model' in r.stderr and 'truncated' in r.stderr,
              'truncated model not refused: %d %r' % (r.returncode, r.stderr[-300:]))

        # targets_file: errors name file:line; a document's targets override it
        tf = os.path.join(tmp, 'targets.conf')
        with open(tf, 'w') as f:
            f.write('Acme: Acme, Acme Corp\nthis line is wrong\n')
        r = analyze(tmp, docs[:1], ['--set', 'stage.stance.targets_file=' + tf])
        check(r.returncode != 0 and tf + ':2:' in r.stderr,
              'bad targets file not refused with file:line: %r' % r.stderr[-300:])
        with open(tf, 'w') as f:
            f.write('# sample\nAcme: Acme, Acme Corp\n')
        r = analyze(tmp, [{'id': 'a', 'text': 'We love Acme Corp, great people.'},
                          {'id': 'b', 'text': 'We love Acme Corp.', 'targets': ['Zed']}],
                    ['--set', 'stage.stance.targets_file=' + tf])
        out = [json.loads(l) for l in r.stdout.splitlines()]
        check(r.returncode == 0 and len(out) == 2, 'targets_file run failed: %r' % r.stderr[-300:])
        if len(out) == 2:
            check([s['target'] for s in out[0]['stance']] == ['Acme'] and
                  out[0]['stance'][0]['label'] == 'FAVOR', 'config target: %r' % out[0]['stance'])
            check([s['target'] for s in out[1]['stance']] == ['Zed'],
                  'document targets do not override: %r' % out[1]['stance'])
        # quote-level stance through the quotes stage: a cue that takes a
        # side toward the target, a pronoun resolved to the target named
        # before, and a target's own negative words about something else
        text = ('Vladimir Putin praised Donald Trump on Thursday.\n\n'
                '"There is no doubt that he is a very bright and talented man," Putin said.\n\n'
                '"The plan is a disaster," Trump said of the tax bill.')
        inp = os.path.join(tmp, 'q.jsonl')
        with open(inp, 'w', encoding='utf-8') as f:
            f.write(json.dumps({'id': 'q', 'text': text, 'targets': ['Donald Trump']}) + '\n')
        r = subprocess.run([TEXTPIPE, 'analyze', '-c', CONF, '--set',
                            'pipeline.stages=tokenize,quotes,stance', inp],
                           capture_output=True, text=True, timeout=60)
        check(r.returncode == 0, 'quotes+stance analyze exit %d: %s' % (r.returncode, r.stderr[-300:]))
        quotes = json.loads(r.stdout.splitlines()[0]).get('quotes') or [] if r.stdout else []

        def quote_label(start):
            for q in quotes:
                if q.get('text', '').startswith(start):
                    for s in q.get('stance') or []:
                        if s.get('target') == 'Donald Trump':
                            return s.get('label')
                    return 'NONE'
            return 'MISSING'
        check(quote_label('There is no doubt') == 'FAVOR',
              'pronoun resolved to the target: %r' % quotes)
        check(quote_label('The plan is a disaster') != 'AGAINST',
              "a target's negative words about something else: %r" % quotes)
    for f in failures:
        print('FAIL:', f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
