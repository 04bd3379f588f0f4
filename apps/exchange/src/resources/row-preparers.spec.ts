import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CatalogField } from '@igs/contracts';
import { memoryLogger } from '@igs/testing';
import { loadExchangeConfig } from '../config.js';
import { ResourceTokens } from './resource-tokens.js';
import type { PreparedRow } from './row-preparation.js';
import { RowPreparers } from './row-preparers.js';

const fields = [
  { name: 'id_number', label: '公民身份号码', type: 'string', category: 'PERSON.ID', grade: 3, piType: 'id_number', policy: 'tokenised' },
  { name: 'full_name', label: '姓名', type: 'string', category: 'PERSON.BASIC', grade: 2, piType: 'name', policy: 'masked' },
  { name: 'birth_date', label: '出生日期', type: 'date', category: 'PERSON.BASIC', grade: 2, piType: null, policy: 'plain' },
] as CatalogField[];

const rows = [
  { line: 1, values: { id_number: '150102199003071237', full_name: '张三', birth_date: '1990-03-07' } },
  { line: 2, values: { id_number: '', full_name: '李四' } },
  { line: 3, values: { id_number: '150102199003071238', full_name: '王五', birth_date: 'not a date' } },
  { line: 4, values: { id_number: '150102199003071237', full_name: '张三丰', birth_date: '1990-03-07', nickname: 'x' } },
  { line: 5, values: { id_number: '150102199003071237', full_name: '张三丰', birth_date: '1990-03-07' } },
];

type StoredDocumentRow = { key_token: string; payload: PreparedRow['payload'] };

describe(RowPreparers.name, () => {
  const onWorker = loadExchangeConfig({ RESOURCE_WORKERS: '1' });
  const inline = loadExchangeConfig({ RESOURCE_WORKERS: '0' });
  const preparers = [
    new RowPreparers(onWorker, new ResourceTokens(onWorker), memoryLogger('spec').logger),
    new RowPreparers(inline, new ResourceTokens(inline), memoryLogger('spec').logger),
  ];
  after(() => Promise.all(preparers.map((p) => p.onApplicationShutdown())));

  it('prepares the same tokens on a worker thread as inline, rejects bad rows by line, and keeps no personal value in clear', async () => {
    const [threaded, direct] = await Promise.all(
      preparers.map((p) => p.prepare({ batchId: '00000000-0000-4000-8000-000000000001', keyFields: ['id_number'], fields, rows })),
    );
    for (const result of [threaded, direct]) {
      assert.deepEqual(
        result.rejected.map((r) => r.line),
        [2, 3, 4],
      );
      assert.match(result.rejected[0].reason, /key \(id_number\) must be given/);
      assert.match(result.rejected[1].reason, /birth_date/);
      assert.match(result.rejected[2].reason, /nickname: not fields of the catalog/);
      const stored = new TextDecoder().decode(result.document);
      const rows = JSON.parse(stored) as StoredDocumentRow[];
      assert.equal(result.rowCount, 1);
      assert.equal(rows.length, 1, 'line 5 replaces line 1: same key');
      const [row] = rows;
      assert.deepEqual(row.payload.clear, { birth_date: '1990-03-07' });
      assert.deepEqual(Object.keys(row.payload.tokens).sort(), ['full_name', 'id_number']);
      assert.deepEqual(Object.keys(row.payload.sealed), ['full_name'], 'only a field whose policy may return it is sealed');
      for (const personal of ['150102199003071237', '张三丰'])
        assert.ok(!stored.includes(personal) && !result.wrappedDataKey.includes(personal), `${personal} is not stored in clear`);
    }
    const [threadedRow, directRow] = [threaded, direct].map((result) => (JSON.parse(new TextDecoder().decode(result.document)) as StoredDocumentRow[])[0]);
    assert.equal(threadedRow.key_token, directRow.key_token);
    assert.deepEqual(threadedRow.payload.tokens, directRow.payload.tokens);
    assert.notEqual(threaded.wrappedDataKey, direct.wrappedDataKey, 'each batch gets its own data key');
  });
});
