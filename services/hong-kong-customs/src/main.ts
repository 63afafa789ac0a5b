import './instrument';
import { runAuthorityService } from '@gba/runtime';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@gba/messaging';

void runAuthorityService({
  authority: 'HK',
  serviceName: 'hong-kong-customs',
  title: 'Hong Kong Customs and Excise Department',
  entities: MESSAGING_ENTITIES,
  migrations: MESSAGING_MIGRATIONS,
});
