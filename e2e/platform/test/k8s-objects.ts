import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

// What the manifest specs share: a kustomization rendered as kubectl would apply it, and each
// object checked against the schema of its kind. No cluster.
export const repositoryRoot = join(__dirname, '..', '..', '..', '..');

export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}

/** `kubectl kustomize k8s/<kustomization>`, parsed; fails the spec with kustomize's message. */
export function renderKustomization<T extends RenderedObject>(kustomization: string): T[] {
  const run = spawnSync('kubectl', ['kustomize', join(repositoryRoot, 'k8s', kustomization)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) {
    assert.fail(
      `kubectl is needed to render k8s/${kustomization} (kubectl kustomize) and could not be run: ${run.error.message}. Install kubectl (https://kubernetes.io/docs/tasks/tools/) and put it on PATH.`,
    );
  }
  assert.equal(run.status, 0, `kubectl kustomize k8s/${kustomization} failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout).map((doc) => {
    assert.equal(doc.errors.length, 0, `k8s/${kustomization}: ${doc.errors.join('; ')}`);
    const object = doc.toJS() as T & { data?: Record<string, string> };
    // kustomize folds long base64 Secret values over lines (a YAML block scalar); the API
    // server's base64 decoder skips the line breaks, the schema's "byte" format does not.
    if (object.kind === 'Secret' && object.data) {
      for (const key of Object.keys(object.data)) object.data[key] = object.data[key]!.replace(/\s+/g, '');
    }
    return object;
  });
}

/** The package holding the schemas of an API group: Kubernetes' own, or an operator's. */
function modelsOf(apiVersion: string): string {
  const [group] = apiVersion.split('/');
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  if (group!.endsWith('external-secrets.io')) return `@kubernetes-models/external-secrets/${apiVersion}`;
  if (group === 'cert-manager.io') return `@kubernetes-models/cert-manager/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

/** What the schema of the object's kind finds wrong with it, or undefined when it is valid. */
export async function schemaErrors(object: RenderedObject): Promise<string | undefined> {
  // Each package exports one model per kind from <package>/<group>/<version>: ES modules,
  // loaded from these CommonJS specs by a dynamic import.
  let models: Record<string, (new (data: unknown) => { validate(): void }) | undefined>;
  try {
    models = (await import(modelsOf(object.apiVersion))) as typeof models;
  } catch {
    return `no schema for apiVersion ${object.apiVersion}`;
  }
  const Model = models[object.kind];
  if (!Model) return `no schema for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
