import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/errors.js';
import { checkEndpointUrl, isPrivateAddress } from '../../src/webhooks/endpoint-url.js';

const refusal = (url: unknown, options = {}) => {
  try {
    checkEndpointUrl(url, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('url');
    return (error as ValidationError).reason;
  }
  return undefined;
};

describe('endpoint URLs', () => {
  it('accepts public http and https URLs, in their normal form', () => {
    expect(checkEndpointUrl('https://hooks.example.com/contactkit?x=1')).toBe(
      'https://hooks.example.com/contactkit?x=1',
    );
    expect(checkEndpointUrl(' HTTP://Example.COM ')).toBe('http://example.com/');
    expect(checkEndpointUrl('https://93.184.216.34:8443/in')).toBe('https://93.184.216.34:8443/in');
  });

  it('refuses what is not an http(s) URL, or would leak credentials', () => {
    expect(refusal('ftp://example.com/')).toMatch(/http or https/);
    expect(refusal('/relative')).toMatch(/absolute/);
    expect(refusal('')).toMatch(/URL/);
    expect(refusal(42)).toMatch(/URL/);
    expect(refusal('https://user:pw@example.com/')).toMatch(/password/);
    expect(refusal('https://example.com/#x')).toMatch(/fragment/);
    expect(refusal(`https://example.com/${'a'.repeat(2000)}`)).toMatch(/2000/);
  });

  it('refuses private, loopback and link-local addresses unless allowed', () => {
    for (const url of [
      'http://localhost:3000/',
      'http://api.localhost/',
      'http://127.0.0.1/',
      'http://2130706433/', // 127.0.0.1 as one number
      'http://10.1.2.3/',
      'http://172.20.0.1/',
      'http://192.168.1.10/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:10.0.0.1]/',
      'http://0.0.0.0/',
    ]) {
      expect(refusal(url), url).toMatch(/private/);
      expect(checkEndpointUrl(url, { allowPrivateAddresses: true })).toBeTypeOf('string');
    }
  });
});

describe('private addresses', () => {
  it('tells public from non-public addresses, v4 and v6', () => {
    expect(
      ['8.8.8.8', '93.184.216.34', '2606:4700::1111', '172.32.0.1', '100.128.0.1'].map(isPrivateAddress),
    ).toEqual([false, false, false, false, false]);
    expect(
      ['100.64.0.1', '198.18.0.1', '224.0.0.1', '255.255.255.255', '::', 'ff02::1', '64:ff9b::a00:1'].map(
        isPrivateAddress,
      ),
    ).toEqual(Array(7).fill(true));
    expect(isPrivateAddress('example.com')).toBe(false);
  });
});
