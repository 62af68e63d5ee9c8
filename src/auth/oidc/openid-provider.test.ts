import { describe, expect, it } from 'vitest';
import { webRedirectUris } from './openid-provider.js';

describe('webRedirectUris', () => {
  it('a public server has one redirect address; localhost answers to all its names', () => {
    expect(webRedirectUris('https://heartwood.example')).toEqual(['https://heartwood.example/signed-in']);
    expect(webRedirectUris('http://localhost:8080')).toEqual([
      'http://localhost:8080/signed-in',
      'http://127.0.0.1:8080/signed-in',
      'http://[::1]:8080/signed-in',
    ]);
  });
});
