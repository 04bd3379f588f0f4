import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { busApps, streams } from '@igs/contracts';
import { parseAllDocuments } from 'yaml';
import { renderKustomization, repositoryRoot, schemaErrors } from './k8s-objects';

// The reference deployments of NATS and PostgreSQL (k8s/nats, k8s/postgres) and the External
// Secrets route (k8s/external-secrets): rendered, validated against the schemas there are
// packages for (External Secrets, cert-manager, Kubernetes), checked field by field where
// there are none (CloudNativePG, the NATS chart's values), and against what the platform
// needs: the replicas the prod overlay asks for, the streams' sizes, the services' pools.
// The chart itself is not here: the values' keys are checked as the nats chart's values
// schema (1.x, unchanged in 2.x) names them.
const root = repositoryRoot;
const render = (kustomization: string) => renderKustomization<K8sObject>(kustomization);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, any>;
}

function readYaml(path: string): any[] {
  return parseAllDocuments(readFileSync(join(root, path), 'utf8')).map((doc) => {
    assert.equal(doc.errors.length, 0, `${path}: ${doc.errors.join('; ')}`);
    return doc.toJS();
  });
}

/** Quantities as Kubernetes and PostgreSQL write them (Gi, GB, MB), in bytes. */
function bytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(Ki|Mi|Gi|Ti|kB|MB|GB|TB)?$/.exec(quantity);
  assert.ok(match, `a size: ${quantity}`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, kB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * unit;
}

/** What the prod overlay runs: its Deployments' env and HPAs, and its igs-config. */
function prodOverlay() {
  const objects = render('overlays/prod');
  const config = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('igs-config'))! as unknown as {
    data: Record<string, string>;
  };
  const hpaMax = (name: string) =>
    objects.find((object) => object.kind === 'HorizontalPodAutoscaler' && object.metadata.name === name)!.spec.maxReplicas as number;
  const env = (name: string) =>
    objects.find((object) => object.kind === 'Deployment' && object.metadata.name === name)!.spec.template.spec.containers[0].env as {
      name: string;
      value?: string;
      valueFrom?: any;
    }[];
  const services = objects
    .filter((object) => object.kind === 'Deployment' && object.spec.template.metadata.labels['app.kubernetes.io/component'] === 'service')
    .map((object) => object.metadata.name);
  const secretNames = new Set(
    objects
      .filter((object) => object.kind === 'Deployment')
      .flatMap((object) => object.spec.template.spec.containers.flatMap((container: { env?: { valueFrom?: any }[] }) => container.env ?? []))
      .map((entry: { valueFrom?: { secretKeyRef?: { name: string } } }) => entry.valueFrom?.secretKeyRef?.name)
      .filter((name): name is string => name !== undefined),
  );
  return { config: config.data, hpaMax, env, services, secretNames };
}

describe('the NATS reference deployment (k8s/nats)', () => {
  const [values] = readYaml('k8s/nats/values.yaml');

  it("sets the chart's values for a 3-node JetStream cluster, at least as many nodes as the prod overlay's stream replicas", () => {
    assert.equal(values.config.cluster.enabled, true);
    assert.equal(values.config.cluster.replicas, 3);
    assert.equal(values.config.jetstream.enabled, true);
    assert.equal(values.config.jetstream.fileStore.enabled, true);
    assert.equal(values.config.jetstream.fileStore.pvc.enabled, true);
    assert.equal(values.config.jetstream.memoryStore.enabled, false, 'the streams are file-backed: they survive a restart');
    const replicas = Number(prodOverlay().config['STREAM_REPLICAS']);
    assert.equal(replicas, 3, 'the prod overlay asks for 3 replicas of every stream');
    assert.ok(replicas <= values.config.cluster.replicas, 'a stream cannot have more replicas than the cluster has servers');
    assert.equal(values.podDisruptionBudget.enabled, true);
  });

  it("gives JetStream room for every stream at the contracts' limits", () => {
    const streamBytes = Object.values(streams).reduce((sum, stream) => sum + stream.retention.maxBytes, 0);
    const maxSize = bytes(values.config.jetstream.fileStore.maxSize);
    assert.ok(maxSize >= 2 * streamBytes, `JetStream's ${values.config.jetstream.fileStore.maxSize} holds the streams' ${streamBytes} bytes twice over`);
    assert.ok(bytes(values.config.jetstream.fileStore.pvc.size) > maxSize, 'the volume is larger than what JetStream may fill');
  });

  it('turns TLS on for clients and routes, with certificates that name what the apps and the servers dial', async () => {
    assert.equal(values.config.nats.tls.enabled, true);
    assert.equal(values.config.cluster.tls.enabled, true);
    assert.equal(values.config.cluster.tls.merge.verify, true, 'routes verify each other');
    assert.equal(values.tlsCA.enabled, true);
    const certificates = readYaml('k8s/nats/certificates.yaml') as K8sObject[];
    for (const certificate of certificates) assert.equal(await schemaErrors(certificate), undefined, certificate.metadata.name);
    const bySecret = new Map(certificates.map((certificate) => [certificate.spec.secretName as string, certificate]));
    assert.ok(bySecret.get(values.config.nats.tls.secretName)?.spec.dnsNames.includes('nats.nats-system.svc'));
    assert.ok(bySecret.get(values.config.cluster.tls.secretName)?.spec.dnsNames.includes('*.nats-headless.nats-system.svc.cluster.local'));
    assert.match(prodOverlay().config['NATS_URL'], /^tls:\/\/nats\.nats-system:4222/, 'the apps dial the name the certificate holds, over TLS');
  });

  it('includes the generated bus.conf from the Secret it mounts, and exposes the monitoring port to Prometheus', () => {
    const include = values.config.merge.$include as string;
    const mount = (values.container.patch as { value: { name: string; mountPath: string } }[]).find((patch) => patch.value.name === 'bus')!.value;
    const volume = (values.podTemplate.patch as { value: { name: string; secret?: { secretName: string } } }[]).find(
      (patch) => patch.value.name === 'bus',
    )!.value;
    assert.equal(join('/etc/nats-config', include), join(mount.mountPath, 'bus.conf'), 'the include names the mounted file (relative to nats.conf)');
    assert.equal(volume.secret?.secretName, 'nats-bus');
    assert.equal(values.config.monitor.enabled, true);
    assert.equal(values.promExporter.enabled, true);
    assert.equal(values.promExporter.podMonitor.enabled, true);
  });
});

describe('the PostgreSQL reference deployment (k8s/postgres)', () => {
  let objects: K8sObject[] = [];
  const find = (kind: string) => objects.find((object) => object.kind === kind)!;
  before(() => {
    objects = render('postgres');
  });

  it('renders a CloudNativePG Cluster of 3 instances of PostgreSQL 18, a Pooler and a ScheduledBackup, in a namespace of their own', () => {
    assert.deepEqual(objects.map((object) => `${object.apiVersion} ${object.kind}`).sort(), [
      'postgresql.cnpg.io/v1 Cluster',
      'postgresql.cnpg.io/v1 Pooler',
      'postgresql.cnpg.io/v1 ScheduledBackup',
    ]);
    for (const object of objects) assert.equal(object.metadata.namespace, 'igs-db', `${object.kind} is outside the platform's default-deny namespace`);
    const cluster = find('Cluster');
    assert.equal(cluster.spec.instances, 3);
    assert.match(cluster.spec.imageName, /postgresql:18/);
    assert.ok(bytes(cluster.spec.storage.size) > 0);
    assert.equal(cluster.spec.bootstrap.initdb.database, 'igs');
    assert.equal(cluster.spec.bootstrap.initdb.secret.name, 'igs-db-app');
    assert.ok(cluster.spec.backup.barmanObjectStore.destinationPath, 'WAL archiving and base backups have a destination');
    const backup = find('ScheduledBackup');
    assert.equal(backup.spec.cluster.name, cluster.metadata.name);
    assert.equal(backup.spec.schedule.split(' ').length, 6, "CloudNativePG's schedule has seconds first");
    assert.equal(backup.spec.method, 'barmanObjectStore');
  });

  it("sizes shared_buffers for the data-call path's resource rows (about 620 MB per million) within the instance's memory", () => {
    const { parameters } = find('Cluster').spec.postgresql;
    const sharedBuffers = bytes(parameters.shared_buffers);
    assert.ok(sharedBuffers >= 620 * 2 ** 20, 'a register of a million people stays in shared_buffers');
    assert.ok(
      sharedBuffers <= bytes(find('Cluster').spec.resources.limits.memory) / 2,
      'and leaves the rest of the memory to the connections and the OS cache',
    );
  });

  it("pools in transaction mode with room for the services' pools, and keeps named prepared statements", () => {
    const prod = prodOverlay();
    const poolSize = (service: string) => Number(prod.env(service).find((entry) => entry.name === 'DATABASE_POOL_SIZE')?.value ?? 10);
    const viaPooler = prod.services.filter((service) => prod.env(service).find((entry) => entry.name === 'DATABASE_URL')?.valueFrom.secretKeyRef.key === 'url');
    const direct = prod.services.filter((service) => !viaPooler.includes(service));
    assert.deepEqual(direct, ['exchange'], 'the exchange alone connects to the primary directly (patches/database-direct-exchange.yaml)');
    assert.equal(prod.env('exchange').find((entry) => entry.name === 'DATABASE_URL')?.valueFrom.secretKeyRef.key, 'url-direct');

    const pooler = find('Pooler');
    assert.equal(pooler.spec.cluster.name, find('Cluster').metadata.name);
    assert.equal(pooler.spec.type, 'rw');
    assert.equal(pooler.spec.pgbouncer.poolMode, 'transaction');
    const parameters = pooler.spec.pgbouncer.parameters as Record<string, string>;
    assert.ok(Number(parameters.max_prepared_statements) > 0, "the exchange's named prepared statements survive transaction pooling");
    const clients = viaPooler.reduce((sum, service) => sum + prod.hpaMax(service) * poolSize(service), 0);
    assert.ok(Number(parameters.max_client_conn) >= clients, `the pooler takes the ${clients} client connections of the services' maximum replicas`);

    const servers = pooler.spec.instances * (Number(parameters.default_pool_size) + Number(parameters.reserve_pool_size ?? 0));
    const directConnections = direct.reduce((sum, service) => sum + prod.hpaMax(service) * poolSize(service), 0);
    const maxConnections = Number(find('Cluster').spec.postgresql.parameters.max_connections);
    assert.ok(
      maxConnections >= servers + directConnections + 10,
      `max_connections ${maxConnections} >= ${servers} from the pooler + ${directConnections} direct + room for tools`,
    );
  });
});

describe('the secrets from a secret manager (k8s/external-secrets)', () => {
  let objects: K8sObject[] = [];
  before(() => {
    objects = render('external-secrets');
  });

  it('renders objects valid against the External Secrets and Kubernetes schemas', async () => {
    const errors: string[] = [];
    for (const object of objects) {
      const error = await schemaErrors(object);
      if (error) errors.push(`${object.kind}/${object.metadata.name}: ${error}`);
    }
    assert.deepEqual(errors, []);
  });

  it('makes every Secret the prod Deployments read, from the store, and never deletes one', () => {
    const externalSecrets = objects.filter((object) => object.kind === 'ExternalSecret');
    const made = new Set(externalSecrets.map((object) => object.spec.target.name as string));
    for (const app of busApps) assert.ok(made.has(`igs-bus-${app}`), `igs-bus-${app}`);
    for (const name of prodOverlay().secretNames) assert.ok(made.has(name), `the prod overlay reads Secret ${name}, which no ExternalSecret makes`);
    const store = objects.find((object) => object.kind === 'SecretStore')!;
    for (const secret of externalSecrets) {
      assert.equal(secret.spec.secretStoreRef.name, store.metadata.name);
      assert.equal(secret.spec.target.creationPolicy, 'Orphan', `${secret.metadata.name}: a prune keeps the Secret`);
      assert.equal(secret.spec.target.deletionPolicy, 'Retain', `${secret.metadata.name}: a secret gone from the manager leaves the Secret`);
    }
  });
});
