/** The start command of README and Dockerfile (`node dist/src/server.js`), run for real. */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { runToExit, startServer } from '../support/server-process.js';
import { projectPath } from '../../src/project-root.js';

describe('server process', () => {
  test('starts on 127.0.0.1, answers /healthz and discovery, and exits 0 on SIGTERM', async () => {
    const server = await startServer();
    try {
      expect(server.output()).toContain('"host":"127.0.0.1"');
      const health = await fetch(`${server.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      const discovery = await fetch(`${server.baseUrl}/cds-services`);
      expect(((await discovery.json()) as { services: unknown[] }).services).toHaveLength(3);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });

  test('a bad setting stops the process with a message naming it', async () => {
    const { code, output } = await runToExit({ PORT: 'seventy' });
    expect(code).toBe(78);
    expect(output).toMatch(/PORT/);
  });

  test('Dockerfile and npm start run the same command', () => {
    const pkg = JSON.parse(readFileSync(projectPath('package.json'), 'utf8'));
    const dockerfile = readFileSync(projectPath('Dockerfile'), 'utf8');
    expect(pkg.scripts.start).toBe('node dist/src/server.js');
    expect(dockerfile).toContain('CMD ["node", "dist/src/server.js"]');
  });
});
