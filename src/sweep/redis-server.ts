/**
 * A private redis-server on a free loopback port, persistence off: for a sweep's workers on one machine
 * (the sweep-workers example) and the queue tests. Debian's `redis-server` (scripts/setup.sh installs
 * it); when it is missing the caller is told why and decides (the example trains without a queue, the
 * tests skip).
 */
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

export interface LocalRedis {
  url: string;
  /** Stops the server; resolves once it has exited. */
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts redis-server on 127.0.0.1, or says why it cannot. */
export async function startLocalRedis(binary = 'redis-server'): Promise<LocalRedis | { reason: string }> {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    return { reason: `${binary} not found (scripts/setup.sh installs Debian's redis-server)` };
  const port = await freeLoopbackPort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${binary} did not start within 20 s:\n${out}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`${binary} exited with ${code}:\n${out}`)));
  });
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
