// `npm run officer-token -- --authority HK [--roles officer,supervisor] [--sub hk-officer-7] [--ttl 8h]`
// Prints an HS256 officer token signed with OFFICER_JWT_SECRET, for OFFICER_JWT_AUDIENCE and from
// OFFICER_JWT_ISSUER (development and tests; production tokens come from the authority's identity
// provider and are verified against OFFICER_JWKS_URL).
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { DEVELOPMENT_DEFAULTS } from './services.mjs';

const { values } = parseArgs({
  options: {
    authority: { type: 'string' },
    roles: { type: 'string', default: 'officer' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
  },
});
const authority = values.authority?.toUpperCase();
if (!['GZ', 'HK', 'MO'].includes(authority ?? '')) {
  process.stderr.write(
    'usage: npm run officer-token -- --authority GZ|HK|MO [--roles officer,supervisor] [--sub id] [--ttl 8h]\n',
  );
  process.exit(2);
}
const roles = values.roles.split(',').map((r) => r.trim());
const setting = (name) => process.env[name] || DEVELOPMENT_DEFAULTS[name];
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
