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
});
