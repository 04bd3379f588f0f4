// A generated population register, shared by the data-resource benchmarks: valid resident
// ID numbers (GB 11643 check digits), names, addresses.
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export function residentId(index) {
  const day = new Date(Date.UTC(1950, 0, 1) + (index % 25_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `1501${String(index % 100).padStart(2, '0')}${day}${String(Math.floor(index / 25_000) % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

export function populationCatalog(code) {
  return {
    code,
    name: '常住人口基本信息（基准）',
    providerDepartment: 'PUBLIC_SECURITY',
    sourceSystem: '人口信息管理系统',
    shareType: 'conditional',
    openType: 'closed',
    updateFrequency: 'daily',
    keyFields: ['id_number'],
    fields: [
      { name: 'id_number', label: '公民身份号码', type: 'string', category: 'PERSON.ID', grade: 3, piType: 'id_number', policy: 'tokenised' },
      { name: 'full_name', label: '姓名', type: 'string', category: 'PERSON.BASIC', grade: 2, piType: 'name', policy: 'masked' },
      { name: 'gender', label: '性别', type: 'string', category: 'PERSON.BASIC', grade: 2, piType: null, policy: 'plain' },
      { name: 'birth_date', label: '出生日期', type: 'date', category: 'PERSON.BASIC', grade: 2, piType: null, policy: 'plain' },
      { name: 'household_address', label: '户籍地址', type: 'string', category: 'PERSON.CONTACT', grade: 2, piType: 'address', policy: 'masked' },
    ],
  };
}

export function personRow(index) {
  return {
    id_number: residentId(index),
    full_name: `测试${index}`,
    gender: index % 2 ? '男' : '女',
    birth_date: '1990-01-01',
    household_address: `呼和浩特市示例路${index}号`,
  };
}

/** NDJSON of `count` people, from the `first`-th on. */
export function populationFile(count, first = 0) {
  const lines = new Array(count);
  for (let i = 0; i < count; i += 1) lines[i] = JSON.stringify(personRow(first + i));
  return lines.join('\n');
}
