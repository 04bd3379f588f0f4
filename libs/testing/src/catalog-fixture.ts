import { randomBytes } from 'node:crypto';
import type { CreateCatalogBody } from '@igs/contracts';

/** A valid catalog of the given department with a code of its own: a population register. */
export function newCatalogBody(overrides: Partial<CreateCatalogBody> = {}): CreateCatalogBody {
  return {
    code: `CAT-${randomBytes(5).toString('hex').toUpperCase()}`,
    name: '常住人口基本信息',
    description: '户籍与常住人口的基本信息',
    providerDepartment: 'PUBLIC_SECURITY',
    sourceSystem: '人口信息管理系统',
    shareType: 'conditional',
    openType: 'closed',
    updateFrequency: 'daily',
    keyFields: ['id_number'],
    fields: [
      { name: 'id_number', label: '公民身份号码', type: 'string', category: 'PERSON.ID', grade: 3, piType: 'id_number', policy: 'tokenised' },
      { name: 'full_name', label: '姓名', type: 'string', category: 'PERSON.BASIC', grade: 2, piType: 'name', policy: 'masked' },
      { name: 'birth_date', label: '出生日期', type: 'date', category: 'PERSON.BASIC', grade: 2, piType: null, policy: 'plain' },
      { name: 'household_address', label: '户籍地址', type: 'string', category: 'PERSON.CONTACT', grade: 2, piType: 'address', policy: 'masked' },
    ],
    ...overrides,
  };
}
