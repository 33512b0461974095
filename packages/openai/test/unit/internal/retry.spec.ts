import { expect } from 'chai';
import { backoffDelay, parseRetryAfter } from '../../../src/internal/retry.js';

describe('retry helpers', () => {
  describe(parseRetryAfter.name, () => {
    const now = Date.parse('2025-01-01T00:00:00Z');

    it('reads Retry-After in seconds', () => {
      expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), now)).to.equal(2000);
      expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }), now)).to.equal(500);
    });

    it('reads Retry-After as an HTTP date', () => {
      const headers = new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' });

      expect(parseRetryAfter(headers, now)).to.equal(7000);
    });

    it('treats an HTTP date in the past as no wait', () => {
      expect(parseRetryAfter(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }), now)).to.equal(0);
    });

    it('prefers retry-after-ms', () => {
      expect(parseRetryAfter(new Headers({ 'retry-after-ms': '120.4', 'retry-after': '3' }), now)).to.equal(121);
    });

    it('ignores missing, negative and unparsable values', () => {
      expect(parseRetryAfter(new Headers(), now)).to.equal(undefined);
      expect(parseRetryAfter(new Headers({ 'retry-after': '-1' }), now)).to.equal(undefined);
      expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).to.equal(undefined);
      expect(parseRetryAfter(new Headers({ 'retry-after-ms': 'x', 'retry-after': '1' }), now)).to.equal(1000);
    });
  });

  describe(backoffDelay.name, () => {
    it('draws uniformly below base * 2^retry, capped at the maximum', () => {
      expect(backoffDelay(0, 500, 20_000, () => 0.5)).to.equal(250);
      expect(backoffDelay(3, 500, 20_000, () => 0.5)).to.equal(2000);
      expect(backoffDelay(10, 500, 20_000, () => 0.5)).to.equal(10_000);
      expect(backoffDelay(2, 500, 20_000, () => 0)).to.equal(0);
    });
  });
});
