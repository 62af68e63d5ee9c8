import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration', () => {
  it('answers reads once their audit record is on disk unless told otherwise', () => {
    expect(loadConfig({}).auditReadDurability).toBe('sync');
    expect(loadConfig({ HEARTWOOD_AUDIT_READ_DURABILITY: 'async' }).auditReadDurability).toBe('async');
    expect(() => loadConfig({ HEARTWOOD_AUDIT_READ_DURABILITY: 'never' })).toThrow(
      'HEARTWOOD_AUDIT_READ_DURABILITY must be sync or async',
    );
  });

  it('notifies no Subscription endpoint unless the operator names whole URL prefixes', () => {
    expect(loadConfig({}).subscriptionEndpoints).toEqual([]);
    expect(
      loadConfig({ HEARTWOOD_SUBSCRIPTION_ENDPOINTS: 'https://gp.example/hooks/, http://10.0.0.5:8080/' })
        .subscriptionEndpoints,
    ).toEqual(['https://gp.example/hooks/', 'http://10.0.0.5:8080/']);
    for (const bad of ['https://gp.example', 'ftp://gp.example/x/', 'not a url'])
      expect(() => loadConfig({ HEARTWOOD_SUBSCRIPTION_ENDPOINTS: bad })).toThrow(
        'HEARTWOOD_SUBSCRIPTION_ENDPOINTS',
      );
  });

  it('refuses numbers out of range with the name of the setting', () => {
    expect(() => loadConfig({ HEARTWOOD_RATE_LIMIT: '-1' })).toThrow('HEARTWOOD_RATE_LIMIT');
    expect(loadConfig({ HEARTWOOD_RATE_LIMIT: '0' }).rateLimitPerMinute).toBe(0);
  });
});
