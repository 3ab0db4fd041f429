/** `gankit presets`: one line per preset. */
import { loadPreset, presetNames } from '../../config/presets.js';
import { UsageError } from '../../util/errors.js';
import type { Command } from '../command.js';

const presets: Command = {
  summary: 'list the training presets',
  usage:
    'usage: gankit presets\n\nLists every preset with a one-line description; train one with gankit train --preset NAME.',
  async run(argv) {
    if (argv.length) throw new UsageError(`gankit presets takes no arguments, got '${argv[0]}'`);
    const names = presetNames();
    const width = Math.max(...names.map((n) => n.length)) + 2;
    for (const name of names)
      console.log(`${name.padEnd(width)}${String(loadPreset(name).description ?? '')}`);
    return 0;
  },
};

export default presets;
