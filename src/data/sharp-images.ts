/**
 * Image decoding and resizing through sharp (libvips, prebuilt binaries from npm) for users' folders of
 * large images, behind the same synchronous interface as the pure-JS decoders (pngjs, jpeg-js and
 * resize.ts), which stay the fallback. sharp is asynchronous, so the files go to a worker thread in one
 * batch while this thread waits on an Atomics signal and then takes the answer off the message port.
 *
 * When it pays, measured loading into 64×64×3 (`node dist/bench/image-io.js`): on 512×512 JPEGs sharp
 * needs about a tenth of the CPU time of the JS path (shrink-on-load in libjpeg-turbo); on the 64×64 emoji
 * PNGs it needs three times more (a libvips pipeline per tiny image costs more than decoding it in JS).
 * Hence the rule of {@link useSharpFor}: sharp for sources of at least 256×256 pixels.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { InputError } from '../util/errors.js';
import type { SharpImage, SharpReply } from './sharp-worker.js';

const require = createRequire(import.meta.url);
let available: boolean | undefined;

/** Whether sharp and its libvips binary load on this machine (an optional dependency). */
export function sharpAvailable(): boolean {
  if (available === undefined) {
    try {
      require('sharp');
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** Sources from this many pixels up are decoded and resized by sharp. */
export const SHARP_MIN_PIXELS = 256 * 256;

/**
 * Whether to load images of `width × height` through sharp: `GANKIT_IMAGE_IO=js` or `=sharp` decides;
 * otherwise sharp for large sources when it is installed.
 */
export function useSharpFor(width: number, height: number): boolean {
  const choice = process.env.GANKIT_IMAGE_IO;
  if (choice === 'js') return false;
  if (choice === 'sharp') return sharpAvailable();
  return width * height >= SHARP_MIN_PIXELS && sharpAvailable();
}

/** Decodes `files` and resizes each to `height × width` RGBA; a file libvips cannot read is an InputError. */
export function decodeResizedWithSharp(
  files: readonly string[],
  height: number,
  width: number,
): SharpImage[] {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./sharp-worker.js', import.meta.url), {
    workerData: { files, height, width, port: port2, signal },
    transferList: [port2],
  });
  try {
    // Bounded, so that a worker that died before answering cannot hang the process for good.
    if (Atomics.wait(signal, 0, 0, 600_000) === 'timed-out')
      throw new Error('the sharp worker did not answer in 10 min');
    const reply = receiveMessageOnPort(port1)?.message as SharpReply | undefined;
    if (!reply) throw new Error('the sharp worker answered nothing');
    if ('error' in reply) throw new InputError(reply.file, `cannot decode image: ${reply.error}`);
    return reply.images;
  } finally {
    void worker.terminate();
    port1.close();
  }
}
