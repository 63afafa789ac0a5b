import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthorityCode } from '@gba/contracts';
import { AUTHORITIES, consumerGroupId, topicsOf } from '@gba/messaging';
import { loadServiceConfig, SERVICE_ENV_VARIABLES } from '@gba/runtime';
import { parse } from 'yaml';
import { build, containersOf, readKustomization, readManifests, type Manifest } from './kustomize';
import { ManifestSchemas } from './schemas';

// deploy/k8s: the base and each overlay, rendered as kustomize renders them, must validate against
// the vendored Kubernetes and CRD schemas and agree with the code (topics, consumer groups,
// environment variables, ports) and with themselves (selectors, Secrets, scale targets).
const k8s = join(__dirname, '..');
const root = join(k8s, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const schemas = new ManifestSchemas(join(k8s, 'schemas'));

const SERVICES: Record<AuthorityCode, string> = {
  GZ: 'guangzhou-customs',
  HK: 'hong-kong-customs',
  MO: 'macau-customs',
};
const OVERLAYS = ['staging', 'production'];
const RENDERED: [string, Manifest[]][] = [
  ['base', build(join(k8s, 'base'))],
  ...OVERLAYS.map((o): [string, Manifest[]] => [`overlays/${o}`, build(join(k8s, 'overlays', o))]),
];

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are read as plain YAML data */
type Any = any;
const find = (objects: Manifest[], kind: string, name: string): Any => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} is missing`);
  return found;
};
const ofKind = (objects: Manifest[], kind: string): Any[] => objects.filter((o) => o.kind === kind);
const selects = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('the vendored schemas', () => {
  it('cover every kind the manifests use', () => {
    const used = new Set(RENDERED.flatMap(([, objects]) => objects.map((o) => `${o.apiVersion} ${o.kind}`)));
    expect([...used].filter((kind) => !schemas.kinds().includes(kind))).toEqual([]);
  });

  it('are strict: an unknown, misplaced or mistyped field fails (so the next test can fail)', () => {
    const base = RENDERED[0]![1];
    const deployment = structuredClone(find(base, 'Deployment', 'guangzhou-customs'));
    deployment.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    delete deployment.spec.selector;
    expect(schemas.errors(deployment)).toEqual(
      expect.arrayContaining([
        "/spec must have required property 'selector'",
        '/spec/template/spec/containers/0 must NOT have additional properties (imagePullPolicyy)',
        '/spec/template/spec/containers/0/ports/0/containerPort must be integer',
      ]),
    );
    const topic = structuredClone(find(base, 'KafkaTopic', 'gba.gz.events.v1'));
    topic.spec.partition = 6;
    expect(schemas.errors(topic)).toEqual(['/spec must NOT have additional properties (partition)']);
    const user = structuredClone(find(base, 'KafkaUser', 'gz'));
    user.spec.authorization.acls[0].operations = ['Writ'];
    expect(schemas.errors(user)).toEqual([
      '/spec/authorization/acls/0/operations/0 must be equal to one of the allowed values',
    ]);
    const database = structuredClone(find(base, 'Cluster', 'guangzhou-customs-db'));
    database.spec.bootstrap.initdb.ownr = 'gba_gz';
    expect(schemas.errors(database)).toEqual([
      '/spec/bootstrap/initdb must NOT have additional properties (ownr)',
    ]);
    const scaler = structuredClone(find(base, 'ScaledObject', 'guangzhou-customs'));
    scaler.spec.maxReplicas = 6;
    expect(schemas.errors(scaler)).toEqual(['/spec must NOT have additional properties (maxReplicas)']);
    expect(schemas.errors({ ...topic, apiVersion: 'kafka.strimzi.io/v1beta2' })).toEqual([
      'no schema for kafka.strimzi.io/v1beta2 KafkaTopic',
    ]);
  });
});

describe.each(RENDERED)('%s', (_where, objects) => {
  it('validates against the Kubernetes and CRD schemas, object by object', () => {
    const findings = objects.flatMap((o) =>
      schemas.errors(o).map((e) => `${o.kind}/${o.metadata.name} ${e}`),
    );
    expect(findings).toEqual([]);
    expect(objects.length).toBeGreaterThan(40);
  });

  it('holds no Secret values: Secrets are referenced, never declared', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
    for (const container of objects.flatMap((o) => containersOf(o))) {
      for (const variable of (container['env'] ?? []) as Any[]) {
        expect({ [variable.name]: variable.valueFrom?.secretKeyRef ? 'secretKeyRef' : variable }).toEqual({
          [variable.name]: 'secretKeyRef',
        });
      }
    }
  });

  it('declares a KafkaTopic for every topic of topics.ts, with one partition count', () => {
    const expected = AUTHORITIES.flatMap((a) => {
      const t = topicsOf(a);
      return [t.own, t.deadLetter, t.replay];
    }).sort();
    const topics = ofKind(objects, 'KafkaTopic');
    expect(topics.map((t) => t.spec.topicName ?? t.metadata.name).sort()).toEqual(expected);
    const kafka = ofKind(objects, 'Kafka');
    expect(kafka).toHaveLength(1);
    const pools = ofKind(objects, 'KafkaNodePool');
    const brokers = pools
      .filter((p) => p.spec.roles.includes('broker'))
      .reduce((n, p) => n + p.spec.replicas, 0);
    for (const topic of topics) {
      expect(topic.metadata.labels['strimzi.io/cluster']).toBe(kafka[0].metadata.name);
      expect(topic.spec.partitions).toBe(topics[0].spec.partitions);
      expect(topic.spec.replicas).toBeLessThanOrEqual(brokers);
      expect(topic.spec.config['min.insync.replicas']).toBeLessThan(topic.spec.replicas);
    }
    for (const pool of pools) expect(pool.metadata.labels['strimzi.io/cluster']).toBe(kafka[0].metadata.name);
  });

  it("gives each authority's KafkaUser the ACLs of deploy/kafka-secure/acls.sh: writes only its own topics", () => {
    const grants = (user: Any) =>
      user.spec.authorization.acls
        .flatMap((acl: Any) =>
          acl.operations.map(
            (op: string) =>
              `${op} ${acl.resource.type}${acl.resource.name ? ` ${acl.resource.name}` : ''}${acl.resource.patternType === 'prefix' ? '*' : ''}`,
          ),
        )
        .sort();
    for (const authority of AUTHORITIES) {
      const me = authority.toLowerCase();
      const t = topicsOf(authority);
      const own = [t.own, t.deadLetter, t.replay];
      const user = find(objects, 'KafkaUser', me);
      expect(user.spec.authentication.type).toBe('scram-sha-512');
      expect(user.metadata.labels['strimzi.io/cluster']).toBe(ofKind(objects, 'Kafka')[0].metadata.name);
      expect(grants(user)).toEqual(
        [
          ...own.flatMap((topic) => [
            `Create topic ${topic}`,
            `Write topic ${topic}`,
            `Describe topic ${topic}`,
          ]),
          `Read topic ${t.deadLetter}`,
          `Read topic ${t.replay}`,
          `Read group ${me}-dlq-reader-*`,
          `Delete group ${me}-dlq-reader-*`,
          'IdempotentWrite cluster',
          ...t.partners.flatMap((topic) => [
            `Read topic ${topic}`,
            `Describe topic ${topic}`,
            `Create topic ${topic}`,
          ]),
          `Read group ${consumerGroupId(authority)}`,
          `Describe group ${consumerGroupId(authority)}`,
        ].sort(),
      );
      const writes = grants(user).filter((g: string) => g.startsWith('Write '));
      expect(writes).toEqual(own.map((topic) => `Write topic ${topic}`).sort());
    }
    // The script grants the same per-principal pattern (its own consistency test pins it).
    const script = read('deploy/kafka-secure/acls.sh');
    expect(script).toContain('--operation Create --operation Write --operation Describe --topic "$topic"');
    expect(script).toContain('--resource-pattern-type prefixed --group "${PREFIX}$me-dlq-reader-"');
    expect(script).toContain('--group "${PREFIX}$me-clearance"');
  });

  describe.each(Object.entries(SERVICES))('%s', (authorityCode, service) => {
    const authority = authorityCode as AuthorityCode;
    const deployment = find(objects, 'Deployment', service);
    const job = find(objects, 'Job', `${service}-migrate`);
    const pod = deployment.spec.template;
    const server = pod.spec.containers.find((c: Any) => c.name === 'server');
    const configMap = find(objects, 'ConfigMap', `${service}-config`);
    const kafka = ofKind(objects, 'Kafka')[0];
    const listener = kafka.spec.kafka.listeners[0];
    const bootstrap = `${kafka.metadata.name}-kafka-bootstrap:${listener.port}`;
    const partitions = ofKind(objects, 'KafkaTopic')[0].spec.partitions;
    const database = find(objects, 'Cluster', `${service}-db`);
    const user = find(objects, 'KafkaUser', authority.toLowerCase());
    const httpPort = server.ports.find((p: Any) => p.name === 'http').containerPort;

    it('Service, PodDisruptionBudget and NetworkPolicy select its server pods, and the Service no Job pod', () => {
      expect(selects(deployment.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
      const svc = find(objects, 'Service', service);
      expect(selects(svc.spec.selector, pod.metadata.labels)).toBe(true);
      expect(selects(svc.spec.selector, job.spec.template.metadata.labels)).toBe(false);
      expect(svc.spec.ports).toEqual([expect.objectContaining({ name: 'http', targetPort: 'http' })]);
      const pdb = find(objects, 'PodDisruptionBudget', service);
      expect(selects(pdb.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
      const policy = find(objects, 'NetworkPolicy', service);
      expect(selects(policy.spec.podSelector.matchLabels, pod.metadata.labels)).toBe(true);
      expect(selects(policy.spec.podSelector.matchLabels, job.spec.template.metadata.labels)).toBe(true);
      // No other authority's pods.
      for (const other of Object.values(SERVICES).filter((s) => s !== service)) {
        const otherPod = find(objects, 'Deployment', other).spec.template.metadata.labels;
        expect(selects(policy.spec.podSelector.matchLabels, otherPod)).toBe(false);
      }
    });

    it('NetworkPolicy: ingress to the HTTP port only; egress to DNS, its own database and Kafka', () => {
      const policy = find(objects, 'NetworkPolicy', service);
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(policy.spec.ingress).toEqual([{ ports: [{ port: 'http', protocol: 'TCP' }] }]);
      const egressTo = (predicate: (peer: Any) => boolean) =>
        policy.spec.egress.filter((rule: Any) => rule.to.some(predicate));
      const db = egressTo((peer) => peer.podSelector?.matchLabels?.['cnpg.io/cluster'] !== undefined);
      expect(db).toEqual([
        {
          to: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': database.metadata.name } } }],
          ports: [{ port: 5432, protocol: 'TCP' }],
        },
      ]);
      const broker = egressTo((peer) => peer.podSelector?.matchLabels?.['strimzi.io/cluster'] !== undefined);
      expect(broker).toHaveLength(1);
      expect(broker[0].to[0].podSelector.matchLabels['strimzi.io/cluster']).toBe(kafka.metadata.name);
      expect(broker[0].ports).toEqual([{ port: listener.port, protocol: 'TCP' }]);
      expect(egressTo((peer) => peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns')).toHaveLength(1);
    });

    it('probes /health/live and /health/ready on the HTTP port; runs non-root on a read-only root', () => {
      expect(server.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(server.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(server.resources.requests).toBeDefined();
      expect(server.resources.limits.memory).toBeDefined();
      // The kubelet verifies runAsNonRoot against a numeric image user only (a name fails the pod).
      const [, imageUser, imageGroup] = /^USER (\d+):(\d+)$/m.exec(read('deploy/Dockerfile')) ?? [];
      expect(Number(imageUser)).toBeGreaterThan(0);
      for (const spec of [pod.spec, job.spec.template.spec]) {
        expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
        expect(spec.securityContext.runAsUser).toBe(Number(imageUser));
        expect(spec.securityContext.runAsGroup).toBe(Number(imageGroup));
        expect(spec.automountServiceAccountToken).toBe(false);
        for (const container of spec.containers) {
          expect(container.securityContext).toEqual({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
        }
      }
    });

    it('migrates in a Job with the same image, environment and files as the service', () => {
      const [migrate] = job.spec.template.spec.containers;
      expect(job.spec.template.spec.containers).toHaveLength(1);
      expect(migrate.image).toBe(server.image);
      expect(migrate.args).toEqual(['migrate']);
      expect(migrate.command).toBeUndefined();
      expect(migrate.env).toEqual(server.env);
      expect(migrate.envFrom).toEqual(server.envFrom);
      expect(migrate.volumeMounts).toEqual(server.volumeMounts);
      expect(job.spec.template.spec.volumes).toEqual(pod.spec.volumes);
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      // The image's entry point runs the service's main.js with the container's arguments.
      expect(read('deploy/Dockerfile')).toMatch(
        /ENTRYPOINT \[.*node (--[\w-]+=\S+ )*dist\/services\/\$SERVICE\/src\/main\.js \\"\$@\\"/,
      );
    });

    it('reads only variables config.ts knows, from the ConfigMap and Secrets, and they load', () => {
      expect(server.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
      const names = [...Object.keys(configMap.data), ...server.env.map((v: Any) => v.name)];
      expect(names.filter((n) => !(SERVICE_ENV_VARIABLES as readonly string[]).includes(n))).toEqual([]);
      expect(new Set(names).size).toBe(names.length);

      // Secrets by reference: each names a Secret an operator generates, or the authority's own.
      const secretRefs = server.env.map((v: Any) => v.valueFrom.secretKeyRef);
      const allowed = [`${database.metadata.name}-app`, user.metadata.name, `${service}-secrets`];
      for (const ref of secretRefs) expect(allowed).toContain(ref.name);
      expect(secretRefs.find((r: Any) => r.name === `${database.metadata.name}-app`)).toEqual({
        name: `${database.metadata.name}-app`,
        key: 'uri',
      });
      expect(server.env.find((v: Any) => v.name === 'DATABASE_URL').valueFrom.secretKeyRef.key).toBe('uri');
      expect(server.env.find((v: Any) => v.name === 'KAFKA_SASL_PASSWORD').valueFrom.secretKeyRef).toEqual({
        name: user.metadata.name,
        key: 'password',
      });

      // The CA file lies in the mounted cluster CA Secret of the Kafka cluster.
      const caFile: string = configMap.data.KAFKA_SSL_CA_FILE;
      const mount = server.volumeMounts.find((m: Any) => caFile.startsWith(`${m.mountPath}/`));
      const volume = pod.spec.volumes.find((v: Any) => v.name === mount.name);
      expect(volume.secret.secretName).toBe(`${kafka.metadata.name}-cluster-ca-cert`);
      expect(volume.secret.items).toEqual([
        { key: 'ca.crt', path: caFile.slice(mount.mountPath.length + 1) },
      ]);

      // The service's own configuration loader accepts the environment (secret values stand in).
      const dir = mkdtempSync(join(tmpdir(), 'gba-k8s-'));
      try {
        writeFileSync(join(dir, 'ca.crt'), '-----BEGIN CERTIFICATE-----\n');
        const env: Record<string, string> = { ...configMap.data, KAFKA_SSL_CA_FILE: join(dir, 'ca.crt') };
        for (const variable of server.env) {
          env[variable.name] =
            variable.name === 'DATABASE_URL'
              ? 'postgresql://gba:secret@db-rw:5432/gba'
              : variable.name === 'PLATFORM_API_KEYS'
                ? 'shop=shop-key-0123456789abcdef'
                : 's'.repeat(48);
        }
        const config = loadServiceConfig(authority, service, env);
        expect(config.port).toBe(httpPort);
        expect(config.kafka.brokers).toEqual([bootstrap]);
        expect(config.kafka.ssl).toBe(listener.tls);
        expect(config.kafka.sasl).toMatchObject({
          mechanism: listener.authentication.type,
          username: user.metadata.name,
        });
        expect(config.topicPrefix).toBe('');
        expect(config.topicPartitions).toBe(partitions);
        expect(config.topicReplicationFactor).toBe(ofKind(objects, 'KafkaTopic')[0].spec.replicas);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('has its own database, named as in docker-compose.yml', () => {
      const compose = parse(read('docker-compose.yml'), { merge: true }) as Any;
      const composeDatabase = /\/(\w+)$/.exec(compose.services[service].environment.DATABASE_URL)![1];
      expect(database.spec.bootstrap.initdb).toEqual({ database: composeDatabase, owner: composeDatabase });
      expect(database.spec.instances).toBeGreaterThanOrEqual(1);
    });

    it("scales on its consumer group's lag (and CPU), never above the partition count", () => {
      const scaler = find(objects, 'ScaledObject', service);
      expect(scaler.spec.scaleTargetRef).toEqual({ name: deployment.metadata.name });
      expect(deployment.spec.replicas).toBeUndefined();
      expect(scaler.spec.maxReplicaCount).toBeLessThanOrEqual(partitions);
      expect(scaler.spec.minReplicaCount).toBeGreaterThanOrEqual(2);
      const lag = scaler.spec.triggers.find((t: Any) => t.type === 'kafka');
      expect(lag.metadata).toMatchObject({
        bootstrapServers: bootstrap,
        consumerGroup: consumerGroupId(authority),
        allowIdleConsumers: 'false',
        sasl: 'scram_sha512',
        tls: listener.tls ? 'enable' : 'disable',
      });
      expect(lag.metadata.topic).toBeUndefined();
      const auth = find(objects, 'TriggerAuthentication', lag.authenticationRef.name);
      expect(auth.spec.env).toEqual([
        { parameter: 'username', name: 'KAFKA_SASL_USERNAME', containerName: server.name },
      ]);
      expect(auth.spec.secretTargetRef).toEqual([
        { parameter: 'password', name: user.metadata.name, key: 'password' },
        { parameter: 'ca', name: `${kafka.metadata.name}-cluster-ca-cert`, key: 'ca.crt' },
      ]);
      const pdb = find(objects, 'PodDisruptionBudget', service);
      expect(pdb.spec.maxUnavailable).toBeLessThan(scaler.spec.minReplicaCount);
    });
  });
});

describe('overlays', () => {
  it.each(OVERLAYS)(
    '%s: sets its namespace on every object and a tagged image for every container',
    (overlay) => {
      const objects = RENDERED.find(([where]) => where === `overlays/${overlay}`)![1];
      const namespace = readKustomization(join(k8s, 'overlays', overlay)).namespace!;
      expect(find(objects, 'Namespace', namespace)).toBeDefined();
      for (const o of objects.filter((x) => x.kind !== 'Namespace'))
        expect(o.metadata.namespace).toBe(namespace);
      for (const container of objects.flatMap((o) => containersOf(o))) {
        expect(container.image).toMatch(/^[\w.-]+(\/[\w.-]+)+:[\w.-]+$/);
      }
    },
  );

  it.each(OVERLAYS)('%s: each patch file is an RFC 6902 patch whose target exists in the base', (overlay) => {
    const dir = join(k8s, 'overlays', overlay);
    const base = RENDERED[0]![1];
    for (const patch of readKustomization(dir).patches ?? []) {
      expect(find(base, patch.target.kind, patch.target.name)).toBeDefined();
      const operations = parse(readFileSync(join(dir, patch.path), 'utf8'));
      expect(
        Array.isArray(operations) && operations.every((op) => ['add', 'replace', 'remove'].includes(op.op)),
      ).toBe(true);
    }
  });

  it('the renderer refuses what it does not implement and patches aimed at nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gba-k8s-'));
    try {
      writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [cm.yaml]\ncommonLabels: { a: b }\n');
      writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
      expect(() => build(dir)).toThrow('"commonLabels" is not supported by this renderer');
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        'resources: [cm.yaml]\npatches: [{ path: p.yaml, target: { kind: ConfigMap, name: y } }]\n',
      );
      writeFileSync(join(dir, 'p.yaml'), '- { op: add, path: /data, value: {} }\n');
      expect(() => build(dir)).toThrow('targets ConfigMap/y, which does not exist');
      expect(readManifests(join(dir, 'cm.yaml'))).toEqual([
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
