import { runAuthorityService } from '@gba/runtime';
import type { AuthorityPolicy } from './authority-policy';
import { ClearanceModule } from './clearance.module';
import { CLEARANCE_ENTITIES, CLEARANCE_MIGRATIONS } from './schema';

/** Starts one authority's clearance service (or, with `migrate`, updates its database). */
export function runClearanceService(args: {
  serviceName: string;
  title: string;
  policy: AuthorityPolicy;
}): Promise<void> {
  return runAuthorityService({
    authority: args.policy.authority,
    serviceName: args.serviceName,
    title: args.title,
    entities: CLEARANCE_ENTITIES,
    migrations: CLEARANCE_MIGRATIONS,
    imports: [ClearanceModule.forAuthority(args.policy)],
  });
}
