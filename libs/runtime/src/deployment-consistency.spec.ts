import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_PORTS, SERVICE_ENV_VARIABLES } from './config';

// docker-compose.yml, the Dockerfile and the local scripts must describe the same system.
const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<
    string,
    {
      image?: string;
      ports?: string[];
      environment?: Record<string, unknown>;
      build?: { args?: { SERVICE?: string } };
    }
  >;
};
const SERVICES = {
  GZ: ['guangzhou-customs', 'gba_gz'],
  HK: ['hong-kong-customs', 'gba_hk'],
  MO: ['macau-customs', 'gba_mo'],
} as const;

describe('deployment files agree with the code', () => {
  it.each(Object.entries(SERVICES))(
    '%s: same service name, port and database everywhere',
    (authority, [name, database]) => {
      const service = compose.services[name]!;
      const port = DEFAULT_PORTS[authority as keyof typeof DEFAULT_PORTS];
      expect(service.ports).toEqual([`${port}:${port}`]);
      expect(service.environment!['PORT']).toBe(port);
      expect(String(service.environment!['DATABASE_URL'])).toMatch(new RegExp(`/${database}$`));
      expect(service.build!.args!.SERVICE).toBe(name);
      expect(read('deploy/postgres/init-databases.sql')).toContain(`CREATE DATABASE ${database};`);
      expect(read('deploy/local/postgres.sh')).toContain(database);
      expect(read('tools/services.mjs')).toContain(
        `{ authority: '${authority}', name: '${name}', port: ${port}, database: '${database}' }`,
      );
      expect(read(`services/${name}/src/main.ts`)).toContain(`serviceName: '${name}'`);
    },
  );

  it('passes the services only variables they read', () => {
    for (const [name] of Object.values(SERVICES)) {
      for (const variable of Object.keys(compose.services[name]!.environment!)) {
        if (variable.startsWith('OTEL_')) continue;
        expect(SERVICE_ENV_VARIABLES).toContain(variable);
      }
    }
  });

  it('runs the same Kafka version, port and topic policy as deploy/local/kafka.sh', () => {
    const script = read('deploy/local/kafka.sh');
    const version = /KAFKA_VERSION:-([\d.]+)/.exec(script)![1];
    const kafka = compose.services['kafka']!;
    expect(kafka.image).toBe(`apache/kafka:${version}`);
    expect(kafka.ports).toEqual(['9092:9092']);
    expect(kafka.environment!['KAFKA_AUTO_CREATE_TOPICS_ENABLE']).toBe('false');
    expect(script).toContain('auto.create.topics.enable=false');
    expect(script).toContain('PORT="${KAFKA_PORT:-9092}"');
  });

  it('gives each authority write access to its own topics only (secure overlay ACLs)', () => {
    const script = read('deploy/kafka-secure/acls.sh');
    const grants = script.split('\n').filter((line) => /--operation/.test(line));
    const writes = grants.filter((line) => /--operation Write\b/.test(line));
    expect(writes).toHaveLength(1);
    // The one write grant sits in the loop over the authority's own topics.
    expect(script).toMatch(
      /for topic in "\$\{PREFIX\}gba\.\$me\.events\.v1" "\$\{PREFIX\}gba\.\$me\.dlq\.v1" "\$\{PREFIX\}gba\.\$me\.replay\.v1"; do\n\s+acl --add[^\n]*--operation Write/,
    );
    const partnerGrant = script.slice(script.indexOf('for partner in'));
    expect(partnerGrant.split('done')[0]).not.toMatch(/Write/);
    const overlay = parse(read('deploy/kafka-secure/docker-compose.secure.yml'), {
      merge: true,
    }) as typeof compose;
    for (const [authority, [name]] of Object.entries(SERVICES)) {
      expect(overlay.services[name]!.environment).toMatchObject({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: authority.toLowerCase(),
      });
    }
  });
});
