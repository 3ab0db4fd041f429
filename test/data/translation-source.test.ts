import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageDataset } from '../../src/data/dataset.js';
import { TranslationSource } from '../../src/data/translation/source.js';
import type { TranslationBatch, TranslationDataset } from '../../src/data/translation/types.js';

/** `n` 1×1 gray images whose pixel is `offset + i`, labelled `i % 10`, so a batch names its images. */
function numbered(n: number, offset: number): ImageDataset {
  return {
    name: `numbered+${offset}`,
    n,
    shape: [1, 1, 1],
    pixels: Uint8Array.from({ length: n }, (_, i) => offset + i),
    labels: Uint8Array.from({ length: n }, (_, i) => i % 10),
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}

function twoDomains(nA: number, nB: number, paired: boolean): TranslationDataset {
  return { name: 't', a: numbered(nA, 0), b: numbered(nB, 100), paired, domains: ['x', 'y'] };
}

/** The image indices of a batch's domain (pixels back from [0, 1]). */
const ids = (v: Float32Array, offset: number) => [...v].map((p) => Math.round(p * 255) - offset);
const idsA = (b: TranslationBatch) => ids(b.a, 0);
const idsB = (b: TranslationBatch) => ids(b.b, 100);

test('a paired source keeps a[i] with b[i] in every epoch and visits every pair once per epoch', () => {
  const src = new TranslationSource(twoDomains(12, 12, true), 4, '0,1', 3);
  const epochs: number[][] = [];
  for (let e = 0; e < 3; e++) {
    const seen: number[] = [];
    for (let k = 0; k < 3; k++) {
      const batch = src.next();
      assert.deepEqual(idsB(batch), idsA(batch), 'b[i] is a[i]’s pair');
      assert.deepEqual([...batch.labelsA!], [...batch.labelsB!]);
      seen.push(...idsA(batch));
    }
    assert.deepEqual(
      [...seen].sort((x, y) => x - y),
      [...Array(12).keys()],
    );
    epochs.push(seen);
  }
  assert.notDeepEqual(epochs[0], epochs[1], 'each epoch is a fresh permutation');
  assert.equal(src.paired, true);
  assert.deepEqual(src.shapeA, [1, 1, 1]);
  assert.deepEqual(Object.keys(src.state()), ['a'], 'one order, one position');
});

test('an unpaired source walks A and B in independent orders', () => {
  const walk = (src: TranslationSource, steps: number) => {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < steps; i++) {
      const batch = src.next();
      a.push(...idsA(batch));
      b.push(...idsB(batch));
    }
    return { a, b };
  };
  const same = walk(new TranslationSource(twoDomains(20, 20, false), 5, '0,1', 7), 8);
  assert.notDeepEqual(same.a, same.b, 'B is not walked in A’s order');
  const pairedA = walk(new TranslationSource(twoDomains(20, 20, true), 5, '0,1', 7), 8).a;
  assert.deepEqual(same.a, pairedA, 'A uses the same stream whether or not B is paired');
  // B's size changes B's epochs only: A's sequence is unaffected.
  const otherB = walk(new TranslationSource(twoDomains(20, 7, false), 5, '0,1', 7), 8);
  assert.deepEqual(otherB.a, same.a);
  for (let e = 0; e < 2; e++) {
    assert.deepEqual(
      same.b.slice(e * 20, (e + 1) * 20).sort((x, y) => x - y),
      [...Array(20).keys()],
      'every B image once per B epoch',
    );
  }
  const state = new TranslationSource(twoDomains(20, 7, false), 5, '0,1', 7).state();
  assert.deepEqual(Object.keys(state), ['a', 'b']);
});

test('state() and seek() resume exactly, through JSON, for paired and unpaired sources', () => {
  for (const paired of [true, false]) {
    const make = () => new TranslationSource(twoDomains(10, paired ? 10 : 9, paired), 3, '-1,1', 11);
    const src = make();
    for (let i = 0; i < 7; i++) src.next();
    const saved = JSON.parse(JSON.stringify(src.state()));
    const expected = Array.from({ length: 6 }, () => src.next());
    const resumed = make();
    resumed.seek(saved);
    for (const e of expected) assert.deepEqual(resumed.next(), e);
  }
  const src = new TranslationSource(twoDomains(10, 9, false), 3, '0,1', 1);
  assert.throws(() => src.seek({ a: { epoch: 0, position: 0 } }), {
    name: 'UsageError',
    message: /not one of a unpaired translation source \(t\)/,
  });
  assert.throws(() => src.seek(null), { name: 'UsageError' });
});

test('fixed(n) is the same every call, keeps pairs, and does not move the training position', () => {
  const paired = new TranslationSource(twoDomains(30, 30, true), 4, '0,1', 5);
  const control = new TranslationSource(twoDomains(30, 30, true), 4, '0,1', 5);
  paired.next();
  control.next();
  const f1 = paired.fixed(8);
  const f2 = paired.fixed(8);
  assert.deepEqual(f1, f2);
  assert.deepEqual(idsA(f1), idsB(f1), 'fixed pairs stay pairs');
  assert.equal(new Set(idsA(f1)).size, 8);
  assert.deepEqual(paired.next(), control.next(), 'the training position did not move');
  assert.deepEqual(paired.fixedLabels(8).a, f1.labelsA);
  assert.deepEqual(
    [...paired.fixedLabels(8).a!],
    idsA(f1).map((i) => i % 10),
    'labels of the fixed A images',
  );
  assert.deepEqual(paired.fixed(3).a, f1.a.subarray(0, 3), 'a smaller fixed set is a prefix');
  const unpaired = new TranslationSource(twoDomains(30, 6, false), 2, '0,1', 5);
  const u = unpaired.fixed(10);
  assert.equal(u.a.length, 6, 'at most the smaller domain');
  assert.equal(u.b.length, 6);
  assert.deepEqual(unpaired.fixed(10), u);
  assert.deepEqual(unpaired.classNames.a?.length, 10);
});

test('the batch size may not exceed a domain', () => {
  assert.throws(() => new TranslationSource(twoDomains(10, 3, false), 4, '0,1', 1), RangeError);
  assert.throws(() => new TranslationSource(twoDomains(10, 9, true), 2, '0,1', 1), /paired dataset/);
});
