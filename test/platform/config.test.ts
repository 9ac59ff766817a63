// Configuration refuses what would leak state into git or book real loans into a fake.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.ts';
import { projectRoot } from '../../platform/tools.ts';

describe('the data folder', () => {
  it('defaults to .data, which git ignores', () => {
    expect(loadConfig({}).dataDir).toBe(path.join(projectRoot, '.data'));
  });

  it('may live outside the checkout, or in an ignored folder inside it', () => {
    const outside = path.join(os.tmpdir(), 'diguan-data');
    expect(loadConfig({ DATA_DIR: outside }).dataDir).toBe(outside);
    expect(loadConfig({ DATA_DIR: '.data/second' }).dataDir).toBe(
      path.join(projectRoot, '.data', 'second'),
    );
  });

  it.each(['.', projectRoot, 'domain', 'state'])(
    'is refused inside the checkout where git would track it: %s',
    (dir) => {
      expect(() => loadConfig({ DATA_DIR: dir })).toThrow(/DATA_DIR .* not ignored by git/);
    },
  );
});

describe('the address letters print for verification', () => {
  it('is the configured public address, or this machine at the API port', () => {
    expect(loadConfig({ PORT: '4100' }).publicBaseUrl).toBe('http://localhost:4100');
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:3000');
    const configured = { PORT: '4100', PUBLIC_BASE_URL: 'https://diguan.example.cn' };
    expect(loadConfig(configured).publicBaseUrl).toBe('https://diguan.example.cn');
  });
});

describe('the interface the API listens on', () => {
  it('is this machine only, unless the deployment names another', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('trusts no proxy unless told: a hop count or a name Express knows', () => {
    expect(loadConfig({}).TRUST_PROXY).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).TRUST_PROXY).toBe('loopback');
  });
});

describe('the core-banking adapter', () => {
  it('is the FAKE ledger by explicit default on the embedded database', () => {
    expect(loadConfig({}).coreBanking).toBe('fake');
  });

  it('must be named when the platform runs against a real database', () => {
    const production = { DATABASE_URL: 'postgresql://db.example/diguan' };
    expect(() => loadConfig(production)).toThrow(/CORE_BANKING: production .* core-banking/);
    const named = { ...production, REGISTRIES: 'fake' };
    expect(loadConfig({ ...named, CORE_BANKING: 'fake' }).coreBanking).toBe('fake');
    expect(() => loadConfig({ ...named, CORE_BANKING: 'paypal' })).toThrow(/CORE_BANKING/);
  });
});

describe('the pledge registries', () => {
  it('are the FAKEs by explicit default on the embedded database', () => {
    expect(loadConfig({}).registries).toBe('fake');
  });

  it('must be named when the platform runs against a real database', () => {
    const production = { DATABASE_URL: 'postgresql://db.example/diguan', CORE_BANKING: 'fake' };
    expect(() => loadConfig(production)).toThrow(/REGISTRIES: production .* registry adapters/);
    expect(loadConfig({ ...production, REGISTRIES: 'fake' }).registries).toBe('fake');
    expect(() => loadConfig({ ...production, REGISTRIES: 'cnipa' })).toThrow(/REGISTRIES/);
  });
});
