/** A one-line progress bar for interactive terminals (the CLI shows it only when stderr is a TTY). */
import type { WriteStream } from 'node:tty';

export function progressBar(stream: WriteStream): {
  update: (done: number, total: number) => void;
  clear: () => void;
} {
  const start = performance.now();
  let shown = false;
  let lastDraw = 0;
  return {
    update(done, total) {
      const now = performance.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const rate = done / ((now - start) / 1000);
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)} steps/s`,
      );
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
