/**
 * What `gankit train` shows while it trains. On a terminal (stderr is a TTY): a cli-progress bar with
 * the step, steps per second, the ETA and the latest losses, in colour unless NO_COLOR is set, with the
 * log lines printed above it. Piped or redirected: only the plain log lines
 * (`STEP=%05d, d_loss=…`, docs/architecture.md "Contracts"), never a bar or an escape code.
 */
import type { WriteStream } from 'node:tty';
import cliProgress from 'cli-progress';
import type { StepLosses } from '../train/trainer.js';

export interface Progress {
  /** After each step: redraws the bar (at most 10 times a second). */
  update(step: number, total: number, losses?: StepLosses): void;
  /** Prints a log line (to stdout), above the bar when there is one. */
  print(line: string): void;
  /** Removes the bar. */
  stop(): void;
}

interface Streams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** The latest losses, short: `d 1.234 g 0.567`. */
function lossText(l: StepLosses | undefined): string {
  if (!l) return '';
  const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));
  return [Number.isNaN(l.d_loss) ? '' : `d ${f(l.d_loss)}`, Number.isNaN(l.g_loss) ? '' : `g ${f(l.g_loss)}`]
    .filter(Boolean)
    .join(' ');
}

/** The progress display for these streams (the process's by default). */
export function createProgress(streams: Streams = process): Progress {
  const { stdout, stderr } = streams;
  const print = (line: string) => stdout.write(`${line}\n`);
  if (!stderr.isTTY) return { update() {}, print, stop() {} };
  const colour = streams.env.NO_COLOR === undefined;
  const paint = (code: string, s: string) => (colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as WriteStream,
      format: `${paint('32', '{bar}')} {value}/{total} | {rate} steps/s | ETA {eta_formatted} | ${paint('36', '{losses}')}`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      barsize: 24,
      hideCursor: true,
      etaBuffer: 50,
      gracefulExit: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let first = 0;
  let t0 = 0;
  return {
    update(step, total, losses) {
      if (!started) {
        // A resumed run starts counting its speed where it resumed.
        bar.start(total, step, { rate: '–', losses: '' });
        started = true;
        first = step;
        t0 = performance.now();
        return;
      }
      const seconds = (performance.now() - t0) / 1000;
      bar.update(step, {
        rate: seconds > 0 ? ((step - first) / seconds).toFixed(1) : '–',
        losses: lossText(losses),
      });
    },
    print(line) {
      // On one terminal the line replaces the bar's and the bar is drawn again below it, its new row saved
      // (ESC 7) because cli-progress returns the cursor to the saved row when it stops.
      const shared = started && stdout.isTTY;
      if (shared) stderr.write('\r\x1b[K');
      print(line);
      if (shared) {
        stderr.write('\x1b7');
        bar.render();
      }
    },
    stop() {
      if (!started) return;
      bar.stop();
      started = false;
    },
  };
}
