/** `gankit metric` end to end: output formats, and exit code 2 with one clear paragraph on bad input. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { encodeNpy, writeNpy } from '../../src/io/npy.js';
import { fid } from '../../src/metrics/fid.js';
import { gaussianRows, probabilityRows } from './fixtures.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gankit-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const real = gaussianRows(1, 120, 6);
const fake = gaussianRows(2, 100, 6, 1.2, 0.3);
const file = (name: string) => join(dir, name);
writeNpy(file('real.npy'), { shape: [real.rows, real.cols], data: real.data });
writeNpy(file('fake.npy'), { shape: [fake.rows, fake.cols], data: fake.data });
const probs = probabilityRows(3, 50, 10);
writeNpy(file('probs.npy'), { shape: [probs.rows, probs.cols], data: probs.data });
writeNpy(file('wide.npy'), { shape: [10, 7], data: new Float32Array(70) });
writeNpy(file('logits.npy'), { shape: [20, 3], data: new Float32Array(60).fill(-1) });
const bytes = encodeNpy({ shape: [100, 6], data: fake.data });
writeFileSync(file('truncated.npy'), bytes.subarray(0, bytes.length - 10));
// Same header length: 'True ' replaces 'False'.
writeFileSync(
  file('fortran.npy'),
  Buffer.from(bytes).toString('latin1').replace("'fortran_order': False", "'fortran_order': True "),
  'latin1',
);

function gankit(...args: string[]) {
  const run = spawnSync(process.execPath, [MAIN, 'metric', ...args], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

test('fid --json prints the library value; kid, is, pr print name=value lines', () => {
  const json = gankit('fid', '--real', file('real.npy'), '--fake', file('fake.npy'), '--json');
  assert.equal(json.code, 0, json.err);
  assert.deepEqual(JSON.parse(json.out), { fid: fid(real, fake) });
  const kid = gankit(
    'kid',
    '--real',
    file('real.npy'),
    '--fake',
    file('fake.npy'),
    '--subsets',
    '5',
    '--subset-size',
    '50',
  );
  assert.equal(kid.code, 0, kid.err);
  assert.match(kid.out, /^kid=-?[\d.e-]+ ± [\d.e-]+\n$/);
  const is = gankit('is', '--fake', file('probs.npy'), '--splits', '5');
  assert.match(is.out, /^is=[\d.]+ ± [\d.]+\n$/);
  const pr = gankit('pr', '--real', file('real.npy'), '--fake', file('fake.npy'), '--k', '3');
  assert.match(pr.out, /^precision=[\d.]+, recall=[\d.]+\n$/);
  const boot = gankit('is', '--fake', file('probs.npy'), '--splits', '2', '--bootstrap', '10', '--json');
  const interval = JSON.parse(boot.out).is;
  assert.ok(interval.low <= interval.high && typeof interval.value === 'number', boot.out);
  const human = gankit(
    'fid',
    '--real',
    file('real.npy'),
    '--fake',
    file('fake.npy'),
    '--bootstrap',
    '5',
    '--level',
    '0.9',
  );
  assert.match(human.out, /^fid=[\d.]+ \[[\d.]+, [\d.]+\] {2}\(90% bootstrap intervals, 5 resamples\)\n$/);
});

test('bad usage and bad files exit 2 with one paragraph naming the problem', () => {
  const cases: [string[], RegExp][] = [
    [['--real', file('real.npy'), '--fake', file('fake.npy')], /exactly one metric name/],
    [
      ['fdi', '--real', file('real.npy'), '--fake', file('fake.npy')],
      /unknown metric 'fdi'; valid metrics: fid, kid/,
    ],
    [['fid', '--fake', file('fake.npy')], /needs --real FILE\.npy/],
    [['is', '--real', file('real.npy'), '--fake', file('probs.npy')], /reads only --fake/],
    [
      ['fid', '--real', file('real.npy'), '--fake', file('fake.npy'), '--bogus'],
      /Unknown option '--bogus'.*Valid flags/,
    ],
    [
      ['kid', '--real', file('real.npy'), '--fake', file('fake.npy'), '--subsets', 'x'],
      /--subsets must be an integer/,
    ],
    [
      ['kid', '--real', file('real.npy'), '--fake', file('fake.npy')],
      /subset size 1000 .* pass a smaller --subset-size/,
    ],
    [
      ['fid', '--real', file('real.npy'), '--fake', file('truncated.npy')],
      /truncated\.npy: .*needs 2400 data bytes.*truncated/,
    ],
    [
      ['fid', '--real', file('real.npy'), '--fake', file('fortran.npy')],
      /fortran\.npy: the array is stored in Fortran order/,
    ],
    [
      ['fid', '--real', file('real.npy'), '--fake', file('nope.npy')],
      /nope\.npy: cannot read the file \(ENOENT\)/,
    ],
    [['fid', '--real', file('real.npy'), '--fake', file('wide.npy')], /6 columns but fake features have 7/],
    [['is', '--fake', file('logits.npy')], /negative probability.*not logits/],
    [
      ['pr', '--real', file('real.npy'), '--fake', file('fake.npy'), '--k', '500'],
      /k must be an integer between 1 and/,
    ],
  ];
  for (const [args, message] of cases) {
    const { code, out, err } = gankit(...args);
    assert.equal(code, 2, `${args.join(' ')}: exit ${code}, ${err}`);
    assert.equal(out, '');
    assert.match(err, message);
    assert.equal(err.trim().split('\n').length, 1, `one paragraph: ${err}`);
    assert.doesNotMatch(err, /at .*\.js:\d+/, 'no stack trace');
  }
});
