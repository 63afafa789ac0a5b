// `npm run officer-token -- --authority HK [--roles officer,supervisor] [--sub hk-officer-7] [--ttl 8h]`
// Prints an HS256 officer token signed with OFFICER_JWT_SECRET, for OFFICER_JWT_AUDIENCE and from
// OFFICER_JWT_ISSUER (development and tests; production tokens come from the authority's identity
// provider and are verified against OFFICER_JWKS_URL). Bad arguments: one line and the usage, exit 64
// (EX_USAGE); `--debug` or DEBUG adds the stack of an unexpected failure.
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { DEVELOPMENT_DEFAULTS } from './services.mjs';

const EX_USAGE = 64;
const USAGE =
  'usage: npm run officer-token -- --authority GZ|HK|MO [--roles officer,supervisor] [--sub id] [--ttl 8h] [--debug]';
// OFFICER_ROLES of libs/auth/src/verifier.ts (a token with another role is refused anyway).
const ROLES = ['officer', 'supervisor'];
/** A lifetime: a positive whole number of seconds, minutes, hours or days (jose's period units). */
const TTL = /^[1-9]\d*[smhd]$/;

function usageError(problem) {
  process.stderr.write(`officer-token: ${problem}\n${USAGE}\n`);
  process.exit(EX_USAGE);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      authority: { type: 'string' },
      roles: { type: 'string', default: 'officer' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      debug: { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (err) {
  usageError(err.message.split('\n')[0]);
}
const authority = values.authority?.toUpperCase();
if (!['GZ', 'HK', 'MO'].includes(authority ?? '')) {
  usageError(values.authority ? `unknown authority "${values.authority}"` : '--authority is required');
}
if (!TTL.test(values.ttl)) usageError(`bad --ttl "${values.ttl}" (expected a positive <n>s|m|h|d, e.g. 8h)`);
const roles = values.roles.split(',').map((r) => r.trim());
const unknownRole = roles.find((r) => !ROLES.includes(r));
if (unknownRole !== undefined) usageError(`unknown role "${unknownRole}" (roles: ${ROLES.join(', ')})`);
const setting = (name) => process.env[name] || DEVELOPMENT_DEFAULTS[name];
try {
  const token = await new SignJWT({ authority, roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(setting('OFFICER_JWT_AUDIENCE'))
    .setIssuer(setting('OFFICER_JWT_ISSUER'))
    .setSubject(
      values.sub ?? `${authority.toLowerCase()}-${roles.includes('supervisor') ? 'supervisor' : 'officer'}-1`,
    )
    .setIssuedAt()
    .setExpirationTime(values.ttl)
    .sign(new TextEncoder().encode(setting('OFFICER_JWT_SECRET')));
  process.stdout.write(`${token}\n`);
} catch (err) {
  process.stderr.write(`officer-token: ${err.message}\n`);
  if (values.debug || process.env.DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}
