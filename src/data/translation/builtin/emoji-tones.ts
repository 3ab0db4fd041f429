/**
 * `emoji-tones` (five domains, colour 64×64): the people emoji of npm `emoji-datasource-google` in the
 * five Fitzpatrick skin tones (U+1F3FB light … U+1F3FF dark) — a colour multi-domain task where the
 * person's shape, hair and clothes stay and the skin changes, with data that exists offline. The 316
 * people emoji that have all five tones (emoji.json `skin_variations`) are split as every emoji is
 * (src/data/emoji.ts: a person's split is the same in every emoji dataset); each domain holds every
 * person of the split in its tone (StarGAN v2 does not use pairs, so none are formed).
 */
import path from 'node:path';
import { emojiDir, emojiEntries, emojiSplit } from '../../emoji.js';
import { loadImageFiles } from '../../image-folder.js';
import { concatDomains, type DomainBuiltin } from '../domains.js';

const TONES = ['1F3FB', '1F3FC', '1F3FD', '1F3FE', '1F3FF'];
const NAMES = ['light', 'medium-light', 'medium', 'medium-dark', 'dark'];

export const emojiTones: DomainBuiltin = {
  description: 'people emoji in the five skin tones (5 domains, 64×64 colour; 284 people train, 32 test)',
  load({ split, limit = Number.POSITIVE_INFINITY, shape }) {
    const dir = emojiDir();
    const people = emojiEntries().filter(
      (e, i) =>
        emojiSplit(i) === split && TONES.every((t) => e.skin_variations?.[t]?.has_img_google === true),
    );
    const name = `emoji-tones/${split}`;
    const parts = TONES.map((t, k) =>
      loadImageFiles(
        `${name}/${NAMES[k]}`,
        people.slice(0, limit).map((e) => path.join(dir, e.skin_variations![t].image)),
        shape,
      ),
    );
    return concatDomains(name, parts, NAMES);
  },
};
