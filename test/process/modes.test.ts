/** Local development vs production modes, run as real processes (issue #6). */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToExit, startServer } from '../support/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'netcds-modes-'));

describe('modes', () => {
  test('production without NETCDS_CLIENTS refuses to start and names the setting', async () => {
    const { code, output } = await runToExit({ NODE_ENV: 'production' });
    expect(code).toBe(78);
    expect(output).toMatch(/NETCDS_CLIENTS is required when NODE_ENV=production/);
  });

  test('local development without clients will not bind to a public address', async () => {
    const { code, output } = await runToExit({ HOST: '0.0.0.0' });
    expect(code).toBe(78);
    expect(output).toMatch(/HOST=0\.0\.0\.0 without NETCDS_CLIENTS/);
  });

  test('an invalid clients file stops the process with a message naming it', async () => {
    const file = join(dir, 'bad-clients.json');
    writeFileSync(file, JSON.stringify([{ iss: 'https://ehr.example' }]));
    const { code, output } = await runToExit({ NETCDS_CLIENTS: file });
    expect(code).toBe(78);
    expect(output).toMatch(/NETCDS_CLIENTS: 0: each client needs jwksUrl, jwks or a jkuAllowlist/);
  });

  test('local development mode warns on start and answers without a token', async () => {
    const server = await startServer();
    try {
      expect(server.output()).toMatch(/LOCAL DEVELOPMENT MODE/);
      expect((await fetch(`${server.baseUrl}/cds-services`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  test('with a clients file, calls without a token are refused', async () => {
    const file = join(dir, 'clients.json');
    writeFileSync(file, JSON.stringify([{ iss: 'https://ehr.example', jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'AAAA', y: 'AAAA', kid: 'k' }] }, fhirServers: ['https://ehr.example/fhir'] }]));
    const server = await startServer({ NETCDS_CLIENTS: file });
    try {
      expect(server.output()).not.toMatch(/LOCAL DEVELOPMENT MODE/);
      const res = await fetch(`${server.baseUrl}/cds-services`);
      expect(res.status).toBe(401);
    } finally {
      await server.stop();
    }
  });
});
