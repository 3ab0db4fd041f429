/** `node --import` entry: installs the loader hooks of `loader-hooks.ts` before anything else loads. */
import { register } from 'node:module';

register('./loader-hooks.js', import.meta.url);
