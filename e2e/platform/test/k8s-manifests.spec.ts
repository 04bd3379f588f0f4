import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { renderKustomization, schemaErrors } from './k8s-objects';

// The manifests as a cluster would receive them: every overlay rendered by kustomize (the one
// built into kubectl, as `kubectl apply -k` uses), each object validated against the Kubernetes
// OpenAPI schemas (kubernetes-models), and the rules every app container must keep. No cluster.
const render = (kustomization: string) => renderKustomization<K8sObject>(kustomization);
const overlays = ['dev', 'prod'] as const;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

interface Container {
  name: string;
  image?: string;
  resources?: { limits?: Record<string, string> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; allowPrivilegeEscalation?: boolean };
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
}

/** The platform's own Deployments (not the dev overlay's NATS, PostgreSQL and collector). */
function appDeployments(objects: K8sObject[]): K8sObject[] {
  return objects.filter((object) => object.kind === 'Deployment' && object.metadata.labels?.['app.kubernetes.io/part-of'] === 'igs-platform');
}

/** A pod as NetworkPolicies see it: its namespace, labels and named ports; or an address outside the cluster. */
type Endpoint = { namespace: string; labels: Record<string, string>; ports?: Record<string, number> } | 'external';

interface PolicyPeer {
  podSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  namespaceSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  ipBlock?: { cidr: string };
}
interface PolicyRule {
  ports?: { protocol?: string; port?: number | string }[];
  from?: PolicyPeer[];
  to?: PolicyPeer[];
}
interface PolicySpec {
  podSelector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  policyTypes: ('Ingress' | 'Egress')[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

function selects(selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined, labels: Record<string, string>): boolean {
  // These checks read matchLabels only; a policy using expressions must be checked another way.
  assert.equal(selector?.matchExpressions, undefined, 'matchExpressions are not evaluated here');
  return Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

function peerMatches(peer: PolicyPeer, other: Endpoint, policyNamespace: string): boolean {
  if (other === 'external') return peer.ipBlock !== undefined;
  if (peer.ipBlock) return false;
  const namespaceLabels = { 'kubernetes.io/metadata.name': other.namespace };
  const inNamespace = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels) : other.namespace === policyNamespace;
  return inNamespace && selects(peer.podSelector, other.labels);
}

function ruleAllows(
  rule: PolicyRule,
  peers: PolicyPeer[] | undefined,
  other: Endpoint,
  port: number,
  protocol: string,
  namespace: string,
  to: Endpoint,
): boolean {
  // A named port is the destination pod's container port of that name (none outside the cluster).
  const number = (p: number | string | undefined) => (typeof p === 'string' ? (to === 'external' ? undefined : to.ports?.[p]) : p);
  const portOk = !rule.ports || rule.ports.some((p) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || number(p.port) === port));
  return portOk && (!peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, other, namespace)));
}

/** Whether the policies of namespace igs let `from` open `port` on `to` (both directions' policies). */
function allowed(policies: K8sObject[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  const side = (pod: Endpoint, type: 'Ingress' | 'Egress', other: Endpoint): boolean => {
    if (pod === 'external' || pod.namespace !== 'igs') return true; // not governed by these policies
    const applying = policies.filter((policy) => {
      const spec = policy.spec as unknown as PolicySpec;
      return spec.policyTypes.includes(type) && selects(spec.podSelector, pod.labels);
    });
    if (applying.length === 0) return true;
    return applying.some((policy) => {
      const spec = policy.spec as unknown as PolicySpec;
      const rules = (type === 'Ingress' ? spec.ingress : spec.egress) ?? [];
      return rules.some((rule) => ruleAllows(rule, type === 'Ingress' ? rule.from : rule.to, other, port, protocol, 'igs', to));
    });
  };
  return side(from, 'Egress', to) && side(to, 'Ingress', from);
}

function podOf(objects: K8sObject[], kind: string, name: string): Endpoint {
  const workload = objects.find((object) => object.kind === kind && object.metadata.name === name);
  assert.ok(workload, `${kind}/${name} is rendered`);
  const template = workload.spec?.['template'] as {
    metadata: { labels: Record<string, string> };
    spec: { containers: { ports?: { name?: string; containerPort: number }[] }[] };
  };
  const ports = template.spec.containers.flatMap((container) => container.ports ?? []).filter((port) => port.name);
  return { namespace: 'igs', labels: template.metadata.labels, ports: Object.fromEntries(ports.map((port) => [port.name, port.containerPort])) };
}

function id(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

/** The pod template of a workload, or undefined for objects that run no pods. */
function podSpecOf(object: K8sObject): PodSpec | undefined {
  const spec = object.spec as { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } } | undefined;
  if (object.kind === 'Pod') return object.spec as unknown as PodSpec;
  if (object.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.spec;
  return spec?.template?.spec;
}

for (const overlay of overlays) {
  describe(`the ${overlay} overlay`, () => {
    let objects: K8sObject[] = [];
    before(() => {
      objects = render(`overlays/${overlay}`);
    });

    it('renders, and every object is valid against the Kubernetes schemas', async () => {
      assert.ok(objects.length > 0, 'the overlay renders no objects');
      const errors: string[] = [];
      for (const object of objects) {
        const error = await schemaErrors(object);
        if (error) errors.push(`${id(object)}: ${error}`);
      }
      assert.deepEqual(errors, []);
    });

    it('gives every container limits, readiness and liveness probes and a non-root security context', () => {
      const problems: string[] = [];
      const workloads = objects.filter((object) => podSpecOf(object));
      assert.ok(workloads.length >= 4, 'the app Deployments are rendered');
      for (const workload of workloads) {
        const pod = podSpecOf(workload) as PodSpec;
        for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
          const where = `${id(workload)} container ${container.name}`;
          const limits = container.resources?.limits ?? {};
          if (!limits['cpu'] || !limits['memory']) problems.push(`${where}: no cpu and memory limits`);
          // Init containers run to completion: Kubernetes refuses probes on them.
          if (pod.containers.includes(container)) {
            if (!container.readinessProbe) problems.push(`${where}: no readinessProbe`);
            if (!container.livenessProbe) problems.push(`${where}: no livenessProbe`);
          }
          const nonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
          const user = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
          if (nonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
          if (user === 0) problems.push(`${where}: runs as uid 0`);
          if (container.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
        }
      }
      assert.deepEqual(problems, []);
    });

    it('runs every app under a ServiceAccount of its own that mounts no token', () => {
      const apps = appDeployments(objects);
      assert.ok(apps.length >= 4);
      for (const app of apps) {
        const pod = podSpecOf(app) as PodSpec;
        assert.equal(pod.serviceAccountName, app.metadata.name, `${id(app)} runs under its own ServiceAccount`);
        const account = objects.find((object) => object.kind === 'ServiceAccount' && object.metadata.name === pod.serviceAccountName);
        assert.ok(account, `ServiceAccount/${pod.serviceAccountName} is rendered`);
        assert.equal(account['automountServiceAccountToken'], false, `ServiceAccount/${account.metadata.name} mounts no token`);
        assert.equal(pod.automountServiceAccountToken, false);
      }
    });

    it("scales every app with an HPA that starts at the Deployment's replicas", () => {
      for (const app of appDeployments(objects)) {
        const hpa = objects.find(
          (object) =>
            object.kind === 'HorizontalPodAutoscaler' && (object.spec?.['scaleTargetRef'] as { name?: string } | undefined)?.name === app.metadata.name,
        );
        assert.ok(hpa, `${id(app)} has an HPA`);
        assert.equal(hpa.spec?.['minReplicas'], app.spec?.['replicas'], `${id(hpa)} starts at ${id(app)}'s replicas, so an apply does not fight the HPA`);
        assert.ok((hpa.spec?.['maxReplicas'] as number) > (hpa.spec?.['minReplicas'] as number));
      }
    });

    it('denies all traffic but what each app needs: ingress controller to gateway and identity, apps to NATS, PostgreSQL, DNS and the collector', () => {
      const policies = objects.filter((object) => object.kind === 'NetworkPolicy');
      const deny = policies.find(
        (policy) =>
          Object.keys((policy.spec as unknown as PolicySpec).podSelector.matchLabels ?? {}).length === 0 &&
          !(policy.spec as unknown as PolicySpec).ingress &&
          !(policy.spec as unknown as PolicySpec).egress,
      );
      assert.ok(deny, 'a default-deny policy selects every pod');
      assert.deepEqual([...(deny.spec as unknown as PolicySpec).policyTypes].sort(), ['Egress', 'Ingress']);

      const gateway = podOf(objects, 'Deployment', 'gateway');
      const identity = podOf(objects, 'Deployment', 'identity');
      const services = ['item', 'identity', 'exchange'].map((name) => podOf(objects, 'Deployment', name));
      const ingressController: Endpoint = { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
      const otherNamespacePod: Endpoint = { namespace: 'default', labels: { app: 'curl' } };
      const dns: Endpoint = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

      assert.ok(allowed(policies, ingressController, gateway, 3000), 'ingress controller -> gateway');
      assert.ok(allowed(policies, ingressController, identity, 3001), 'ingress controller -> identity');
      assert.ok(allowed(policies, gateway, identity, 3001), 'gateway -> identity (JWKS)');
      for (const [from, name] of [
        [otherNamespacePod, 'a pod elsewhere'],
        ['external', 'an outside address'],
        [services[0]!, 'item'],
      ] as const) {
        assert.ok(!allowed(policies, from, gateway, 3000), `${name} -/-> gateway`);
        assert.ok(!allowed(policies, from, identity, 3001), `${name} -/-> identity, whose X-Forwarded-For only the ingress may set`);
      }
      for (const app of [gateway, ...services]) {
        const name = (app as { labels: Record<string, string> }).labels['app.kubernetes.io/name'];
        assert.ok(allowed(policies, app, 'external', 4222), `${name} -> NATS`);
        assert.ok(allowed(policies, app, 'external', 4318), `${name} -> collector`);
        assert.ok(allowed(policies, app, dns, 53, 'UDP') && allowed(policies, app, dns, 53, 'TCP'), `${name} -> DNS`);
        assert.ok(!allowed(policies, app, 'external', 443), `${name} -/-> anything else`);
        assert.ok(!allowed(policies, app, otherNamespacePod, 53, 'UDP'), `${name} -/-> DNS outside kube-system`);
        assert.ok(!allowed(policies, otherNamespacePod, app, 8081) && !allowed(policies, otherNamespacePod, app, 8082), `nobody -> ${name}'s health port`);
      }
      for (const service of services) assert.ok(allowed(policies, service, 'external', 5432), 'service -> PostgreSQL');

      // Prometheus (k8s/monitoring) scrapes the health port of every app that has one, nothing else.
      const prometheus: Endpoint = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
      const elsewhere: Endpoint = { namespace: 'default', labels: { 'app.kubernetes.io/name': 'prometheus' } };
      const scraped = [gateway, ...services].filter((app) => (app as { ports: Record<string, number> }).ports['health']);
      assert.ok(scraped.length >= 2, 'the services have a health port');
      for (const app of scraped) {
        const health = (app as { ports: Record<string, number> }).ports['health']!;
        assert.ok(allowed(policies, prometheus, app, health), `prometheus -> ${health}`);
        assert.ok(!allowed(policies, elsewhere, app, health), `a pod labelled prometheus in another namespace -/-> ${health}`);
      }
      assert.ok(!allowed(policies, prometheus, gateway, 3000) && !allowed(policies, prometheus, identity, 3001), 'prometheus -/-> the HTTP ports');
      assert.ok(!allowed(policies, gateway, 'external', 5432), 'the gateway has no database');
      assert.ok(!allowed(policies, services[0]!, identity, 3001), 'a service -/-> identity HTTP');
      assert.ok(!allowed(policies, gateway, services[0]!, 8081), 'gateway -/-> a service directly');

      if (overlay === 'dev') {
        const nats = podOf(objects, 'StatefulSet', 'nats');
        const postgres = podOf(objects, 'StatefulSet', 'postgres');
        const collector = podOf(objects, 'Deployment', 'otel-collector');
        for (const app of [gateway, ...services]) {
          assert.ok(allowed(policies, app, nats, 4222), 'app -> dev NATS');
          assert.ok(allowed(policies, app, collector, 4318), 'app -> dev collector');
        }
        for (const service of services) assert.ok(allowed(policies, service, postgres, 5432), 'service -> dev PostgreSQL');
        assert.ok(!allowed(policies, gateway, postgres, 5432), 'gateway -/-> dev PostgreSQL');
        assert.ok(
          !allowed(policies, otherNamespacePod, nats, 4222) && !allowed(policies, otherNamespacePod, postgres, 5432),
          'nothing outside -> dev NATS or PostgreSQL',
        );
      }
    });

    if (overlay === 'prod') {
      it('pins every image by digest', () => {
        const images = objects.flatMap((object) => {
          const pod = podSpecOf(object);
          return pod ? [...pod.containers, ...(pod.initContainers ?? [])].map((container) => `${id(object)}: ${container.image}`) : [];
        });
        assert.ok(images.length >= 4);
        for (const image of images) assert.match(image, /@sha256:[0-9a-f]{64}$/, 'a tag can be moved, a digest cannot');
      });

      it('exposes the gateway and /oidc of identity through a TLS Ingress at the OIDC_ISSUER URL', () => {
        const ingresses = objects.filter((object) => object.kind === 'Ingress');
        type Rule = { host: string; http: { paths: { path: string; pathType: string; backend: { service: { name: string } } }[] } };
        const spec = (ingress: K8sObject) => ingress.spec as unknown as { tls?: { hosts: string[]; secretName: string }[]; rules: Rule[] };
        for (const ingress of ingresses) {
          const tlsHosts = (spec(ingress).tls ?? []).flatMap((tls) => (tls.secretName ? tls.hosts : []));
          for (const rule of spec(ingress).rules) assert.ok(tlsHosts.includes(rule.host), `${id(ingress)}: ${rule.host} is served over TLS`);
        }
        const routes = ingresses.flatMap((ingress) => spec(ingress).rules.flatMap((rule) => rule.http.paths.map((path) => ({ ...path, host: rule.host }))));
        const config = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('igs-config-'));
        const issuer = new URL((config?.['data'] as Record<string, string>)['OIDC_ISSUER']!);
        assert.equal(issuer.protocol, 'https:');
        assert.ok(
          routes.some((route) => route.backend.service.name === 'gateway' && route.path === '/'),
          'the gateway is routed',
        );
        const oidc = routes.filter((route) => route.backend.service.name === 'identity');
        assert.deepEqual(
          oidc.map((route) => `https://${route.host}${route.path}`),
          [issuer.href.replace(/\/$/, '')],
          'identity is routed at exactly OIDC_ISSUER, /oidc only (no /health)',
        );
        assert.equal(oidc[0]!.pathType, 'Prefix');
      });
    }

    it('leaves the namespace out, so deleting or pruning the overlay keeps the Secrets made by hand', () => {
      assert.deepEqual(objects.filter((object) => object.kind === 'Namespace').map(id), []);
      assert.ok(
        objects.every((object) => object.metadata.namespace === 'igs'),
        'every object lands in namespace igs',
      );
    });
  });
}

describe('the namespace kustomization', () => {
  it('is the namespace igs alone, restricted, valid, and marked for GitOps tools never to prune it', async () => {
    const objects = render('namespace');
    assert.deepEqual(objects.map(id), ['Namespace/igs']);
    const [namespace] = objects as [K8sObject];
    assert.equal(await schemaErrors(namespace), undefined);
    assert.equal(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
    assert.equal(namespace.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune'], 'disabled');
    assert.match(namespace.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '', /Prune=false/);
  });
});
