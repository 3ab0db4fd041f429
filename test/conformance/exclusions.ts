/**
 * Specs of tfjs-core's conformance suite that gankit does not run, each with why. Entries match a
 * substring of the spec's full name (as tfjs-node's and tfjs-backend-wasm's lists do); `{env}` stands
 * for the test environment's name (`test-native`, `test-wasm`).
 */
export type ConformanceBackend = 'native' | 'wasm' | 'wasm-stock';

interface Exclusion {
  /** Substring of the spec's full name; `{env}` is replaced by the environment's name. */
  match: string;
  /** Why the spec is skipped. */
  why: string;
  /** Backends it applies to. */
  on: readonly ConformanceBackend[];
}

const ALL: readonly ConformanceBackend[] = ['native', 'wasm', 'wasm-stock'];

export const EXCLUSIONS: readonly Exclusion[] = [
  { match: 'version version', why: 'checks package versions of a monorepo build, not a backend', on: ALL },
];

/** The exclusion that skips spec `name` on `backend`, if any. */
export function exclusionFor(
  backend: ConformanceBackend,
  name: string,
  envName: string,
): Exclusion | undefined {
  return EXCLUSIONS.find(
    (e) => e.on.includes(backend) && name.includes(e.match.replaceAll('{env}', envName)),
  );
}
