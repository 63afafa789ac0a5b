import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

// What `docker compose config` checks, without Docker: the compose files against the Compose
// Specification's JSON schema (compose-spec's compose_spec.json as the dclint package ships it;
// `npx dclint docker-compose.yml` lints with it too), anchors and merge keys resolved as Compose
// resolves them. Then the migration step of every authority service.
const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const load = (path: string) => parse(read(path), { merge: true }) as Compose;

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, unknown>;
}
interface Compose {
  services: Record<string, ComposeService>;
}

const { $schema: _draft7, ...composeSpec } = JSON.parse(
  readFileSync(join(dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json'), 'utf8'),
) as { $schema: string };
// Draft 7, Ajv's default (the schema names it by an https URL Ajv does not know, hence dropped);
// not strict: the schema carries annotations Ajv does not know.
const validate = new Ajv({ strict: false, allErrors: true }).compile(composeSpec);
const problems = (file: unknown) =>
  validate(file) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

const SERVICES = ['guangzhou-customs', 'hong-kong-customs', 'macau-customs'];

describe('compose files', () => {
  it.each(['docker-compose.yml', 'deploy/kafka-secure/docker-compose.secure.yml'])(
    '%s follows the Compose Specification',
    (path) => {
      expect(problems(load(path))).toEqual([]);
    },
  );

  it('the schema check catches what docker compose would refuse', () => {
    const compose = load('docker-compose.yml');
    compose.services['guangzhou-customs']!.depends_on!['guangzhou-customs-migrate'] = {
      condition: 'service_migrated',
    };
    (compose.services['macau-customs'] as Record<string, unknown>)['restart_policy'] = 'always';
    expect(problems(compose)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\/services\/guangzhou-customs\/depends_on\/guangzhou-customs-migrate\/condition /,
        ),
        expect.stringMatching(/^\/services\/macau-customs must NOT have additional properties/),
      ]),
    );
  });

  describe.each(SERVICES)('%s', (name) => {
    const { services } = load('docker-compose.yml');
    const service = services[name]!;
    const migrate = services[`${name}-migrate`]!;

    it('starts only after its one-shot migration step has exited successfully', () => {
      expect(service.depends_on?.[`${name}-migrate`]).toEqual({
        condition: 'service_completed_successfully',
      });
      expect(service.command).toBeUndefined();
      expect(migrate.command).toEqual(['migrate']);
      expect(migrate.restart).toBe('no');
      expect(migrate.depends_on?.['postgres']).toEqual({ condition: 'service_healthy' });
    });

    it('migrates with the same image, database and settings as the service', () => {
      expect(migrate.image).toBe(service.image);
      expect(migrate.build).toEqual(service.build);
      const { PORT: _port, ...settings } = service.environment!;
      expect(migrate.environment).toEqual(settings);
    });
  });

  it("the image's entry point starts the service (never `migrate` first) and passes arguments on", () => {
    const instructions = read('deploy/Dockerfile')
      .split('\n')
      .filter((line) => /^(CMD|ENTRYPOINT)\b/.test(line));
    expect(instructions).toEqual([
      // With the service Node flags of tools/services.mjs (SERVICE_NODE_ARGS).
      'ENTRYPOINT ["sh", "-c", "exec node --max-semi-space-size=16 dist/services/$SERVICE/src/main.js \\"$@\\"", "service"]',
    ]);
  });
});
