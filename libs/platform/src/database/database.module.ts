import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { DataSource, type MigrationInterface } from 'typeorm';
import { OutboxMessage } from '../events/outbox-message.entity.js';
import { idempotencyMigration } from '../events/idempotency.migration.js';
import { outboxMigration } from '../events/outbox.migration.js';
import { streamPositionMigration } from '../events/stream-position.migration.js';
import { HealthRegistry } from '../health/health.registry.js';
import { migrate } from './migrate.js';

export interface DatabaseOptions {
  url: string;
  /** The schema this service owns; no other service reads it. */
  schema: string;
  poolSize: number;
  entities: Function[];
  migrations: (new () => MigrationInterface)[];
  /** Connection attempts at start-up before giving up (PostgreSQL may start after us). */
  retryAttempts?: number;
}

/**
 * The server and database of the URL, given to the pool beside it (pg reads the URL and
 * ignores them): instrumentation-pg names the pool in its metrics from these options only,
 * and would otherwise label every series `unknown_host:unknown_port/unknown_database`.
 */
function poolNameParts(url: string): { host: string; port: number; database: string } {
  const parsed = new URL(url);
  return { host: decodeURIComponent(parsed.hostname), port: Number(parsed.port || 5432), database: decodeURIComponent(parsed.pathname.slice(1)) };
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            retryAttempts: options.retryAttempts ?? 10,
            retryDelay: 2000,
            type: 'postgres' as const,
            url: options.url,
            schema: options.schema,
            entities: [...options.entities, OutboxMessage],
            migrations: [outboxMigration(options.schema), idempotencyMigration(options.schema), streamPositionMigration(options.schema), ...options.migrations],
            migrationsTableName: 'migrations',
            migrationsRun: false,
            synchronize: false,
            extra: { max: options.poolSize, application_name: `igs-${options.schema}`, ...poolNameParts(options.url) },
          }),
          dataSourceFactory: async (dataSourceOptions) => {
            const dataSource = await new DataSource(dataSourceOptions!).initialize();
            await migrate(dataSource, options.schema);
            return dataSource;
          },
        }),
      ],
      providers: [
        {
          provide: 'DATABASE_HEALTH',
          inject: [getDataSourceToken(), HealthRegistry],
          useFactory: (dataSource: DataSource, health: HealthRegistry) => {
            health.register('database', async () => {
              await dataSource.query('SELECT 1');
              return true;
            });
            return true;
          },
        },
      ],
    };
  }
}
