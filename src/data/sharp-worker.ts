/**
 * Worker thread of src/data/sharp-images.ts: decodes and resizes a list of image files with sharp
 * (libvips), several at a time, and hands back RGBA pixels at the requested size with each file's
 * original size. The caller blocks on `signal` until the answer is on `port`.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import sharp from 'sharp';

export interface SharpRequest {
  files: string[];
  height: number;
  width: number;
  port: MessagePort;
  signal: Int32Array;
}

/** One image's answer: original size and `width * height` RGBA pixels at the requested size. */
export interface SharpImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export type SharpReply = { images: SharpImage[] } | { error: string; file: string };

const { files, height, width, port, signal } = workerData as SharpRequest;

async function decode(file: string): Promise<SharpImage> {
  const img = sharp(file, { failOn: 'error' });
  const meta = await img.metadata();
  // Resized with alpha premultiplied (libvips' default), composited on white afterwards like the JS path.
  const rgba = await img
    .ensureAlpha()
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  return {
    width: meta.width!,
    height: meta.height!,
    rgba: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length),
  };
}

async function main(): Promise<SharpReply> {
  sharp.cache(false);
  const images: SharpImage[] = new Array(files.length);
  let next = 0;
  let failed: { error: string; file: string } | undefined;
  const lane = async () => {
    while (next < files.length && !failed) {
      const i = next++;
      try {
        images[i] = await decode(files[i]);
      } catch (err) {
        failed ??= { error: (err as Error).message, file: files[i] };
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return failed ?? { images };
}

main()
  .catch((err: unknown): SharpReply => ({ error: String((err as Error)?.message ?? err), file: files[0] }))
  .then((reply) => {
    port.postMessage(reply, 'images' in reply ? reply.images.map((im) => im.rgba.buffer as ArrayBuffer) : []);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
