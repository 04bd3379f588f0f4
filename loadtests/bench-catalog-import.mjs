#!/usr/bin/env node
// `npm run bench:catalog-import`: imports CATALOGS (default 40,000) generated catalogs of
// eight classified fields each, as one NDJSON file through the gateway, and reports the
// time. The reference region has 38,096 catalogs; the target is under a minute.
import { benchEnvironment } from '../tools/stack/infra.mjs';
import { demoAppToken, demoRealmFile } from '../tools/stack/seed.mjs';
import { startApp, waitUntilReady } from '../tools/stack/services.mjs';

const count = Number(process.env.CATALOGS ?? 40_000);
const log = (message) => process.stdout.write(`[bench] ${message}\n`);
const stops = [];
const departments = ['PUBLIC_SECURITY', 'HEALTH', 'MEDICAL_INSURANCE', 'HRSS', 'TAX', 'CIVIL_AFFAIRS', 'MARKET_REGULATION', 'EDUCATION'];

function catalog(index) {
  const department = departments[index % departments.length];
  return {
    code: `BENCH-${department}-${String(index).padStart(6, '0')}`,
    name: `基准目录${index}`,
    description: '批量导入基准测试目录',
    providerDepartment: department,
    sourceSystem: `${department} 业务系统`,
    shareType: index % 5 === 0 ? 'unconditional' : 'conditional',
    openType: 'closed',
    updateFrequency: 'daily',
    keyFields: ['id_number'],
    fields: [
      { name: 'id_number', label: '身份号码', type: 'string', category: 'PERSON.ID', grade: 3, piType: 'id_number', policy: 'tokenised' },
      { name: 'full_name', label: '姓名', type: 'string', category: 'PERSON.BASIC', grade: 2, piType: 'name', policy: 'masked' },
      { name: 'birth_date', label: '出生日期', type: 'date', category: 'PERSON.BASIC', grade: 2, piType: null, policy: 'plain' },
      { name: 'address', label: '住址', type: 'string', category: 'PERSON.CONTACT', grade: 2, piType: 'address', policy: 'masked' },
      { name: 'handled_at', label: '办理时间', type: 'datetime', category: 'GOV.SERVICE', grade: 1, piType: null, policy: 'plain' },
      { name: 'office', label: '办理机构', type: 'string', category: 'GOV.PUBLIC', grade: 1, piType: null, policy: 'plain' },
      { name: 'amount', label: '金额', type: 'decimal', category: 'PERSON.FINANCE', grade: 3, piType: null, policy: 'masked' },
      { name: 'valid', label: '是否有效', type: 'boolean', category: 'GOV.SERVICE', grade: 1, piType: null, policy: 'plain' },
    ],
  };
}

async function main() {
  const common = await benchEnvironment('import', log, stops);
  const printLine = (name, line) => process.stdout.write(`[${name}] ${line}\n`);
  const issuer = 'http://127.0.0.1:3912/oidc';
  const identity = await startApp(
    'identity',
    { ...common, IDENTITY_PORT: '3912', HEALTH_PORT: '8913', IDENTITY_REALM_FILE: demoRealmFile },
    { onLine: printLine },
  );
  stops.push(identity.stop);
  await waitUntilReady(`${issuer}/.well-known/openid-configuration`, identity.child);
  // The exchange counts demands' working days on the item service's calendar: it is ready once it has loaded it.
  const item = await startApp('item', { ...common, HEALTH_PORT: '8993' }, { onLine: printLine });
  stops.push(item.stop);
  await waitUntilReady('http://127.0.0.1:8993/health/ready', item.child);
  const exchange = await startApp('exchange', { ...common, HEALTH_PORT: '8992' }, { onLine: printLine });
  stops.push(exchange.stop);
  await waitUntilReady('http://127.0.0.1:8992/health/ready', exchange.child);
  const gateway = await startApp('gateway', { ...common, PORT: '3910', HEALTH_PORT: '8910', OIDC_ISSUER: issuer }, { onLine: printLine });
  stops.push(gateway.stop);
  await waitUntilReady('http://127.0.0.1:3910/health/ready', gateway.child);

  const file = Array.from({ length: count }, (_, index) => JSON.stringify(catalog(index))).join('\n');
  const token = await demoAppToken(issuer, 'platform-admin', 'exchange:catalog');
  log(`importing ${count} catalogs (${(file.length / 1024 / 1024).toFixed(1)} MiB of NDJSON, ${count * 8} fields)`);
  const started = Date.now();
  const response = await fetch('http://127.0.0.1:3910/api/v1/exchange/catalogs/import', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: file,
  });
  const result = await response.json();
  const seconds = (Date.now() - started) / 1000;
  if (response.status !== 200) throw new Error(`import failed: ${response.status} ${JSON.stringify(result)}`);
  log(
    `accepted ${result.accepted}, rejected ${result.rejected.length}, in ${seconds.toFixed(1)} s (${Math.round(result.accepted / seconds)} catalogs/s; target: ${count} in under 60 s)`,
  );
  if (result.accepted !== count || seconds >= 60) process.exitCode = 1;
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch((error) => log(`cleanup: ${error.message}`));
}
