/**
 * `emoji-skintone` (unpaired, colour): people emoji in light skin tone (U+1F3FB) as A and in dark skin
 * tone (U+1F3FF) as B — a colour CycleGAN task where the shape must be kept and only the skin recoloured,
 * like horse2zebra, with data that exists offline. The 316 people emoji that have both tones
 * (emoji.json `skin_variations`) are split as every emoji is (src/data/emoji.ts). In the train split the
 * people alternate between A and B (disjoint halves, 142 / 142), so no A image has its B counterpart and
 * the data is truly unpaired. The test split (32 people) keeps both tones of each person and is paired:
 * the ground truth that lets an evaluation score a translation against the real dark-tone image.
 */
import path from 'node:path';
import { type EmojiEntry, emojiDir, emojiEntries, emojiSplit } from '../../emoji.js';
import { loadImageFiles } from '../../image-folder.js';
import type { TranslationBuiltin } from '../types.js';

const LIGHT = '1F3FB';
const DARK = '1F3FF';

function hasTone(e: EmojiEntry, tone: string): boolean {
  return e.skin_variations?.[tone]?.has_img_google === true;
}

export const emojiSkintone: TranslationBuiltin = {
  description: 'people emoji, light → dark skin tone (unpaired train 142/142, paired test 32; 64×64 colour)',
  load({ split, limit = Number.POSITIVE_INFINITY, shape }) {
    const dir = emojiDir();
    // Split over all emoji first (as gray2emoji does), then keep the people: a person's split is the same
    // in every emoji dataset.
    const people = emojiEntries().filter(
      (e, i) => emojiSplit(i) === split && hasTone(e, LIGHT) && hasTone(e, DARK),
    );
    const paired = split === 'test';
    const peopleA = paired ? people : people.filter((_, i) => i % 2 === 0);
    const peopleB = paired ? people : people.filter((_, i) => i % 2 === 1);
    const files = (ps: EmojiEntry[], tone: string) =>
      ps.slice(0, limit).map((e) => path.join(dir, e.skin_variations![tone].image));
    const name = `emoji-skintone/${split}`;
    return {
      name,
      a: loadImageFiles(`${name}/light`, files(peopleA, LIGHT), shape),
      b: loadImageFiles(`${name}/dark`, files(peopleB, DARK), shape),
      paired,
      domains: ['light skin tone', 'dark skin tone'],
    };
  },
};
