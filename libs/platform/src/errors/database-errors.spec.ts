import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors.js';

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => assert.fail('expected a failure'),
    (error: unknown) => error,
  );

describe(isDatabaseUnavailable.name, () => {
  let admin: pg.Client;
  before(async () => {
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
  });
  after(() => admin.end());

  it('knows a refused connection, through TypeORM and causes too', async () => {
    const refused = await failureOf(new pg.Client({ host: '127.0.0.1', port: 1 }).connect());
    assert.equal((refused as { code?: string }).code, 'ECONNREFUSED');
    assert.ok(isDatabaseUnavailable(refused));
    assert.ok(isDatabaseUnavailable(new Error('query failed', { cause: refused })));
    assert.ok(isDatabaseUnavailable(new AggregateError([refused], 'every address refused')));
  });

  it('knows a connection the server ended (57P01 admin_shutdown), and the dead connection after it', async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    const events: unknown[] = [];
    client.on('error', (error) => events.push(error));
    await client.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    const first = await failureOf(client.query('SELECT 1'));
    const again = await failureOf(client.query('SELECT 1'));
    for (const error of [first, again, ...events])
      assert.ok(isDatabaseUnavailable(error), `${(error as Error).message} (${(error as { code?: string }).code})`);
    assert.ok(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], Object.assign(new Error('the database system is starting up'), { code: '57P03' }))));
    assert.ok(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], Object.assign(new Error('connection failure'), { code: '08006' }))));
    assert.ok(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect')), 'the pool found no connection in time');
    // What the next statement of a transaction gets once TypeORM released its dead connection.
    assert.ok(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError()));
    assert.ok(isDatabaseUnavailable(new QueryRunnerProviderAlreadyReleasedError()));
  });

  it('leaves failed statements alone: they are bugs or bad data, not an outage', async () => {
    const syntax = await failureOf(admin.query('SELEC 1'));
    const division = await failureOf(admin.query('SELECT 1/0'));
    assert.ok(!isDatabaseUnavailable(syntax));
    assert.ok(!isDatabaseUnavailable(division));
    assert.ok(!isDatabaseUnavailable(new QueryFailedError('SELEC 1', [], syntax as Error)));
    assert.ok(!isDatabaseUnavailable(new Error('something else')));
    assert.ok(!isDatabaseUnavailable(undefined));
  });
});
