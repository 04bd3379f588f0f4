import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { requestIdPattern } from './headers.js';

describe('requestIdPattern', () => {
  it('keeps the ids callers use', () => {
    for (const id of [
      'call-test-1',
      'dept-42.call-7',
      'HEALTH:20261127:a42',
      '01JD3Z8K6Q4W2X7Y9A0B1C2D3E',
      'a'.repeat(64),
      '1380013800',
      'e61c7d2e-285f-4c42-bb64-3e6c8dbcb67d',
    ]) {
      assert.ok(requestIdPattern.test(id), id);
    }
  });

  it('refuses an id that could hold an ID, card or phone number, however it is split', () => {
    for (const id of [
      '150105199208152347',
      '150105-19920815-2347',
      'req.1501.0519.9208.1523.47',
      'req-13812345678',
      '138:1234:5678',
      '6222021234567890123',
      '2026-11-27-0042',
    ]) {
      assert.ok(!requestIdPattern.test(id), id);
    }
  });

  it('reads a UUID group by group, refusing only one whose last group holds 11 digits in a row', () => {
    assert.ok(requestIdPattern.test('0f0e0d0c-1234-4567-8901-a1b2c3d4e5f6'));
    assert.ok(requestIdPattern.test('12345678-1234-4234-8234-1234567890ab'), '10 digits in its last group');
    assert.ok(!requestIdPattern.test('0f0e0d0c-1234-4567-8901-a13812345678'));
    const refused = Array.from({ length: 20_000 }, randomUUID).filter((id) => !requestIdPattern.test(id)).length;
    assert.ok(refused < 20_000 / 60, `${refused} of 20,000 random UUIDs refused`);
  });

  it('refuses anything but letters, digits and ".", "_", ":", "-", and more than 64 of them', () => {
    for (const id of ['', 'no spaces', 'a\u0000b', 'tab\there', '标识', 'a'.repeat(65)]) assert.ok(!requestIdPattern.test(id), JSON.stringify(id));
  });
});
