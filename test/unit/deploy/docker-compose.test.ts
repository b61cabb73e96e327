// docker-compose.yml cannot be started here (no Docker engine); these checks hold it to what the
// README and CONTRACT.md promise: Postgres 16 + Redis 7 + the app, health-gated, with named volumes,
// and the app pointed at them through the contract's variables.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'));
const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');

describe('docker-compose.yml', () => {
  it.each([
    ['postgres', /^postgres:16/],
    ['redis', /^redis:7/],
  ])('runs %s from the %s image with a health check and a named volume', (name, image) => {
    const svc = compose.services[name];
    expect(svc.image).toMatch(image);
    expect(svc.healthcheck.test).toBeTruthy();
    const volume = String(svc.volumes[0]).split(':')[0]!;
    expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('starts the app only when both stores are healthy, on the contract variables', () => {
    const app = compose.services.app;
    expect(app.build).toBe('.');
    expect(app.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(app.environment.DATABASE_URL).toMatch(/^postgresql:\/\/\S+@postgres:5432\/orderwatch$/);
    expect(app.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(app.environment.HOST).toBe('0.0.0.0');
    expect(app.healthcheck.test.join(' ')).toMatch(/\/healthz/);
  });

  it('builds an image that installs from the lock file and runs npm start as a non-root user', () => {
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/CMD \["npm", ?"start"\]/);
  });
});
