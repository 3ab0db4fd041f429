/**
 * Animated images of a latent path: GIF through npm `gifenc` (a small, maintained encoder with its own
 * palette quantiser) and APNG through npm `upng-js` (the APNG writer photopea uses). Frames are RGBA
 * canvases of one size.
 */
import gifenc from 'gifenc';
import UPNG from 'upng-js';
import type { Canvas } from '../report/png.js';

const { applyPalette, GIFEncoder, quantize } = gifenc;

/** A looping GIF, `delayMs` per frame; each frame gets its own 256-colour palette. */
export function encodeGif(frames: Canvas[], delayMs: number): Uint8Array {
  const { width, height } = sameSize(frames);
  const gif = GIFEncoder();
  for (const f of frames) {
    const palette = quantize(f.rgba, 256);
    gif.writeFrame(applyPalette(f.rgba, palette), width, height, { palette, delay: delayMs, repeat: 0 });
  }
  gif.finish();
  return gif.bytes();
}

/** A looping, lossless APNG, `delayMs` per frame. */
export function encodeApng(frames: Canvas[], delayMs: number): Uint8Array {
  const { width, height } = sameSize(frames);
  const buffers = frames.map((f) => f.rgba.slice().buffer as ArrayBuffer);
  return new Uint8Array(
    UPNG.encode(
      buffers,
      width,
      height,
      0,
      frames.map(() => delayMs),
    ),
  );
}

function sameSize(frames: Canvas[]): { width: number; height: number } {
  if (frames.length === 0) throw new Error('an animation needs at least one frame');
  const { width, height } = frames[0];
  if (frames.some((f) => f.width !== width || f.height !== height)) {
    throw new Error('animation frames must all have the same size');
  }
  return { width, height };
}
