import { randomBytes } from 'node:crypto';
import type { CreateItemBody } from '@igs/contracts';

/** A valid item with a code of its own, so tests never collide on codes. */
export function newItemBody(overrides: Partial<CreateItemBody> = {}): CreateItemBody {
  const suffix = randomBytes(4).toString('hex');
  return {
    code: `150000-TEST-${suffix}`,
    name: `出生医学证明办理${suffix}`,
    kind: 'public_service',
    departmentCode: 'HEALTH',
    level: 'region',
    divisionCode: '150000',
    legalBasis: '《中华人民共和国母婴保健法》第二十三条',
    materials: [
      { name: '父亲居民身份证', required: true, form: 'electronic_license', licenseTypeCode: 'ID_CARD' },
      { name: '分娩记录', required: true, form: 'original' },
    ],
    statutoryDays: 5,
    promisedDays: 1,
    fee: null,
    onlineDepth: 3,
    channels: ['web', 'mobile', 'counter'],
    ...overrides,
  };
}
