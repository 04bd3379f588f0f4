import { randomBytes } from 'node:crypto';
import type { CreateItemBody } from '@igs/contracts';

export function newItemBody(overrides: Partial<CreateItemBody> = {}): CreateItemBody {
  const suffix = randomBytes(4).toString('hex');
  return {
    code: `150000-E2E-${suffix}`,
    name: `预防接种证办理${suffix}`,
    kind: 'public_service',
    departmentCode: 'HEALTH',
    level: 'region',
    divisionCode: '150000',
    legalBasis: '《中华人民共和国疫苗管理法》第四十七条',
    materials: [{ name: '出生医学证明', required: true, form: 'electronic_license', licenseTypeCode: 'BIRTH_CERTIFICATE' }],
    statutoryDays: 3,
    promisedDays: 1,
    fee: null,
    onlineDepth: 4,
    channels: ['web', 'mobile'],
    ...overrides,
  };
}
