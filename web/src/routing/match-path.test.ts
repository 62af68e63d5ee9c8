import { describe, expect, it } from 'vitest';
import { matchPath } from './match-path.js';

describe('matchPath', () => {
  it('matches fixed segments and decodes parameters', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/test-results', '/test-results/')).toEqual({});
    expect(matchPath('/test-results/:testId', '/test-results/blood-pressure')).toEqual({
      testId: 'blood-pressure',
    });
    expect(matchPath('/test-results/:testId', '/test-results/a%20b')).toEqual({ testId: 'a b' });
  });

  it('does not match other paths or badly encoded ones', () => {
    expect(matchPath('/test-results', '/')).toBeUndefined();
    expect(matchPath('/test-results/:testId', '/test-results')).toBeUndefined();
    expect(matchPath('/test-results/:testId', '/test-results/%E0%A4%A')).toBeUndefined();
  });
});
