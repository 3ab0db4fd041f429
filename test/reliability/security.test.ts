/**
 * The security campaign in CI (issue 17; bench/reliability/security.ts runs 20,000 request paths per
 * server): the dashboard and the playground listen on 127.0.0.1 and never serve a byte from outside
 * their folder, whatever raw path they are sent (traversal, encodings, NUL, malformed escapes, symbolic
 * links out), and stay up; configs and checkpoint manifests are data — no tag constructs code or reads
 * a file, an alias bomb is refused, and no key reaches an object's prototype.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSecurityFigures, fuzzServers, hostileData } from '../../bench/reliability/security.js';

test('servers: 127.0.0.1 only, nothing from outside their folder for 300 hostile paths each, still up', async () => {
  const servers = await fuzzServers(300, 20261201);
  console.log(formatSecurityFigures(servers, []));
  for (const s of servers) {
    assert.equal(s.failure, undefined, `${s.server}: ${s.failure}`);
    assert.equal(s.leaks, 0);
    assert.ok(s.cases >= 300, `${s.server}: ${s.cases} cases`);
    // The paths reach every branch: some are served, some refused as outside, some malformed.
    for (const status of [200, 400, 403, 404])
      assert.ok(
        (s.statuses[status] ?? 0) > 0,
        `${s.server}: no ${status} answer in ${JSON.stringify(s.statuses)}`,
      );
  }
});

test('configs and manifests are parsed as data: code tags, includes, alias bombs and prototype keys refused', () => {
  const figures = hostileData();
  console.log(formatSecurityFigures([], figures));
  for (const d of figures) {
    assert.ok(d.message !== undefined, `${d.what} was accepted`);
    assert.equal(d.crashed, false, `${d.what}: not a clear error: ${d.message}`);
    assert.equal(d.polluted, false, `${d.what} polluted a prototype`);
  }
  assert.equal(({} as Record<string, unknown>).pwned, undefined);
});
