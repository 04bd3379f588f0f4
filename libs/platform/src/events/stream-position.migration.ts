import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far the outbox has been published: the highest stream sequence the relay has had
 * acknowledged, written in the transaction that removes the published rows. A local copy
 * built from the database can then follow the stream from just after it.
 */
export function streamPositionMigration(schema: string): new () => MigrationInterface {
  return class CreateStreamPosition implements MigrationInterface {
    readonly name = 'CreateStreamPosition1764200000000';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`CREATE TABLE "${schema}".stream_position (stream text PRIMARY KEY, published_seq bigint NOT NULL)`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE "${schema}".stream_position`);
    }
  };
}

/**
 * The highest sequence of `stream` whose event's state change is committed, read in the
 * caller's transaction (0 before anything was published). Every event at or below it was
 * committed before it was published, and published before this position was written.
 */
export async function readStreamPosition(manager: EntityManager, schema: string, stream: string): Promise<number> {
  const [row]: { published_seq: string }[] = await manager.query(`SELECT published_seq FROM "${schema}".stream_position WHERE stream = $1`, [stream]);
  return row ? Number(row.published_seq) : 0;
}
